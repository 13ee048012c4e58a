package main

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/lib/pq" // the driver sfconnect's postgres engine uses, also for the direct runs
)

// pgBin is where Debian installs the PostgreSQL 15 server binaries.
const pgBin = "/usr/lib/postgresql/15/bin"

// pgServer is a throwaway PostgreSQL cluster owned by the bench: initdb on first use, started
// on a loopback port, stopped at the end. initdb refuses to run as root, so as root every
// server command runs as the postgres user.
type pgServer struct {
	dir  string // cluster data directory
	port int
	log  string
}

// pgSettings are the server settings of the bench cluster. Durability is off because the
// bench only reads after loading (it makes the load fast and changes no read path); memory is
// sized like a small dedicated server. Everything else is PostgreSQL's default.
var pgSettings = []string{
	"listen_addresses=127.0.0.1",
	"unix_socket_directories=/tmp",
	"shared_buffers=1GB",
	"effective_cache_size=4GB",
	"work_mem=16MB",
	"maintenance_work_mem=512MB",
	"max_connections=100",
	"fsync=off",
	"synchronous_commit=off",
	"full_page_writes=off",
	"max_wal_size=4GB",
	"checkpoint_timeout=30min",
}

func startPostgres(ctx context.Context, dir string, port int) (*pgServer, error) {
	s := &pgServer{dir: filepath.Join(dir, "pg15"), port: port, log: filepath.Join(dir, "pg15.log")}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	if err := chownToPostgres(dir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(s.dir, "PG_VERSION")); err != nil {
		if out, err := s.pgCommand(ctx, "initdb", "-D", s.dir, "-A", "trust", "-U", "postgres",
			"-E", "UTF8", "--locale=C.UTF-8", "--no-sync").CombinedOutput(); err != nil {
			return nil, fmt.Errorf("running initdb: %w\n%s", err, out)
		}
	}
	if s.pgCommand(ctx, "pg_ctl", "-D", s.dir, "status").Run() == nil {
		logf("PostgreSQL already running in %s (left by -keep-pg); reusing it", s.dir)
		return s, nil
	}
	if err := waitPortFree(ctx, port, 75*time.Second); err != nil {
		return nil, err
	}
	opts := "-p " + strconv.Itoa(port)
	for _, kv := range pgSettings {
		opts += " -c " + kv
	}
	if out, err := s.pgCommand(ctx, "pg_ctl", "-D", s.dir, "-l", s.log, "-o", opts, "-w", "-t", "60", "start").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("starting postgres (log %s): %w\n%s", s.log, err, out)
	}
	return s, nil
}

// waitPortFree waits until the loopback port can be listened on. A connection of an earlier
// run whose client side had that port as its ephemeral port stays in TIME_WAIT for a minute,
// and a client socket without SO_REUSEADDR in TIME_WAIT blocks PostgreSQL's bind.
func waitPortFree(ctx context.Context, port int, limit time.Duration) error {
	addr := "127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(limit)
	for logged := false; ; logged = true {
		ln, err := net.Listen("tcp", addr)
		if err == nil {
			return ln.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("port %d stays busy: %w", port, err)
		}
		if !logged {
			logf("port %d busy (%v); waiting for it, up to %s", port, err, limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

func (s *pgServer) url(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, db)
}

func (s *pgServer) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if out, err := s.pgCommand(ctx, "pg_ctl", "-D", s.dir, "-m", "fast", "-w", "stop").CombinedOutput(); err != nil {
		return fmt.Errorf("stopping postgres: %w\n%s", err, out)
	}
	return nil
}

// pgCommand runs a server binary, as the postgres user when we are root.
func (s *pgServer) pgCommand(ctx context.Context, name string, args ...string) *exec.Cmd {
	bin := filepath.Join(pgBin, name)
	if os.Geteuid() == 0 {
		return exec.CommandContext(ctx, "runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
	}
	return exec.CommandContext(ctx, bin, args...)
}

func chownToPostgres(dir string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("looking up the postgres user (initdb refuses root): %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return fmt.Errorf("handing %s to postgres: %w", dir, err)
	}
	return nil
}

// ensureDatabase creates database name on the server at adminURL when it is missing.
func ensureDatabase(ctx context.Context, adminURL, name string) error {
	db, err := sql.Open("postgres", adminURL)
	if err != nil {
		return err
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("checking database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+quoteIdent(name)); err != nil {
		return fmt.Errorf("creating database %s: %w", name, err)
	}
	return nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/internal/tuning"
	"github.com/sfconnect/sfconnect/server"
	"github.com/sfconnect/sfconnect/sources"
)

// profiledServeCommand is the hidden subcommand of loadbench that serves like `sfconnect
// serve` with net/http/pprof on a second loopback listener. The production server gets no
// profiling endpoint; this variant exists only in the bench (-profile).
const profiledServeCommand = "__serve-profiled"

// profiledServe mirrors the composition of `sfconnect serve` (cmd/sfconnect/serve.go: config,
// engine, introspection, model, store, optional count cache, server) for a PostgreSQL URL.
// It writes the pprof address to <config>.pprof.
func profiledServe(args []string) error {
	fs := flag.NewFlagSet(profiledServeCommand, flag.ContinueOnError)
	cfgPath := fs.String("config", "", "config file")
	fs.String("pprof-dir", "", "unused; profiles are fetched by the driver")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := config.Load(*cfgPath, config.Overrides{}, os.Getenv)
	if err != nil {
		return err
	}
	db, pl, err := openPlanner(ctx, cfg.Database.URL, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	store := sources.NewStore(db, pl.dialect)
	// The same settings `sfconnect serve` derives (internal/tuning).
	store.DetachFastReads(tuning.FastReadBound(pgEngine(), cfg))
	defer tuning.ApplyRuntime(cfg, pgEngine(), os.Getenv, slog.Default())()
	var data server.Store = store
	if cfg.Count.CacheTTL > 0 {
		data = sources.NewCountCache(store, cfg.Count.CacheTTL)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	go func() { _ = http.Serve(ln, mux) }()
	if err := os.WriteFile(*cfgPath+".pprof", []byte(ln.Addr().String()), 0o644); err != nil {
		return err
	}
	srv := server.New(cfg, pl.model, data, log, []byte(cfg.Secret))
	return srv.Serve(ctx, cfg.Listen, nil)
}

// profileResult is the CPU profile of the server during one query's window.
type profileResult struct {
	Query, Path, Top string
}

// captureProfile runs q for one window while the profiled server records its CPU profile.
func captureProfile(ctx context.Context, o *options, srv *sfProcess, hc *httpClient, q *query, conc int) profileResult {
	secs := max(1, int(o.duration/time.Second))
	done := startProfile(ctx, srv, q.ID, secs)
	closedLoop(ctx, conc, 0, time.Duration(secs)*time.Second+500*time.Millisecond, httpOp(hc, srv.base, q))
	return done()
}

// startProfile asks the profiled server for a CPU profile of the next secs seconds; the
// returned function waits for it and summarises it with `go tool pprof -top`.
func startProfile(ctx context.Context, srv *sfProcess, name string, secs int) func() profileResult {
	res := profileResult{Query: name}
	addr, err := os.ReadFile(srv.cfgPath + ".pprof")
	if err != nil {
		res.Top = "no pprof address: " + err.Error()
		return func() profileResult { return res }
	}
	dir := filepath.Join(filepath.Dir(srv.cfgPath), "profiles")
	_ = os.MkdirAll(dir, 0o755)
	res.Path = filepath.Join(dir, name+".pprof")
	errc := make(chan error, 1)
	go func() {
		errc <- fetch(ctx, "http://"+string(addr)+"/debug/pprof/profile?seconds="+strconv.Itoa(secs), res.Path)
	}()
	return func() profileResult {
		if err := <-errc; err != nil {
			res.Top = "profile failed: " + err.Error()
			return res
		}
		var out []byte
		for _, args := range [][]string{{"-top", "-nodecount=20"}, {"-top", "-cum", "-nodecount=40"}} {
			b, err := exec.CommandContext(ctx, "go", append(append([]string{"tool", "pprof"}, args...), res.Path)...).CombinedOutput()
			if err != nil {
				res.Top = "pprof failed: " + err.Error() + "\n" + string(b)
				return res
			}
			out = append(out, trimPprof(string(b))+"\n"...)
		}
		res.Top = trimPprof(string(out))
		return res
	}
}

// trimPprof drops pprof's header lines up to the table.
func trimPprof(s string) string {
	if i := strings.Index(s, "Showing nodes"); i >= 0 {
		return s[i:]
	}
	return s
}

func fetch(ctx context.Context, url, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New("status " + resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return fmt.Errorf("saving the profile: %w", err)
	}
	return f.Close()
}

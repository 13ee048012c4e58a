package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// benchSecret signs skiptokens; fixed so the bench can run several server processes.
const benchSecret = "sfconnect-bench-secret-not-for-production"

// Server-side settings of the bench; the report prints them.
const (
	benchPageSize    = 500
	benchMaxPageSize = 2000
	benchMaxConns    = 16
)

// serverConfig is the sfconnect YAML of a bench run. cacheTTL > 0 turns the count cache on.
func serverConfig(dbURL string, port int, cacheTTL time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "listen: 127.0.0.1:%d\n", port)
	fmt.Fprintf(&b, "public_url: http://127.0.0.1:%d\n", port)
	fmt.Fprintf(&b, "secret: %s\n", benchSecret)
	fmt.Fprintf(&b, "database:\n  url: %q\n  max_open_conns: %d\n  max_idle_conns: %d\n", dbURL, benchMaxConns, benchMaxConns)
	fmt.Fprintf(&b, "paging:\n  page_size: %d\n  max_page_size: %d\n", benchPageSize, benchMaxPageSize)
	if cacheTTL > 0 {
		fmt.Fprintf(&b, "count:\n  cache_ttl: %s\n", cacheTTL)
	}
	b.WriteString("log:\n  level: warn\n")
	b.WriteString("entities:\n  - table: orders\n  - table: customers\n    search: [name, email]\n")
	return b.String()
}

// sfProcess is a running sfconnect server.
type sfProcess struct {
	cmd     *exec.Cmd
	cfgPath string
	base    string // service root, http://127.0.0.1:PORT/odata
	log     string
	// done is closed when the process has exited; exitErr is its Wait error.
	done    chan struct{}
	exitErr error

	stopOnce sync.Once
}

// buildSfconnect compiles the server binary from the working tree.
func buildSfconnect(ctx context.Context, root, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/sfconnect")
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building sfconnect: %w\n%s", err, b)
	}
	return nil
}

// startServer writes the config and starts bin with args + --config, waiting until $metadata
// answers.
func startServer(ctx context.Context, dir, name string, bin string, args []string, dbURL string, cacheTTL time.Duration) (*sfProcess, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cfgPath := filepath.Join(dir, name+".yaml")
	if err := os.WriteFile(cfgPath, []byte(serverConfig(dbURL, port, cacheTTL)), 0o600); err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, append(args, "--config", cfgPath)...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(cleanEnv(), serverEnv...)
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	p := &sfProcess{cmd: cmd, cfgPath: cfgPath, base: fmt.Sprintf("http://127.0.0.1:%d/odata", port), log: logPath, done: make(chan struct{})}
	go func() { p.exitErr = cmd.Wait(); logFile.Close(); close(p.done) }()
	if err := p.waitReady(ctx, 60*time.Second); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

// serverEnv is added to the server's environment (-server-env), for runtime experiments such
// as GOMAXPROCS or GOGC; the report lists it.
var serverEnv []string

// cleanEnv drops SFCONNECT_* variables of the caller so only the generated config counts.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SFCONNECT_") {
			env = append(env, kv)
		}
	}
	return env
}

func (p *sfProcess) waitReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return fmt.Errorf("sfconnect exited before serving (%v); log %s:\n%s", p.exitErr, p.log, tail(p.log, 20))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		resp, err := http.Get(p.base + "/$metadata")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("sfconnect did not serve within %s; log %s:\n%s", timeout, p.log, tail(p.log, 20))
}

func (p *sfProcess) pid() int { return p.cmd.Process.Pid }

// stop ends the server (SIGTERM, then SIGKILL after 15 s); later calls do nothing.
func (p *sfProcess) stop() {
	p.stopOnce.Do(func() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(15 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// procMemory reads VmRSS and VmHWM (peak RSS) of pid, in bytes.
func procMemory(pid int) (rss, hwm int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		if name == "VmRSS" {
			rss = kb << 10
		} else {
			hwm = kb << 10
		}
	}
	return rss, hwm, sc.Err()
}

// resetPeakRSS clears VmHWM (Linux: writing 5 to clear_refs), so a phase's peak is its own.
func resetPeakRSS(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0o200)
}

func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

package main

import (
	"bufio"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// machineInfo are the facts that make two reports comparable.
type machineInfo struct {
	CPU, Kernel, Go, Postgres, Commit string
	Cores                             int
	MemBytes                          int64
	PGSettings                        []string
}

func readMachine(ctx context.Context, root, dbURL string) machineInfo {
	m := machineInfo{Cores: runtime.NumCPU(), Go: runtime.Version()}
	m.CPU = cpuModel()
	m.MemBytes = memTotal()
	if out, err := exec.Command("uname", "-sr").Output(); err == nil {
		m.Kernel = strings.TrimSpace(string(out))
	}
	if out, err := exec.CommandContext(ctx, "go", "version").Output(); err == nil {
		m.Go = strings.TrimSpace(strings.TrimPrefix(string(out), "go version "))
	}
	m.Commit = gitCommit(ctx, root)
	if db, err := sql.Open("postgres", dbURL); err == nil {
		_ = db.QueryRowContext(ctx, "SELECT version()").Scan(&m.Postgres)
		rows, err := db.QueryContext(ctx, `SELECT name || '=' || setting || coalesce(unit, '') FROM pg_settings
			WHERE name IN ('shared_buffers','work_mem','effective_cache_size','max_connections','jit',
			'max_parallel_workers_per_gather','fsync','synchronous_commit','random_page_cost') ORDER BY name`)
		if err == nil {
			for rows.Next() {
				var s string
				if rows.Scan(&s) == nil {
					m.PGSettings = append(m.PGSettings, s)
				}
			}
			rows.Close()
		}
		db.Close()
	}
	return m
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name, val, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(val)
		}
	}
	return runtime.GOARCH
}

func memTotal() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// gitCommit is the HEAD commit, marked "+dirty" with uncommitted changes.
func gitCommit(ctx context.Context, root string) string {
	out, err := exec.CommandContext(ctx, "git", "-C", root, "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if st, err := exec.CommandContext(ctx, "git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
		c += "+dirty"
	}
	return c
}

package tuning

import (
	"io"
	"log/slog"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/mysql"
	"github.com/sfconnect/sfconnect/sources/postgres"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// TestFastReadBound: reads may run without a cancellation watcher only when the database
// itself ends every read within the request deadline.
func TestFastReadBound(t *testing.T) {
	cases := []struct {
		name      string
		engine    sources.Engine
		url       string
		statement time.Duration
		request   time.Duration
		want      time.Duration
	}{
		{"postgres defaults", postgres.Engine{}, "postgres://u@h/db", 60 * time.Second, 90 * time.Second, fastReads},
		{"postgres, no request deadline", postgres.Engine{}, "postgres://u@h/db", 60 * time.Second, 0, fastReads},
		{"postgres, statement timeout off", postgres.Engine{}, "postgres://u@h/db", 0, 90 * time.Second, 0},
		{"postgres, statement timeout beyond the deadline", postgres.Engine{}, "postgres://u@h/db", 120 * time.Second, 90 * time.Second, 0},
		{"postgres, the URL sets its own", postgres.Engine{}, "postgres://u@h/db?statement_timeout=0", 60 * time.Second, 90 * time.Second, 0},
		{"mariadb defaults", mysql.Engine{}, "mysql://u@h:3306/db", 60 * time.Second, 90 * time.Second, fastReads},
		{"mysql, the URL sets max_execution_time", mysql.Engine{}, "mysql://u@h:3306/db?max_execution_time=0", 60 * time.Second, 90 * time.Second, 0},
		{"mariadb, the URL sets max_statement_time", mysql.Engine{}, "mysql://u@h:3306/db?max_statement_time=0", 60 * time.Second, 90 * time.Second, 0},
		{"sqlite has no statement timeout", sqlite.Engine{}, "sqlite:demo.db", 60 * time.Second, 90 * time.Second, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Defaults()
			cfg.Database.URL, cfg.Database.StatementTimeout, cfg.Limits.RequestTimeout = tc.url, tc.statement, tc.request
			if got := FastReadBound(tc.engine, cfg); got != tc.want {
				t.Errorf("FastReadBound = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestMaxProcs: an explicit GOMAXPROCS wins, then max_procs; automatically, a database server
// on this host gets half the CPUs left to it, a remote one or the embedded SQLite none.
func TestMaxProcs(t *testing.T) {
	cases := []struct {
		name     string
		engine   sources.Engine
		url      string
		maxProcs int
		env      string
		cpus     int
		want     int
	}{
		{"postgres on loopback", postgres.Engine{}, "postgres://u@127.0.0.1:5432/db", 0, "", 2, 1},
		{"postgres on localhost, 8 CPUs", postgres.Engine{}, "postgres://u@localhost/db", 0, "", 8, 4},
		{"postgres on IPv6 loopback", postgres.Engine{}, "postgres://u@[::1]:5432/db", 0, "", 4, 2},
		{"postgres, Unix socket", postgres.Engine{}, "postgres://u@/db?host=/var/run/postgresql", 0, "", 2, 1},
		{"postgres, no host", postgres.Engine{}, "postgres:///db", 0, "", 2, 1},
		{"postgres elsewhere", postgres.Engine{}, "postgres://u@db.internal:5432/db", 0, "", 2, 0},
		{"postgres, host parameter elsewhere", postgres.Engine{}, "postgres://u@/db?host=10.0.0.5", 0, "", 2, 0},
		{"mariadb on loopback", mysql.Engine{}, "mysql://u@127.0.0.1:3306/db", 0, "", 2, 1},
		{"mysql elsewhere", mysql.Engine{}, "mysql://u@10.1.2.3:3306/db", 0, "", 2, 0},
		{"mysql socket", mysql.Engine{}, "mysql://u@localhost/db?socket=/run/mysqld/mysqld.sock", 0, "", 2, 1},
		{"sqlite runs in process", sqlite.Engine{}, "sqlite:demo.db", 0, "", 2, 0},
		{"one CPU stays one", postgres.Engine{}, "postgres://u@127.0.0.1/db", 0, "", 1, 0},
		{"max_procs wins over the rule", postgres.Engine{}, "postgres://u@127.0.0.1/db", 2, "", 2, 2},
		{"max_procs with a remote database", postgres.Engine{}, "postgres://u@db.internal/db", 3, "", 8, 3},
		{"GOMAXPROCS wins over everything", postgres.Engine{}, "postgres://u@127.0.0.1/db", 2, "2", 2, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Defaults()
			cfg.Database.URL, cfg.MaxProcs = tc.url, tc.maxProcs
			env := func(k string) string {
				if k == "GOMAXPROCS" {
					return tc.env
				}
				return ""
			}
			if got, why := MaxProcs(cfg, tc.engine, env, tc.cpus); got != tc.want || (got > 0) != (why != "") {
				t.Errorf("MaxProcs = %d (%q), want %d", got, why, tc.want)
			}
		})
	}
}

// TestTuneRuntime: GOGC defaults to gcPercent unless the environment sets it, and the restore
// function puts the previous GC percentage and GOMAXPROCS back.
func TestTuneRuntime(t *testing.T) {
	cfg := config.Defaults()
	cfg.Database.URL = "postgres://u@127.0.0.1:5432/db"
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	procs := runtime.GOMAXPROCS(0)
	before := debug.SetGCPercent(123)
	defer debug.SetGCPercent(before)

	restore := ApplyRuntime(cfg, postgres.Engine{}, func(string) string { return "" }, log)
	if got := debug.SetGCPercent(gcPercent); got != gcPercent {
		t.Errorf("GOGC %d while serving, want %d", got, gcPercent)
	}
	if want := max(procs/2, 1); procs > 1 && runtime.GOMAXPROCS(0) != want {
		t.Errorf("GOMAXPROCS %d while serving next to a local database, want %d", runtime.GOMAXPROCS(0), want)
	}
	restore()
	if got := debug.SetGCPercent(123); got != 123 || runtime.GOMAXPROCS(0) != procs {
		t.Errorf("after restore: GOGC %d, GOMAXPROCS %d; want 123, %d", got, runtime.GOMAXPROCS(0), procs)
	}

	restore = ApplyRuntime(cfg, postgres.Engine{}, func(k string) string {
		if k == "GOGC" || k == "GOMAXPROCS" {
			return "50"
		}
		return ""
	}, log)
	if got := debug.SetGCPercent(123); got != 123 || runtime.GOMAXPROCS(0) != procs {
		t.Errorf("with GOGC and GOMAXPROCS set: GOGC %d, GOMAXPROCS %d; want them untouched", got, runtime.GOMAXPROCS(0))
	}
	restore()
}

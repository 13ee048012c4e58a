// Package tuning derives the settings a server sets for itself from its configuration and
// engine: which reads may skip their cancellation watcher, how many CPUs the Go runtime uses,
// and the garbage collector's target. `sfconnect serve` and the load benchmark's profiled
// server both apply them from here, so what is measured is what is served.
package tuning

import (
	"log/slog"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/sources"
)

// fastReads is how long a prepared read may take and still count as fast: one that always
// finished within it is not worth a cancellation watcher (sources.Store.DetachFastReads).
const fastReads = 50 * time.Millisecond

// FastReadBound returns fastReads when the database itself ends every read by a timeout no
// longer than the request deadline (so a fast read that turns slow still ends in time), else 0.
func FastReadBound(engine sources.Engine, cfg config.Config) time.Duration {
	b, ok := engine.(sources.StatementBounder)
	if !ok {
		return 0
	}
	bound := b.BoundedReads(cfg.Database.URL, sources.PoolOptions{StatementTimeoutMS: int(cfg.Database.StatementTimeout / time.Millisecond)})
	if bound <= 0 || (cfg.Limits.RequestTimeout > 0 && bound > cfg.Limits.RequestTimeout) {
		return 0
	}
	return fastReads
}

// MaxProcs returns the GOMAXPROCS sfconnect should run with, and why; 0 means leave the Go
// runtime's choice alone. An explicit GOMAXPROCS wins, then max_procs, then the automatic
// rule: half of the runtime's CPUs (its default honours CPU quotas) when the database server
// is on this host.
func MaxProcs(cfg config.Config, engine sources.Engine, getenv func(string) string, cpus int) (int, string) {
	if getenv("GOMAXPROCS") != "" {
		return 0, ""
	}
	if cfg.MaxProcs > 0 {
		return cfg.MaxProcs, "max_procs"
	}
	if local, ok := engine.(sources.LocalServer); ok && local.SameHost(cfg.Database.URL) && cpus > 1 {
		return cpus / 2, "the database server is on this host: half the CPUs are left to it (max_procs overrides)"
	}
	return 0, ""
}

// gcPercent is the GOGC sfconnect runs with unless the environment sets one. Its live heap is
// small (the model, caches, the pages in flight) and its allocation rate high (every cell of
// every row), so Go's default of 100 collects many times a second; 400 trades a few tens of MB
// for about a tenth more rows per second on a full walk (bench/ANALYSIS.md).
const gcPercent = 400

// ApplyRuntime applies max_procs (see MaxProcs) and gcPercent for a server on engine, and
// returns the function that restores the previous settings (serve runs in-process in tests).
func ApplyRuntime(cfg config.Config, engine sources.Engine, getenv func(string) string, log *slog.Logger) (restore func()) {
	procs := runtime.GOMAXPROCS(0)
	if n, why := MaxProcs(cfg, engine, getenv, procs); n > 0 {
		runtime.GOMAXPROCS(n)
		log.Info("CPUs", "gomaxprocs", n, "of", procs, "why", why)
	}
	gc := -2 // unchanged
	if getenv("GOGC") == "" {
		gc = debug.SetGCPercent(gcPercent)
	}
	return func() {
		runtime.GOMAXPROCS(procs)
		if gc != -2 {
			debug.SetGCPercent(gc)
		}
	}
}

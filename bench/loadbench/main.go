// Command loadbench measures sfconnect against the physical limit: it builds a 1M-order
// PostgreSQL data set, starts the sfconnect binary on it, drives the Salesforce-shaped
// workload (list view, related list, global search, detail, deep page, full walk) at fixed
// concurrency, runs the very SQL sfconnect generates directly through the same driver, and
// writes the comparison to bench/REPORT.md. Run it from the repository root:
//
//	go run ./bench/loadbench            (or: make bench)
//
// The flags are listed by -h; bench/REPORT.md holds the last results and bench/ANALYSIS.md the
// hand-written analysis the report includes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == profiledServeCommand {
		if err := profiledServe(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "loadbench:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

// options are the bench settings; every one is printed in the report.
type options struct {
	pgURL            string        // reuse this PostgreSQL instead of starting one
	dataDir          string        // cluster, logs, binaries, configs
	port             int           // port of the bench cluster
	concurrency      []int         // fixed client concurrency levels
	warmup           time.Duration // per query and level, not measured
	duration         time.Duration // timed window per query and level
	queries          map[string]bool
	out              string // report path
	setupOnly        bool
	renderOnly       bool
	resultsFile      string // -render-only from this results file instead of the last run's
	unprepared       bool
	directUnprepared bool
	dbParams         string
	serverBin        string
	client           string // load generator HTTP client: raw or net
	serverEnv        string
	rounds           int // interleaved sfconnect/direct windows per query and level
	micro            time.Duration
	keepPG           bool
	profile          bool // run the profiled server variant and record CPU profiles
	walkPages        []int
	cacheTTL         time.Duration
	repoRoot         string
}

func parseOptions(args []string, getenv func(string) string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("loadbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.pgURL, "pg-url", getenv("SFCONNECT_BENCH_PG_URL"), "use this PostgreSQL (superuser URL) instead of starting one; env SFCONNECT_BENCH_PG_URL")
	fs.StringVar(&o.dataDir, "data", "bench/data", "directory for the bench cluster, logs, configs and the built binary")
	fs.IntVar(&o.port, "port", 56432, "loopback port of the bench PostgreSQL")
	conc := fs.String("concurrency", "4,16", "client concurrency levels, comma separated")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "warm-up per query and level (not measured)")
	fs.DurationVar(&o.duration, "duration", 8*time.Second, "timed window per query and level")
	queries := fs.String("queries", "all", "queries to run: all, or a comma list of Q1,Q1c,Q2,Q3,Q3s,Q4,Q5,Q5f,Q5n,Q6")
	fs.StringVar(&o.out, "out", "bench/REPORT.md", "report file")
	fs.BoolVar(&o.setupOnly, "setup-only", false, "create the data set and exit")
	fs.BoolVar(&o.renderOnly, "render-only", false, "re-render -out from its last run's results (bench/data/run/<out name>.json) and bench/ANALYSIS.md")
	fs.StringVar(&o.resultsFile, "results", "", "with -render-only: the results file to render (every run also keeps bench/data/run/<out name>-<YYYYMMDD-HHMM>.json)")
	fs.BoolVar(&o.unprepared, "unprepared", true, "also run the direct SQL without prepared statements (information column)")
	fs.BoolVar(&o.directUnprepared, "direct-unprepared", false, "make the unprepared direct SQL the limit (for a store without a statement cache)")
	fs.StringVar(&o.dbParams, "db-params", "", "extra database URL parameters for the server and the direct SQL, e.g. binary_parameters=yes")
	fs.StringVar(&o.client, "client", defaultClient, "load generator HTTP client: loop (the timed lookups from one epoll loop as wrk drives them, the rest as raw; Linux), raw (a minimal HTTP/1.1 keep-alive client, a goroutine per connection) or net (net/http's client); the lean ones keep the CPU Salesforce spends on its own machines off the shared cores")
	fs.IntVar(&o.rounds, "rounds", 4, "alternate sfconnect and the direct SQL in this many windows of duration/rounds each, so a slow phase of a shared machine hits both alike")
	fs.StringVar(&o.serverEnv, "server-env", "", "space-separated NAME=value pairs added to the server's environment (runtime experiments, e.g. GOGC=200)")
	fs.StringVar(&o.serverBin, "sfconnect-bin", "", "serve with this sfconnect binary instead of building ./cmd/sfconnect (A/B runs)")
	fs.DurationVar(&o.micro, "micro", 300*time.Millisecond, "-benchtime of the micro-benchmarks included in the report (0 skips them)")
	fs.BoolVar(&o.keepPG, "keep-pg", false, "leave the bench PostgreSQL running at the end")
	fs.BoolVar(&o.profile, "profile", getenv("SFCONNECT_BENCH_PROFILE") != "", "serve through the profiled in-process variant and record CPU profiles; env SFCONNECT_BENCH_PROFILE")
	walk := fs.String("walk-pages", "500,2000", "page sizes of the Q6 full walks (500 = the configured page size, others via Prefer: odata.maxpagesize)")
	fs.DurationVar(&o.cacheTTL, "count-cache-ttl", 10*time.Minute, "count cache TTL of the Q1c variant")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	var err error
	if o.concurrency, err = intList(*conc); err != nil {
		return nil, fmt.Errorf("-concurrency: %w", err)
	}
	if o.walkPages, err = intList(*walk); err != nil {
		return nil, fmt.Errorf("-walk-pages: %w", err)
	}
	if !slices.Contains(clientKinds, o.client) {
		return nil, fmt.Errorf("-client: %q is not one of %v", o.client, clientKinds)
	}
	serverEnv = strings.Fields(o.serverEnv)
	o.queries = map[string]bool{}
	for _, q := range strings.Split(*queries, ",") {
		o.queries[strings.ToLower(strings.TrimSpace(q))] = true
	}
	if o.repoRoot, err = repoRoot(); err != nil {
		return nil, err
	}
	for _, p := range []*string{&o.dataDir, &o.out} {
		if !filepath.IsAbs(*p) {
			*p = filepath.Join(o.repoRoot, *p)
		}
	}
	return o, nil
}

func (o *options) want(q string) bool { return o.queries["all"] || o.queries[strings.ToLower(q)] }

func intList(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a positive integer", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// repoRoot is the directory holding go.mod, found upward from the working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run loadbench inside the sfconnect repository (no go.mod found)")
		}
		dir = parent
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05 ")+format+"\n", args...)
}

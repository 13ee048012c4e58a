package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

// queryResult is one query at one concurrency: sfconnect and the direct SQL.
type queryResult struct {
	Q      queryInfo
	Conc   int
	SF     stats
	Direct stats
	// Unprepared is the direct SQL without prepared statements (-unprepared): what a store
	// without a statement cache would be limited by.
	Unprepared stats
	Request    *dbRequest // variant 0, for the report
	// SFCPU and DirectCPU are the CPU per request of client, server and PostgreSQL.
	SFCPU, DirectCPU cpuUsage
	// RoundRatios are the ratios of the interleaved rounds, in order.
	RoundRatios []float64 `json:",omitempty"`
}

// roundSpread is "; rounds 0.33–0.41" (the lowest and highest round), or "" with fewer than
// two rounds.
func (r queryResult) roundSpread() string {
	if len(r.RoundRatios) < 2 {
		return ""
	}
	return fmt.Sprintf("; rounds %.2f–%.2f", slices.Min(r.RoundRatios), slices.Max(r.RoundRatios))
}

// Ratio is sfconnect's throughput as a fraction of the direct SQL's.
func (r queryResult) Ratio() float64 {
	if r.Direct.RPS == 0 {
		return 0
	}
	return r.SF.RPS / r.Direct.RPS
}

// benchResult is everything the report shows.
type benchResult struct {
	Started, Finished time.Time
	Settings          settings
	Machine           machineInfo
	Results           []queryResult
	Cached            []queryResult // Q1 with the count cache; Direct is Q1's direct SQL with its count
	Walks             []walkResult
	Explains          map[string]string // query id -> EXPLAIN ANALYZE of variant 0
	ServerHWM         int64             // peak RSS of the main server over the whole run
	DeepCheck         string            // Q5 $skip page vs nextLink page
	Profiles          []profileResult
	Micro             []microResult
	MicroErr          string
	Notes             []string
}

func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	o, err := parseOptions(args, getenv, stderr)
	if err != nil {
		return err
	}
	if o.renderOnly {
		return rerender(o)
	}
	dbURL, stopPG, err := prepareDatabase(ctx, o)
	if err != nil {
		return err
	}
	defer stopPG()
	if o.setupOnly {
		return nil
	}
	res := &benchResult{Started: time.Now().UTC(), Settings: o.settings(), Explains: map[string]string{}}
	res.Machine = readMachine(ctx, o.repoRoot, dbURL)
	if o.dbParams != "" {
		dbURL += "&" + o.dbParams // the server and the direct SQL both connect with them
	}
	if err := measure(ctx, o, dbURL, res); err != nil {
		return err
	}
	if o.micro > 0 {
		logf("micro-benchmarks (-benchtime %s)", o.micro)
		res.Micro, err = runMicro(ctx, o.repoRoot, o.micro)
		if err != nil {
			res.MicroErr = err.Error()
			logf("%v", err)
		}
	}
	res.Finished = time.Now().UTC()
	for _, path := range []string{resultsPath(o), datedResultsPath(o, res.Started)} {
		if err := saveResult(path, res); err != nil {
			return err
		}
	}
	return writeReport(o, res)
}

// serverBinary returns the command that serves: the sfconnect binary built from this tree, or
// this program's profiled in-process variant.
func serverBinary(ctx context.Context, o *options, dir string) (string, []string, error) {
	if o.profile {
		self, err := os.Executable()
		return self, []string{profiledServeCommand, "--pprof-dir", filepath.Join(dir, "profiles")}, err
	}
	if o.serverBin != "" {
		return o.serverBin, []string{"serve"}, nil
	}
	bin := filepath.Join(dir, "sfconnect")
	logf("building sfconnect")
	if err := buildSfconnect(ctx, o.repoRoot, bin); err != nil {
		return "", nil, err
	}
	return bin, []string{"serve"}, nil
}

func measure(ctx context.Context, o *options, dbURL string, res *benchResult) error {
	dir := filepath.Join(o.dataDir, "run")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	bin, args, err := serverBinary(ctx, o, dir)
	if err != nil {
		return err
	}
	cfg, err := parseServerConfig(dbURL, 0)
	if err != nil {
		return err
	}
	db, pl, err := openPlanner(ctx, dbURL, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	// The store prepares its read statements once per SQL text (sources/stmtcache.go): the
	// direct SQL does the same, so the ratio compares like with like.
	direct := &directRunner{db: db, prepared: !o.directUnprepared}
	defer direct.close()
	unprepared := &directRunner{db: db}

	logf("starting sfconnect (%s)", bin)
	srv, err := startServer(ctx, dir, "sfconnect", bin, args, dbURL, 0)
	if err != nil {
		return err
	}
	defer srv.stop()
	queries := workload()
	hc := newHTTPClient(o.client, maxInt(o.concurrency), true)
	deep, check, err := deepNextLink(ctx, hc, srv.base, queries)
	if err != nil {
		return err
	}
	res.DeepCheck = check
	queries = append(queries, deep)
	plans := map[string][]*dbRequest{}
	for _, q := range queries {
		if !o.want(q.ID) && !(q.ID == "Q1" && o.want("Q1c")) {
			continue
		}
		reqs, err := planAll(pl, q, deep)
		if err != nil {
			return err
		}
		plans[q.ID] = reqs
		if ex, err := explainRequest(ctx, direct, reqs[0]); err == nil {
			res.Explains[q.ID] = ex
		} else {
			res.Explains[q.ID] = "EXPLAIN failed: " + err.Error()
		}
	}
	if o.want("Q6") {
		explainWalk(ctx, pl, direct, res)
	}
	for _, conc := range o.concurrency {
		for _, q := range queries {
			if plans[q.ID] == nil || !o.want(q.ID) {
				continue
			}
			meter := cpuMeter{serverPID: srv.pid(), postmaster: postmasterPID(o.dataDir)}
			r := runQuery(ctx, o, hc, srv.base, direct, q, plans[q.ID], conc, meter)
			if o.unprepared && direct.prepared {
				logf("%s c=%d direct SQL, unprepared", q.ID, conc)
				r.Unprepared = closedLoop(ctx, conc, o.warmup, o.duration, directOp(unprepared, plans[q.ID]))
				logf("  unprepared %.0f req/s p50 %s", r.Unprepared.RPS, r.Unprepared.P50)
			}
			res.Results = append(res.Results, r)
			if o.profile && conc == o.concurrency[0] {
				res.Profiles = append(res.Profiles, captureProfile(ctx, o, srv, hc, q, conc))
			}
		}
	}
	if o.want("Q6") {
		res.Walks = walkAll(ctx, o, srv, hc, cfg.Paging.PageSize, res)
	}
	_, res.ServerHWM, _ = procMemory(srv.pid())
	srv.stop()
	if o.want("Q1c") && plans["Q1"] != nil {
		if err := measureCountCache(ctx, o, dir, bin, args, dbURL, direct, plans["Q1"], res); err != nil {
			return err
		}
	}
	return nil
}

// measureCountCache runs Q1 against a second server with the count cache on, against the
// direct SQL computing the exact count every time (the Q1 direct numbers of this run).
func measureCountCache(ctx context.Context, o *options, dir, bin string, args []string, dbURL string, direct *directRunner, plans []*dbRequest, res *benchResult) error {
	logf("starting sfconnect with the count cache (ttl %s)", o.cacheTTL)
	srv, err := startServer(ctx, dir, "sfconnect-countcache", bin, args, dbURL, o.cacheTTL)
	if err != nil {
		return err
	}
	defer srv.stop()
	hc := newHTTPClient(o.client, maxInt(o.concurrency), true)
	q1 := workload()[0]
	for _, conc := range o.concurrency {
		r := queryResult{Q: q1.info(), Conc: conc, Request: plans[0]}
		for _, prev := range res.Results {
			if prev.Q.ID == "Q1" && prev.Conc == conc {
				r.Direct = prev.Direct
			}
		}
		if r.Direct.Requests == 0 {
			r.Direct = closedLoop(ctx, conc, o.warmup, o.duration, directOp(direct, plans))
		}
		logf("Q1c c=%d sfconnect with count cache", conc)
		r.SF = hc.runner(srv.base, q1)(ctx, conc, o.warmup, o.duration)
		logf("  %.0f req/s (direct with exact count %.0f req/s)", r.SF.RPS, r.Direct.RPS)
		res.Cached = append(res.Cached, r)
	}
	return nil
}

func runQuery(ctx context.Context, o *options, hc *httpClient, base string, direct *directRunner, q *query, plans []*dbRequest, conc int, meter cpuMeter) queryResult {
	r := queryResult{Q: q.info(), Conc: conc, Request: plans[0]}
	logf("%s c=%d sfconnect and direct SQL, %d interleaved rounds", q.ID, conc, o.rounds)
	s := interleaved(ctx, conc, o.warmup, o.duration, o.rounds, hc.runner(base, q), workers(directOp(direct, plans)), meter)
	r.SF, r.Direct, r.SFCPU, r.DirectCPU, r.RoundRatios = s.SF, s.Direct, s.SFCPU, s.DirectCPU, s.RoundRatios
	logf("  sfconnect %.0f req/s p50 %s (errors %d %s) | direct %.0f req/s p50 %s | ratio %.2f | CPU/req sfconnect %s direct %s",
		r.SF.RPS, r.SF.P50, r.SF.Errors, r.SF.FirstErr, r.Direct.RPS, r.Direct.P50, r.Ratio(), r.SFCPU, r.DirectCPU)
	return r
}

// bodyPool recycles response buffers: the load generator's own allocations are CPU taken
// from the server on a shared machine.
var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// httpOp requests variant i % Variants and judges the response with checkSample.
func httpOp(hc *httpClient, base string, q *query) op {
	return func(ctx context.Context, i int) (int, error) {
		v := i % q.Variants
		u := q.URL
		if u == "" {
			u = base + "/" + q.Set + "?" + q.Options(v)
		}
		buf := bodyPool.Get().(*bytes.Buffer)
		defer bodyPool.Put(buf)
		body, err := hc.get(ctx, u, q.MaxPage, buf)
		if err != nil {
			return 0, err
		}
		return checkSample(q, i, body)
	}
}

// checkSample decodes and checks a sample of the responses to q (the first ones, then one in
// 64) and returns the rows of those; the rest were only read to their end.
func checkSample(q *query, i int, body []byte) (int, error) {
	if i >= 8 && i%64 != 0 {
		return 0, nil
	}
	r, err := decodeResponse(body)
	if err != nil {
		return 0, err
	}
	if err := q.Check(i%q.Variants, r); err != nil {
		return 0, fmt.Errorf("%s variant %d: %w", q.ID, i%q.Variants, err)
	}
	return len(r.Value), nil
}

func directOp(d *directRunner, plans []*dbRequest) op {
	return func(ctx context.Context, i int) (int, error) { return d.exec(ctx, plans[i%len(plans)]) }
}

// planAll plans every variant of q (Q5n continues after the row the server's own token names).
func planAll(pl *planner, q *query, deep *query) ([]*dbRequest, error) {
	out := make([]*dbRequest, q.Variants)
	for v := range out {
		var err error
		if q == deep {
			out[v], err = deep.planDeep(pl)
		} else {
			out[v], _, err = pl.plan(q, v, nil)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func explainRequest(ctx context.Context, d *directRunner, r *dbRequest) (string, error) {
	var out string
	for _, s := range []*stmt{r.Count, &r.Page} {
		if s == nil || s.SQL == "" {
			continue
		}
		ex, err := d.explain(ctx, *s)
		if err != nil {
			return "", err
		}
		out += s.SQL + "\n" + fmt.Sprintf("-- args %v\n", s.Args) + ex + "\n"
	}
	return out, nil
}

// parseServerConfig is the configuration the server runs with, as the server reads it.
func parseServerConfig(dbURL string, cacheTTL time.Duration) (config.Config, error) {
	cfg := config.Defaults()
	if err := config.Parse([]byte(serverConfig(dbURL, 1, cacheTTL)), os.Getenv, &cfg); err != nil {
		return cfg, fmt.Errorf("parsing the bench config: %w", err)
	}
	return cfg, cfg.Validate()
}

// openPlanner opens the database the way sfconnect does (same engine, driver, pool and
// statement timeout) and builds the same model from the same introspection and config.
func openPlanner(ctx context.Context, dbURL string, cfg config.Config) (*sqlx.DB, *planner, error) {
	eng := pgEngine()
	pool := sources.PoolOptions{MaxOpenConns: cfg.Database.MaxOpenConns, MaxIdleConns: cfg.Database.MaxIdleConns,
		ConnMaxLifetimeS:   int(cfg.Database.ConnMaxLifetime / time.Second),
		StatementTimeoutMS: int(cfg.Database.StatementTimeout / time.Millisecond)}
	db, eng, err := sources.Open(ctx, dbURL, pool, eng)
	if err != nil {
		return nil, nil, err
	}
	tables, err := eng.Introspect(ctx, db, sources.IntrospectOptions{Schemas: cfg.Database.Schemas})
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("introspecting: %w", err)
	}
	model, _, err := sources.BuildModel(tables, cfg)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, newPlanner(model, eng.Dialect(), cfg), nil
}

func maxInt(xs []int) int {
	m := 1
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// explainWalk records the plans of Q6's first page and of a page deep in the walk (after id
// 900000), the keyset read every later page is.
func explainWalk(ctx context.Context, pl *planner, d *directRunner, res *benchResult) {
	q := &query{ID: "Q6", Set: "orders", Variants: 1, Options: func(int) string { return "" }}
	for _, step := range []struct {
		id    string
		after []odata.Value
	}{{"Q6 first page", nil}, {"Q6 page after id 900000", []odata.Value{{Type: schema.EdmInt32, Int: 900000}}}} {
		r, page, err := pl.plan(q, 0, nil)
		if err == nil && step.after != nil {
			step.after[0].Type = page.Read.OrderBy[0].Expr.Type()
			r, _, err = pl.plan(q, 0, step.after)
		}
		if err == nil {
			res.Explains[step.id], err = explainRequest(ctx, d, r)
		}
		if err != nil {
			res.Explains[step.id] = "EXPLAIN failed: " + err.Error()
		}
	}
}

// walkAll runs the Q6 walks: each page size with gzip (as Salesforce asks), then the first
// size without compression, which shows what gzip costs on a fast network.
func walkAll(ctx context.Context, o *options, srv *sfProcess, hc *httpClient, configured int, res *benchResult) []walkResult {
	type plan struct {
		size int
		hc   *httpClient
	}
	var plans []plan
	for _, size := range o.walkPages {
		plans = append(plans, plan{size, hc})
	}
	plans = append(plans, plan{o.walkPages[0], newHTTPClient(o.client, 1, false)})
	var out []walkResult
	for i, p := range plans {
		logf("Q6 full walk, page size %d, gzip %v", p.size, p.hc.gzip)
		var prof func() profileResult
		if o.profile && i == 0 {
			prof = startProfile(ctx, srv, fmt.Sprintf("Q6-walk-%d", p.size), 5)
		}
		w := walk(ctx, p.hc, srv.base, p.size, configured, srv.pid(), nOrders)
		if prof != nil {
			res.Profiles = append(res.Profiles, prof())
		}
		logf("  %d rows in %d pages, %.0f rows/s, exactly once: %v %s", w.Rows, w.Pages, w.RowsPerSec(), w.OK(), w.Err)
		out = append(out, w)
	}
	return out
}

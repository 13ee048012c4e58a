package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func sampleResult() *benchResult {
	q := func(id string) queryInfo {
		return queryInfo{ID: id, Title: id + " title", Request: "GET /odata/orders?x"}
	}
	st := func(rps float64, p50 time.Duration) stats {
		return stats{Requests: int(rps * 8), RPS: rps, P50: p50, P90: p50, P99: p50}
	}
	return &benchResult{
		Started: time.Date(2026, 12, 1, 21, 40, 0, 0, time.UTC), Finished: time.Date(2026, 12, 1, 21, 52, 0, 0, time.UTC),
		Settings: settings{Concurrency: []int{4, 16}, Warmup: 2 * time.Second, Duration: 8 * time.Second},
		Results: []queryResult{
			{Q: q("Q2"), Conc: 4, SF: st(300, time.Millisecond), Direct: st(1000, time.Millisecond)}, // 0.30: missed
			{Q: q("Q4"), Conc: 4, SF: st(400, time.Millisecond), Direct: st(1000, time.Millisecond)}, // 0.40: met
			{Q: q("Q4"), Conc: 16, SF: st(100, time.Millisecond), Direct: st(1000, time.Millisecond)},
			{Q: q("Q5f"), Conc: 4, SF: st(500, 2*time.Millisecond), Direct: st(1000, time.Millisecond)},
			{Q: q("Q5n"), Conc: 4, SF: st(450, 4*time.Millisecond), Direct: st(1000, time.Millisecond)}, // 2x: missed
			{Q: q("Q1"), Conc: 4, SF: st(9, 400*time.Millisecond), Direct: st(10, 380*time.Millisecond)},
		},
		Cached: []queryResult{{Q: q("Q1"), Conc: 4, SF: st(200, 5*time.Millisecond), Direct: st(10, 380*time.Millisecond)}},
		Walks: []walkResult{{PageSize: benchPageSize, Gzip: true, Pages: 2000, Rows: nOrders, Total: nOrders, Wall: 5 * time.Second,
			FirstPages: 2 * time.Millisecond, LastPages: 2 * time.Millisecond, HWM: 30 << 20}},
	}
}

func TestTargetsVerdicts(t *testing.T) {
	got := map[string]target{}
	for _, tg := range sampleResult().targets() {
		got[tg.What] = tg
	}
	for _, tc := range []struct {
		prefix     string
		known, met bool
	}{
		{"Q2 at least 0.35", true, false},
		{"Q4 at least 0.35", true, true},
		{"Q1 at least 0.80", true, true},
		{"Q3 at least 0.80", false, false},
		{"Q1 with the count cache", true, true},
		{"Q5 via nextLink within 1.5x", true, false},
		{"Q5's first page", true, true},
		{"Q6 every row exactly once", true, true},
		{"Q6 at least 150,000 rows/s", true, true},
		{"Q6 server RSS", true, true},
	} {
		var found *target
		for what, tg := range got {
			if strings.HasPrefix(what, tc.prefix) {
				found = &tg
			}
		}
		if found == nil {
			t.Errorf("no target %q", tc.prefix)
			continue
		}
		if found.Known != tc.known || found.Met != tc.met {
			t.Errorf("%s: known %v met %v, want %v %v (%s)", found.What, found.Known, found.Met, tc.known, tc.met, found.Measured)
		}
	}
}

func TestReportRendersEveryLevel(t *testing.T) {
	out := renderReport(sampleResult(), "/nonexistent/ANALYSIS.md")
	for _, want := range []string{"## Results at concurrency 4", "## Results at concurrency 16", "| Q4 | 100 |",
		"| Q1c (count cache) | 200 |", "## Q6: full server-driven walk", "| Q2 at least 0.35 of direct SQL (c=4) | 0.30", "**no**",
		"(bench/ANALYSIS.md is missing)"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// A literal % in a table header once rendered as "%!|(MISSING)".
	if i := strings.Index(out, "%!"); i >= 0 {
		t.Errorf("a formatting verb went wrong: %q", out[max(0, i-40):min(len(out), i+20)])
	}
}

// A run's results are kept under its start time too, so an older kept report can be rendered
// again after later runs; -results picks the file.
func TestResultsKeptPerRun(t *testing.T) {
	dir := t.TempDir()
	o := &options{dataDir: dir, out: filepath.Join(dir, "REPORT.md"), repoRoot: dir}
	started := time.Date(2026, 12, 2, 1, 49, 30, 0, time.UTC)
	if got, want := datedResultsPath(o, started), filepath.Join(dir, "run", "REPORT-20261202-0149.json"); got != want {
		t.Fatalf("dated path %s, want %s", got, want)
	}
	if err := os.MkdirAll(filepath.Join(dir, "run"), 0o755); err != nil {
		t.Fatal(err)
	}
	res := sampleResult()
	if err := saveResult(datedResultsPath(o, started), res); err != nil {
		t.Fatal(err)
	}
	o.resultsFile = datedResultsPath(o, started)
	if err := rerender(o); err != nil {
		t.Fatalf("render-only from the dated file: %v", err)
	}
	b, err := os.ReadFile(o.out)
	if err != nil || !strings.Contains(string(b), "## Results at concurrency 4") {
		t.Fatalf("report not rendered from the dated results: %v", err)
	}
}

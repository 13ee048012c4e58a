package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// settings are the options a report shows (and a saved result keeps).
type settings struct {
	Concurrency      []int
	Warmup, Duration time.Duration
	Profile          bool
	WalkPages        []int
	CacheTTL         time.Duration
	DBParams         string
	DirectPrepared   bool
	// Client is the load generator's HTTP client: "raw" (rawTransport) or "net" (net/http).
	// Results saved before the option existed have "" and were measured with net/http.
	Client string
	// ServerEnv is -server-env.
	ServerEnv string
	// Rounds is -rounds (0 in results saved before it existed: one window per side).
	Rounds int
}

func (o *options) settings() settings {
	return settings{Concurrency: o.concurrency, Warmup: o.warmup, Duration: o.duration, Profile: o.profile,
		WalkPages: o.walkPages, CacheTTL: o.cacheTTL, DBParams: o.dbParams,
		DirectPrepared: !o.directUnprepared, Client: o.client, ServerEnv: o.serverEnv, Rounds: o.rounds}
}

// queryInfo describes a query in a result.
type queryInfo struct {
	ID, Title, Request string
}

func (q *query) info() queryInfo {
	req := "GET /odata/" + q.Set + "?" + q.Options(0)
	if q.URL != "" {
		req = "GET <the server's nextLink, " + strconv.Itoa(len(q.URL)) + " chars>"
	}
	if q.MaxPage > 0 {
		req += fmt.Sprintf(" with Prefer: odata.maxpagesize=%d", q.MaxPage)
	}
	return queryInfo{ID: q.ID, Title: q.Title, Request: req}
}

// saveResult keeps the measured numbers, so the report can be re-rendered (-render-only) after
// the analysis is written without measuring again.
func saveResult(path string, res *benchResult) error {
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// resultsPath keeps each report's numbers apart (REPORT.md -> run/REPORT.json, a profiled run's
// PROFILE.md -> run/PROFILE.json), so a profiling run never replaces the measured results.
func resultsPath(o *options) string {
	return filepath.Join(o.dataDir, "run", strings.TrimSuffix(filepath.Base(o.out), filepath.Ext(o.out))+".json")
}

// datedResultsPath is where a run's numbers are also kept under its start time
// (run/REPORT-20261202-0149.json), so a report kept from an earlier run can still be
// re-rendered after later runs (-render-only -results FILE).
func datedResultsPath(o *options, started time.Time) string {
	p := resultsPath(o)
	return strings.TrimSuffix(p, ".json") + "-" + started.UTC().Format("20060102-1504") + ".json"
}

func rerender(o *options) error {
	path := resultsPath(o)
	if o.resultsFile != "" {
		path = o.resultsFile
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading the last results (run the bench first): %w", err)
	}
	var res benchResult
	if err := json.Unmarshal(b, &res); err != nil {
		return fmt.Errorf("decoding the last results: %w", err)
	}
	return writeReport(o, &res)
}

func writeReport(o *options, res *benchResult) error {
	report := renderReport(res, filepath.Join(o.repoRoot, "bench", "ANALYSIS.md"))
	if err := os.WriteFile(o.out, []byte(report), 0o644); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	logf("report written to %s", o.out)
	return nil
}

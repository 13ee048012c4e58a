package main

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	lat := make([]time.Duration, 100)
	for i := range lat {
		lat[i] = time.Duration(i+1) * time.Millisecond
	}
	for _, tc := range []struct {
		p    int
		want time.Duration
	}{{50, 50 * time.Millisecond}, {90, 90 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {1, time.Millisecond}} {
		if got := percentile(lat, tc.p); got != tc.want {
			t.Errorf("p%d = %s, want %s", tc.p, got, tc.want)
		}
	}
	if got := percentile(lat[:1], 99); got != time.Millisecond {
		t.Errorf("p99 of one sample = %s", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of nothing = %s", got)
	}
}

func TestSummariseSortsAndRates(t *testing.T) {
	s := stats{Window: 2 * time.Second}
	summarise(&s, []time.Duration{3 * time.Millisecond, time.Millisecond, 2 * time.Millisecond, 10 * time.Millisecond})
	if s.Requests != 4 || s.RPS != 2 || s.P50 != 2*time.Millisecond || s.Max != 10*time.Millisecond || s.Mean != 4*time.Millisecond {
		t.Fatalf("summary %+v", s)
	}
}

// The closed loop counts only requests inside the window, keeps errors apart, and hands out
// every sequence number once.
func TestClosedLoopCountsWindowOnly(t *testing.T) {
	var calls atomic.Int64
	seen := make([]atomic.Int32, 100000)
	fn := func(ctx context.Context, i int) (int, error) {
		calls.Add(1)
		seen[i].Add(1)
		time.Sleep(2 * time.Millisecond)
		if i%10 == 0 {
			return 0, errors.New("boom")
		}
		return 3, nil
	}
	s := closedLoop(context.Background(), 4, 100*time.Millisecond, 300*time.Millisecond, fn)
	total := int(calls.Load())
	if s.Requests == 0 || s.Requests+s.Errors >= total {
		t.Fatalf("%d ok + %d errors of %d calls: the warm-up must not count", s.Requests, s.Errors, total)
	}
	if s.Errors == 0 || s.FirstErr != "boom" {
		t.Fatalf("errors %d %q", s.Errors, s.FirstErr)
	}
	if s.Rows != int64(3*s.Requests) {
		t.Fatalf("rows %d for %d requests", s.Rows, s.Requests)
	}
	if s.P50 < 2*time.Millisecond {
		t.Fatalf("p50 %s below the op's own sleep", s.P50)
	}
	for i := 0; i < total; i++ {
		if seen[i].Load() != 1 {
			t.Fatalf("sequence %d issued %d times", i, seen[i].Load())
		}
	}
}

func TestParseBench(t *testing.T) {
	out := []byte(`goos: linux
pkg: github.com/sfconnect/sfconnect/bench/micro
BenchmarkMetadataHandler200/xml-2         	    8044	    162667 ns/op	    239740 bytes/resp	         0.1627 ms/op	  254938 B/op	      70 allocs/op
BenchmarkServerRequest/Q4-detail-1-2      	   45318	     35689 ns/op	       280.0 bytes/resp	   16759 B/op	     144 allocs/op
PASS
pkg: github.com/sfconnect/sfconnect/odata
BenchmarkCollectionWriterPage-2   	    4123	    300353 ns/op	 342.53 MB/s	   1664710 rows/s	   40960 B/op	       1 allocs/op
`)
	got := parseBench(out)
	if len(got) != 3 {
		t.Fatalf("%d results: %+v", len(got), got)
	}
	m, q4, w := got[0], got[1], got[2]
	if m.Package != "bench/micro" || m.Name != "MetadataHandler200/xml" || m.NsPerOp != 162667 || m.BytesPerOp != 254938 || m.AllocsPerOp != 70 {
		t.Errorf("metadata line: %+v", m)
	}
	if q4.Name != "ServerRequest/Q4-detail-1" || q4.Extra != "280.0 bytes/resp" {
		t.Errorf("Q4 line: %+v", q4)
	}
	if w.Package != "odata" || w.Extra != "1664710 rows/s" || w.AllocsPerOp != 1 {
		t.Errorf("writer line: %+v", w)
	}
}

// TestInterleaved: the two sides run in alternating windows (never at the same time), each
// side's windows are merged (requests, rows, window, percentiles over all of them), and the
// faster side shows the higher rate.
func TestInterleaved(t *testing.T) {
	var running atomic.Int32 // 1: fast side running, 2: slow side
	var switches atomic.Int32
	side := func(id int32, sleep time.Duration) op {
		return func(ctx context.Context, i int) (int, error) {
			if prev := running.Swap(id); prev != id {
				switches.Add(1)
			}
			time.Sleep(sleep)
			return 1, nil
		}
	}
	const rounds = 3
	res := interleaved(context.Background(), 2, 20*time.Millisecond, 300*time.Millisecond, rounds,
		workers(side(1, time.Millisecond)), workers(side(2, 4*time.Millisecond)), cpuMeter{})
	fast, slow := res.SF, res.Direct
	if len(res.RoundRatios) != rounds {
		t.Errorf("%d round ratios, want %d", len(res.RoundRatios), rounds)
	}
	for _, r := range res.RoundRatios {
		if r < 1.5 { // the sf side sleeps 1 ms per op, the direct one 4 ms: about 4x
			t.Errorf("round ratio %.2f, want the fast side well ahead", r)
		}
	}
	if got := switches.Load(); got != 2*rounds {
		t.Errorf("%d switches between the sides, want %d (alternating windows)", got, 2*rounds)
	}
	for _, s := range []stats{fast, slow} {
		if s.Window != 300*time.Millisecond || s.Requests == 0 || s.Rows != int64(s.Requests) || s.Issued < s.Requests {
			t.Errorf("merged stats %+v", s)
		}
	}
	if fast.RPS < 2*slow.RPS || slow.P50 < 4*time.Millisecond || fast.P50 >= slow.P50 {
		t.Errorf("fast %.0f req/s p50 %s, slow %.0f req/s p50 %s", fast.RPS, fast.P50, slow.RPS, slow.P50)
	}
}

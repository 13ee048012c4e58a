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

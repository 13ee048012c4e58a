package main

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// op performs request number i (a global sequence shared by the workers, so the parameters a
// run visits do not depend on how requests fall to workers). It returns the rows received.
type op func(ctx context.Context, i int) (rows int, err error)

// stats summarises one timed window.
type stats struct {
	// Issued counts every request started, warm-up included (the CPU meter's divisor).
	Issued   int
	Requests int
	Errors   int
	FirstErr string
	Rows     int64
	Window   time.Duration
	RPS      float64
	Mean     time.Duration
	P50      time.Duration
	P90      time.Duration
	P99      time.Duration
	Max      time.Duration
	// lat are the latencies behind the percentiles, kept for merging windows (not saved).
	lat []time.Duration
}

// closedLoop runs conc workers, each issuing requests back to back: a warm-up that is not
// measured, then a window whose completed requests are timed. A request still running at the
// end of the window is not counted.
func closedLoop(ctx context.Context, conc int, warmup, window time.Duration, fn op) stats {
	var seq atomic.Int64
	start := time.Now()
	measureFrom := start.Add(warmup)
	end := measureFrom.Add(window)
	ctx, cancel := context.WithDeadline(ctx, end.Add(30*time.Second))
	defer cancel()
	type workerResult struct {
		lat    []time.Duration
		errors int
		first  string
		rows   int64
	}
	results := make([]workerResult, conc)
	var wg sync.WaitGroup
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func(r *workerResult) {
			defer wg.Done()
			for ctx.Err() == nil {
				t0 := time.Now()
				if !t0.Before(end) {
					return
				}
				rows, err := fn(ctx, int(seq.Add(1)-1))
				t1 := time.Now()
				if t0.Before(measureFrom) || t1.After(end) {
					continue
				}
				if err != nil {
					r.errors++
					if r.first == "" {
						r.first = err.Error()
					}
					continue
				}
				r.lat = append(r.lat, t1.Sub(t0))
				r.rows += int64(rows)
			}
		}(&results[w])
	}
	wg.Wait()
	var all []time.Duration
	s := stats{Window: window}
	for _, r := range results {
		all = append(all, r.lat...)
		s.Errors += r.errors
		s.Rows += r.rows
		if s.FirstErr == "" {
			s.FirstErr = r.first
		}
	}
	summarise(&s, all)
	s.lat = all
	s.Issued = int(seq.Load())
	return s
}

// merge combines the windows of one side of an interleaved measurement.
func merge(parts []stats) stats {
	var s stats
	var all []time.Duration
	for _, p := range parts {
		s.Issued += p.Issued
		s.Errors += p.Errors
		s.Rows += p.Rows
		s.Window += p.Window
		if s.FirstErr == "" {
			s.FirstErr = p.FirstErr
		}
		all = append(all, p.lat...)
	}
	summarise(&s, all)
	return s
}

// interleaved measures sfconnect and the direct SQL in alternating windows (sf, direct, sf,
// direct, ...: rounds of window/rounds each, the first of each side after its warm-up), so that a
// slow phase of a shared machine falls on both sides alike instead of on one 8 s window. It
// returns both sides' merged stats and CPU per request, and the ratio of each round.
func interleaved(ctx context.Context, conc int, warmup, window time.Duration, rounds int, sf, direct op, meter cpuMeter) sides {
	rounds = max(rounds, 1)
	part := window / time.Duration(rounds)
	var sfParts, directParts []stats
	var sfAcc, directAcc cpuAcc
	for i := range rounds {
		w := time.Duration(0)
		if i == 0 {
			w = warmup
		}
		c0 := meter.sample()
		sfParts = append(sfParts, closedLoop(ctx, conc, w, part, sf))
		c1 := meter.sample()
		directParts = append(directParts, closedLoop(ctx, conc, w, part, direct))
		c2 := meter.sample()
		sfAcc.add(c0, c1, sfParts[i].Issued)
		directAcc.add(c1, c2, directParts[i].Issued)
	}
	res := sides{SF: merge(sfParts), Direct: merge(directParts), SFCPU: sfAcc.usage(), DirectCPU: directAcc.usage()}
	for i := range sfParts {
		if directParts[i].RPS > 0 {
			res.RoundRatios = append(res.RoundRatios, sfParts[i].RPS/directParts[i].RPS)
		}
	}
	return res
}

// sides is one interleaved measurement: each side's merged stats and CPU per request, and
// sfconnect's throughput as a fraction of the direct SQL's in each round (the spread shows
// how much the machine moved during the measurement).
type sides struct {
	SF, Direct       stats
	SFCPU, DirectCPU cpuUsage
	RoundRatios      []float64
}

// summarise fills the request count, rate and latency percentiles from the latencies of the
// successful requests.
func summarise(s *stats, lat []time.Duration) {
	s.Requests = len(lat)
	if len(lat) == 0 {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	s.Mean = sum / time.Duration(len(lat))
	s.P50, s.P90, s.P99 = percentile(lat, 50), percentile(lat, 90), percentile(lat, 99)
	s.Max = lat[len(lat)-1]
	if s.Window > 0 {
		s.RPS = float64(len(lat)) / s.Window.Seconds()
	}
}

// percentile is the nearest-rank percentile of sorted latencies.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 * n)
	if rank < 1 {
		rank = 1
	}
	return sorted[rank-1]
}

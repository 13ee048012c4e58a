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

// runner measures one side of a comparison: conc requests kept in flight for a warm-up that
// is not measured, then a timed window (closedLoop over an op, or the load generator's event
// loop, eventloop_linux.go).
type runner func(ctx context.Context, conc int, warmup, window time.Duration) stats

// workers is the runner of an op: closedLoop's goroutine per connection.
func workers(fn op) runner {
	return func(ctx context.Context, conc int, warmup, window time.Duration) stats {
		return closedLoop(ctx, conc, warmup, window, fn)
	}
}

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

// tally collects the requests of one window (of one worker, or of the event loop): a request
// is timed when it started after the warm-up and ended inside the window; errors are counted
// by the same rule, the first one kept.
type tally struct {
	measureFrom, end time.Time
	lat              []time.Duration
	errors           int
	first            string
	rows             int64
}

func (t *tally) add(t0, t1 time.Time, rows int, err error) {
	if t0.Before(t.measureFrom) || t1.After(t.end) {
		return
	}
	if err != nil {
		t.errors++
		if t.first == "" {
			t.first = err.Error()
		}
		return
	}
	t.lat = append(t.lat, t1.Sub(t0))
	t.rows += int64(rows)
}

// stats merges tallies into the stats of their window.
func tallyStats(window time.Duration, issued int, tallies ...*tally) stats {
	var all []time.Duration
	s := stats{Window: window, Issued: issued}
	for _, t := range tallies {
		all = append(all, t.lat...)
		s.Errors += t.errors
		s.Rows += t.rows
		if s.FirstErr == "" {
			s.FirstErr = t.first
		}
	}
	summarise(&s, all)
	s.lat = all
	return s
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
	tallies := make([]*tally, conc)
	var wg sync.WaitGroup
	for w := range tallies {
		tallies[w] = &tally{measureFrom: measureFrom, end: end}
		wg.Add(1)
		go func(r *tally) {
			defer wg.Done()
			for ctx.Err() == nil {
				t0 := time.Now()
				if !t0.Before(end) {
					return
				}
				rows, err := fn(ctx, int(seq.Add(1)-1))
				r.add(t0, time.Now(), rows, err)
			}
		}(tallies[w])
	}
	wg.Wait()
	return tallyStats(window, int(seq.Load()), tallies...)
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
func interleaved(ctx context.Context, conc int, warmup, window time.Duration, rounds int, sf, direct runner, meter cpuMeter) sides {
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
		sfParts = append(sfParts, sf(ctx, conc, w, part))
		c1 := meter.sample()
		directParts = append(directParts, direct(ctx, conc, w, part))
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

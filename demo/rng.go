package demo

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"time"
)

// seed fixes the demo data. Changing it changes every row: bump Version with it.
const seed = 0x5FC0_2026

// rng draws every choice of the generator. Only PCG's raw 64-bit outputs are used, and the
// derived draws (ranges, chances) are computed here with integer arithmetic, so the data does
// not depend on how a Go release implements rand.IntN or on a platform's floating point.
type rng struct{ src *rand.PCG }

// newRNG returns the stream for one part of the data; separate streams keep a change to one
// table from reshuffling the others.
func newRNG(stream uint64) *rng { return &rng{src: rand.NewPCG(seed, stream)} }

// intn returns a value in [0, n).
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.src.Uint64(), uint64(n))
	return int(hi)
}

// between returns a value in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// percent is true with probability p/100.
func (r *rng) percent(p int) bool { return r.intn(100) < p }

// low returns a value in [0, n) skewed towards 0 (density falling linearly), for prices,
// quantities and stocks where small values are common.
func (r *rng) low(n int) int {
	a, b := r.intn(n), r.intn(n)
	return min(a, b)
}

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// perm returns a random permutation of [0, n).
func (r *rng) perm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := r.intn(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// weighted picks an index with the given relative weights.
func (r *rng) weighted(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.intn(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// instant returns a time in [from, to) with microsecond resolution.
func (r *rng) instant(from, to time.Time) time.Time {
	span := to.Sub(from) / time.Microsecond
	return from.Add(time.Duration(r.intn(int(span))) * time.Microsecond)
}

// uuid returns a random (version 4) UUID in lower-case text.
func (r *rng) uuid() string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := r.src.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// The storage formats of the sqlite dialect.
const (
	dateLayout      = "2006-01-02"
	timestampLayout = "2006-01-02T15:04:05.000000Z"
)

func dateText(t time.Time) string      { return t.Format(dateLayout) }
func timestampText(t time.Time) string { return t.UTC().Format(timestampLayout) }

// cents is an amount of money; it is stored as the nearest float64 of cents/100, which is what
// SQLite's NUMERIC affinity would make of the decimal text anyway.
type cents int64

func (c cents) value() float64 { return float64(c) / 100 }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

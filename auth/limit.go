package auth

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/sfconnect/sfconnect/config"
)

// Limiter bounds each principal: a token bucket for the request rate and a counter for the
// requests in flight. State is per process (each replica limits on its own).
type Limiter struct {
	rps   rate.Limit
	burst int
	max   int
	now   func() time.Time

	mu      sync.Mutex
	entries map[string]*limitEntry
	sweepAt time.Time
}

type limitEntry struct {
	bucket   *rate.Limiter
	inFlight int
	lastUsed time.Time
}

// idleAfter drops a principal's state after this much inactivity (its bucket is full again by
// then for any sensible rate), so anonymous per-address entries cannot grow without bound.
const idleAfter = 10 * time.Minute

// NewLimiter returns nil when cfg limits nothing.
func NewLimiter(cfg config.RateLimit, now func() time.Time) *Limiter {
	if cfg.RequestsPerSecond <= 0 && cfg.MaxConcurrent <= 0 {
		return nil
	}
	burst := cfg.Burst
	if burst == 0 {
		burst = max(1, int(math.Ceil(2*cfg.RequestsPerSecond)))
	}
	return &Limiter{rps: rate.Limit(cfg.RequestsPerSecond), burst: burst, max: cfg.MaxConcurrent, now: now,
		entries: map[string]*limitEntry{}}
}

// Rejection says why a request was refused and when to retry.
type Rejection struct {
	RetryAfter time.Duration
	Reason     string // "rate" or "concurrency"
}

// Acquire admits one request of key, returning the function that ends it, or a rejection.
func (l *Limiter) Acquire(key string) (release func(), rej *Rejection) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	e := l.entries[key]
	if e == nil {
		e = &limitEntry{}
		if l.rps > 0 {
			e.bucket = rate.NewLimiter(l.rps, l.burst)
		}
		l.entries[key] = e
	}
	e.lastUsed = now
	if l.max > 0 && e.inFlight >= l.max {
		return nil, &Rejection{RetryAfter: time.Second, Reason: "concurrency"}
	}
	if e.bucket != nil {
		r := e.bucket.ReserveN(now, 1)
		if d := r.DelayFrom(now); !r.OK() || d > 0 {
			r.CancelAt(now)
			return nil, &Rejection{RetryAfter: max(d, time.Second), Reason: "rate"}
		}
	}
	e.inFlight++
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			e.inFlight--
			l.mu.Unlock()
		})
	}, nil
}

func (l *Limiter) sweep(now time.Time) {
	if now.Before(l.sweepAt) {
		return
	}
	l.sweepAt = now.Add(time.Minute)
	for k, e := range l.entries {
		if e.inFlight == 0 && now.Sub(e.lastUsed) > idleAfter {
			delete(l.entries, k)
		}
	}
}

// RetryAfterSeconds renders a Retry-After value: whole seconds, rounded up, at least 1.
func RetryAfterSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// FailureLimiter slows down password and key guessing: each failed authentication spends a
// token of the client address's bucket, and an address with an empty bucket is refused (429)
// before its credentials are even checked. Successful requests cost nothing.
type FailureLimiter struct {
	l *Limiter
}

// NewFailureLimiter allows perMinute failures per client address (burst perMinute); nil when
// perMinute is 0.
func NewFailureLimiter(perMinute int, now func() time.Time) *FailureLimiter {
	if perMinute <= 0 {
		return nil
	}
	return &FailureLimiter{l: NewLimiter(config.RateLimit{RequestsPerSecond: float64(perMinute) / 60, Burst: perMinute}, now)}
}

func (f *FailureLimiter) entry(key string, now time.Time) *limitEntry {
	f.l.sweep(now)
	e := f.l.entries[key]
	if e == nil {
		e = &limitEntry{bucket: rate.NewLimiter(f.l.rps, f.l.burst)}
		f.l.entries[key] = e
	}
	e.lastUsed = now
	return e
}

// Blocked reports whether key has no failures left, and when one comes back.
func (f *FailureLimiter) Blocked(key string) (time.Duration, bool) {
	now := f.l.now()
	f.l.mu.Lock()
	defer f.l.mu.Unlock()
	tokens := f.entry(key, now).bucket.TokensAt(now)
	if tokens >= 1 {
		return 0, false
	}
	return time.Duration((1 - tokens) / float64(f.l.rps) * float64(time.Second)), true
}

// Failed spends one of key's failures.
func (f *FailureLimiter) Failed(key string) {
	now := f.l.now()
	f.l.mu.Lock()
	defer f.l.mu.Unlock()
	f.entry(key, now).bucket.AllowN(now, 1)
}

package auth

import (
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/config"
)

func TestLimiterRate(t *testing.T) {
	clock := testNow()
	l := NewLimiter(config.RateLimit{RequestsPerSecond: 2, Burst: 3}, clock.get)
	for i := 0; i < 3; i++ {
		release, rej := l.Acquire("user:a")
		if rej != nil {
			t.Fatalf("request %d within burst rejected", i)
		}
		release()
		release() // idempotent
	}
	_, rej := l.Acquire("user:a")
	if rej == nil || rej.Reason != "rate" || RetryAfterSeconds(rej.RetryAfter) != 1 {
		t.Fatalf("over the burst: %+v", rej)
	}
	if _, rej := l.Acquire("user:b"); rej != nil {
		t.Fatal("another principal has its own bucket")
	}
	clock.add(500 * time.Millisecond) // one token back at 2/s
	if _, rej := l.Acquire("user:a"); rej != nil {
		t.Fatal("refilled token rejected")
	}
	if _, rej := l.Acquire("user:a"); rej == nil {
		t.Fatal("second request after one refill admitted")
	}
	slow := NewLimiter(config.RateLimit{RequestsPerSecond: 0.1, Burst: 1}, clock.get)
	slow.Acquire("k")
	if _, rej := slow.Acquire("k"); rej == nil || RetryAfterSeconds(rej.RetryAfter) != 10 {
		t.Fatalf("Retry-After for 0.1/s: %+v", rej)
	}
}

func TestLimiterConcurrency(t *testing.T) {
	clock := testNow()
	l := NewLimiter(config.RateLimit{MaxConcurrent: 2}, clock.get)
	r1, _ := l.Acquire("k")
	r2, _ := l.Acquire("k")
	if _, rej := l.Acquire("k"); rej == nil || rej.Reason != "concurrency" || rej.RetryAfter != time.Second {
		t.Fatalf("third in flight: %+v", rej)
	}
	r1()
	r3, rej := l.Acquire("k")
	if rej != nil {
		t.Fatal("a slot freed but the request was rejected")
	}
	r2()
	r3()
	if l.entries["k"].inFlight != 0 {
		t.Fatalf("in flight %d after all released", l.entries["k"].inFlight)
	}
}

func TestLimiterForgetsIdlePrincipals(t *testing.T) {
	clock := testNow()
	l := NewLimiter(config.RateLimit{RequestsPerSecond: 1}, clock.get)
	for _, k := range []string{"anonymous@1", "anonymous@2"} {
		release, _ := l.Acquire(k)
		release()
	}
	clock.add(idleAfter + 2*time.Minute)
	l.Acquire("anonymous@3")
	if len(l.entries) != 1 {
		t.Fatalf("%d entries after idle sweep, want 1", len(l.entries))
	}
	if NewLimiter(config.RateLimit{}, clock.get) != nil {
		t.Fatal("no limits configured must give a nil limiter")
	}
}

func TestFailureLimiter(t *testing.T) {
	clock := testNow()
	f := NewFailureLimiter(3, clock.get)
	for i := 0; i < 3; i++ {
		if _, blocked := f.Blocked("client@a"); blocked {
			t.Fatalf("blocked after %d failures", i)
		}
		f.Failed("client@a")
	}
	wait, blocked := f.Blocked("client@a")
	if !blocked || RetryAfterSeconds(wait) != 20 {
		t.Fatalf("after 3 failures: blocked %v, retry %v (want 20s at 3/min)", blocked, wait)
	}
	if _, blocked := f.Blocked("client@b"); blocked {
		t.Fatal("another address is blocked too")
	}
	clock.add(20 * time.Second)
	if _, blocked := f.Blocked("client@a"); blocked {
		t.Fatal("still blocked after the budget refilled")
	}
	if NewFailureLimiter(0, clock.get) != nil {
		t.Fatal("0 must disable the failure limiter")
	}
}

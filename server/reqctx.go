package server

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// requestCtx is a request's context: the connection's request context (its values and
// cancellation) plus the request's info and deadline, in one allocation.
//
// The timer behind a deadline is made only when something waits on Done. Most requests end
// long before their deadline and nothing in them waits (fast reads run detached from the
// request, sources/stmtcache.go), so context.WithTimeout's timer, its registration with the
// connection's context and its removal at the end were work for nothing on every request.
// Until Done is called, Err compares the clock with the deadline; from then on, everything is
// the timed context's, so a context derived from this one (context.WithCancel, a driver's
// cancellation watcher) finds a context it can hook into without a goroutine of its own.
type requestCtx struct {
	parent   context.Context
	info     requestInfo
	deadline time.Time // zero: no deadline of its own

	mu    sync.Mutex
	timed atomic.Pointer[timedCtx]
	ended atomic.Bool
}

type timedCtx struct {
	context.Context
	cancel context.CancelFunc
}

func newRequestCtx(parent context.Context, timeout time.Duration) *requestCtx {
	c := &requestCtx{parent: parent}
	if timeout > 0 {
		c.deadline = time.Now().Add(timeout)
	}
	return c
}

// closedDone is the Done channel of a request that ended before anything waited on it.
var closedDone = func() chan struct{} { ch := make(chan struct{}); close(ch); return ch }()

func (c *requestCtx) Deadline() (time.Time, bool) {
	d, ok := c.parent.Deadline()
	if c.deadline.IsZero() || ok && d.Before(c.deadline) {
		return d, ok
	}
	return c.deadline, true
}

func (c *requestCtx) Done() <-chan struct{} {
	if c.deadline.IsZero() {
		return c.parent.Done()
	}
	if t := c.timer(); t != nil {
		return t.Done()
	}
	return closedDone
}

// timer returns the timed context, making it on first use; nil once the request has ended
// without one.
func (c *requestCtx) timer() *timedCtx {
	if t := c.timed.Load(); t != nil {
		return t
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if t := c.timed.Load(); t != nil || c.ended.Load() {
		return t
	}
	ctx, cancel := context.WithDeadline(c.parent, c.deadline)
	t := &timedCtx{ctx, cancel}
	c.timed.Store(t)
	return t
}

func (c *requestCtx) Err() error {
	if t := c.timed.Load(); t != nil {
		return t.Err()
	}
	if c.ended.Load() {
		return context.Canceled
	}
	if err := c.parent.Err(); err != nil {
		return err
	}
	if !c.deadline.IsZero() && !time.Now().Before(c.deadline) {
		return context.DeadlineExceeded
	}
	return nil
}

func (c *requestCtx) Value(key any) any {
	if key == requestKey {
		return &c.info
	}
	if t := c.timed.Load(); t != nil {
		return t.Value(key)
	}
	return c.parent.Value(key)
}

// end cancels the request's context when it has a deadline (the deferred cancel of
// context.WithTimeout); without one, the context is the connection's and ends with it.
func (c *requestCtx) end() {
	if c.deadline.IsZero() {
		return
	}
	c.mu.Lock()
	c.ended.Store(true)
	t := c.timed.Load()
	c.mu.Unlock()
	if t != nil {
		t.cancel()
	}
}

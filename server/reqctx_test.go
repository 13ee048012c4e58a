package server

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
)

type testKey struct{}

// TestRequestCtx: the lazy request context behaves as context.WithTimeout over a value
// context would, whether or not anything waits on Done.
func TestRequestCtx(t *testing.T) {
	parentWith := func() (context.Context, context.CancelFunc) {
		return context.WithCancel(context.WithValue(context.Background(), testKey{}, "v"))
	}
	t.Run("values", func(t *testing.T) {
		p, cancel := parentWith()
		defer cancel()
		c := newRequestCtx(p, time.Minute)
		c.info.id = "id1"
		if got := c.Value(testKey{}); got != "v" {
			t.Errorf("parent value %v", got)
		}
		if ri, _ := c.Value(requestKey).(*requestInfo); ri == nil || ri.id != "id1" {
			t.Errorf("request info %v", ri)
		}
		_ = c.Done() // with the timer the same
		if got := c.Value(testKey{}); got != "v" || c.Value(requestKey).(*requestInfo).id != "id1" {
			t.Errorf("values after Done: %v", got)
		}
	})
	t.Run("deadline by the clock, without Done", func(t *testing.T) {
		c := newRequestCtx(context.Background(), 20*time.Millisecond)
		if d, ok := c.Deadline(); !ok || time.Until(d) > 20*time.Millisecond {
			t.Errorf("deadline %v %v", d, ok)
		}
		if err := c.Err(); err != nil {
			t.Fatalf("early error %v", err)
		}
		time.Sleep(30 * time.Millisecond)
		if err := c.Err(); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error %v, want deadline exceeded", err)
		}
		select {
		case <-c.Done():
		case <-time.After(time.Second):
			t.Fatal("Done not closed after the deadline")
		}
	})
	t.Run("deadline through Done", func(t *testing.T) {
		c := newRequestCtx(context.Background(), 20*time.Millisecond)
		select {
		case <-c.Done():
		case <-time.After(time.Second):
			t.Fatal("Done not closed at the deadline")
		}
		if err := c.Err(); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("parent cancelled", func(t *testing.T) {
		for _, waited := range []bool{false, true} {
			p, cancel := parentWith()
			c := newRequestCtx(p, time.Minute)
			if waited {
				_ = c.Done()
			}
			cancel()
			if err := c.Err(); !errors.Is(err, context.Canceled) {
				t.Errorf("waited %v: error %v", waited, err)
			}
			select {
			case <-c.Done():
			case <-time.After(time.Second):
				t.Errorf("waited %v: Done not closed", waited)
			}
		}
	})
	t.Run("end", func(t *testing.T) {
		for _, waited := range []bool{false, true} {
			c := newRequestCtx(context.Background(), time.Minute)
			var done <-chan struct{}
			if waited {
				done = c.Done()
			}
			c.end()
			if err := c.Err(); !errors.Is(err, context.Canceled) {
				t.Errorf("waited %v: error %v", waited, err)
			}
			if !waited {
				done = c.Done()
			}
			select {
			case <-done:
			default:
				t.Errorf("waited %v: Done not closed after end", waited)
			}
		}
	})
	t.Run("no timeout", func(t *testing.T) {
		p, cancel := parentWith()
		c := newRequestCtx(p, 0)
		if _, ok := c.Deadline(); ok {
			t.Error("a deadline without a timeout")
		}
		c.end()
		if c.Err() != nil || c.Done() != p.Done() {
			t.Error("without a timeout the context is the parent's")
		}
		cancel()
		if !errors.Is(c.Err(), context.Canceled) {
			t.Error("parent cancellation not seen")
		}
	})
	t.Run("parent deadline earlier", func(t *testing.T) {
		p, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		want, _ := p.Deadline()
		if d, _ := newRequestCtx(p, time.Hour).Deadline(); !d.Equal(want) {
			t.Errorf("deadline %v, want the parent's %v", d, want)
		}
	})
}

// TestRequestCtxChildrenWithoutGoroutines: contexts derived from the request's (as the
// driver's cancellation watchers do) hook into its timed context instead of starting a
// goroutine each, and are cancelled with it.
func TestRequestCtxChildrenWithoutGoroutines(t *testing.T) {
	c := newRequestCtx(context.Background(), time.Minute)
	before := runtime.NumGoroutine()
	var children []context.Context
	for range 50 {
		child, cancel := context.WithCancel(c)
		defer cancel()
		children = append(children, child)
	}
	if got := runtime.NumGoroutine(); got > before+2 {
		t.Errorf("%d goroutines after 50 children, %d before", got, before)
	}
	c.end()
	for i, child := range children {
		select {
		case <-child.Done():
		case <-time.After(time.Second):
			t.Fatalf("child %d not cancelled with the request", i)
		}
	}
}

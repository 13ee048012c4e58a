//go:build linux

package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"syscall"
	"time"
)

// loopConn is one connection of the loop with the request it has in flight.
type loopConn struct {
	fd      int
	i       int
	t0      time.Time
	in      []byte // the response received so far
	scratch []byte // de-chunked body
}

// loopWindow is the bookkeeping of one run: the requests started and in flight, and the
// tally of those that ended.
type loopWindow struct {
	tally
	seq, inflight int
}

func (w *loopWindow) finish(c *loopConn, rows int, err error) {
	w.inflight--
	w.add(c.t0, time.Now(), rows, err)
}

func (l *eventLoop) run(ctx context.Context, conc int, warmup, window time.Duration) stats {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	w := &loopWindow{tally: tally{measureFrom: time.Now().Add(warmup)}}
	w.end = w.measureFrom.Add(window)
	hardEnd := w.end.Add(30 * time.Second)
	failed := func(err error) stats { return stats{Window: window, Errors: 1, FirstErr: err.Error()} }
	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return failed(fmt.Errorf("epoll_create1: %w", err))
	}
	defer syscall.Close(epfd)
	conns := map[int32]*loopConn{}
	defer func() {
		for _, c := range conns {
			syscall.Close(c.fd)
		}
	}()
	for range conc {
		if err := l.open(epfd, conns, &loopConn{}, w); err != nil {
			return failed(err)
		}
	}
	events := make([]syscall.EpollEvent, conc)
	for w.inflight > 0 && ctx.Err() == nil && time.Now().Before(hardEnd) {
		n, err := syscall.EpollWait(epfd, events, 100)
		if err != nil && !errors.Is(err, syscall.EINTR) {
			return failed(fmt.Errorf("epoll_wait: %w", err))
		}
		for _, ev := range events[:max(n, 0)] {
			if c := conns[ev.Fd]; c != nil {
				l.readable(epfd, conns, c, w)
			}
		}
	}
	w.errors += w.inflight // requests still open at the hard end failed
	return tallyStats(window, w.seq, &w.tally)
}

// open connects c, adds it to the epoll set and sends its first request.
func (l *eventLoop) open(epfd int, conns map[int32]*loopConn, c *loopConn, w *loopWindow) error {
	fd, err := dialNonblocking(l.addr)
	if err != nil {
		return err
	}
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN, Fd: int32(fd)}
	if err := syscall.EpollCtl(epfd, syscall.EPOLL_CTL_ADD, fd, &ev); err != nil {
		syscall.Close(fd)
		return fmt.Errorf("epoll_ctl: %w", err)
	}
	c.fd, c.in = fd, c.in[:0]
	conns[int32(fd)] = c
	l.send(c, w)
	return nil
}

// send starts the next request on c, unless the window is over.
func (l *eventLoop) send(c *loopConn, w *loopWindow) {
	now := time.Now()
	if !now.Before(w.end) {
		c.t0 = time.Time{} // idle: nothing to fail when the server closes it
		return
	}
	c.t0, c.i = now, w.seq
	w.seq++
	w.inflight++
	req := l.reqs[c.i%len(l.reqs)]
	// A request is far smaller than an empty socket buffer: one write takes it whole.
	if n, err := syscall.Write(c.fd, req); err != nil || n != len(req) {
		w.finish(c, 0, fmt.Errorf("writing the request: %d of %d bytes, %v", n, len(req), err))
		c.t0 = time.Time{} // nothing in flight; the next readable event reports the socket's state
	}
}

// readable reads what c received, completes its response when it is whole and starts the
// next request; a connection that fails or closes is replaced.
func (l *eventLoop) readable(epfd int, conns map[int32]*loopConn, c *loopConn, w *loopWindow) {
	if len(c.in) == cap(c.in) {
		c.in = append(c.in, make([]byte, max(64<<10, cap(c.in)))...)[:len(c.in)]
	}
	n, err := syscall.Read(c.fd, c.in[len(c.in):cap(c.in)])
	if errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EINTR) {
		return
	}
	if err == nil && n == 0 {
		err = errors.New("connection closed by the server")
	}
	if err != nil {
		l.replace(epfd, conns, c, w, err)
		return
	}
	c.in = c.in[:len(c.in)+n]
	h, body, size, err := frameResponse(c.in, c.scratch)
	switch {
	case err != nil:
		l.replace(epfd, conns, c, w, err)
		return
	case size == 0:
		return // more to come
	case size != len(c.in):
		l.replace(epfd, conns, c, w, fmt.Errorf("%d bytes after the response", len(c.in)-size))
		return
	}
	if h.chunked {
		c.scratch = body[:0]
	}
	if h.gzip {
		body, err = gunzip(body)
	}
	rows := 0
	if err == nil {
		rows, err = l.done(c.i, h.status, body)
	}
	w.finish(c, rows, err)
	c.in = c.in[:0]
	if h.close {
		l.replace(epfd, conns, c, w, nil)
		return
	}
	l.send(c, w)
}

// replace closes c (failing its request in flight with cause, when there is one) and opens a
// new connection in its place while the window lasts.
func (l *eventLoop) replace(epfd int, conns map[int32]*loopConn, c *loopConn, w *loopWindow, cause error) {
	if cause != nil && !c.t0.IsZero() {
		w.finish(c, 0, cause)
	}
	delete(conns, int32(c.fd))
	syscall.Close(c.fd)
	c.t0 = time.Time{}
	now := time.Now()
	if !now.Before(w.end) {
		return
	}
	if err := l.open(epfd, conns, c, w); err != nil {
		w.add(now, now, 0, err)
	}
}

// dialNonblocking connects a TCP socket to addr (host:port) and makes it non-blocking, with
// TCP_NODELAY as net.Dial sets it.
func dialNonblocking(addr string) (int, error) {
	ta, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return -1, err
	}
	var sa syscall.Sockaddr
	family := syscall.AF_INET
	if ip4 := ta.IP.To4(); ip4 != nil {
		sa = &syscall.SockaddrInet4{Port: ta.Port, Addr: [4]byte(ip4)}
	} else {
		family = syscall.AF_INET6
		sa = &syscall.SockaddrInet6{Port: ta.Port, Addr: [16]byte(ta.IP.To16())}
	}
	fd, err := syscall.Socket(family, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("socket: %w", err)
	}
	if err := syscall.Connect(fd, sa); err != nil {
		syscall.Close(fd)
		return -1, fmt.Errorf("connecting to %s: %w", addr, err)
	}
	if err := syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_NODELAY, 1); err != nil {
		syscall.Close(fd)
		return -1, err
	}
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return -1, err
	}
	return fd, nil
}

// defaultClient is -client's default: the event loop where there is epoll.
const defaultClient = "loop"

package main

import (
	"fmt"
	"net/url"
)

// eventLoop is the load generator's closed loop for the timed lookups (-client loop, the
// default): every connection of the window is a non-blocking socket in one epoll set, served
// by one goroutine locked to its OS thread, as wrk drives its connections. It exists for the
// same reason as rawTransport, the CPU the load generator takes from the server and the
// database on a shared two-core machine: with a goroutine per connection, every response also
// costs a read that returns EAGAIN, a park in the netpoller and the runtime's wake-up of a
// thread for the goroutine; here it costs one epoll_wait (shared by the connections that are
// ready together) and one read. Requests, sampling and checks are those of httpOp.
type eventLoop struct {
	addr string
	reqs [][]byte // request i sends reqs[i%len(reqs)]
	// done judges the response to request i (the status and its body, decoded from gzip when
	// the server compressed it) and returns the rows it counted.
	done func(i, status int, body []byte) (int, error)
}

// newEventLoop prepares the requests of every variant of q (the server's own URL for Q5n) and
// the judgement httpOp applies to their responses.
func newEventLoop(base string, q *query, gz bool) (*eventLoop, error) {
	l := &eventLoop{}
	for v := range q.Variants {
		raw := q.URL
		if raw == "" {
			raw = base + "/" + q.Set + "?" + q.Options(v)
		}
		u, err := url.Parse(raw)
		if err != nil {
			return nil, err
		}
		if u.Scheme != "http" || (l.addr != "" && u.Host != l.addr) {
			return nil, fmt.Errorf("event loop: only http URLs of one host, got %q", raw)
		}
		l.addr = u.Host
		l.reqs = append(l.reqs, appendGET(nil, u.Host, u.RequestURI(), q.MaxPage, gz))
	}
	l.done = func(i, status int, body []byte) (int, error) {
		if status != 200 {
			return 0, statusError(status, body)
		}
		return checkSample(q, i, body)
	}
	return l, nil
}

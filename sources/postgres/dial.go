package postgres

import (
	"bufio"
	"context"
	"net"
	"time"
)

// readBufferSize is how much of what the server sent a connection takes in one read.
const readBufferSize = 32 << 10

// readBufferedDialer dials as lib/pq's default dialer does and reads every connection through
// a readBufferSize buffer. lib/pq reads through a 4 KiB bufio.Reader, so a page of 500 rows
// (about 150 KB of DataRow messages) took some 37 read system calls, each a chance for the
// runtime to hand the thread's P to another thread while the call runs; with the buffer it
// takes a handful. TLS, when lib/pq starts it, runs on top of the buffered connection, so every
// byte still passes through TLS.
type readBufferedDialer struct{ d net.Dialer }

func (b readBufferedDialer) Dial(network, address string) (net.Conn, error) {
	return b.DialContext(context.Background(), network, address)
}

func (b readBufferedDialer) DialTimeout(network, address string, timeout time.Duration) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return b.DialContext(ctx, network, address)
}

func (b readBufferedDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	c, err := b.d.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	return &readBufferedConn{Conn: c, r: bufio.NewReaderSize(c, readBufferSize)}, nil
}

// readBufferedConn is a connection whose reads come from a buffer; writes, deadlines and Close
// are the connection's own.
type readBufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *readBufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

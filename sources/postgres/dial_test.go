package postgres

import (
	"bytes"
	"context"
	"io"
	"net"
	"testing"
	"time"
)

// TestReadBufferedDialer: a connection from the dialer passes every byte both ways unchanged,
// read through its buffer in whatever sizes the reader asks for, and honours deadlines.
func TestReadBufferedDialer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	want := make([]byte, 200<<10)
	for i := range want {
		want[i] = byte(i * 7)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				req := make([]byte, 5)
				if _, err := io.ReadFull(c, req); err != nil || string(req) != "hello" {
					return
				}
				for off := 0; off < len(want); off += 1000 { // many small server writes
					c.Write(want[off:min(off+1000, len(want))])
				}
				time.Sleep(time.Second) // open, silent: the client's read deadline ends its wait
			}()
		}
	}()
	for _, dial := range []func() (net.Conn, error){
		func() (net.Conn, error) { return readBufferedDialer{}.Dial("tcp", ln.Addr().String()) },
		func() (net.Conn, error) {
			return readBufferedDialer{}.DialTimeout("tcp", ln.Addr().String(), time.Second)
		},
		func() (net.Conn, error) {
			return readBufferedDialer{}.DialContext(context.Background(), "tcp", ln.Addr().String())
		},
	} {
		c, err := dial()
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	c, err := readBufferedDialer{}.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	buf := make([]byte, 4096) // lib/pq's bufio.Reader size
	for got.Len() < len(want) {
		n, err := c.Read(buf[:1+got.Len()%4096])
		if err != nil {
			t.Fatalf("after %d bytes: %v", got.Len(), err)
		}
		got.Write(buf[:n])
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatal("bytes changed on the way")
	}
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if _, err := c.Read(buf); !isTimeout(err) {
		t.Fatalf("read past the deadline: %v, want a timeout", err)
	}
	if _, err := (readBufferedDialer{}).DialTimeout("tcp", "127.0.0.1:1", time.Second); err == nil {
		t.Error("dialing a closed port succeeded")
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

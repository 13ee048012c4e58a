//go:build !linux

package main

import (
	"context"
	"time"
)

func (l *eventLoop) run(ctx context.Context, conc int, warmup, window time.Duration) stats {
	return stats{Window: window, Errors: 1, FirstErr: "-client loop needs Linux's epoll; use -client raw"}
}

const defaultClient = "raw"

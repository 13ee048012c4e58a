package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// walkResult is one full server-driven walk of the orders (Q6).
type walkResult struct {
	PageSize   int
	Gzip       bool // Accept-Encoding: gzip
	Pages      int
	Rows       int
	Missing    int // ids never delivered
	Duplicates int // ids delivered more than once
	OutOfRange int
	Wall       time.Duration // first request to last byte, including client decoding
	HTTP       time.Duration // sum of page latencies (request to last byte)
	FirstPages time.Duration // mean latency of the first walkEdge pages
	LastPages  time.Duration // mean latency of the last walkEdge pages (the final, short page excluded)
	RSSStart   int64
	RSSMax     int64 // largest sampled VmRSS during the walk
	HWM        int64 // VmHWM after the walk (peak reset before it)
	Err        string
	Total      int // rows expected
}

const walkEdge = 10

// walkPage is what the walk decodes of a page: only the ids and the link.
type walkPage struct {
	NextLink string `json:"@odata.nextLink"`
	Value    []struct {
		ID int64 `json:"id"`
	} `json:"value"`
}

// walk follows nextLinks from the first page of all orders until there is none, checking
// that every id 1..total arrives exactly once, while sampling the server's memory.
func walk(ctx context.Context, hc *httpClient, base string, pageSize, configured, pid, total int) walkResult {
	res := walkResult{PageSize: pageSize, Total: total, Gzip: hc.gzip}
	maxPage := 0
	if pageSize != configured {
		maxPage = pageSize
	}
	if pid > 0 {
		_ = resetPeakRSS(pid)
		res.RSSStart, _, _ = procMemory(pid)
	}
	stopSampling := sampleRSS(pid, &res.RSSMax)
	seen := make([]uint8, total+1)
	var lat []time.Duration
	var buf bytes.Buffer
	url := base + "/orders"
	start := time.Now()
	for url != "" {
		t0 := time.Now()
		body, err := hc.get(ctx, url, maxPage, &buf)
		lat = append(lat, time.Since(t0))
		if err != nil {
			res.Err = fmt.Sprintf("page %d: %v", len(lat), err)
			break
		}
		var p walkPage
		if err := json.Unmarshal(body, &p); err != nil {
			res.Err = fmt.Sprintf("page %d: decoding: %v", len(lat), err)
			break
		}
		for _, r := range p.Value {
			if r.ID < 1 || r.ID > int64(total) {
				res.OutOfRange++
				continue
			}
			seen[r.ID]++
		}
		res.Rows += len(p.Value)
		url = p.NextLink
	}
	res.Wall = time.Since(start)
	stopSampling()
	if pid > 0 {
		_, res.HWM, _ = procMemory(pid)
	}
	res.Pages = len(lat)
	for _, d := range lat {
		res.HTTP += d
	}
	for _, n := range seen[1:] {
		switch {
		case n == 0:
			res.Missing++
		case n > 1:
			res.Duplicates += int(n) - 1
		}
	}
	full := lat
	if len(full) > 1 {
		full = full[:len(full)-1] // the last page is short
	}
	if len(full) >= 2*walkEdge {
		res.FirstPages, res.LastPages = mean(full[:walkEdge]), mean(full[len(full)-walkEdge:])
	}
	return res
}

// OK reports whether every row arrived exactly once.
func (w walkResult) OK() bool {
	return w.Err == "" && w.Missing == 0 && w.Duplicates == 0 && w.OutOfRange == 0 && w.Rows == w.Total
}

func (w walkResult) RowsPerSec() float64 {
	if w.Wall <= 0 {
		return 0
	}
	return float64(w.Rows) / w.Wall.Seconds()
}

func mean(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	var s time.Duration
	for _, d := range ds {
		s += d
	}
	return s / time.Duration(len(ds))
}

// sampleRSS records the largest VmRSS of pid every 20 ms until the returned stop is called.
func sampleRSS(pid int, max *int64) (stop func()) {
	if pid <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			if rss, _, err := procMemory(pid); err == nil && rss > *max {
				*max = rss
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

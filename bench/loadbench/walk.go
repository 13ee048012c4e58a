package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
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
	// FirstPages and LastPages are the median latencies of the first and the last Edge pages
	// (5% of the pages, at least 10; the final, short page excluded): medians, because one
	// page delayed by a neighbour on a shared machine must not decide the comparison.
	FirstPages time.Duration
	LastPages  time.Duration
	Edge       int
	RSSStart   int64
	RSSMax     int64 // largest sampled VmRSS during the walk
	HWM        int64 // VmHWM after the walk (peak reset before it)
	Err        string
	Total      int // rows expected
	// StealPct is the share of the machine's CPU time stolen by the hypervisor during the walk.
	StealPct float64
}

const minWalkEdge = 10

// walkPage is what the walk decodes of a page: only the ids and the link.
type walkPage struct {
	NextLink string `json:"@odata.nextLink"`
	Value    []struct {
		ID int64 `json:"id"`
	} `json:"value"`
}

// walk follows nextLinks from the first page of all orders until there is none, checking
// that every id 1..total arrives exactly once, while sampling the server's memory. Like a
// client that parses as it reads, each page is decoded and verified on a second goroutine
// while the next one is fetched (the link is found by a scan of the page's tail and checked
// against the full decode), so the client's JSON decoding overlaps the server's work instead
// of adding to every page.
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
	v := newVerifier(total)
	var lat []time.Duration
	free := make(chan *bytes.Buffer, 4)
	for range cap(free) {
		free <- new(bytes.Buffer)
	}
	url := base + "/orders"
	steal0 := machineSteal()
	start := time.Now()
	for url != "" && v.failed() == "" {
		buf := <-free
		t0 := time.Now()
		body, err := hc.get(ctx, url, maxPage, buf)
		lat = append(lat, time.Since(t0))
		if err != nil {
			res.Err = fmt.Sprintf("page %d: %v", len(lat), err)
			break
		}
		if url, err = scanNextLink(body); err != nil {
			res.Err = fmt.Sprintf("page %d: %v", len(lat), err)
			break
		}
		v.pages <- verifyPage{n: len(lat), buf: buf, link: url, free: free}
	}
	close(v.pages)
	<-v.done
	if res.Err == "" {
		res.Err = v.failed()
	}
	res.Rows, res.OutOfRange = v.rows, v.outOfRange
	seen := v.seen
	res.Wall = time.Since(start)
	res.StealPct = 100 * float64(machineSteal()-steal0) / float64(res.Wall*time.Duration(runtime.NumCPU()))
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
	res.Edge = max(minWalkEdge, len(full)/20)
	if len(full) >= 2*res.Edge {
		res.FirstPages, res.LastPages = median(full[:res.Edge]), median(full[len(full)-res.Edge:])
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

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return percentile(s, 50)
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

// verifyPage is one fetched page handed to the verifier; buf goes back to free after.
type verifyPage struct {
	n    int
	buf  *bytes.Buffer
	link string
	free chan *bytes.Buffer
}

// verifier decodes pages and counts every id.
type verifier struct {
	pages      chan verifyPage
	done       chan struct{}
	seen       []uint8
	rows       int
	outOfRange int
	mu         sync.Mutex
	err        string
}

func newVerifier(total int) *verifier {
	v := &verifier{pages: make(chan verifyPage, 2), done: make(chan struct{}), seen: make([]uint8, total+1)}
	go func() {
		defer close(v.done)
		for pg := range v.pages {
			v.check(pg, total)
			pg.buf.Reset()
			pg.free <- pg.buf
		}
	}()
	return v
}

func (v *verifier) check(pg verifyPage, total int) {
	var p walkPage
	if err := json.Unmarshal(pg.buf.Bytes(), &p); err != nil {
		v.fail(fmt.Sprintf("page %d: decoding: %v", pg.n, err))
		return
	}
	if p.NextLink != pg.link {
		v.fail(fmt.Sprintf("page %d: scanned nextLink %q, decoded %q", pg.n, pg.link, p.NextLink))
	}
	for _, r := range p.Value {
		if r.ID < 1 || r.ID > int64(total) {
			v.outOfRange++
			continue
		}
		v.seen[r.ID]++
	}
	v.rows += len(p.Value)
}

func (v *verifier) fail(msg string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.err == "" {
		v.err = msg
	}
}

func (v *verifier) failed() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.err
}

var nextLinkKey = []byte(`"@odata.nextLink":`)

// scanNextLink finds the nextLink of a page without decoding the page: the last
// "@odata.nextLink" member, decoded as a JSON string ("" when there is none).
func scanNextLink(body []byte) (string, error) {
	i := bytes.LastIndex(body, nextLinkKey)
	if i < 0 {
		return "", nil
	}
	var link string
	if err := json.NewDecoder(bytes.NewReader(body[i+len(nextLinkKey):])).Decode(&link); err != nil {
		return "", fmt.Errorf("reading the nextLink: %w", err)
	}
	return link, nil
}

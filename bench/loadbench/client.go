package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// odataResponse is the part of a collection response the checks read.
type odataResponse struct {
	Count    *int64           `json:"@odata.count"`
	NextLink string           `json:"@odata.nextLink"`
	Value    []map[string]any `json:"value"`
}

func (r *odataResponse) expect(rows int, count int64) error {
	if len(r.Value) != rows {
		return fmt.Errorf("want %d rows, got %d", rows, len(r.Value))
	}
	if count >= 0 && (r.Count == nil || *r.Count != count) {
		return fmt.Errorf("want @odata.count %d, got %v", count, r.Count)
	}
	return nil
}

func (r *odataResponse) eachRow(fn func(map[string]any) error) error {
	for _, row := range r.Value {
		if err := fn(row); err != nil {
			return err
		}
	}
	return nil
}

// searchHits checks that every row matches the term in name or e-mail, and that the count is
// consistent with the page.
func (r *odataResponse) searchHits(term string, fold bool) error {
	if r.Count == nil || *r.Count < int64(len(r.Value)) || len(r.Value) > 25 {
		return fmt.Errorf("count %v inconsistent with %d rows", r.Count, len(r.Value))
	}
	if *r.Count == 0 {
		return fmt.Errorf("term %q found nothing", term)
	}
	return r.eachRow(func(row map[string]any) error {
		name, _ := row["name"].(string)
		email, _ := row["email"].(string)
		if fold {
			name, email, term = strings.ToLower(name), strings.ToLower(email), strings.ToLower(term)
		}
		if !strings.Contains(name, term) && !strings.Contains(email, term) {
			return fmt.Errorf("row %v does not contain %q", row["id"], term)
		}
		return nil
	})
}

func fieldIs(row map[string]any, name string, want int) error {
	got, ok := row[name].(json.Number)
	if !ok || got.String() != strconv.Itoa(want) {
		return fmt.Errorf("%s = %v, want %d", name, row[name], want)
	}
	return nil
}

// httpClient issues the OData requests with keep-alive connections, like Salesforce's pool:
// through the lean rawTransport (-client raw) or net/http's client (-client net). With -client
// loop (the default) the timed lookups run in the event loop (eventloop_linux.go) and
// everything else (walks, the nextLink probe, profiles) through rawTransport.
type httpClient struct {
	c    *http.Client
	raw  *rawTransport
	loop bool
	gzip bool
}

// clientKinds are the values of -client.
var clientKinds = []string{"loop", "raw", "net"}

func newHTTPClient(kind string, conns int, gzip bool) *httpClient {
	if kind == "raw" || kind == "loop" {
		return &httpClient{raw: newRawTransport(gzip), loop: kind == "loop", gzip: gzip}
	}
	tr := &http.Transport{MaxIdleConns: conns * 2, MaxIdleConnsPerHost: conns * 2, MaxConnsPerHost: 0,
		IdleConnTimeout: 90 * time.Second, DisableCompression: !gzip}
	return &httpClient{c: &http.Client{Transport: tr, Timeout: 120 * time.Second}, gzip: gzip}
}

// get fetches url into buf (reused) and returns the body; a non-200 status is an error.
func (h *httpClient) get(ctx context.Context, url string, maxPage int, buf *bytes.Buffer) ([]byte, error) {
	if h.raw != nil {
		status, err := h.raw.get(ctx, url, maxPage, buf)
		if err != nil {
			return nil, err
		}
		if status != http.StatusOK {
			return nil, statusError(status, buf.Bytes())
		}
		return buf.Bytes(), nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("OData-MaxVersion", "4.0")
	if maxPage > 0 {
		req.Header.Set("Prefer", "odata.maxpagesize="+strconv.Itoa(maxPage))
	}
	resp, err := h.c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	buf.Reset()
	if _, err := io.Copy(buf, resp.Body); err != nil {
		return nil, fmt.Errorf("reading the response: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, statusError(resp.StatusCode, buf.Bytes())
	}
	return buf.Bytes(), nil
}

// runner is the closed loop of q's timed windows: the event loop with -client loop, a
// goroutine per connection over httpOp otherwise.
func (h *httpClient) runner(base string, q *query) runner {
	if !h.loop {
		return workers(httpOp(h, base, q))
	}
	l, err := newEventLoop(base, q, h.gzip)
	if err != nil {
		return func(_ context.Context, _ int, _, window time.Duration) stats {
			return stats{Window: window, Errors: 1, FirstErr: err.Error()}
		}
	}
	return l.run
}

func statusError(status int, body []byte) error {
	return fmt.Errorf("status %d: %.300s", status, body)
}

func decodeResponse(body []byte) (*odataResponse, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var r odataResponse
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("decoding the response: %w", err)
	}
	return &r, nil
}

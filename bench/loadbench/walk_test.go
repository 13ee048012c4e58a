package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// pagedOrders serves ids 1..total in pages of size, dropping id lose (when > 0) and repeating
// id dup (when > 0), with a nextLink after each page but the last.
func pagedOrders(total, size, lose, dup int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		from, _ := strconv.Atoi(r.URL.Query().Get("from"))
		if from == 0 {
			from = 1
		}
		var b strings.Builder
		b.WriteString(`{"value":[`)
		n := 0
		for id := from; id < from+size && id <= total; id++ {
			for rep := 0; rep < 1+btoi(id == dup); rep++ {
				if id == lose {
					continue
				}
				if n > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, `{"id":%d,"status":"Open"}`, id)
				n++
			}
		}
		b.WriteByte(']')
		if from+size <= total {
			fmt.Fprintf(&b, `,"@odata.nextLink":"http://%s/odata/orders?from=%d"`, r.Host, from+size)
		}
		b.WriteByte('}')
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(b.String()))
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestWalkVerifiesEveryRowOnce(t *testing.T) {
	for _, tc := range []struct {
		name      string
		lose, dup int
		ok        bool
	}{{"complete", 0, 0, true}, {"lost row", 777, 0, false}, {"repeated row", 0, 4242, false}} {
		t.Run(tc.name, func(t *testing.T) {
			ts := httptest.NewServer(pagedOrders(50000, 1000, tc.lose, tc.dup))
			defer ts.Close()
			w := walk(context.Background(), newHTTPClient("raw", 1, false), ts.URL+"/odata", 1000, 1000, 0, 50000)
			if w.OK() != tc.ok {
				t.Fatalf("OK() = %v, want %v: %+v", w.OK(), tc.ok, w)
			}
			if w.Pages != 50 {
				t.Fatalf("%d pages", w.Pages)
			}
			if tc.lose > 0 && w.Missing != 1 || tc.dup > 0 && w.Duplicates != 1 {
				t.Fatalf("missing %d duplicates %d", w.Missing, w.Duplicates)
			}
			if w.FirstPages == 0 || w.LastPages == 0 {
				t.Fatalf("page latencies not measured: %+v", w)
			}
		})
	}
}

func TestWalkStopsOnHTTPError(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":{"code":"x","message":"nope"}}`, http.StatusInternalServerError)
	}))
	defer ts.Close()
	w := walk(context.Background(), newHTTPClient("raw", 1, false), ts.URL, 500, 500, 0, 10)
	if w.OK() || !strings.Contains(w.Err, "status 500") {
		t.Fatalf("walk over a failing server: %+v", w)
	}
}

func TestScanNextLink(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"value":[]}`, ""},
		{`{"value":[{"notes":"@odata.nextLink"}],"@odata.nextLink":"http://h/odata/orders?$select=a\u0026$skiptoken=AQ"}`, "http://h/odata/orders?$select=a&$skiptoken=AQ"},
	} {
		got, err := scanNextLink([]byte(tc.body))
		if err != nil || got != tc.want {
			t.Errorf("scanNextLink(%s) = %q, %v; want %q", tc.body, got, err, tc.want)
		}
	}
	if _, err := scanNextLink([]byte(`{"@odata.nextLink":"unterminated`)); err == nil {
		t.Error("a truncated nextLink must fail")
	}
}

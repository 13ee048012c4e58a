package micro

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/server"
	"github.com/sfconnect/sfconnect/sources"
)

// ordersModel is the load benchmark's orders table (bench/loadbench/dataset.go) as
// introspection serves it.
func ordersModel(tb testing.TB) *schema.Model {
	props := []*schema.Property{
		{Name: "id", Column: "id", Type: schema.EdmInt32},
		{Name: "order_number", Column: "order_number", Type: schema.EdmString, MaxLength: 20},
		{Name: "customer_id", Column: "customer_id", Type: schema.EdmInt32},
		{Name: "status", Column: "status", Type: schema.EdmString, MaxLength: 16},
		{Name: "total_amount", Column: "total_amount", Type: schema.EdmDecimal, Precision: 14, Scale: 2},
		{Name: "currency", Column: "currency", Type: schema.EdmString, MaxLength: 3},
		{Name: "order_date", Column: "order_date", Type: schema.EdmDate},
		{Name: "updated_at", Column: "updated_at", Type: schema.EdmDateTimeOffset},
		{Name: "notes", Column: "notes", Type: schema.EdmString, Nullable: true},
	}
	es := &schema.EntitySet{Name: "orders", Table: schema.TableRef{Name: "orders"}, Properties: props, Key: props[:1]}
	m := &schema.Model{Namespace: "sfconnect", ContainerName: "Container", EntitySets: []*schema.EntitySet{es}}
	if err := m.Index(); err != nil {
		tb.Fatal(err)
	}
	return m
}

// fakeStore translates every read to SQL like the real store (so translation cost counts) and
// then yields synthetic rows instead of asking a database: what is left is sfconnect's own
// per-request work.
type fakeStore struct {
	d    sources.Dialect
	rows int // rows a read yields (before the read's limit)
}

func (f fakeStore) Count(_ context.Context, r *odata.Read) (int64, error) {
	if _, _, err := sources.CountSQL(f.d, r); err != nil {
		return 0, err
	}
	return 1000000, nil
}

func (f fakeStore) Rows(_ context.Context, r *odata.Read, fn func([]odata.Value) error) error {
	if _, _, err := sources.SelectSQL(f.d, r); err != nil {
		return err
	}
	n := f.rows
	if r.Limit > 0 && r.Limit < n {
		n = r.Limit
	}
	row := make([]odata.Value, len(r.Fetch))
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		for c, e := range r.Fetch {
			row[c] = synth(e.Type(), i, day)
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return nil
}

func (fakeStore) Write(context.Context, *odata.Write) ([]odata.Value, error) {
	return nil, fmt.Errorf("read-only")
}

func synth(t schema.EdmType, i int, day time.Time) odata.Value {
	v := odata.Value{Type: t}
	switch t {
	case schema.EdmInt32, schema.EdmInt64:
		v.Int = int64(i + 1)
	case schema.EdmDecimal:
		v.Text = "12345.67"
	case schema.EdmDate:
		v.Time = day
	case schema.EdmDateTimeOffset:
		v.Time = day.Add(time.Duration(i) * time.Second)
	default:
		v.Text = "SO-0900000"
	}
	return v
}

func newOrdersServer(tb testing.TB, rows int) http.Handler {
	cfg := config.Defaults()
	cfg.PublicURL = "http://bench.example"
	cfg.Log.Level = "warn"
	log := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return server.New(cfg, ordersModel(tb), fakeStore{d: benchDialect, rows: rows}, log, []byte("bench-secret")).Handler()
}

// countingWriter is a ResponseWriter that keeps the status and the first bytes of the body
// and counts the rest, so the benchmark measures the server, not a recorder's buffer growth.
type countingWriter struct {
	header http.Header
	code   int
	n      int
	head   []byte
}

func (w *countingWriter) Header() http.Header { return w.header }
func (w *countingWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
func (w *countingWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if len(w.head) < 4096 {
		w.head = append(w.head, b[:min(len(b), 4096-len(w.head))]...)
	}
	w.n += len(b)
	return len(b), nil
}

func serve(tb testing.TB, h http.Handler, target string, header http.Header) *countingWriter {
	return serveRequest(tb, h, newRequest(target, header))
}

// newRequest is a GET of target as the server receives it (RequestURI set).
func newRequest(target string, header http.Header) *http.Request {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	return req
}

// serveRequest serves a shallow copy of req, so a benchmark loop counts the server's work and
// not the parsing of a request it builds (httptest.NewRequest reads it through a 4 KB bufio
// reader). Nothing the server does to a GET changes the shared header or URL.
func serveRequest(tb testing.TB, h http.Handler, req *http.Request) *countingWriter {
	r := new(http.Request)
	*r = *req
	w := &countingWriter{header: http.Header{}}
	h.ServeHTTP(w, r)
	if w.code != http.StatusOK {
		tb.Fatalf("%s: status %d: %s", req.RequestURI, w.code, w.head)
	}
	return w
}

// BenchmarkServerRequest is sfconnect's own CPU per request of the load benchmark's shapes,
// through the whole handler (middleware, parsing, planning, SQL translation, JSON, gzip when
// asked) with the database replaced by synthetic rows. The load benchmark's gap to direct SQL
// is this plus HTTP and the driver.
func BenchmarkServerRequest(b *testing.B) {
	q1 := "/odata/orders?$select=id,order_number,order_date,total_amount&$orderby=order_date%20desc&$top=26&$count=true"
	shapes := []struct {
		name, target string
		rows         int
		header       http.Header
	}{
		{"Q1-listview-26", q1, 26, nil},
		{"Q2-related-10", "/odata/orders?$filter=customer_id%20eq%2042", 10, nil},
		{"Q2-related-10-gzip", "/odata/orders?$filter=customer_id%20eq%2042", 10, http.Header{"Accept-Encoding": {"gzip"}}},
		{"Q4-detail-1", "/odata/orders?$filter=id%20eq%20424242", 1, nil},
		{"Q5f-firstpage-26", "/odata/orders?$select=id,order_number,order_date,total_amount&$orderby=order_date%20desc", 100000,
			http.Header{"Prefer": {"odata.maxpagesize=26"}}},
		{"Q6-page-500", "/odata/orders", 100000, nil},
		{"Q6-page-500-gzip", "/odata/orders", 100000, http.Header{"Accept-Encoding": {"gzip"}}},
	}
	for _, s := range shapes {
		b.Run(s.name, func(b *testing.B) {
			h := newOrdersServer(b, s.rows)
			req := newRequest(s.target, s.header)
			b.ReportAllocs()
			var size int
			for b.Loop() {
				size = serveRequest(b, h, req).n
			}
			b.ReportMetric(float64(size), "bytes/resp")
		})
	}
	b.Run("Q5n-skiptoken-26", func(b *testing.B) {
		h := newOrdersServer(b, 100000)
		first := "/odata/orders?$select=id,order_number,order_date,total_amount&$orderby=order_date%20desc"
		prefer := http.Header{"Prefer": {"odata.maxpagesize=26"}}
		var page struct {
			Next string `json:"@odata.nextLink"`
		}
		if err := json.Unmarshal(serve(b, h, first, prefer).head, &page); err != nil || page.Next == "" {
			b.Fatalf("no nextLink: %v", err)
		}
		req := newRequest(page.Next[len("http://bench.example"):], prefer)
		b.ReportAllocs()
		for b.Loop() {
			serveRequest(b, h, req)
		}
	})
}

package micro

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/server"
)

// wideModel is Salesforce's ceiling: 200 external objects, 15 fields each.
func wideModel(tb testing.TB, sets, props int) *schema.Model {
	types := []schema.EdmType{schema.EdmString, schema.EdmInt32, schema.EdmDecimal,
		schema.EdmDateTimeOffset, schema.EdmBoolean, schema.EdmString, schema.EdmInt64}
	m := &schema.Model{Namespace: "sfconnect", ContainerName: "Container"}
	for s := range sets {
		es := &schema.EntitySet{Name: fmt.Sprintf("Table%03d", s), Table: schema.TableRef{Name: fmt.Sprintf("table_%03d", s)}}
		for i := range props {
			p := &schema.Property{Name: fmt.Sprintf("Column%02d", i), Column: fmt.Sprintf("column_%02d", i),
				Type: types[i%len(types)], Nullable: i > 0, MaxLength: 20 * i, Precision: 18, Scale: 2}
			es.Properties = append(es.Properties, p)
		}
		es.Key = es.Properties[:1]
		m.EntitySets = append(m.EntitySets, es)
	}
	if err := m.Index(); err != nil {
		tb.Fatal(err)
	}
	return m
}

// noStore fails every data call: $metadata must never reach the store.
type noStore struct{}

func (noStore) Count(context.Context, *odata.Read) (int64, error) { return 0, fmt.Errorf("no store") }
func (noStore) Rows(context.Context, *odata.Read, func([]odata.Value) error) error {
	return fmt.Errorf("no store")
}
func (noStore) Write(context.Context, *odata.Write) ([]odata.Value, error) {
	return nil, fmt.Errorf("no store")
}

// BenchmarkMetadataHandler200 is GET /odata/$metadata for 200 sets through the whole server
// handler (middleware, routing, the cached document, gzip when asked): the "under 5 ms from
// cache" target of issue 7.
func BenchmarkMetadataHandler200(b *testing.B) {
	for _, tc := range []struct{ name, accept, encoding string }{
		{"xml", "application/xml", ""}, {"xml-gzip", "application/xml", "gzip"}, {"json", "application/json", ""},
	} {
		b.Run(tc.name, func(b *testing.B) {
			cfg := config.Defaults()
			srv := server.New(cfg, wideModel(b, 200, 15), noStore{}, slog.New(slog.NewTextHandler(io.Discard, nil)), []byte("k"))
			h := srv.Handler()
			target := "/odata/$metadata"
			if tc.accept == "application/json" {
				target += "?$format=json"
			}
			var size int
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, target, nil)
				req.Header.Set("Accept", tc.accept)
				if tc.encoding != "" {
					req.Header.Set("Accept-Encoding", tc.encoding)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body.String())
				}
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/resp")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/op")
		})
	}
}

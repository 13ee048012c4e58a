package odata

import (
	"io"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/schema"
)

// benchOrderPage is a page of rows shaped like the load benchmark's orders table (bench/):
// integers, short strings, a decimal, a date, a timestamp and a mostly-null text.
func benchOrderPage(n int) ([]*schema.Property, [][]Value) {
	props := []*schema.Property{
		{Name: "id", Type: schema.EdmInt32}, {Name: "order_number", Type: schema.EdmString},
		{Name: "customer_id", Type: schema.EdmInt32}, {Name: "status", Type: schema.EdmString},
		{Name: "total_amount", Type: schema.EdmDecimal, Precision: 14, Scale: 2},
		{Name: "currency", Type: schema.EdmString}, {Name: "order_date", Type: schema.EdmDate},
		{Name: "updated_at", Type: schema.EdmDateTimeOffset}, {Name: "notes", Type: schema.EdmString, Nullable: true},
	}
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	rows := make([][]Value, n)
	for i := range rows {
		notes := Value{Type: schema.EdmString, Null: true}
		if i%10 >= 7 {
			notes = Value{Type: schema.EdmString, Text: "Deliver to dock 7, call ahead"}
		}
		rows[i] = []Value{
			{Type: schema.EdmInt32, Int: int64(900000 + i)}, {Type: schema.EdmString, Text: "SO-0900000"},
			{Type: schema.EdmInt32, Int: int64(i * 37 % 100000)}, {Type: schema.EdmString, Text: "Invoiced"},
			{Type: schema.EdmDecimal, Text: "12345.67"}, {Type: schema.EdmString, Text: "EUR"},
			{Type: schema.EdmDate, Time: day}, {Type: schema.EdmDateTimeOffset, Time: day.Add(time.Duration(i) * time.Second)},
			notes,
		}
	}
	return props, rows
}

// BenchmarkCollectionWriterPage writes one server-driven page (500 rows, the default page
// size) of order rows as OData JSON, the per-page cost of a Salesforce walk after the scan.
func BenchmarkCollectionWriterPage(b *testing.B) {
	props, rows := benchOrderPage(500)
	b.ReportAllocs()
	var bytes int64
	for b.Loop() {
		w := NewCollectionWriter(io.Discard, JSONOptions{})
		w.Start("http://localhost/odata/$metadata#orders", -1)
		for _, r := range rows {
			w.Entity(props, r, "")
		}
		if err := w.End("http://localhost/odata/orders?$skiptoken=AQ"); err != nil {
			b.Fatal(err)
		}
		bytes = w.Size()
	}
	b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.SetBytes(bytes)
}

// BenchmarkEntityJSON is one entity, the unit of the page above.
func BenchmarkEntityJSON(b *testing.B) {
	props, rows := benchOrderPage(1)
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		buf = EntityJSON(buf[:0], props, rows[0], "", JSONOptions{})
	}
	b.SetBytes(int64(len(buf)))
}

// BenchmarkAppendStringEscapes covers the escaping path (quotes, control characters, non-ASCII).
func BenchmarkAppendStringEscapes(b *testing.B) {
	s := "Müller & Söhne \"GmbH\"\tZürich\n— Straße 12, 8001"
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendString(buf[:0], s)
	}
	b.SetBytes(int64(len(s)))
}

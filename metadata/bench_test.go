package metadata

import "testing"

// The benchmark model is Salesforce's ceiling: 200 external objects per org, 15 fields each.
func BenchmarkXML200(b *testing.B) {
	m := wideModel(b, 200, 15)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(XML(m))
	}
	b.ReportMetric(float64(n), "bytes/doc")
}

func BenchmarkJSON200(b *testing.B) {
	m := wideModel(b, 200, 15)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(JSON(m))
	}
	b.ReportMetric(float64(n), "bytes/doc")
}

func BenchmarkServiceDocument200(b *testing.B) {
	m := wideModel(b, 200, 15)
	b.ReportAllocs()
	for b.Loop() {
		ServiceDocument(m, "https://erp.example.com/odata/$metadata")
	}
}

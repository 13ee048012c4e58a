package odata

import "testing"

func benchFilter(b *testing.B, text string) {
	set := testSet(b, "Customers")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFilter(set, text, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseFilterSearchShape is the filter Salesforce sends for a search over two fields.
func BenchmarkParseFilterSearchShape(b *testing.B) {
	benchFilter(b, "contains(CompanyName,'Acme') eq true or contains(Phone,'Acme') eq true")
}

// BenchmarkParseFilterRelatedList is the related-list lookup on an 18-character id.
func BenchmarkParseFilterRelatedList(b *testing.B) {
	benchFilter(b, "account_sf_id eq '001xx000003DGb2AAG'")
}

// BenchmarkParseFilterListView is a list-view filter with dates, numbers and a null test.
func BenchmarkParseFilterListView(b *testing.B) {
	benchFilter(b, "Country eq 'USA' and created ge 2015-01-01T00:00:00Z and balance gt 12.5 and City ne null")
}

func BenchmarkParseOrderBy(b *testing.B) {
	set := testSet(b, "Customers")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseOrderBy(set, "City asc,tolower(name) desc,id", DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseSearch(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseSearch("acme corp-x", DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseKey(b *testing.B) {
	set := testSet(b, "OrderLines")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseKey(set, "order_id=1,line_no=7"); err != nil {
			b.Fatal(err)
		}
	}
}

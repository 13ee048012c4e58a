package odata

import (
	"strings"
	"testing"
)

// BenchmarkWorstCase parses inputs at the limits: the cost must stay linear in the text.
func BenchmarkWorstCase(b *testing.B) {
	set := testSet(b, "Customers")
	inputs := map[string]string{
		"long string":  "name eq '" + strings.Repeat("é", 7980) + "'",
		"many terms":   strings.Repeat("id eq 1 or ", 120) + "id eq 1",
		"long in list": "id in (" + strings.Repeat("1,", 999) + "1)",
		"half in list": "id in (" + strings.Repeat("1,", 499) + "1)",
		"deep":         strings.Repeat("(", 49) + "active" + strings.Repeat(")", 49),
	}
	for name, in := range inputs {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseFilter(set, in, DefaultLimits); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("search words", func(b *testing.B) {
		in := strings.Repeat("wörd ", 1590)
		for b.Loop() {
			if _, err := ParseSearch(in, DefaultLimits); err != nil {
				b.Fatal(err)
			}
		}
	})
}

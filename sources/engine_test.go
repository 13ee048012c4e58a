package sources

import (
	"slices"
	"testing"
)

func TestIntrospectOptionsKeep(t *testing.T) {
	tables := []Table{{Name: "orders"}, {Schema: "sales", Name: "orders"}, {Schema: "sales", Name: "leads"}, {Name: "notes"}}
	names := func(ts []Table) []string {
		var out []string
		for i := range ts {
			out = append(out, tableName(&ts[i]))
		}
		return out
	}
	for _, tc := range []struct {
		keep, want []string
	}{
		{nil, []string{"orders", "sales.orders", "sales.leads", "notes"}},
		{[]string{"orders"}, []string{"orders", "sales.orders"}}, // an unqualified name matches in every schema
		{[]string{"sales.orders", "notes"}, []string{"sales.orders", "notes"}},
		{[]string{"missing"}, nil},
	} {
		if got := names(IntrospectOptions{Tables: tc.keep}.Keep(tables)); !slices.Equal(got, tc.want) {
			t.Errorf("Keep(%v) = %v, want %v", tc.keep, got, tc.want)
		}
	}
}

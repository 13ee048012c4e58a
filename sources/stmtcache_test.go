package sources_test

import (
	"context"
	"sync"
	"testing"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// TestStatementCache runs many shapes concurrently through stores with a full, a tiny and a
// disabled statement cache: every answer must equal the unprepared one.
func TestStatementCache(t *testing.T) {
	db, es, _ := openItems(t)
	ctx := context.Background()
	ref := sources.NewStore(db, sqlite.Dialect{})
	ref.SetStatementCache(0)
	ids := func(s *sources.Store, f string) []int64 {
		e, err := odata.ParseFilter(es, f, odata.DefaultLimits)
		if err != nil {
			t.Error(err)
			return nil
		}
		r := readOf(es)
		r.Fetch, r.Filter = r.Fetch[:1], e
		var out []int64
		if err := s.Rows(ctx, r, func(row []odata.Value) error { out = append(out, row[0].Int); return nil }); err != nil {
			t.Error(err)
		}
		return out
	}
	want := map[string][]int64{}
	for _, f := range execFilters[:40] {
		want[f] = ids(ref, f)
	}
	for _, n := range []int{256, 2, 0} {
		s := sources.NewStore(db, sqlite.Dialect{})
		s.SetStatementCache(n)
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, f := range execFilters[:40] {
					if got := ids(s, f); len(got) != len(want[f]) {
						t.Errorf("cache %d, %s: %d rows, want %d", n, f, len(got), len(want[f]))
					}
				}
			}()
		}
		wg.Wait()
	}
}

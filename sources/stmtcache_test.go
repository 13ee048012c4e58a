package sources_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

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

// TestDetachFastReads cancels the request after the first row of a read and looks at what the
// read returns: a cancellable read ends with the context's error, a detached one delivers every
// row. The first execution of a statement, and the slowWatch executions after a slow one, must
// stay cancellable; reads of an already ended request must read nothing.
func TestDetachFastReads(t *testing.T) {
	db, es, rows := openItems(t)
	read := func(s *sources.Store, cancelAfterFirst bool) (int, error) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		r := readOf(es)
		r.Fetch = r.Fetch[:1]
		n := 0
		err := s.Rows(ctx, r, func([]odata.Value) error {
			n++
			if n == 1 && cancelAfterFirst {
				cancel()
				time.Sleep(50 * time.Millisecond) // database/sql's watcher closes the rows meanwhile
			}
			return nil
		})
		return n, err
	}
	defer sources.SetSlowWatch(2)()
	type step struct {
		bound    time.Duration // the fast-read bound for this execution
		detached bool          // whether the read must survive the cancellation
	}
	const fast, slow = time.Hour, time.Nanosecond // every execution is fast, or slow
	cases := []struct {
		name  string
		steps []step
	}{
		{"off", []step{{0, false}, {0, false}, {0, false}}},
		{"fast statement", []step{{fast, false}, {fast, true}, {fast, true}}},
		{"slow statement", []step{{slow, false}, {slow, false}, {slow, false}}},
		{"one slow outlier", []step{{fast, false}, {slow, true}, {fast, false}, {fast, false}, {fast, true}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := sources.NewStore(db, sqlite.Dialect{})
			for i, st := range tc.steps {
				s.DetachFastReads(st.bound)
				n, err := read(s, true)
				if st.detached && (err != nil || n != len(rows)) {
					t.Errorf("execution %d: %d rows, %v; want all %d rows (detached)", i+1, n, err, len(rows))
				}
				if !st.detached && !errors.Is(err, context.Canceled) {
					t.Errorf("execution %d: %d rows, %v; want context.Canceled (cancellable)", i+1, n, err)
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			r := readOf(es)
			r.Fetch = r.Fetch[:1]
			if err := s.Rows(ctx, r, func([]odata.Value) error { t.Error("a row for an ended request"); return nil }); !errors.Is(err, context.Canceled) {
				t.Errorf("ended request: %v, want context.Canceled", err)
			}
		})
	}
}

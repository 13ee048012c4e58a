package sources_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// TestCountCache checks the documented trade-off: within the TTL a count may be stale, after it
// the database is asked again, and two reads share an entry only when their count statement and
// arguments are the same (so row filters of different principals never mix).
func TestCountCache(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Engine{}.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "c.db"), sources.PoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(q string) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, grp VARCHAR(5) NOT NULL)`)
	exec(`INSERT INTO t (grp) VALUES ('a'), ('a'), ('b')`)
	id := &schema.Property{Name: "id", Column: "id", Type: schema.EdmInt64}
	grp := &schema.Property{Name: "grp", Column: "grp", Type: schema.EdmString, MaxLength: 5}
	set := &schema.EntitySet{Name: "T", Table: schema.TableRef{Name: "t"}, Properties: []*schema.Property{id, grp}, Key: []*schema.Property{id}}
	if err := (&schema.Model{EntitySets: []*schema.EntitySet{set}}).Index(); err != nil {
		t.Fatal(err)
	}
	group := func(g string) *odata.Read {
		return &odata.Read{Set: set, Filter: &odata.Binary{Op: odata.OpEq, Left: &odata.PropertyRef{Prop: grp},
			Right: &odata.Literal{Value: odata.StringValue(g)}, T: schema.EdmBoolean}}
	}
	count := func(c *sources.CountCache, r *odata.Read, want int64) {
		t.Helper()
		n, err := c.Count(ctx, r)
		if err != nil || n != want {
			t.Fatalf("count = %d, %v; want %d", n, err, want)
		}
	}
	store := sources.NewStore(db, sqlite.Dialect{})

	long := sources.NewCountCache(store, time.Hour)
	count(long, group("a"), 2)
	count(long, group("b"), 1) // same SQL, other argument: its own entry
	exec(`INSERT INTO t (grp) VALUES ('a')`)
	count(long, group("a"), 2) // stale within the TTL: the trade-off
	count(long, &odata.Read{Set: set}, 4)
	if n, err := store.Count(ctx, group("a")); err != nil || n != 3 {
		t.Fatalf("uncached count = %d, %v; want 3", n, err)
	}

	short := sources.NewCountCache(store, 10*time.Millisecond)
	count(short, group("a"), 3)
	exec(`DELETE FROM t WHERE grp = 'a'`)
	time.Sleep(50 * time.Millisecond) // go-cache reads the wall clock; the margin is 5x the TTL
	count(short, group("a"), 0)
}

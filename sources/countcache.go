package sources

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/patrickmn/go-cache"
	"golang.org/x/sync/singleflight"

	"github.com/sfconnect/sfconnect/odata"
)

// CountCache remembers $count results for a TTL. Keys are the exact count SQL and its bound
// arguments, so two requests share an entry only when the database would run the very same
// statement — row filters of different principals never mix. The trade-off (documented in the
// README): counts can be up to TTL old; list views on large tables stop paying a full count on
// every page. Concurrent misses for one key run the count once.
type CountCache struct {
	store *Store
	cache *cache.Cache
	group singleflight.Group
}

// NewCountCache wraps store's counts with a cache of the given TTL.
func NewCountCache(store *Store, ttl time.Duration) *CountCache {
	return &CountCache{store: store, cache: cache.New(ttl, 2*ttl)}
}

// Count returns a cached count or computes it.
func (c *CountCache) Count(ctx context.Context, r *odata.Read) (int64, error) {
	query, args, err := CountSQL(c.store.d, r)
	if err != nil {
		return 0, err
	}
	key := countKey(query, args)
	if n, ok := c.cache.Get(key); ok {
		return n.(int64), nil
	}
	v, err, _ := c.group.Do(key, func() (any, error) {
		n, err := c.store.count(ctx, r.Set.Name, query, args)
		if err == nil {
			c.cache.SetDefault(key, n)
		}
		return n, err
	})
	if err != nil {
		return 0, err
	}
	return v.(int64), nil
}

// Rows passes through to the store.
func (c *CountCache) Rows(ctx context.Context, r *odata.Read, fn func(row []odata.Value) error) error {
	return c.store.Rows(ctx, r, fn)
}

func countKey(query string, args []any) string {
	var b strings.Builder
	b.WriteString(query)
	for _, a := range args {
		fmt.Fprintf(&b, "\x00%T:%v", a, a)
	}
	return b.String()
}

// Write passes through to the store. Counts may lag a write by up to the TTL: the documented
// trade-off of the cache.
func (c *CountCache) Write(ctx context.Context, w *odata.Write) ([]odata.Value, error) {
	return c.store.Write(ctx, w)
}

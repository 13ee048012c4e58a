package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"sync"
	"time"

	"github.com/sfconnect/sfconnect/config"
)

// basicAuth verifies HTTP Basic credentials against bcrypt/argon2id hashes.
type basicAuth struct {
	users map[string]*basicUser
	dummy *passwordHash
	cache *verifiedCache
}

type basicUser struct {
	cfg  config.User
	hash *passwordHash
}

func newBasic(cfg config.Basic, now func() time.Time) (*basicAuth, error) {
	b := &basicAuth{users: map[string]*basicUser{}}
	for i, u := range cfg.Users {
		h, err := parsePasswordHash(u.PasswordHash)
		if err != nil {
			return nil, fmt.Errorf("auth.basic.users[%d] (%s): %w", i, u.Name, err)
		}
		b.users[u.Name] = &basicUser{cfg: u, hash: h}
		if b.dummy == nil {
			b.dummy = h.dummy()
		}
	}
	ttl := cfg.CacheTTL
	if ttl == 0 {
		ttl = 5 * time.Minute
	}
	if ttl > 0 {
		b.cache = newVerifiedCache(ttl, 4096, now)
	}
	return b, nil
}

// check returns the user for a correct password. An unknown user costs the same as a known
// one: its password is compared against a dummy hash of the same algorithm and cost.
func (b *basicAuth) check(name string, password []byte) (*Principal, string) {
	u, known := b.users[name]
	if known && b.cache != nil && b.cache.has(name, password) {
		return u.principal(), ""
	}
	hash := b.dummy
	if known {
		hash = u.hash
	}
	ok := hash.matches(password)
	switch {
	case !known:
		return nil, "unknown user"
	case !ok:
		return nil, "wrong password"
	}
	if b.cache != nil {
		b.cache.add(name, password)
	}
	return u.principal(), ""
}

func (u *basicUser) principal() *Principal {
	return &Principal{Kind: KindUser, Name: u.cfg.Name, Roles: u.cfg.Roles, Claims: stringClaims(u.cfg.Claims)}
}

// verifiedCache remembers recently verified (user, password) pairs as HMACs under a random
// per-process key: the password itself is never stored, and a pair is only ever found by
// someone who sends the right password.
type verifiedCache struct {
	mu      sync.Mutex
	key     []byte
	ttl     time.Duration
	max     int
	now     func() time.Time
	entries map[[32]byte]time.Time
}

func newVerifiedCache(ttl time.Duration, max int, now func() time.Time) *verifiedCache {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &verifiedCache{key: key, ttl: ttl, max: max, now: now, entries: map[[32]byte]time.Time{}}
}

func (c *verifiedCache) sum(name string, password []byte) [32]byte {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(name))
	m.Write([]byte{0})
	m.Write(password)
	var out [32]byte
	copy(out[:], m.Sum(nil))
	return out
}

func (c *verifiedCache) has(name string, password []byte) bool {
	k := c.sum(name, password)
	c.mu.Lock()
	defer c.mu.Unlock()
	exp, ok := c.entries[k]
	if ok && c.now().After(exp) {
		delete(c.entries, k)
		return false
	}
	return ok
}

func (c *verifiedCache) add(name string, password []byte) {
	k := c.sum(name, password)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		clear(c.entries)
	}
	c.entries[k] = c.now().Add(c.ttl)
}

package sources

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
)

// Open finds the engine for url's scheme among engines and opens the database.
func Open(ctx context.Context, url string, pool PoolOptions, engines ...Engine) (*sqlx.DB, Engine, error) {
	e, err := EngineFor(url, engines...)
	if err != nil {
		return nil, nil, err
	}
	db, err := e.Open(ctx, url, pool)
	if err != nil {
		return nil, nil, fmt.Errorf("opening %s: %w", redact(url), err)
	}
	return db, e, nil
}

// EngineFor finds the engine for url's scheme among engines.
func EngineFor(url string, engines ...Engine) (Engine, error) {
	scheme, _, ok := strings.Cut(url, ":")
	if !ok {
		return nil, fmt.Errorf("database URL %q has no scheme (want postgres://, mysql://, or sqlite:)", redact(url))
	}
	for _, e := range engines {
		for _, s := range e.Schemes() {
			if strings.EqualFold(s, scheme) {
				return e, nil
			}
		}
	}
	return nil, fmt.Errorf("unsupported database URL scheme %q", scheme)
}

// redact hides the password of a URL for logs and messages.
func redact(url string) string {
	scheme, rest, ok := strings.Cut(url, "://")
	if !ok {
		return url
	}
	userinfo, host, ok := strings.Cut(rest, "@")
	if !ok {
		return url
	}
	user, _, hasPass := strings.Cut(userinfo, ":")
	if !hasPass {
		return url
	}
	return scheme + "://" + user + ":***@" + host
}

// Redact hides the password in a database URL.
func Redact(url string) string { return redact(url) }

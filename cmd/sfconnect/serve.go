package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/auth"
	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/demo"
	"github.com/sfconnect/sfconnect/internal/tuning"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/server"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/mysql"
	"github.com/sfconnect/sfconnect/sources/postgres"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// engines are the database engines this binary links.
func engines() []sources.Engine {
	return []sources.Engine{sqlite.Engine{}, postgres.Engine{}, mysql.Engine{}}
}

// loadConfig applies the precedence flag > env > file.
func loadConfig(cf commonFlags, getenv func(string) string) (config.Config, error) {
	path := cf.config
	if path == "" {
		path = getenv(config.EnvPrefix + "CONFIG")
	}
	return config.Load(path, config.Overrides{DB: cf.db, Listen: cf.listen}, getenv)
}

// serve runs the OData service until ctx ends. ready, when not nil, receives the bound address
// (tests listen on :0).
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, ready func(string)) error {
	var cf commonFlags
	fs := newFlagSet("serve", stderr, &cf)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(cf, getenv)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.Log.Level, cfg.Log.Format)
	if cfg.Database.URL == "" {
		if cfg.Database.URL, err = demoURL(ctx, getenv, log); err != nil {
			return err
		}
	}
	if engine, err := sources.EngineFor(cfg.Database.URL, engines()...); err == nil {
		defer tuning.ApplyRuntime(cfg, engine, getenv, log)()
	}
	model, store, closeDB, err := openModel(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	var data server.Store = store
	if cfg.Count.CacheTTL > 0 {
		data = sources.NewCountCache(store, cfg.Count.CacheTTL)
	}
	sec, err := auth.New(ctx, cfg.Auth, model, auth.Options{})
	if err != nil {
		return fmt.Errorf("configuring security: %w", err)
	}
	for _, w := range sec.Warnings {
		log.Warn("SECURITY WARNING: " + w)
	}
	scheme := "http"
	if sec.TLS != nil {
		scheme = "https"
	}
	srv := server.New(cfg, model, data, log, []byte(cfg.Secret), server.WithSecurity(sec))
	return srv.Serve(ctx, cfg.Listen, func(addr string) {
		log.Info("serving", "url", fmt.Sprintf("%s://%s%s", scheme, addr, cfg.ServicePath), "entity_sets", len(model.EntitySets),
			"auth", strings.Join(sec.Authn.Modes(), ","), "access_rules", sec.Policy.Restricted(),
			"database", sources.Redact(cfg.Database.URL))
		if ready != nil {
			ready(addr)
		}
	})
}

// openModel opens the database, introspects it and builds the served model, logging warnings.
func openModel(ctx context.Context, cfg config.Config, log *slog.Logger) (*schema.Model, *sources.Store, func(), error) {
	return openModelWarnings(ctx, cfg, log, nil)
}

// openModelWarnings is openModel that also collects the model warnings when warnings is not nil.
func openModelWarnings(ctx context.Context, cfg config.Config, log *slog.Logger, warnings *[]string) (*schema.Model, *sources.Store, func(), error) {
	pool := sources.PoolOptions{MaxOpenConns: cfg.Database.MaxOpenConns, MaxIdleConns: cfg.Database.MaxIdleConns,
		ConnMaxLifetimeS:   int(cfg.Database.ConnMaxLifetime / time.Second),
		StatementTimeoutMS: int(cfg.Database.StatementTimeout / time.Millisecond)}
	db, engine, err := sources.Open(ctx, cfg.Database.URL, pool, engines()...)
	if err != nil {
		return nil, nil, nil, err
	}
	model, err := buildModel(ctx, db, engine, cfg, log, warnings)
	if err != nil {
		db.Close()
		return nil, nil, nil, err
	}
	store := sources.NewStore(db, engine.Dialect())
	if !cfg.Database.Prepared() {
		store.SetStatementCache(0)
	}
	store.DetachFastReads(tuning.FastReadBound(engine, cfg))
	return model, store, func() { db.Close() }, nil
}

func buildModel(ctx context.Context, db *sqlx.DB, engine sources.Engine, cfg config.Config, log *slog.Logger, collect *[]string) (*schema.Model, error) {
	tables, err := engine.Introspect(ctx, db, sources.IntrospectOptions{Schemas: cfg.Database.Schemas})
	if err != nil {
		return nil, fmt.Errorf("introspecting database: %w", err)
	}
	model, warnings, err := sources.BuildModel(tables, cfg)
	for _, w := range warnings {
		log.Warn(w)
	}
	if collect != nil {
		*collect = append(*collect, warnings...)
	}
	if err != nil {
		return nil, err
	}
	if len(model.EntitySets) == 0 {
		return nil, fmt.Errorf("the database has no table with a primary key to serve")
	}
	return model, nil
}

// demoURL creates the embedded demo database on first run and returns its URL. It lives in
// the user cache directory (SFCONNECT_DEMO_PATH overrides) so `go run` leaves no files behind
// in the working tree.
func demoURL(ctx context.Context, getenv func(string) string, log *slog.Logger) (string, error) {
	path := getenv(config.EnvPrefix + "DEMO_PATH")
	if path == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			dir = os.TempDir()
		}
		path = filepath.Join(dir, "sfconnect", "demo-"+demo.Version+".db")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("creating demo directory: %w", err)
	}
	url := "sqlite:" + path
	db, err := sqlite.Engine{}.Open(ctx, url, sources.PoolOptions{MaxOpenConns: 1})
	if err != nil {
		return "", fmt.Errorf("opening demo database: %w", err)
	}
	defer db.Close()
	start := time.Now()
	created, err := demo.Create(ctx, db)
	if err != nil {
		return "", fmt.Errorf("creating demo database: %w", err)
	}
	if created {
		log.Info("created the demo database", "path", path, "ms", time.Since(start).Milliseconds())
	}
	return url, nil
}

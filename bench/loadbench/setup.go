package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
)

// benchDB is the database the bench creates on the server.
const benchDB = "sfbench"

// prepareDatabase starts (or reuses) PostgreSQL, creates the bench database and the data set
// when missing, and returns the bench database URL and a stop function.
func prepareDatabase(ctx context.Context, o *options) (string, func(), error) {
	adminURL := o.pgURL
	stop := func() {}
	if adminURL == "" {
		logf("starting PostgreSQL 15 in %s on 127.0.0.1:%d", o.dataDir, o.port)
		pg, err := startPostgres(ctx, o.dataDir, o.port)
		if err != nil {
			return "", nil, err
		}
		adminURL = pg.url("postgres")
		stop = func() {
			if o.keepPG {
				logf("leaving PostgreSQL running on port %d (-keep-pg)", o.port)
				return
			}
			if err := pg.stop(); err != nil {
				logf("%v", err)
			}
		}
	}
	dbURL, err := withDatabase(adminURL, benchDB)
	if err == nil {
		err = ensureDatabase(ctx, adminURL, benchDB)
	}
	if err == nil {
		err = ensureDataset(ctx, dbURL)
	}
	if err != nil {
		stop()
		return "", nil, err
	}
	return dbURL, stop, nil
}

func ensureDataset(ctx context.Context, dbURL string) error {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	ready, err := datasetReady(ctx, db)
	if err != nil {
		return err
	}
	if ready {
		logf("data set %s already present", datasetVersion)
		return nil
	}
	logf("creating data set %s", datasetVersion)
	return createDataset(ctx, db, logf)
}

// withDatabase replaces the database name of a postgres URL.
func withDatabase(raw, name string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("parsing the PostgreSQL URL: %w", err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

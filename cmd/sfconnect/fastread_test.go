package main

import (
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/mysql"
	"github.com/sfconnect/sfconnect/sources/postgres"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// TestFastReadBound: reads may run without a cancellation watcher only when the database
// itself ends every read within the request deadline.
func TestFastReadBound(t *testing.T) {
	cases := []struct {
		name      string
		engine    sources.Engine
		url       string
		statement time.Duration
		request   time.Duration
		want      time.Duration
	}{
		{"postgres defaults", postgres.Engine{}, "postgres://u@h/db", 60 * time.Second, 90 * time.Second, fastReads},
		{"postgres, no request deadline", postgres.Engine{}, "postgres://u@h/db", 60 * time.Second, 0, fastReads},
		{"postgres, statement timeout off", postgres.Engine{}, "postgres://u@h/db", 0, 90 * time.Second, 0},
		{"postgres, statement timeout beyond the deadline", postgres.Engine{}, "postgres://u@h/db", 120 * time.Second, 90 * time.Second, 0},
		{"postgres, the URL sets its own", postgres.Engine{}, "postgres://u@h/db?statement_timeout=0", 60 * time.Second, 90 * time.Second, 0},
		{"mariadb defaults", mysql.Engine{}, "mysql://u@h:3306/db", 60 * time.Second, 90 * time.Second, fastReads},
		{"mysql, the URL sets max_execution_time", mysql.Engine{}, "mysql://u@h:3306/db?max_execution_time=0", 60 * time.Second, 90 * time.Second, 0},
		{"mariadb, the URL sets max_statement_time", mysql.Engine{}, "mysql://u@h:3306/db?max_statement_time=0", 60 * time.Second, 90 * time.Second, 0},
		{"sqlite has no statement timeout", sqlite.Engine{}, "sqlite:demo.db", 60 * time.Second, 90 * time.Second, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Defaults()
			cfg.Database.URL, cfg.Database.StatementTimeout, cfg.Limits.RequestTimeout = tc.url, tc.statement, tc.request
			if got := fastReadBound(tc.engine, cfg); got != tc.want {
				t.Errorf("fastReadBound = %v, want %v", got, tc.want)
			}
		})
	}
}

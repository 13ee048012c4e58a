package main

import (
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/postgres"
)

// pgEngine is sfconnect's PostgreSQL engine: the same driver, connection settings and
// dialect the server uses.
func pgEngine() sources.Engine { return postgres.Engine{} }

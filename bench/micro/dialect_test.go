package micro

import "github.com/sfconnect/sfconnect/sources/postgres"

// benchDialect translates the fake store's reads: PostgreSQL, the load benchmark's engine.
var benchDialect = postgres.Dialect{}

package micro

import "github.com/sfconnect/sfconnect/sources/sqlite"

// benchDialect translates the fake store's reads. TEMPORARY: SQLite until sources/postgres
// lands on main; the load benchmark's engine is PostgreSQL.
var benchDialect = sqlite.Dialect{}

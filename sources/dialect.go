package sources

import "github.com/sfconnect/sfconnect/odata"

// Dialect owns every SQL difference between engines: quoting, bind parameters, and the
// expressions the translator emits. Code outside the dialect packages never switches on the
// engine.
type Dialect interface {
	// Name is a short stable name used in golden file names: "sqlite", "postgres", "mysql".
	Name() string
	// QuoteIdent quotes one identifier (table, column, schema name).
	QuoteIdent(name string) string
	// Placeholder returns the bind marker for the n-th argument (1-based): "?" or "$n".
	Placeholder(n int) string
	// Arg converts a typed value into the driver argument the engine compares correctly with
	// columns of v.Type (e.g. SQLite stores timestamps as UTC text).
	Arg(v odata.Value) any
}

// The translator (expr.go) extends this interface with the expression hooks it needs; each
// dialect package implements them in its dialect.go.

package postgres

import (
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

// fixedFuncs are the canonical functions whose PostgreSQL form does not depend on the operand
// types. Strings are indexed by character (char_length, strpos), as OData counts.
var fixedFuncs = map[string]string{
	"length":     "char_length({0})",
	"indexof":    "(strpos({0}, {1}) - 1)",
	"tolower":    "lower({0})",
	"toupper":    "upper({0})",
	"trim":       "trim({0})",
	"concat":     "({0} || {1})",
	"contains":   "(strpos({0}, {1}) > 0)",
	"startswith": "(strpos({0}, {1}) = 1)",
	"endswith":   "(right({0}, char_length({1})) = {1})",
	"now":        "now()",
	"floor":      "floor({0})",
	"ceiling":    "ceiling({0})",
	"date":       "CAST({0} AS date)",
	"time":       "CAST({0} AS time)",
	// Division by zero is NULL (no row matches), as on the other engines, instead of failing
	// the whole request.
	"divby": "(CAST({0} AS numeric) / NULLIF({1}, 0))",
}

// Func implements sources.Dialect. Date and time parts of a timestamptz are its UTC parts:
// every connection runs with TimeZone=UTC.
func (Dialect) Func(name string, args []schema.EdmType) (string, bool) {
	if t, ok := fixedFuncs[name]; ok {
		return t, true
	}
	first := schema.EdmInvalid
	if len(args) > 0 {
		first = args[0]
	}
	switch name {
	case "substring":
		// OData counts from 0 and clamps negative starts and lengths to 0.
		if len(args) == 3 {
			return "substr({0}, greatest({1}, 0) + 1, greatest({2}, 0))", true
		}
		return "substr({0}, greatest({1}, 0) + 1)", true
	case "year", "month", "day", "hour", "minute":
		if !first.IsTemporal() {
			return "", false
		}
		return "CAST(EXTRACT(" + name + " FROM {0}) AS integer)", true
	case "second":
		return "CAST(floor(EXTRACT(second FROM {0})) AS integer)", first.IsTemporal()
	case "fractionalseconds":
		return "(EXTRACT(second FROM {0}) - floor(EXTRACT(second FROM {0})))", first.IsTemporal()
	case "round":
		// round(double precision) rounds half to even; OData rounds half away from zero, as
		// round(numeric) does.
		if first == schema.EdmDouble || first == schema.EdmSingle {
			return "round(CAST({0} AS numeric))", true
		}
		return "round({0})", true
	case "div":
		// integer / integer truncates toward zero, as OData's div does.
		return "({0} / NULLIF({1}, 0))", true
	case "mod":
		if integral(args) {
			return "({0} % NULLIF({1}, 0))", true
		}
		return "mod(CAST({0} AS numeric), CAST(NULLIF({1}, 0) AS numeric))", true
	}
	return "", false
}

func integral(args []schema.EdmType) bool {
	for _, t := range args {
		if !t.IsIntegral() {
			return false
		}
	}
	return len(args) > 0
}

// Compare implements sources.Dialect. Equality is exact under PostgreSQL's deterministic
// collations (equal means byte-equal), so = and IN stay plain and use the column's index;
// order comparisons of strings use COLLATE "C", which is code-point order in UTF-8 (no index
// on a column of another collation can serve them: range filters on text are rare). citext
// columns are the exception: their = folds case (introspection warns).
func (Dialect) Compare(op string, t schema.EdmType) string {
	if op == "IN" {
		return "{0} IN ({1})"
	}
	if t == schema.EdmString && op != "=" && op != "<>" {
		// The casts let enum, inet and other text-served types take the collation.
		return "CAST({0} AS text) " + op + ` CAST({1} AS text) COLLATE "C"`
	}
	return "{0} " + op + " {1}"
}

// Match implements sources.Dialect: LIKE is case-sensitive in PostgreSQL, ILIKE folds case.
// The operand is cast to text so that enum, inet, json and other text-served types can be
// matched too; on text and varchar the cast is a no-op the planner removes, so a prefix LIKE
// can still use a text_pattern_ops (or "C" collation) index. E'\\' is one backslash whatever
// standard_conforming_strings says.
func (Dialect) Match(kind sources.MatchKind, text string, fold bool) (string, string) {
	op := "LIKE"
	if fold {
		op = "ILIKE"
	}
	return "CAST({0} AS text) " + op + ` {1} ESCAPE E'\\'`, wrapPattern(kind, sources.EscapeLike(text))
}

func wrapPattern(kind sources.MatchKind, p string) string {
	switch kind {
	case sources.MatchPrefix:
		return p + "%"
	case sources.MatchSuffix:
		return "%" + p
	}
	return "%" + p + "%"
}

// Bool implements sources.Dialect.
func (Dialect) Bool(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

// NullsLowest implements sources.Dialect: PostgreSQL sorts NULL highest by default. The
// translator asks only for nullable keys, so an index on (col) serves ORDER BY col NULLS FIRST
// only if it was created that way, while NOT NULL keys keep plain ORDER BY col (index scan).
func (Dialect) NullsLowest(desc bool) string {
	if desc {
		return " NULLS LAST"
	}
	return " NULLS FIRST"
}

// LimitOffset implements sources.Dialect.
func (Dialect) LimitOffset(hasLimit, hasOffset bool) string {
	switch {
	case hasLimit && hasOffset:
		return " LIMIT {0} OFFSET {1}"
	case hasLimit:
		return " LIMIT {0}"
	}
	return " OFFSET {1}"
}

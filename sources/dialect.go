package sources

import (
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// Dialect owns every SQL difference between engines: quoting, bind parameters, and the
// expressions the translator emits. Code outside the dialect packages never switches on the
// engine.
//
// Expression hooks return templates: constant SQL text chosen by the dialect in which {0}, {1},
// ... stand for the translated operands (each may appear any number of times, including zero;
// an operand used twice is translated, and its literals bound, twice). Templates never contain
// client text: literals only ever reach the statement as bind arguments. Only "{" followed by
// one digit and "}" is a marker; every other character is copied verbatim.
type Dialect interface {
	// Name is a short stable name used in golden file names: "sqlite", "postgres", "mysql". It
	// also keys the translator's cache of quoted identifiers, so it names one quoting rule.
	Name() string
	// QuoteIdent quotes one identifier (table, column, schema name).
	QuoteIdent(name string) string
	// Placeholder returns the bind marker for the n-th argument (1-based): "?" or "$n".
	Placeholder(n int) string
	// Arg converts a typed value into the driver argument the engine compares correctly with
	// columns of v.Type (e.g. SQLite stores timestamps as UTC text). A null value is nil.
	Arg(v odata.Value) any

	// Func returns the template of a canonical function applied to operands of the given EDM
	// types, or ok=false when the engine cannot evaluate it (the request fails with 501).
	// Names are OData's lower-case canonical names: contains startswith endswith (only when the
	// second operand is not a literal, see Match), length indexof substring tolower toupper
	// trim concat year month day hour minute second fractionalseconds date time now round floor
	// ceiling; plus the operators "div" (integer division when both operands are integral,
	// true division otherwise), "divby" (always non-integer division) and "mod", and "add"/"sub"
	// when an operand is temporal. OData indexes strings from 0 (indexof, substring); SQL from 1:
	// the template does the shift. Results must keep SQL NULL for null operands.
	Func(name string, args []schema.EdmType) (tmpl string, ok bool)

	// Compare returns the template of a $filter comparison {0} op {1} of two operands of type
	// t; op is one of = <> < <= > >=, or IN, where {1} is the comma-separated list of bound
	// items (never empty, never containing NULL) and the template supplies the parentheses.
	// For strings it must be exact: code-point order, case-sensitive, no trailing-space
	// padding, whatever the column's collation, e.g. SQLite "{0} = {1} COLLATE BINARY". Other
	// types usually return "{0} op {1}" and "{0} IN ({1})". Keyset predicates do not use it:
	// they compare with the column's own collation, as ORDER BY sorts.
	Compare(op string, t schema.EdmType) string

	// Match returns the template testing whether the string {0} contains, starts with or ends
	// with text, and the pattern the translator binds as {1}. Escaping of the engine's pattern
	// metacharacters (LIKE % _ \, GLOB * ? [) is the dialect's job, done on text here, in Go.
	// fold=false: case-sensitive ($filter's contains/startswith/endswith); fold=true:
	// case-insensitive ($search). The template may ignore {1} only if it uses no pattern.
	Match(kind MatchKind, text string, fold bool) (tmpl, pattern string)

	// Bool is the SQL constant a Boolean column holds for b ("1"/"0" on SQLite, "TRUE"/"FALSE"
	// on PostgreSQL). It is used for bare Boolean properties in predicates and for Boolean
	// predicates in value position (CASE WHEN ... THEN <true> ...).
	Bool(b bool) string

	// NullsLowest is appended after an ORDER BY key that may be NULL ("" / " NULLS FIRST" /
	// " NULLS LAST") so that NULL sorts lowest on every engine: first ascending, last
	// descending. It is never called for NOT NULL keys: an extra NULLS clause there can stop
	// the planner from using an index.
	NullsLowest(desc bool) string

	// LimitOffset returns the template of the row-limiting clause, with {0} the bound limit
	// and {1} the bound offset; hasLimit/hasOffset say which are present (never both false).
	// The result starts with a space, e.g. " LIMIT {0} OFFSET {1}".
	LimitOffset(hasLimit, hasOffset bool) string
}

// MatchKind is what a string pattern test checks.
type MatchKind uint8

// The pattern tests of contains, startswith and endswith.
const (
	MatchContains MatchKind = iota + 1
	MatchPrefix
	MatchSuffix
)

func (k MatchKind) String() string {
	switch k {
	case MatchContains:
		return "contains"
	case MatchPrefix:
		return "startswith"
	case MatchSuffix:
		return "endswith"
	}
	return "?"
}

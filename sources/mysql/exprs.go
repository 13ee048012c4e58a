package mysql

import (
	"strings"

	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

// MySQL's default collations (utf8mb4_general_ci, utf8mb4_0900_ai_ci, ...) fold case and
// accents, and the PAD SPACE ones ignore trailing spaces in =. OData's string comparisons are
// exact, so the hooks compare bytes of the UTF-8 form: exact(x) is that form. Byte order of
// UTF-8 is code-point order, so < and > are exact too. CONVERT makes latin1 and other
// columns comparable with the utf8mb4 arguments.
func exact(operand string) string { return "CAST(CONVERT(" + operand + " USING utf8mb4) AS BINARY)" }

// inBin is the operand as utf8mb4 with a case-sensitive collation, for LOCATE, which counts
// characters (a binary LOCATE would count bytes).
func inBin(operand string) string {
	return "(CONVERT(" + operand + " USING utf8mb4) COLLATE utf8mb4_bin)"
}

var fixedFuncs = map[string]string{
	"length":     "CHAR_LENGTH({0})",
	"indexof":    "(LOCATE(" + inBin("{1}") + ", " + inBin("{0}") + ") - 1)",
	"tolower":    "LOWER({0})",
	"toupper":    "UPPER({0})",
	"trim":       "TRIM({0})",
	"concat":     "CONCAT({0}, {1})",
	"contains":   "(LOCATE(" + inBin("{1}") + ", " + inBin("{0}") + ") > 0)",
	"startswith": "(LOCATE(" + inBin("{1}") + ", " + inBin("{0}") + ") = 1)",
	"endswith":   "(" + exact("RIGHT({0}, CHAR_LENGTH({1}))") + " = " + exact("{1}") + ")",
	"now":        "UTC_TIMESTAMP(6)",
	"year":       "YEAR({0})",
	"month":      "MONTH({0})",
	"day":        "DAYOFMONTH({0})",
	"hour":       "HOUR({0})",
	"minute":     "MINUTE({0})",
	"second":     "SECOND({0})",
	// fractionalseconds is a decimal fraction of a second.
	"fractionalseconds": "(MICROSECOND({0}) / 1000000)",
	"date":              "DATE({0})",
	"time":              "TIME({0})",
	"floor":             "FLOOR({0})",
	"ceiling":           "CEILING({0})",
	"divby":             "({0} / NULLIF({1}, 0))",
	"mod":               "MOD({0}, NULLIF({1}, 0))",
}

// Func implements sources.Dialect. Date and time parts are UTC parts: DATETIME holds UTC and
// every connection runs with time_zone '+00:00'.
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
		if len(args) == 3 {
			return "SUBSTRING({0}, GREATEST({1}, 0) + 1, GREATEST({2}, 0))", true
		}
		return "SUBSTRING({0}, GREATEST({1}, 0) + 1)", true
	case "round":
		// ROUND of a DOUBLE rounds half to even; of a DECIMAL half away from zero, as OData.
		if first == schema.EdmDouble || first == schema.EdmSingle {
			return "ROUND(CAST({0} AS DECIMAL(65, 30)))", true
		}
		return "ROUND({0})", true
	case "div":
		for _, t := range args {
			if !t.IsIntegral() {
				return "({0} / NULLIF({1}, 0))", true
			}
		}
		return "({0} DIV NULLIF({1}, 0))", true
	}
	return "", false
}

// Compare implements sources.Dialect. String equality keeps a plain {0} = {1} conjunct, which
// the column's index serves (exactly equal strings are equal under any collation), and adds the
// exact byte comparison that removes case, accent and trailing-space matches. Order
// comparisons and <> are byte comparisons only (no index: range filters on text are rare).
func (Dialect) Compare(op string, t schema.EdmType) string {
	if t != schema.EdmString {
		if op == "IN" {
			return "{0} IN ({1})"
		}
		return "{0} " + op + " {1}"
	}
	switch op {
	case "IN":
		// A binary left operand makes every comparison of the list binary.
		return "({0} IN ({1}) AND " + exact("{0}") + " IN ({1}))"
	case "=":
		return "({0} = {1} AND " + exact("{0}") + " = " + exact("{1}") + ")"
	}
	return exact("{0}") + " " + op + " " + exact("{1}")
}

// Match implements sources.Dialect. Case-sensitive tests LIKE the UTF-8 bytes (the pattern's
// only wildcard is %, which matches any bytes, so byte matching is character matching); a
// prefix test also keeps a collation LIKE the column's index can serve. Case-insensitive
// tests ($search) use utf8mb4_general_ci, which also ignores accents. The escape character is
// '!', which means the same with and without NO_BACKSLASH_ESCAPES.
func (Dialect) Match(kind sources.MatchKind, text string, fold bool) (string, string) {
	pattern := wrapPattern(kind, escapeLike(text))
	if fold {
		return "(CONVERT({0} USING utf8mb4) COLLATE utf8mb4_general_ci LIKE {1} ESCAPE '!')", pattern
	}
	bin := exact("{0}") + " LIKE " + exact("{1}") + " ESCAPE '!'"
	if kind == sources.MatchPrefix {
		return "({0} LIKE {1} ESCAPE '!' AND " + bin + ")", pattern
	}
	return "(" + bin + ")", pattern
}

// escapeLike makes LIKE's % and _ (and the escape character !) literal.
func escapeLike(s string) string {
	if !strings.ContainsAny(s, "%_!") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '%' || c == '_' || c == '!' {
			b.WriteByte('!')
		}
		b.WriteByte(s[i])
	}
	return b.String()
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

// Bool implements sources.Dialect (TRUE is 1; a BIT(1) column compares equal to it too).
func (Dialect) Bool(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

// NullsLowest implements sources.Dialect: MySQL already sorts NULL lowest.
func (Dialect) NullsLowest(bool) string { return "" }

// LimitOffset implements sources.Dialect; MySQL has no OFFSET without LIMIT.
func (Dialect) LimitOffset(hasLimit, hasOffset bool) string {
	switch {
	case hasLimit && hasOffset:
		return " LIMIT {0} OFFSET {1}"
	case hasLimit:
		return " LIMIT {0}"
	}
	return " LIMIT 18446744073709551615 OFFSET {1}"
}

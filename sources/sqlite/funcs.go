package sqlite

import "github.com/sfconnect/sfconnect/schema"

// Date and time parts are read by position from the fixed-width text forms: Date
// 'YYYY-MM-DD', DateTimeOffset 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (UTC), TimeOfDay
// 'HH:MM:SS[.ffffff]'. That is exact and cheaper than strftime, and parts of a DateTimeOffset
// are its UTC parts, as it is served with offset Z.
var partAt = map[string][2]int{ // start in a DateTimeOffset, length
	"year": {1, 4}, "month": {6, 2}, "day": {9, 2}, "hour": {12, 2}, "minute": {15, 2}, "second": {18, 2},
}

func part(name string, t schema.EdmType) (string, bool) {
	at, ok := partAt[name]
	if !ok {
		return "", false
	}
	start := at[0]
	switch t {
	case schema.EdmDate:
		if start > 10 {
			return "", false
		}
	case schema.EdmTimeOfDay:
		if start < 12 {
			return "", false
		}
		start -= 11
	case schema.EdmDateTimeOffset:
	default:
		return "", false
	}
	return "CAST(substr({0}, " + itoa(start) + ", " + itoa(at[1]) + ") AS INTEGER)", true
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

var fixedFuncs = map[string]string{
	"length":     "length({0})",
	"indexof":    "(instr({0}, {1}) - 1)",
	"tolower":    "lower({0})",
	"toupper":    "upper({0})",
	"trim":       "trim({0})",
	"concat":     "({0} || {1})",
	"contains":   "(instr({0}, {1}) > 0)",
	"startswith": "(substr({0}, 1, length({1})) = {1} COLLATE BINARY)",
	// A start at or below 0 can only yield a shorter string, never a match.
	"endswith": "(substr({0}, length({0}) - length({1}) + 1) = {1} COLLATE BINARY)",
	"now":      "strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')",
	"round":    "round({0})",
	"floor":    "floor({0})",
	"ceiling":  "ceiling({0})",
	"divby":    "(CAST({0} AS REAL) / {1})",
}

// Func implements sources.Dialect.
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
		// OData counts from 0 and clamps negative starts and lengths to 0; substr counts from 1
		// and reads negative values from the right.
		if len(args) == 3 {
			return "substr({0}, max({1}, 0) + 1, max({2}, 0))", true
		}
		return "substr({0}, max({1}, 0) + 1)", true
	case "year", "month", "day", "hour", "minute", "second":
		return part(name, first)
	case "fractionalseconds":
		switch first {
		case schema.EdmDateTimeOffset:
			return "CAST(substr({0}, 20, 7) AS REAL)", true
		case schema.EdmTimeOfDay:
			return "CAST(substr({0}, 9, 7) AS REAL)", true
		}
	case "date":
		if first == schema.EdmDateTimeOffset {
			return "substr({0}, 1, 10)", true
		}
	case "time":
		if first == schema.EdmDateTimeOffset {
			return "substr({0}, 12, 15)", true
		}
	case "div":
		if integral(args) {
			return "({0} / {1})", true
		}
		return "(CAST({0} AS REAL) / {1})", true
	case "mod":
		if integral(args) {
			return "({0} % {1})", true
		}
		return "mod({0}, {1})", true
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

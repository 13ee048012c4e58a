package odata

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sfconnect/sfconnect/schema"
)

const guidType = schema.EdmGuid

var (
	posInf = math.Inf(1)
	negInf = math.Inf(-1)
	nan    = math.NaN()
)

// posError is the one shape of a client error inside an option: "$filter: <problem> (at
// position N)", with the option as Target.
func posError(code, option string, pos int, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return BadRequest(code, "%s: %s (at position %d)", option, msg, pos).WithTarget(option)
}

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// matchGUID reports whether s[i:] starts with 8-4-4-4-12 hex digits not followed by an
// identifier character, and returns the end.
func matchGUID(s string, i int) (int, bool) {
	groups := [...]int{8, 4, 4, 4, 12}
	j := i
	for g, n := range groups {
		if g > 0 {
			if j >= len(s) || s[j] != '-' {
				return 0, false
			}
			j++
		}
		for k := 0; k < n; k++ {
			if j >= len(s) || !isHex(s[j]) {
				return 0, false
			}
			j++
		}
	}
	if j < len(s) && (isHex(s[j]) || s[j] == '_' || (s[j] >= 'g' && s[j] <= 'z') || (s[j] >= 'G' && s[j] <= 'Z')) {
		return 0, false
	}
	return j, true
}

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// matchTemporal reports whether s[i:] has the shape of a date ("2012-09-03", optionally
// followed by "T" and a time and offset) or a TimeOfDay ("11:22[:33[.4]]"), and returns the end
// of that shape. parseTemporal checks the ranges.
func matchTemporal(s string, i int) (int, bool) {
	j := i
	if j < len(s) && s[j] == '-' {
		j++
	}
	d := digitsEnd(s, j)
	switch {
	case d-j >= 4 && d+5 < len(s) && s[d] == '-' && isDigit(s[d+1]) && isDigit(s[d+2]) && s[d+3] == '-' &&
		isDigit(s[d+4]) && isDigit(s[d+5]):
		j = d + 6
		if j < len(s) && (s[j] == 'T' || s[j] == 't') && j+1 < len(s) && isDigit(s[j+1]) {
			j = clockEnd(s, j+1)
			if j < len(s) && (s[j] == 'Z' || s[j] == 'z') {
				j++
			} else if j < len(s) && (s[j] == '+' || s[j] == '-') && j+1 < len(s) && isDigit(s[j+1]) {
				j = clockEnd(s, j+1)
			}
		}
		return j, true
	case j == i && d-j == 2 && d+2 < len(s) && s[d] == ':' && isDigit(s[d+1]) && isDigit(s[d+2]):
		return clockEnd(s, i), true
	}
	return 0, false
}

// clockEnd extends over digits, colons and a decimal point.
func clockEnd(s string, i int) int {
	for i < len(s) && (isDigit(s[i]) || s[i] == ':' || s[i] == '.') {
		i++
	}
	return i
}

// parseTemporal converts a matched temporal shape into a Date, DateTimeOffset or TimeOfDay.
func parseTemporal(text string) (Value, bool) {
	if strings.ContainsAny(text, "Tt") {
		return parseDateTimeOffset(text, true)
	}
	if strings.Contains(text[1:], "-") {
		t, ok := parseDate(text)
		return TimeValue(schema.EdmDate, t), ok
	}
	return parseTimeOfDay(text)
}

// parseDate parses [-]YYYY[Y…]-MM-DD into midnight UTC.
func parseDate(text string) (time.Time, bool) {
	neg := strings.HasPrefix(text, "-")
	body := strings.TrimPrefix(text, "-")
	ys, rest, ok := strings.Cut(body, "-")
	if !ok || len(ys) < 4 || (len(ys) > 4 && ys[0] == '0') || len(ys) > 9 || len(rest) != 5 || rest[2] != '-' {
		return time.Time{}, false
	}
	y, err1 := strconv.Atoi(ys)
	m, err2 := strconv.Atoi(rest[:2])
	d, err3 := strconv.Atoi(rest[3:])
	if err1 != nil || err2 != nil || err3 != nil || !allDigits(ys+rest[:2]+rest[3:]) {
		return time.Time{}, false
	}
	if neg {
		y = -y
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// clock is a parsed hh:mm[:ss[.frac]].
type clock struct {
	h, m, s int
	frac    string // fractional digits as written, "" when absent
}

func parseClock(text string) (clock, bool) {
	var c clock
	main, frac, hasFrac := strings.Cut(text, ".")
	parts := strings.Split(main, ":")
	if len(parts) < 2 || len(parts) > 3 || (hasFrac && len(parts) != 3) {
		return c, false
	}
	vals := make([]int, 3)
	for i, p := range parts {
		if len(p) != 2 || !allDigits(p) {
			return c, false
		}
		vals[i], _ = strconv.Atoi(p)
	}
	c.h, c.m, c.s = vals[0], vals[1], vals[2]
	if hasFrac {
		if !allDigits(frac) || len(frac) > 12 {
			return c, false
		}
		c.frac = frac
	}
	return c, c.h <= 23 && c.m <= 59 && c.s <= 60
}

func (c clock) nanos() int {
	f := c.frac
	if len(f) > 9 {
		f = f[:9]
	}
	n, _ := strconv.Atoi((f + "000000000")[:9])
	return n
}

// parseTimeOfDay parses hh:mm[:ss[.fffffff]] into its canonical text hh:mm:ss[.f…].
func parseTimeOfDay(text string) (Value, bool) {
	c, ok := parseClock(text)
	if !ok || c.s == 60 {
		return Value{}, false
	}
	out := fmt.Sprintf("%02d:%02d:%02d", c.h, c.m, c.s)
	if c.frac != "" {
		out += "." + c.frac
	}
	return Value{Type: schema.EdmTimeOfDay, Text: out}, true
}

// parseDateTimeOffset parses date "T" time [Z | ±hh:mm]. A missing offset (2.0 datetime'…',
// and clients that omit it) means UTC when allowNoOffset.
func parseDateTimeOffset(text string, allowNoOffset bool) (Value, bool) {
	ti := strings.IndexAny(text, "Tt")
	if ti < 0 {
		return Value{}, false
	}
	date, ok := parseDate(text[:ti])
	if !ok {
		return Value{}, false
	}
	rest := text[ti+1:]
	loc := time.UTC
	switch {
	case strings.HasSuffix(rest, "Z") || strings.HasSuffix(rest, "z"):
		rest = rest[:len(rest)-1]
	case len(rest) > 6 && (rest[len(rest)-6] == '+' || rest[len(rest)-6] == '-'):
		off := rest[len(rest)-6:]
		oc, ok := parseClock(off[1:])
		if !ok || len(off) != 6 || oc.s != 0 {
			return Value{}, false
		}
		secs := oc.h*3600 + oc.m*60
		if off[0] == '-' {
			secs = -secs
		}
		loc = time.FixedZone("", secs)
		rest = rest[:len(rest)-6]
	case !allowNoOffset:
		return Value{}, false
	}
	c, ok := parseClock(rest)
	if !ok {
		return Value{}, false
	}
	t := time.Date(date.Year(), date.Month(), date.Day(), c.h, c.m, c.s, c.nanos(), loc)
	return TimeValue(schema.EdmDateTimeOffset, t), true
}

// parseDuration checks an ISO 8601 day-time duration, [-]P[nD][T[nH][nM][n[.n]S]], and keeps
// its text.
func parseDuration(text string) (Value, bool) {
	s := strings.TrimPrefix(text, "-")
	if !strings.HasPrefix(s, "P") || len(s) < 2 {
		return Value{}, false
	}
	s = s[1:]
	datePart, timePart, hasT := strings.Cut(s, "T")
	if hasT && timePart == "" {
		return Value{}, false
	}
	if datePart != "" && (!strings.HasSuffix(datePart, "D") || !allDigits(datePart[:len(datePart)-1])) {
		return Value{}, false
	}
	for _, unit := range []string{"H", "M", "S"} {
		if timePart == "" {
			break
		}
		n, rest, ok := strings.Cut(timePart, unit)
		if !ok {
			continue
		}
		whole, frac, hasFrac := strings.Cut(n, ".")
		if !allDigits(whole) || (hasFrac && (unit != "S" || !allDigits(frac))) {
			return Value{}, false
		}
		timePart = rest
	}
	if timePart != "" {
		return Value{}, false
	}
	return Value{Type: schema.EdmDuration, Text: text}, true
}

// parseBinary decodes base64url (the 4.0 form) or standard base64, padding optional.
func parseBinary(text string) (Value, bool) {
	t := strings.TrimRight(text, "=")
	b, err := base64.RawURLEncoding.DecodeString(t)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(t); err != nil {
			return Value{}, false
		}
	}
	return Value{Type: schema.EdmBinary, Text: string(b)}, true
}

// numberEnd returns the end of [sign] digits [. digits] [e [sign] digits] [suffix].
func numberEnd(s string, i int) int {
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	i = digitsEnd(s, i)
	if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		i = digitsEnd(s, i+1)
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			i = digitsEnd(s, j)
		}
	}
	if i < len(s) && strings.IndexByte("LlMmDdFf", s[i]) >= 0 {
		i++
	}
	return i
}

// parseNumber converts a number token into Int32, Int64, Decimal, Double or Single. The 2.0
// suffixes L (Int64), M (Decimal), D (Double) and F (Single) force the type; otherwise an
// integer is Int32 when it fits, then Int64, then Decimal; a fraction without exponent is
// Decimal (exact); an exponent makes a Double. The error is a message fragment.
func parseNumber(text string) (Value, string) {
	body, suffix := text, byte(0)
	if last := text[len(text)-1]; !isDigit(last) {
		body, suffix = text[:len(text)-1], last|0x20 // lower case
	}
	mant, exp, hasExp := strings.Cut(strings.ToLower(body), "e")
	intPart, frac, hasDot := strings.Cut(mant, ".")
	integral := !hasDot && !hasExp
	switch suffix {
	case 'l':
		if !integral {
			return Value{}, "is not an integer"
		}
		n, err := strconv.ParseInt(body, 10, 64)
		if err != nil {
			return Value{}, "is out of range for Edm.Int64"
		}
		return IntValue(schema.EdmInt64, n), ""
	case 'm':
		return decimalLiteral(intPart, frac, exp)
	case 'd', 'f':
		f, err := strconv.ParseFloat(body, 64)
		if err != nil {
			return Value{}, "is out of range"
		}
		if suffix == 'f' {
			return Value{Type: schema.EdmSingle, Float: f}, ""
		}
		return DoubleValue(f), ""
	}
	switch {
	case integral:
		n, err := strconv.ParseInt(body, 10, 64)
		if err != nil {
			return decimalLiteral(intPart, "", "")
		}
		if n >= math.MinInt32 && n <= math.MaxInt32 {
			return IntValue(schema.EdmInt32, n), ""
		}
		return IntValue(schema.EdmInt64, n), ""
	case !hasExp:
		return decimalLiteral(intPart, frac, "")
	}
	f, err := strconv.ParseFloat(body, 64)
	if err != nil {
		return Value{}, "is out of range for Edm.Double"
	}
	return DoubleValue(f), ""
}

// decimalLiteral builds the canonical text of a decimal: no "+", no leading zeros, no exponent.
func decimalLiteral(intPart, frac, exp string) (Value, string) {
	sign := ""
	if strings.HasPrefix(intPart, "-") {
		sign = "-"
	}
	intPart = strings.TrimLeft(intPart, "+-")
	if exp != "" {
		e, err := strconv.Atoi(exp)
		if err != nil || e > 400 || e < -400 {
			return Value{}, "has an exponent out of range for Edm.Decimal"
		}
		digits := intPart + frac
		point := len(intPart) + e
		switch {
		case point <= 0:
			intPart, frac = "0", strings.Repeat("0", -point)+digits
		case point >= len(digits):
			intPart, frac = digits+strings.Repeat("0", point-len(digits)), ""
		default:
			intPart, frac = digits[:point], digits[point:]
		}
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	text := sign + intPart
	if frac != "" {
		text += "." + frac
	}
	if strings.Trim(text, "-0.") == "" {
		text = strings.TrimPrefix(text, "-")
	}
	return DecimalValue(text), ""
}

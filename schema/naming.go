package schema

import (
	"strings"
	"unicode"
)

// MaxEntitySetName is the longest entity set name Salesforce accepts: the external object name
// "<Set>__x" is limited to 40 characters.
const MaxEntitySetName = 38

// Identifier turns a database name into a valid OData SimpleIdentifier that Salesforce also
// accepts: letters, digits and single underscores, starting with a letter, no trailing
// underscore, no "__". The mapping is deterministic so renaming never happens by accident; the
// caller resolves collisions with Unique.
func Identifier(name string) string {
	var b strings.Builder
	lastUnderscore := false
	for _, r := range name {
		ok := r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r))
		switch {
		case ok:
			b.WriteRune(r)
			lastUnderscore = false
		case !lastUnderscore && b.Len() > 0:
			b.WriteByte('_')
			lastUnderscore = true
		}
	}
	id := strings.TrimRight(b.String(), "_")
	if id == "" {
		return "X"
	}
	if c := id[0]; c >= '0' && c <= '9' {
		id = "X" + id
	}
	return id
}

// Unique returns id, or id with the smallest numeric suffix that is not in taken, and marks
// the result taken. Suffixes keep generated names deterministic for a given input order.
func Unique(id string, taken map[string]bool) string {
	candidate := id
	for n := 2; taken[candidate]; n++ {
		candidate = id + itoa(n)
	}
	taken[candidate] = true
	return candidate
}

func itoa(n int) string {
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}

// IsIdentifier reports whether s is a valid OData SimpleIdentifier (ASCII subset).
func IsIdentifier(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i, r := range s {
		letter := r == '_' || (r < 128 && unicode.IsLetter(r))
		if i == 0 && !letter {
			return false
		}
		if !letter && !(r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

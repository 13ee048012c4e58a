package odata

import (
	"strconv"
	"strings"

	"github.com/sfconnect/sfconnect/schema"
)

// ParseKey parses the text between the parentheses of Set(…) into values aligned with
// set.Key: 42, a quoted string (a doubled quote for one), an unquoted GUID, 42L, ID=1 (named even for a single key), and
// composite keys named in any order, a=1,b=2. The text is already percent-decoded. Each value
// must fit its key property's type exactly: no 'quoted' integers, no unquoted text.
func ParseKey(set *schema.EntitySet, text string) ([]Value, error) {
	parts, err := splitKey(set, text)
	if err != nil {
		return nil, err
	}
	out := make([]Value, len(set.Key))
	if parts[0].name == "" {
		if len(set.Key) > 1 {
			return nil, keyError(set, "the key of %s has %d parts; name them: %s", set.Name, len(set.Key), keyTemplate(set))
		}
		if len(parts) > 1 {
			return nil, keyError(set, "%s has a single key %s; got %d values", set.Name, set.Key[0].Name, len(parts))
		}
		v, err := keyValue(set, set.Key[0], parts[0].tok)
		if err != nil {
			return nil, err
		}
		out[0] = v
		return out, nil
	}
	filled := make([]bool, len(set.Key))
	for _, part := range parts {
		i := keyIndex(set, part.name)
		switch {
		case i < 0:
			return nil, keyError(set, "%s is not a key property of %s (key: %s)", truncate(part.name, 40), set.Name, keyTemplate(set))
		case filled[i]:
			return nil, keyError(set, "the key part %s is given twice", part.name)
		}
		v, err := keyValue(set, set.Key[i], part.tok)
		if err != nil {
			return nil, err
		}
		out[i], filled[i] = v, true
	}
	for i, ok := range filled {
		if !ok {
			return nil, keyError(set, "the key of %s needs %s too (key: %s)", set.Name, set.Key[i].Name, keyTemplate(set))
		}
	}
	return out, nil
}

type keyPart struct {
	name string // "" for an unnamed value
	tok  token
}

// splitKey tokenises "v" or "n=v,n=v" with the filter lexer.
func splitKey(set *schema.EntitySet, text string) ([]keyPart, error) {
	if strings.TrimSpace(text) == "" {
		return nil, keyError(set, "the key predicate of %s is empty", set.Name)
	}
	if len(text) > 4000 {
		return nil, keyError(set, "the key predicate of %s is too long", set.Name)
	}
	lx := newLexer(text, "key", "BadKey")
	var parts []keyPart
	for {
		t, err := lx.next()
		if err != nil {
			return nil, keyErr(set, err)
		}
		var part keyPart
		if t.kind == tIdent {
			eq, err := lx.next()
			if err != nil {
				return nil, keyErr(set, err)
			}
			if eq.kind != tEquals {
				return nil, keyError(set, "key values must be literals: quote text as '%s'", truncate(t.text, 40))
			}
			part.name = t.text
			if t, err = lx.next(); err != nil {
				return nil, keyErr(set, err)
			}
		}
		if t.kind != tLit {
			return nil, keyError(set, "expected a key value at position %d", t.pos)
		}
		part.tok = t
		if len(parts) > 0 && (part.name == "") != (parts[0].name == "") {
			return nil, keyError(set, "name every key part or none")
		}
		parts = append(parts, part)
		sep, err := lx.next()
		if err != nil {
			return nil, keyErr(set, err)
		}
		switch sep.kind {
		case tEOF:
			return parts, nil
		case tComma:
		default:
			return nil, keyError(set, "expected ',' or the end of the key at position %d", sep.pos)
		}
		if len(parts) > len(set.Key)+1 {
			return nil, keyError(set, "the key of %s has %d parts; got more", set.Name, len(set.Key))
		}
	}
}

func keyIndex(set *schema.EntitySet, name string) int {
	for i, k := range set.Key {
		if k.Name == name {
			return i
		}
	}
	return -1
}

func keyTemplate(set *schema.EntitySet) string {
	names := make([]string, len(set.Key))
	for i, k := range set.Key {
		names[i] = k.Name + "=…"
	}
	return strings.Join(names, ",")
}

func keyError(set *schema.EntitySet, format string, args ...any) *Error {
	return BadRequest("BadKey", format, args...).WithTarget(set.Name)
}

// keyErr turns a lexer error (which names the option "key") into a key error for set.
func keyErr(set *schema.EntitySet, err error) error {
	if e, ok := AsError(err); ok {
		e.Code, e.Target = "BadKey", set.Name
		e.Message = set.Name + " " + e.Message
	}
	return err
}

// keyValue converts a key literal to the exact type of its property.
func keyValue(set *schema.EntitySet, p *schema.Property, t token) (Value, error) {
	v := t.val
	bad := func() (Value, error) {
		return Value{}, BadRequest("BadKey", "%s is not a valid %s for the key %s of %s", truncate(t.text, 40), p.Type, p.Name, set.Name).WithTarget(p.Name)
	}
	if v.Null {
		return Value{}, BadRequest("BadKey", "the key %s of %s cannot be null", p.Name, set.Name).WithTarget(p.Name)
	}
	switch {
	case v.Type == p.Type:
		return v, nil
	case p.Type.IsIntegral():
		if !v.Type.IsIntegral() || !fitsIntegral(p.Type, v.Int) {
			return bad()
		}
		return IntValue(p.Type, v.Int), nil
	case p.Type == schema.EdmDecimal && v.Type.IsIntegral():
		return DecimalValue(strconv.FormatInt(v.Int, 10)), nil
	case (p.Type == schema.EdmDouble || p.Type == schema.EdmSingle) && v.Type.IsNumeric():
		f, ok := floatOf(v)
		if !ok {
			return bad()
		}
		return Value{Type: p.Type, Float: f}, nil
	case v.Type == schema.EdmString && (p.Type == schema.EdmGuid || p.Type.IsTemporal() || p.Type == schema.EdmDuration):
		if cv, ok := parseAs(v.Text, p.Type); ok {
			return cv, nil
		}
	}
	return bad()
}

func fitsIntegral(t schema.EdmType, n int64) bool {
	lo, hi := int64(-1<<63), int64(1<<63-1)
	switch t {
	case schema.EdmByte:
		lo, hi = 0, 255
	case schema.EdmSByte:
		lo, hi = -128, 127
	case schema.EdmInt16:
		lo, hi = -32768, 32767
	case schema.EdmInt32:
		lo, hi = -1<<31, 1<<31-1
	}
	return n >= lo && n <= hi
}

func floatOf(v Value) (float64, bool) {
	switch {
	case v.Type.IsIntegral():
		return float64(v.Int), true
	case v.Type == schema.EdmDecimal:
		f, err := strconv.ParseFloat(v.Text, 64)
		return f, err == nil
	}
	return v.Float, true
}

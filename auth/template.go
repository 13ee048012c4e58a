package auth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/sfconnect/sfconnect/odata"
)

// maxPlaceholderLen bounds a substituted value: row filters compare short identifiers (an
// email, a region code), and a huge header must not inflate every query.
const maxPlaceholderLen = 256

// filterTemplate is a row-filter expression with placeholders, split once at start into
// literal text and placeholders. A placeholder is replaced by a complete OData literal — a
// quoted string with every quote doubled, or for ":int" a validated integer — so a value can
// never end the literal early and change the expression around it.
type filterTemplate struct {
	src  string
	segs []segment
}

type segment struct {
	text string
	ph   *placeholder
}

type placeholder struct {
	source string // "claim", "header" or "principal"
	name   string // claim name or canonical header name
	asInt  bool
}

func (ph *placeholder) String() string {
	s := ph.source
	if ph.name != "" {
		s += "." + ph.name
	}
	if ph.asInt {
		s += ":int"
	}
	return "{" + s + "}"
}

// compileTemplate splits src. Braces inside string literals are text; outside they delimit
// placeholders. A placeholder written inside quotes ('{claim.x}') is rejected: it would stay
// literal text, and the author surely meant the value (which is quoted already).
func compileTemplate(src string) (*filterTemplate, error) {
	t := &filterTemplate{src: src}
	var text strings.Builder
	inQuote := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\'':
			inQuote = !inQuote // '' inside a literal toggles twice: still inside
			text.WriteByte(c)
		case inQuote:
			if c == '{' {
				if end := strings.IndexByte(src[i:], '}'); end > 0 {
					if _, err := parsePlaceholder(src[i+1 : i+end]); err == nil {
						return nil, fmt.Errorf("placeholder %s is inside quotes; write it bare, it becomes a quoted literal", src[i:i+end+1])
					}
				}
			}
			text.WriteByte(c)
		case c == '}':
			return nil, fmt.Errorf("unmatched } at offset %d", i+1)
		case c == '{':
			end := strings.IndexByte(src[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("unclosed { at offset %d", i+1)
			}
			ph, err := parsePlaceholder(src[i+1 : i+end])
			if err != nil {
				return nil, err
			}
			if text.Len() > 0 {
				t.segs = append(t.segs, segment{text: text.String()})
				text.Reset()
			}
			t.segs = append(t.segs, segment{ph: ph})
			i += end
		default:
			text.WriteByte(c)
		}
	}
	if inQuote {
		return nil, errors.New("unterminated string literal")
	}
	if text.Len() > 0 {
		t.segs = append(t.segs, segment{text: text.String()})
	}
	return t, nil
}

func parsePlaceholder(s string) (*placeholder, error) {
	ph := &placeholder{}
	if base, ok := strings.CutSuffix(s, ":int"); ok {
		s, ph.asInt = base, true
	}
	source, name, _ := strings.Cut(s, ".")
	ph.source = source
	switch {
	case source == "principal" && name == "":
	case source == "claim" && name != "" && isToken(name):
		ph.name = name
	case source == "header" && name != "" && isToken(name):
		ph.name = http.CanonicalHeaderKey(name)
	default:
		return nil, fmt.Errorf("unknown placeholder {%s} (want {claim.NAME}, {header.NAME}, {principal}, optionally with :int)", s)
	}
	return ph, nil
}

// placeholders lists the template's placeholders.
func (t *filterTemplate) placeholders() []*placeholder {
	var out []*placeholder
	for _, s := range t.segs {
		if s.ph != nil {
			out = append(out, s.ph)
		}
	}
	return out
}

// render substitutes every placeholder with value(ph) rendered as a literal.
func (t *filterTemplate) render(value func(*placeholder) (string, error)) (string, error) {
	var b strings.Builder
	for _, s := range t.segs {
		if s.ph == nil {
			b.WriteString(s.text)
			continue
		}
		v, err := value(s.ph)
		if err != nil {
			return "", err
		}
		lit, err := literal(v, s.ph.asInt)
		if err != nil {
			return "", fmt.Errorf("%s: %w", s.ph, err)
		}
		b.WriteString(lit)
	}
	return b.String(), nil
}

// literal renders v as an OData string literal (quotes doubled) or a checked integer.
func literal(v string, asInt bool) (string, error) {
	if len(v) > maxPlaceholderLen {
		return "", fmt.Errorf("value longer than %d bytes", maxPlaceholderLen)
	}
	if !utf8.ValidString(v) || hasControl(v) {
		return "", errors.New("value is not clean UTF-8 text")
	}
	if asInt {
		digits := strings.TrimPrefix(v, "-")
		if digits == "" || len(digits) > 18 || strings.Trim(digits, "0123456789") != "" {
			return "", errors.New("value is not an integer")
		}
		return v, nil
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'", nil
}

// requestValue finds a placeholder's value for principal p and request headers h. Missing,
// repeated or multi-valued inputs are errors: guessing would widen or narrow the filter.
func requestValue(p *Principal, h http.Header) func(*placeholder) (string, error) {
	return func(ph *placeholder) (string, error) {
		switch ph.source {
		case "principal":
			return p.Name, nil
		case "header":
			vals := h.Values(ph.name)
			if len(vals) != 1 || vals[0] == "" {
				return "", fmt.Errorf("needs exactly one non-empty %s header", ph.name)
			}
			return vals[0], nil
		}
		vals := p.claimStrings(ph.name)
		if len(vals) != 1 {
			return "", fmt.Errorf("needs a single-valued claim %s", ph.name)
		}
		return vals[0], nil
	}
}

// dummyValue renders a template for start-time validation: "x" or 0.
func dummyValue(ph *placeholder) (string, error) {
	if ph.asInt {
		return "0", nil
	}
	return "x", nil
}

// forbidden is the 403 a caller gets when its row filter cannot be built.
func forbidden(set string, err error) error {
	return &odata.Error{Status: http.StatusForbidden, Code: "Forbidden",
		Message: fmt.Sprintf("access to %s needs a row filter that cannot be built for this request: %v", set, err), Err: err}
}

package odata

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sfconnect/sfconnect/schema"
)

// tokKind classifies a token of the expression language. Operators such as "eq" and "and" are
// identifiers at this level: whether a word is an operator depends on where the parser meets it.
type tokKind uint8

const (
	tEOF      tokKind = iota
	tIdent            // odataIdentifier, possibly qualified with dots ("geo.distance")
	tLit              // a primitive literal, already converted to a Value
	tLParen           // (
	tRParen           // )
	tComma            // ,
	tSlash            // /
	tColon            // :
	tEquals           // = (key predicates only)
	tMinus            // - not followed by a number
	tLBracket         // [ (JSON array, rejected by the parser)
	tLBrace           // { (JSON object, rejected by the parser)
	tDollar           // $it, $root, $this, $count, ...
	tAlias            // @name: a parameter alias or an annotation
	tStar             // *
)

// token is one lexeme. Pos is the 1-based character (rune) offset in the option text.
type token struct {
	kind  tokKind
	pos   int
	text  string // the source text of the token
	val   Value  // for tLit
	space bool   // whitespace preceded the token
}

// lexer splits decoded option text into tokens on demand. It never allocates per character
// and never looks further than the current token, so its cost is linear in the input.
type lexer struct {
	src     string
	off     int // byte offset of the next unread byte
	runeOff int // rune offset matching off
	option  string
	code    string
}

func newLexer(src, option, code string) *lexer {
	return &lexer{src: src, option: option, code: code}
}

// pos converts a byte offset at or after the lexer's position into a 1-based rune position.
func (lx *lexer) posAt(off int) int {
	return lx.runeOff + utf8.RuneCountInString(lx.src[lx.off:off]) + 1
}

// advance moves the read position to byte offset off.
func (lx *lexer) advance(off int) {
	lx.runeOff += utf8.RuneCountInString(lx.src[lx.off:off])
	lx.off = off
}

func (lx *lexer) errAt(off int, format string, args ...any) *Error {
	return posError(lx.code, lx.option, lx.posAt(off), format, args...)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }

func isIdentPart(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// next returns the next token.
func (lx *lexer) next() (token, error) {
	start := lx.off
	for lx.off < len(lx.src) && isSpace(lx.src[lx.off]) {
		lx.off++
	}
	lx.runeOff += lx.off - start // spaces are ASCII
	space := lx.off > start
	if lx.off >= len(lx.src) {
		return token{kind: tEOF, pos: lx.runeOff + 1, space: space}, nil
	}
	tok, end, err := lx.scan()
	if err != nil {
		return token{}, err
	}
	tok.pos = lx.runeOff + 1
	tok.space = space
	tok.text = lx.src[lx.off:end]
	lx.advance(end)
	return tok, nil
}

// punct maps the one-character tokens (an array, not a map: this is the lexer's hot path).
var punct = [256]tokKind{'(': tLParen, ')': tRParen, ',': tComma, '/': tSlash, ':': tColon,
	'=': tEquals, '[': tLBracket, '{': tLBrace, '*': tStar}

// scan recognises the token at lx.off and returns it with its end offset.
func (lx *lexer) scan() (token, int, error) {
	s, i := lx.src, lx.off
	c := s[i]
	if k := punct[c]; k != tEOF {
		return token{kind: k}, i + 1, nil
	}
	switch {
	case c == '\'':
		v, end, err := lx.scanString(i)
		return token{kind: tLit, val: v}, end, err
	case c == '"':
		return token{}, 0, lx.errAt(i, "strings use single quotes, not double quotes")
	case c == '-' || c == '+':
		if i+1 < len(s) && isDigit(s[i+1]) {
			return lx.scanNumeric(i)
		}
		if c == '-' && strings.HasPrefix(s[i+1:], "INF") && !lx.identContinues(i+4) {
			return token{kind: tLit, val: DoubleValue(negInf)}, i + 4, nil
		}
		if c == '-' {
			return token{kind: tMinus}, i + 1, nil
		}
	case isDigit(c):
		return lx.scanNumeric(i)
	case c == '$' || c == '@':
		end := lx.identEnd(i+1, c == '@')
		if end == i+1 {
			return token{}, 0, lx.errAt(i, "%q must be followed by a name", string(c))
		}
		if c == '$' {
			return token{kind: tDollar}, end, nil
		}
		return token{kind: tAlias}, end, nil
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	if isIdentStart(r) {
		return lx.scanWord(i)
	}
	return token{}, 0, lx.errAt(i, "unexpected character %q", r)
}

// identEnd returns the end of the identifier starting at i; qualified allows dots between
// identifier parts ("Namespace.Name").
func (lx *lexer) identEnd(i int, qualified bool) int {
	s := lx.src
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isIdentPart(r) {
			i += n
			continue
		}
		if qualified && r == '.' && i+1 < len(s) {
			if r2, _ := utf8.DecodeRuneInString(s[i+1:]); isIdentStart(r2) {
				i++
				continue
			}
		}
		break
	}
	return i
}

// identContinues reports whether an identifier character follows at i (so "INFO" is not INF).
func (lx *lexer) identContinues(i int) bool {
	if i >= len(lx.src) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(lx.src[i:])
	return isIdentPart(r)
}

// scanWord reads an identifier, a keyword literal (true, false, null, INF, NaN), a GUID that
// starts with a letter, or a prefixed literal such as datetime'…'.
func (lx *lexer) scanWord(i int) (token, int, error) {
	if end, ok := matchGUID(lx.src, i); ok {
		return token{kind: tLit, val: Value{Type: guidType, Text: strings.ToLower(lx.src[i:end])}}, end, nil
	}
	end := lx.identEnd(i, true)
	word := lx.src[i:end]
	if end < len(lx.src) && lx.src[end] == '\'' {
		return lx.scanPrefixed(i, word, end)
	}
	switch strings.ToLower(word) {
	case "true":
		return token{kind: tLit, val: BoolValue(true)}, end, nil
	case "false":
		return token{kind: tLit, val: BoolValue(false)}, end, nil
	case "null":
		return token{kind: tLit, val: NullValue}, end, nil
	}
	switch word {
	case "INF":
		return token{kind: tLit, val: DoubleValue(posInf)}, end, nil
	case "NaN":
		return token{kind: tLit, val: DoubleValue(nan)}, end, nil
	}
	return token{kind: tIdent}, end, nil
}

// scanPrefixed reads prefix'…' literals: the 4.0 duration'…' and binary'…', the 2.0
// datetime'…', datetimeoffset'…', guid'…', time'…' and X'…'.
func (lx *lexer) scanPrefixed(i int, prefix string, q int) (token, int, error) {
	sv, end, err := lx.scanString(q)
	if err != nil {
		return token{}, 0, err
	}
	body := sv.Text
	bad := func(what string) (token, int, error) {
		return token{}, 0, lx.errAt(i, "%s is not a valid %s literal", truncate(lx.src[i:end], 40), what)
	}
	var v Value
	var ok bool
	switch strings.ToLower(prefix) {
	case "datetime", "datetimeoffset":
		// 2.0 datetime'…' has no offset; 4.0 and 2.0 datetimeoffset'…' do. Both are instants here.
		if v, ok = parseDateTimeOffset(body, true); !ok {
			return bad("date-time")
		}
	case "guid":
		if e, gok := matchGUID(body, 0); !gok || e != len(body) {
			return bad("GUID")
		}
		v = Value{Type: guidType, Text: strings.ToLower(body)}
	case "duration", "time":
		if v, ok = parseDuration(body); !ok {
			return bad("duration")
		}
	case "binary":
		if v, ok = parseBinary(body); !ok {
			return bad("binary")
		}
	case "geography", "geometry":
		return token{}, 0, NotImplemented("%s: geographic literals are not supported", lx.option).WithTarget(lx.option)
	default:
		if strings.Contains(prefix, ".") {
			return token{}, 0, NotImplemented("%s: enumeration literals are not supported", lx.option).WithTarget(lx.option)
		}
		return token{}, 0, lx.errAt(i, "unknown literal prefix %q", truncate(prefix, 40))
	}
	return token{kind: tLit, val: v}, end, nil
}

// scanString reads a single-quoted string starting at the quote at i; a doubled quote stands
// for one quote.
func (lx *lexer) scanString(i int) (Value, int, error) {
	s := lx.src
	var b strings.Builder
	j := i + 1
	for {
		k := strings.IndexByte(s[j:], '\'')
		if k < 0 {
			return Value{}, 0, lx.errAt(i, "the string starting here has no closing quote")
		}
		b.WriteString(s[j : j+k])
		j += k + 1
		if j < len(s) && s[j] == '\'' {
			b.WriteByte('\'')
			j++
			continue
		}
		return StringValue(b.String()), j, nil
	}
}

// scanNumeric reads what starts with a digit or a sign: a GUID, a date, a DateTimeOffset, a
// TimeOfDay or a number.
func (lx *lexer) scanNumeric(i int) (token, int, error) {
	s := lx.src
	if end, ok := matchGUID(s, i); ok {
		return token{kind: tLit, val: Value{Type: guidType, Text: strings.ToLower(s[i:end])}}, end, nil
	}
	if end, ok := matchTemporal(s, i); ok {
		v, vok := parseTemporal(s[i:end])
		if !vok {
			return token{}, 0, lx.errAt(i, "%s is not a valid date or time", truncate(s[i:end], 40))
		}
		if v.Type == schema.EdmDateTimeOffset && lostPlus(s, i, end) {
			return token{}, 0, lx.errAt(i, "a date-time offset needs its '+' sent as %%2B: in a URL a plain '+' is a space")
		}
		return token{kind: tLit, val: v}, end, nil
	}
	end := numberEnd(s, i)
	v, err := parseNumber(s[i:end])
	if err != "" || lx.identContinues(end) || (end < len(s) && s[end] == '.') {
		if err == "" {
			err = "is not a valid number"
		}
		return token{}, 0, lx.errAt(i, "%s %s", truncate(s[i:wordEnd(s, end)], 40), err)
	}
	return token{kind: tLit, val: v}, end, nil
}

// lostPlus reports a DateTimeOffset without offset followed by " hh:mm": the client wrote
// "+hh:mm" unencoded and the query decoding turned the "+" into a space.
func lostPlus(s string, start, end int) bool {
	_, clock, _ := strings.Cut(s[start:end], "T")
	if !strings.ContainsAny(clock, "Zz+-") && end+6 <= len(s) && s[end] == ' ' {
		t := s[end+1 : end+6]
		return isDigit(t[0]) && isDigit(t[1]) && t[2] == ':' && isDigit(t[3]) && isDigit(t[4]) &&
			(end+6 == len(s) || !isDigit(s[end+6]))
	}
	return false
}

// wordEnd extends a bad token to the next delimiter, for messages.
func wordEnd(s string, i int) int {
	for i < len(s) && !isSpace(s[i]) && !strings.ContainsRune("(),", rune(s[i])) {
		i++
	}
	return i
}

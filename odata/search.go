package odata

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseSearch parses $search with Salesforce's phrase semantics and the OData 4.0 operators as
// an extension:
//   - an unquoted run of words (hyphens, apostrophes and other characters included) is ONE
//     phrase, its words joined by single spaces: "acme corp-x" matches the text "acme corp-x";
//   - a double-quoted phrase is taken as written, with \" and \\ escapes;
//   - AND, OR and NOT (upper case only, as the spec says) and parentheses combine phrases;
//     NOT binds tightest, then AND, then OR; a quoted phrase, a parenthesis or NOT next to
//     another term is an implicit AND (two unquoted words never are: they are one phrase).
//
// An empty search, an empty phrase, an unbalanced quote or parenthesis, or a dangling
// operator is a 400.
func ParseSearch(text string, lim Limits) (SearchExpr, error) {
	lim = lim.withDefaults()
	if err := checkLength("$search", "BadSearch", text, lim); err != nil {
		return nil, err
	}
	if phrase, ok := quotedSearch(text); ok {
		return phrase, nil
	}
	p := &searchParser{src: text, lim: lim}
	if err := p.advance(); err != nil {
		return nil, err
	}
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != stEOF {
		return nil, p.errf(p.tok.pos, "unexpected %s", p.tok.describe())
	}
	return e, nil
}

// quotedSearch accepts the 4.01 searchExpr-incomplete form: the whole search is one
// single-quoted OData string (a doubled quote stands for one), taken as one phrase.
func quotedSearch(text string) (*SearchPhrase, bool) {
	t := strings.TrimSpace(text)
	if len(t) < 3 || t[0] != '\'' || t[len(t)-1] != '\'' {
		return nil, false
	}
	lx := newLexer(t, "$search", "BadSearch")
	v, end, err := lx.scanString(0)
	if err != nil || end != len(t) || strings.TrimSpace(v.Text) == "" {
		return nil, false
	}
	return &SearchPhrase{Text: v.Text}, true
}

type searchTokKind uint8

const (
	stEOF searchTokKind = iota
	stWord
	stPhrase
	stLParen
	stRParen
	stAnd
	stOr
	stNot
)

type searchTok struct {
	kind searchTokKind
	pos  int
	text string
}

func (t searchTok) describe() string {
	switch t.kind {
	case stEOF:
		return "end of the search"
	case stRParen:
		return "')'"
	case stLParen:
		return "'('"
	}
	return "'" + truncate(t.text, 30) + "'"
}

type searchParser struct {
	src   string
	off   int
	tok   searchTok
	lim   Limits
	depth int
	nodes int
	// lastOff and lastRunes memoise pos.
	lastOff, lastRunes int
}

func (p *searchParser) errf(pos int, format string, args ...any) *Error {
	return posError("BadSearch", "$search", pos, format, args...)
}

// pos converts a byte offset into a 1-based rune position. Offsets only grow between calls
// (except for a message), so the count resumes from the last call and stays linear.
func (p *searchParser) pos(off int) int {
	if off < p.lastOff {
		p.lastOff, p.lastRunes = 0, 0
	}
	p.lastRunes += utf8.RuneCountInString(p.src[p.lastOff:off])
	p.lastOff = off
	return p.lastRunes + 1
}

// advance reads the next token.
func (p *searchParser) advance() error {
	s := p.src
	for p.off < len(s) {
		n := spaceLen(s, p.off)
		if n == 0 {
			break
		}
		p.off += n
	}
	start := p.off
	if start >= len(s) {
		p.tok = searchTok{kind: stEOF, pos: p.pos(start)}
		return nil
	}
	switch s[start] {
	case '(':
		p.off++
		p.tok = searchTok{kind: stLParen, pos: p.pos(start)}
		return nil
	case ')':
		p.off++
		p.tok = searchTok{kind: stRParen, pos: p.pos(start)}
		return nil
	case '"':
		return p.phrase(start)
	}
	end := start
	for end < len(s) && spaceLen(s, end) == 0 && s[end] != '(' && s[end] != ')' {
		if s[end] == '"' {
			return p.errf(p.pos(end), "a double quote inside a word; quote the whole phrase")
		}
		end++
	}
	p.off = end
	word := s[start:end]
	kind := stWord
	switch word {
	case "AND":
		kind = stAnd
	case "OR":
		kind = stOr
	case "NOT":
		kind = stNot
	}
	p.tok = searchTok{kind: kind, pos: p.pos(start), text: word}
	return nil
}

// phrase reads a double-quoted phrase starting at the quote at start.
func (p *searchParser) phrase(start int) error {
	s := p.src
	var b strings.Builder
	for i := start + 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\'):
			b.WriteByte(s[i+1])
			i++
		case c == '"':
			if i+1 < len(s) && spaceLen(s, i+1) == 0 && s[i+1] != ')' {
				return p.errf(p.pos(i+1), "a quoted phrase must be followed by a space, ')' or the end")
			}
			if strings.TrimSpace(b.String()) == "" {
				return p.errf(p.pos(start), "the quoted phrase is empty")
			}
			p.off = i + 1
			p.tok = searchTok{kind: stPhrase, pos: p.pos(start), text: b.String()}
			return nil
		default:
			b.WriteByte(c)
		}
	}
	return p.errf(p.pos(start), "the phrase starting here has no closing double quote")
}

// spaceLen returns the length of the Unicode white space character at s[i], or 0.
func spaceLen(s string, i int) int {
	if c := s[i]; c < utf8.RuneSelf {
		if unicode.IsSpace(rune(c)) {
			return 1
		}
		return 0
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if unicode.IsSpace(r) {
		return n
	}
	return 0
}

func (p *searchParser) node() error {
	p.nodes++
	if p.nodes > p.lim.MaxNodes {
		return BadRequest("BadSearch", "$search has more than %d terms; the limit is %d", p.lim.MaxNodes, p.lim.MaxNodes).WithTarget("$search")
	}
	return nil
}

func (p *searchParser) enter() error {
	p.depth++
	if p.depth > p.lim.MaxDepth {
		return p.errf(p.tok.pos, "nesting is deeper than the limit of %d", p.lim.MaxDepth)
	}
	return nil
}

func (p *searchParser) parseOr() (SearchExpr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	left, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for p.tok.kind == stOr {
		if err := p.node(); err != nil {
			return nil, err
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		right, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		left = &SearchOr{Left: left, Right: right}
	}
	return left, nil
}

func startsTerm(k searchTokKind) bool {
	return k == stWord || k == stPhrase || k == stLParen || k == stNot
}

func (p *searchParser) parseAnd() (SearchExpr, error) {
	left, err := p.parseNot()
	if err != nil {
		return nil, err
	}
	for p.tok.kind == stAnd || startsTerm(p.tok.kind) {
		if err := p.node(); err != nil {
			return nil, err
		}
		if p.tok.kind == stAnd {
			if err := p.advance(); err != nil {
				return nil, err
			}
		}
		right, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		left = &SearchAnd{Left: left, Right: right}
	}
	return left, nil
}

func (p *searchParser) parseNot() (SearchExpr, error) {
	if p.tok.kind != stNot {
		return p.parsePrimary()
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	if err := p.node(); err != nil {
		return nil, err
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	x, err := p.parseNot()
	if err != nil {
		return nil, err
	}
	return &SearchNot{X: x}, nil
}

func (p *searchParser) parsePrimary() (SearchExpr, error) {
	t := p.tok
	if err := p.node(); err != nil {
		return nil, err
	}
	switch t.kind {
	case stPhrase:
		return &SearchPhrase{Text: t.text}, p.advance()
	case stWord:
		words := []string{t.text}
		if err := p.advance(); err != nil {
			return nil, err
		}
		for p.tok.kind == stWord {
			words = append(words, p.tok.text)
			if err := p.advance(); err != nil {
				return nil, err
			}
		}
		return &SearchPhrase{Text: strings.Join(words, " ")}, nil
	case stLParen:
		if err := p.advance(); err != nil {
			return nil, err
		}
		e, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != stRParen {
			return nil, p.errf(p.tok.pos, "expected ')', found %s", p.tok.describe())
		}
		return e, p.advance()
	case stEOF:
		return nil, p.errf(t.pos, "the search ends where a word or phrase was expected")
	}
	return nil, p.errf(t.pos, "expected a word or phrase, found %s", t.describe())
}

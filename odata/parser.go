package odata

import (
	"strings"
	"unicode/utf8"
)

// The expression parser works in two stages. parse builds an untyped syntax tree (syn) from the
// text alone; bind (bind.go) resolves names against an entity set and checks types. The
// syntax stage alone is what the OASIS ABNF conformance test runs, with no schema at all.

type synKind uint8

const (
	sLit    synKind = iota + 1
	sPath           // a property path: one or more segments separated by "/"
	sCall           // name(args)
	sBinary         // left op right
	sUnary          // not x, -x
	sIn             // x in (list)
)

// syn is a node of the syntax tree. Only the fields of its kind are set.
type syn struct {
	kind  synKind
	pos   int      // 1-based character offset: the operator, the function name, the literal
	val   Value    // sLit
	text  string   // sLit: source text; sCall: name as written
	path  []string // sPath
	name  string   // sCall: lower-case name
	args  []*syn   // sCall arguments; sIn list
	op    BinaryOp // sBinary
	uop   UnaryOp  // sUnary
	x, y  *syn     // sUnary operand; sBinary left and right; sIn tested expression (x)
	paren bool     // sIn: the right side was one parenthesised non-literal expression
}

// parser is a recursive-descent parser with precedence climbing. Every recursion goes through
// enter, so nesting is bounded by Limits.MaxDepth however hostile the input; every node goes
// through newNode, bounded by Limits.MaxNodes.
type parser struct {
	lx     *lexer
	tok    token
	lim    Limits
	depth  int
	nodes  int
	option string
	code   string
}

// withDefaults replaces unset (zero or negative) limits by DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	pick := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	return Limits{
		MaxFilterLength: pick(l.MaxFilterLength, d.MaxFilterLength),
		MaxNodes:        pick(l.MaxNodes, d.MaxNodes),
		MaxDepth:        pick(l.MaxDepth, d.MaxDepth),
		MaxInList:       pick(l.MaxInList, d.MaxInList),
		MaxTop:          pick(l.MaxTop, d.MaxTop),
		MaxSkip:         pick(l.MaxSkip, d.MaxSkip),
	}
}

// checkLength rejects empty and over-long option text before any parsing.
func checkLength(option, code, text string, lim Limits) error {
	if n := utf8.RuneCountInString(text); n > lim.MaxFilterLength {
		return BadRequest(code, "%s is %d characters long; the limit is %d", option, n, lim.MaxFilterLength).WithTarget(option)
	}
	if strings.TrimSpace(text) == "" {
		return BadRequest(code, "%s is empty", option).WithTarget(option)
	}
	return nil
}

func newParser(text, option, code string, lim Limits) (*parser, error) {
	lim = lim.withDefaults()
	if err := checkLength(option, code, text, lim); err != nil {
		return nil, err
	}
	p := &parser{lx: newLexer(text, option, code), lim: lim, option: option, code: code}
	return p, p.advance()
}

func (p *parser) advance() error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) errf(pos int, format string, args ...any) *Error {
	return posError(p.code, p.option, pos, format, args...)
}

func (p *parser) unsupported(format string, args ...any) *Error {
	return NotImplemented(p.option+": "+format, args...).WithTarget(p.option)
}

func (p *parser) newNode(kind synKind, pos int) (*syn, error) {
	p.nodes++
	if p.nodes > p.lim.MaxNodes {
		return nil, BadRequest(p.code, "%s has more than %d terms; the limit is %d", p.option, p.lim.MaxNodes, p.lim.MaxNodes).WithTarget(p.option)
	}
	return &syn{kind: kind, pos: pos}, nil
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > p.lim.MaxDepth {
		return p.errf(p.tok.pos, "nesting is deeper than the limit of %d", p.lim.MaxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// isWord reports whether the current token is the (case-insensitive) word w.
func (p *parser) isWord(w string) bool {
	return p.tok.kind == tIdent && strings.EqualFold(p.tok.text, w)
}

// describe names the current token for messages.
func (p *parser) describe() string {
	if p.tok.kind == tEOF {
		return "the end of the text"
	}
	if strings.HasPrefix(p.tok.text, "'") { // a string literal brings its own quotes
		return truncate(p.tok.text, 30)
	}
	return "'" + truncate(p.tok.text, 30) + "'"
}

func (p *parser) expect(k tokKind, what string) error {
	if p.tok.kind != k {
		return p.errf(p.tok.pos, "expected %s, found %s", what, p.describe())
	}
	return p.advance()
}

// parseWhole parses one complete expression.
func (p *parser) parseWhole() (*syn, error) {
	n, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.errf(p.tok.pos, "unexpected %s after a complete expression", p.describe())
	}
	return n, nil
}

type opWord struct {
	word string
	op   BinaryOp
}

// levels lists the binary operators from the loosest to the tightest (OData 4.01 Part 2,
// operator precedence); all are left-associative.
var levels = [][]opWord{
	{{"or", OpOr}},
	{{"and", OpAnd}},
	{{"eq", OpEq}, {"ne", OpNe}},
	{{"lt", OpLt}, {"le", OpLe}, {"gt", OpGt}, {"ge", OpGe}},
	{{"add", OpAdd}, {"sub", OpSub}},
	{{"mul", OpMul}, {"div", OpDiv}, {"divby", OpDivBy}, {"mod", OpMod}},
}

func (p *parser) parseExpr() (*syn, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	return p.parseLevel(0)
}

func (p *parser) levelOp(l int) (BinaryOp, bool) {
	if p.tok.kind != tIdent {
		return 0, false
	}
	for _, w := range levels[l] {
		if strings.EqualFold(p.tok.text, w.word) {
			return w.op, true
		}
	}
	return 0, false
}

func (p *parser) parseLevel(l int) (*syn, error) {
	if l == len(levels) {
		return p.parseUnary()
	}
	left, err := p.parseLevel(l + 1)
	if err != nil {
		return nil, err
	}
	for {
		op, ok := p.levelOp(l)
		if !ok {
			return left, nil
		}
		n, err := p.newNode(sBinary, p.tok.pos)
		if err != nil {
			return nil, err
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		right, err := p.parseLevel(l + 1)
		if err != nil {
			return nil, err
		}
		n.op, n.x, n.y = op, left, right
		left = n
	}
}

func (p *parser) parseUnary() (*syn, error) {
	var uop UnaryOp
	switch {
	case p.isWord("not"):
		uop = OpNot
	case p.tok.kind == tMinus:
		uop = OpNeg
	default:
		return p.parsePostfix()
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	n, err := p.newNode(sUnary, p.tok.pos)
	if err != nil {
		return nil, err
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if n.x, err = p.parseUnary(); err != nil {
		return nil, err
	}
	n.uop = uop
	return n, nil
}

// parsePostfix handles the primary-level operators "in" and "has".
func (p *parser) parsePostfix() (*syn, error) {
	x, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case p.isWord("in"):
			if x, err = p.parseIn(x); err != nil {
				return nil, err
			}
		case p.isWord("has"):
			return nil, p.unsupported("the has operator is not supported: there are no enumeration types (at position %d)", p.tok.pos)
		default:
			return x, nil
		}
	}
}

func (p *parser) parsePrimary() (*syn, error) {
	t := p.tok
	switch t.kind {
	case tLit:
		n, err := p.newNode(sLit, t.pos)
		if err != nil {
			return nil, err
		}
		n.val, n.text = t.val, t.text
		return n, p.advance()
	case tLParen:
		if err := p.advance(); err != nil {
			return nil, err
		}
		n, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		return n, p.expect(tRParen, "')'")
	case tIdent:
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind == tLParen {
			return p.parseCall(t)
		}
		return p.parsePath(t)
	case tDollar:
		switch t.text {
		case "$it", "$this", "$root":
			return nil, p.unsupported("%s is not supported (at position %d)", t.text, t.pos)
		}
	case tAlias:
		return nil, p.unsupported("parameter aliases and annotations (%s) are not supported (at position %d)", truncate(t.text, 30), t.pos)
	case tLBracket, tLBrace:
		return nil, p.unsupported("JSON arrays and objects are not supported in expressions (at position %d)", t.pos)
	case tEOF:
		return nil, p.errf(t.pos, "the expression ends where a value was expected")
	}
	return nil, p.errf(t.pos, "expected a value, found %s", p.describe())
}

// parsePath reads a property name, and further "/" segments so the binder can name the
// problem (entity types are flat: no navigation or complex properties).
func (p *parser) parsePath(first token) (*syn, error) {
	if strings.Contains(first.text, ".") {
		return nil, p.errf(first.pos, "%s is a qualified name; only functions and type names have dots", truncate(first.text, 40))
	}
	n, err := p.newNode(sPath, first.pos)
	if err != nil {
		return nil, err
	}
	n.path = []string{first.text}
	for p.tok.kind == tSlash {
		if err := p.advance(); err != nil {
			return nil, err
		}
		seg := p.tok
		switch {
		case seg.kind == tDollar && seg.text == "$count":
		case seg.kind == tIdent && !strings.Contains(seg.text, "."):
		case seg.kind == tIdent:
			return nil, p.unsupported("type casts in paths are not supported (at position %d)", seg.pos)
		default:
			return nil, p.errf(seg.pos, "expected a property name after '/', found %s", p.describe())
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind == tLParen {
			return nil, p.unsupported("lambda operators, bound functions and key access in paths are not supported (at position %d)", seg.pos)
		}
		n.path = append(n.path, seg.text)
	}
	return n, nil
}

// parseCall reads name( args ); the current token is the "(".
func (p *parser) parseCall(name token) (*syn, error) {
	lower := strings.ToLower(name.text)
	switch lower {
	case "cast", "isof":
		return nil, p.unsupported("%s is not supported (at position %d)", lower, name.pos)
	case "any", "all":
		return nil, p.errf(name.pos, "%s needs a collection path before it", lower)
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	n, err := p.newNode(sCall, name.pos)
	if err != nil {
		return nil, err
	}
	n.name, n.text = lower, name.text
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tRParen {
		return n, p.advance()
	}
	for {
		arg, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, arg)
		if p.tok.kind != tComma {
			break
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	return n, p.expect(tRParen, "',' or ')' in the arguments of "+truncate(name.text, 30))
}

// isLiteral reports a primitive literal, possibly negated ("- 5").
func isLiteral(n *syn) bool {
	return n.kind == sLit || (n.kind == sUnary && n.uop == OpNeg && n.x.kind == sLit && n.x.val.Type.IsNumeric())
}

// parseIn reads "in ( literal, ... )"; the current token is "in". "x in (expr)" with one
// non-literal expression is the spec's parenthesised expression and is kept apart (paren).
func (p *parser) parseIn(x *syn) (*syn, error) {
	n, err := p.newNode(sIn, p.tok.pos)
	if err != nil {
		return nil, err
	}
	n.x = x
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tLBracket {
		return nil, p.unsupported("JSON arrays are not supported after in; use in (a, b) (at position %d)", p.tok.pos)
	}
	if err := p.expect(tLParen, "'(' after in"); err != nil {
		return nil, err
	}
	if p.tok.kind == tRParen {
		return n, p.advance()
	}
	for {
		itemPos, before := p.tok.pos, p.nodes
		item, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if isLiteral(item) {
			p.nodes = before // list items are bounded by MaxInList, not MaxNodes
		}
		n.args = append(n.args, item)
		if len(n.args) > p.lim.MaxInList {
			return nil, p.errf(n.pos, "the in list has more than %d items; the limit is %d", p.lim.MaxInList, p.lim.MaxInList)
		}
		if p.tok.kind == tRParen && len(n.args) == 1 && !isLiteral(item) {
			n.paren = true
			return n, p.advance()
		}
		if !isLiteral(item) {
			return nil, p.errf(itemPos, "the items of an in list must be literals")
		}
		if p.tok.kind != tComma {
			break
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	return n, p.expect(tRParen, "',' or ')' in the in list")
}

// parseSyntax parses text as one expression without binding it (the OASIS test uses it).
func parseSyntax(text, option, code string, lim Limits) (*syn, error) {
	p, err := newParser(text, option, code, lim)
	if err != nil {
		return nil, err
	}
	return p.parseWhole()
}

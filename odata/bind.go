package odata

import (
	"strconv"
	"strings"
	"time"

	"github.com/sfconnect/sfconnect/schema"
)

// binder turns a syntax tree into the typed AST (ast.go) for one entity set. Its recursion
// follows the syntax tree, whose size Limits.MaxNodes bounds.
type binder struct {
	set    *schema.EntitySet
	option string
	code   string
}

// ParseFilter parses, binds and type-checks a $filter expression against set. Client mistakes
// are *Error values: 400 naming the position and the problem, 501 for valid OData that
// sfconnect does not support.
func ParseFilter(set *schema.EntitySet, text string, lim Limits) (Expr, error) {
	n, err := parseSyntax(text, "$filter", "BadFilter", lim)
	if err != nil {
		return nil, err
	}
	b := &binder{set: set, option: "$filter", code: "BadFilter"}
	e, err := b.bind(n)
	if err != nil {
		return nil, err
	}
	if e.Type() != schema.EdmBoolean {
		return nil, b.errf(e.Pos(), "the filter must be a true/false condition, not %s", typeName(e.Type()))
	}
	return e, nil
}

// ParseOrderBy parses $orderby: comma-separated expressions, each optionally followed by asc or
// desc. Properties and expressions (tolower(name), length(x), year(d), a add b) are allowed.
func ParseOrderBy(set *schema.EntitySet, text string, lim Limits) ([]OrderItem, error) {
	keys, err := parseOrderBySyntax(text, lim)
	if err != nil {
		return nil, err
	}
	b := &binder{set: set, option: "$orderby", code: "BadOrderBy"}
	items := make([]OrderItem, len(keys))
	for i, k := range keys {
		e, err := b.bind(k.n)
		if err != nil {
			return nil, err
		}
		if e.Type() == schema.EdmInvalid {
			return nil, b.errf(e.Pos(), "cannot order by null")
		}
		items[i] = OrderItem{Expr: e, Desc: k.desc}
	}
	return items, nil
}

type orderKey struct {
	n    *syn
	desc bool
}

// parseOrderBySyntax is the syntax stage of ParseOrderBy.
func parseOrderBySyntax(text string, lim Limits) ([]orderKey, error) {
	p, err := newParser(text, "$orderby", "BadOrderBy", lim)
	if err != nil {
		return nil, err
	}
	var keys []orderKey
	for {
		n, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		k := orderKey{n: n}
		if p.isWord("asc") || p.isWord("desc") {
			k.desc = p.isWord("desc")
			if err := p.advance(); err != nil {
				return nil, err
			}
		}
		keys = append(keys, k)
		switch p.tok.kind {
		case tEOF:
			return keys, nil
		case tComma:
			if err := p.advance(); err != nil {
				return nil, err
			}
		default:
			return nil, p.errf(p.tok.pos, "expected asc, desc or a comma, found %s", p.describe())
		}
	}
}

func (b *binder) errf(pos int, format string, args ...any) *Error {
	return posError(b.code, b.option, pos, format, args...)
}

func (b *binder) unsupported(pos int, format string, args ...any) *Error {
	e := NotImplemented(b.option+": "+format, args...).WithTarget(b.option)
	e.Message += " (at position " + strconv.Itoa(pos) + ")"
	return e
}

func typeName(t schema.EdmType) string {
	if t == schema.EdmInvalid {
		return "null"
	}
	return t.String()
}

func (b *binder) bind(n *syn) (Expr, error) {
	switch n.kind {
	case sLit:
		return &Literal{At: n.pos, Value: n.val}, nil
	case sPath:
		return b.bindPath(n)
	case sUnary:
		return b.bindUnary(n)
	case sBinary:
		return b.bindBinary(n)
	case sCall:
		return b.bindCall(n)
	case sIn:
		return b.bindIn(n)
	}
	return nil, b.errf(n.pos, "unexpected expression")
}

func (b *binder) bindPath(n *syn) (Expr, error) {
	name := n.path[0]
	prop, ok := b.set.Property(name)
	if !ok {
		return nil, b.errf(n.pos, "%s has no property %s%s", b.set.Name, truncate(name, 60), suggest(b.set, name)).WithTarget(truncate(name, 60))
	}
	if len(n.path) > 1 {
		return nil, b.errf(n.pos, "%s is a single value; %s/%s is not a valid path", name, name, truncate(n.path[1], 40)).WithTarget(name)
	}
	return &PropertyRef{At: n.pos, Prop: prop}, nil
}

// suggest names a property that differs from name only in case: names are case-sensitive,
// and a hint saves the user a round trip to $metadata.
func suggest(set *schema.EntitySet, name string) string {
	for _, p := range set.Properties {
		if strings.EqualFold(p.Name, name) {
			return "; did you mean " + p.Name + "?"
		}
	}
	return ""
}

func isBoolish(e Expr) bool {
	t := e.Type()
	return t == schema.EdmBoolean || t == schema.EdmInvalid
}

func (b *binder) bindUnary(n *syn) (Expr, error) {
	x, err := b.bind(n.x)
	if err != nil {
		return nil, err
	}
	if n.uop == OpNot {
		if !isBoolish(x) {
			return nil, b.errf(n.pos, "not needs a true/false operand, got %s; write not (a eq b)", typeName(x.Type()))
		}
		return &Unary{At: n.pos, Op: OpNot, X: x}, nil
	}
	t := x.Type()
	switch {
	case t == schema.EdmDuration:
		return nil, b.unsupported(n.pos, "negating a duration is not supported")
	case !t.IsNumeric():
		return nil, b.errf(n.pos, "'-' needs a number, got %s", typeName(t))
	}
	if lit, ok := x.(*Literal); ok && !lit.Value.Null {
		return &Literal{At: n.pos, Value: negate(lit.Value)}, nil
	}
	return &Unary{At: n.pos, Op: OpNeg, X: x}, nil
}

// negate folds "- literal". Negating the smallest Int32 gives an Int64.
func negate(v Value) Value {
	switch {
	case v.Type.IsIntegral():
		if v.Type == schema.EdmInt32 && v.Int == -2147483648 {
			v.Type = schema.EdmInt64
		}
		v.Int = -v.Int
	case v.Type == schema.EdmDecimal:
		if strings.HasPrefix(v.Text, "-") {
			v.Text = v.Text[1:]
		} else if strings.Trim(v.Text, "0.") != "" {
			v.Text = "-" + v.Text
		}
	default:
		v.Float = -v.Float
	}
	return v
}

func (b *binder) bindBinary(n *syn) (Expr, error) {
	l, err := b.bind(n.x)
	if err != nil {
		return nil, err
	}
	r, err := b.bind(n.y)
	if err != nil {
		return nil, err
	}
	switch {
	case n.op == OpAnd || n.op == OpOr:
		for _, e := range []Expr{l, r} {
			if !isBoolish(e) {
				return nil, b.errf(e.Pos(), "%s needs true/false operands, got %s", n.op, typeName(e.Type()))
			}
		}
		return &Binary{At: n.pos, Op: n.op, Left: l, Right: r, T: schema.EdmBoolean}, nil
	case n.op.IsComparison():
		return b.compare(n.pos, n.op, l, r)
	}
	return b.arith(n.pos, n.op, l, r)
}

// arith checks an arithmetic operator and computes its result type: integers stay integers
// (Int64 when either side is Int64, else Int32) except under divby, which gives Decimal;
// Decimal with an integer is Decimal; Single or Double on either side gives Double (Single when
// both are Single).
func (b *binder) arith(pos int, op BinaryOp, l, r Expr) (Expr, error) {
	lt, rt := l.Type(), r.Type()
	for _, e := range []Expr{l, r} {
		t := e.Type()
		switch {
		case t == schema.EdmInvalid || t.IsNumeric():
		case t.IsTemporal() || t == schema.EdmDuration:
			return nil, b.unsupported(e.Pos(), "arithmetic on %s is not supported", t)
		default:
			return nil, b.errf(e.Pos(), "%s needs numbers, got %s", op, typeName(t))
		}
	}
	if lt == schema.EdmInvalid && rt == schema.EdmInvalid {
		return nil, b.errf(pos, "%s needs at least one number, got null and null", op)
	}
	return &Binary{At: pos, Op: op, Left: l, Right: r, T: arithType(op, lt, rt)}, nil
}

func arithType(op BinaryOp, lt, rt schema.EdmType) schema.EdmType {
	if lt == schema.EdmInvalid {
		lt = rt
	}
	if rt == schema.EdmInvalid {
		rt = lt
	}
	switch {
	case lt == schema.EdmSingle && rt == schema.EdmSingle:
		return schema.EdmSingle
	case lt == schema.EdmDouble || rt == schema.EdmDouble || lt == schema.EdmSingle || rt == schema.EdmSingle:
		return schema.EdmDouble
	case lt == schema.EdmDecimal || rt == schema.EdmDecimal || op == OpDivBy:
		return schema.EdmDecimal
	case lt == schema.EdmInt64 || rt == schema.EdmInt64:
		return schema.EdmInt64
	}
	return schema.EdmInt32
}

// mirror is the operator that gives the same result with the operands swapped.
func mirror(op BinaryOp) BinaryOp {
	switch op {
	case OpLt:
		return OpGt
	case OpLe:
		return OpGe
	case OpGt:
		return OpLt
	case OpGe:
		return OpLe
	}
	return op
}

// compare binds a comparison. Literals are converted towards the other side's type where
// clients commonly send another form (see coerce); then both sides must be numbers, or of one
// type, or one of them null.
func (b *binder) compare(pos int, op BinaryOp, l, r Expr) (Expr, error) {
	var err error
	if lit, ok := r.(*Literal); ok {
		if r, op, err = b.coerce(lit, l.Type(), op); err != nil {
			return nil, err
		}
	} else if lit, ok := l.(*Literal); ok {
		var m BinaryOp
		if l, m, err = b.coerce(lit, r.Type(), mirror(op)); err != nil {
			return nil, err
		}
		op = mirror(m)
	}
	if !comparable(l.Type(), r.Type()) {
		return nil, b.errf(pos, "cannot compare %s with %s", typeName(l.Type()), typeName(r.Type()))
	}
	return &Binary{At: pos, Op: op, Left: l, Right: r, T: schema.EdmBoolean}, nil
}

func comparable(a, b schema.EdmType) bool {
	return a == b || a == schema.EdmInvalid || b == schema.EdmInvalid || (a.IsNumeric() && b.IsNumeric())
}

// coerce converts a literal compared with (op) a value of type target, being liberal in what
// Salesforce and other clients send:
//   - a string literal against a Guid, Date, DateTimeOffset, TimeOfDay or Duration is parsed as
//     that type ('P1D' is the 4.0 duration form without prefix);
//   - a Date literal against a DateTimeOffset becomes midnight UTC of that day;
//   - a DateTimeOffset literal against a Date becomes its calendar date in its own offset; when
//     its time of day is not midnight, lt becomes le and ge becomes gt so that the order is
//     still right, and eq/ne compare the date alone.
//
// The literal is otherwise returned as it is, and op unchanged.
func (b *binder) coerce(lit *Literal, target schema.EdmType, op BinaryOp) (Expr, BinaryOp, error) {
	v := lit.Value
	if v.Null || v.Type == target {
		return lit, op, nil
	}
	switch {
	case v.Type == schema.EdmString && (target == schema.EdmGuid || target.IsTemporal() || target == schema.EdmDuration):
		cv, ok := parseAs(v.Text, target)
		if !ok {
			return nil, op, b.errf(lit.At, "'%s' is not a valid %s", truncate(v.Text, 40), target)
		}
		return &Literal{At: lit.At, Value: cv}, op, nil
	case v.Type == schema.EdmDate && target == schema.EdmDateTimeOffset:
		return &Literal{At: lit.At, Value: TimeValue(schema.EdmDateTimeOffset, v.Time)}, op, nil
	case v.Type == schema.EdmDateTimeOffset && target == schema.EdmDate:
		t := v.Time
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
			switch op {
			case OpLt:
				op = OpLe
			case OpGe:
				op = OpGt
			}
		}
		return &Literal{At: lit.At, Value: TimeValue(schema.EdmDate, day)}, op, nil
	}
	return lit, op, nil
}

// parseAs parses string literal text as a value of type t (Guid, temporal or Duration).
func parseAs(text string, t schema.EdmType) (Value, bool) {
	switch t {
	case schema.EdmGuid:
		if end, ok := matchGUID(text, 0); ok && end == len(text) {
			return Value{Type: schema.EdmGuid, Text: strings.ToLower(text)}, true
		}
	case schema.EdmDate:
		d, ok := parseDate(text)
		return TimeValue(schema.EdmDate, d), ok
	case schema.EdmDateTimeOffset:
		return parseDateTimeOffset(text, true)
	case schema.EdmTimeOfDay:
		return parseTimeOfDay(text)
	case schema.EdmDuration:
		return parseDuration(text)
	}
	return Value{}, false
}

// bindIn binds "x in (a, b, ...)". Items are literals (the parser checked), coerced like the
// right side of eq; the untyped null may be among them. An empty list is the constant false;
// "x in (expr)" with one non-literal expression is "x eq expr".
func (b *binder) bindIn(n *syn) (Expr, error) {
	x, err := b.bind(n.x)
	if err != nil {
		return nil, err
	}
	if len(n.args) == 0 {
		return &Literal{At: n.pos, Value: BoolValue(false)}, nil
	}
	if n.paren {
		r, err := b.bind(n.args[0])
		if err != nil {
			return nil, err
		}
		return b.compare(n.pos, OpEq, x, r)
	}
	list := make([]Expr, len(n.args))
	for i, a := range n.args {
		item, err := b.bind(a)
		if err != nil {
			return nil, err
		}
		lit, ok := item.(*Literal)
		if !ok {
			return nil, b.errf(item.Pos(), "the items of an in list must be literals")
		}
		if item, _, err = b.coerce(lit, x.Type(), OpEq); err != nil {
			return nil, err
		}
		if !comparable(x.Type(), item.Type()) {
			return nil, b.errf(item.Pos(), "cannot compare %s with %s in the in list", typeName(x.Type()), typeName(item.Type()))
		}
		list[i] = item
	}
	return &In{At: n.pos, X: x, List: list}, nil
}

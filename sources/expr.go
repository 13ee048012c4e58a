package sources

import (
	"fmt"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// OData's logic is three-valued (true, false, null) like SQL's, but its comparisons are not:
// "a eq 5" is false, never null, when a is null, and "a ne 5" is then true. A plain SQL
// translation goes wrong exactly under negation (SQL's NOT NULL is NULL). So a predicate is
// never translated into one SQL condition and negated; instead cond writes, for a wanted
// outcome, a condition that is SQL TRUE exactly when the OData expression has that outcome
// (FALSE or NULL otherwise). AND and OR are monotone in TRUE, so these conditions compose
// without ever needing a SQL NOT above a comparison:
//
//	T(not x) = F(x)          F(not x) = T(x)          N(not x) = N(x)
//	T(x and y) = T(x) AND T(y)                         F(x and y) = F(x) OR F(y)
//	T(x or y) = T(x) OR T(y)                           F(x or y) = F(x) AND F(y)
//
// Comparisons carry the null rules: "a ne 'x'" becomes (a <> ? OR a IS NULL) only when a may
// be null, so queries on NOT NULL columns stay plain and index-friendly.
type truth uint8

const (
	isTrue truth = iota
	isFalse
	isNull
)

func (t truth) not() truth {
	switch t {
	case isTrue:
		return isFalse
	case isFalse:
		return isTrue
	}
	return isNull
}

const (
	sqlTrue  = "1 = 1"
	sqlFalse = "1 = 0"
)

// predicate writes a condition true exactly for the rows where e is true (row-filter guards
// of writes use it).
func (w *sqlWriter) predicate(e odata.Expr) error {
	if err := w.cond(e, isTrue); err != nil {
		return err
	}
	return w.err
}

// isPredicate reports whether e is a Boolean expression that is not a plain value (a Boolean
// property or literal): those are translated as conditions, never as values.
func isPredicate(e odata.Expr) bool {
	switch e.(type) {
	case *odata.Literal, *odata.PropertyRef:
		return false
	}
	return e.Type() == schema.EdmBoolean
}

func isNullLiteral(e odata.Expr) bool {
	lit, ok := e.(*odata.Literal)
	return ok && lit.Value.Null
}

// mayBeNull is a conservative static nullability of a value expression: false only when the
// value can never be SQL NULL. Division and modulo count as nullable (SQLite answers NULL for a
// zero divisor).
func mayBeNull(e odata.Expr) bool {
	switch e := e.(type) {
	case *odata.Literal:
		return e.Value.Null
	case *odata.PropertyRef:
		return e.Prop.Nullable
	case *odata.Unary:
		return mayBeNull(e.X)
	case *odata.Binary:
		switch e.Op {
		case odata.OpDiv, odata.OpDivBy, odata.OpMod:
			return true
		}
		if e.Op.IsComparison() {
			return false
		}
		return mayBeNull(e.Left) || mayBeNull(e.Right)
	case *odata.Call:
		for _, a := range e.Args {
			if mayBeNull(a) {
				return true
			}
		}
		return false
	case *odata.In:
		return false
	}
	return true
}

// cond writes a condition that is TRUE exactly when e, a Boolean expression, evaluates to want.
func (w *sqlWriter) cond(e odata.Expr, want truth) error {
	switch e := e.(type) {
	case *odata.Literal:
		return w.constCond(e.Value, want)
	case *odata.PropertyRef:
		if e.Prop.Type != schema.EdmBoolean {
			return fmt.Errorf("translating: property %s is not Boolean", e.Prop.Name)
		}
		if want == isNull {
			w.isNull(e, true)
			return nil
		}
		w.ident(e.Prop.Column)
		w.str(" = " + w.d.Bool(want == isTrue))
		return nil
	case *odata.Unary:
		if e.Op != odata.OpNot {
			return fmt.Errorf("translating: unary %d is not Boolean", e.Op)
		}
		return w.cond(e.X, want.not())
	case *odata.Binary:
		switch {
		case e.Op == odata.OpAnd || e.Op == odata.OpOr:
			return w.logical(e, want)
		case e.Op.IsComparison():
			if want == isNull {
				w.str(sqlFalse)
				return nil
			}
			return w.compare(e, want == isFalse)
		}
	case *odata.In:
		if want == isNull {
			w.str(sqlFalse)
			return nil
		}
		return w.in(e, want == isFalse)
	case *odata.Call:
		if e.Type() == schema.EdmBoolean {
			return w.match(e, want)
		}
	}
	return fmt.Errorf("translating: %T of type %s is not a condition", e, e.Type())
}

func (w *sqlWriter) constCond(v odata.Value, want truth) error {
	var holds bool
	switch {
	case v.Null:
		holds = want == isNull
	case v.Type == schema.EdmBoolean:
		holds = (want == isTrue) == v.Bool && want != isNull
	default:
		return fmt.Errorf("translating: literal of type %s is not a condition", v.Type)
	}
	if holds {
		w.str(sqlTrue)
	} else {
		w.str(sqlFalse)
	}
	return nil
}

// predMayBeNull reports whether the Boolean expression e can evaluate to null.
func predMayBeNull(e odata.Expr) bool {
	switch e := e.(type) {
	case *odata.Unary:
		return predMayBeNull(e.X)
	case *odata.Binary:
		if e.Op == odata.OpAnd || e.Op == odata.OpOr {
			return predMayBeNull(e.Left) || predMayBeNull(e.Right)
		}
		return false
	case *odata.In:
		return false
	}
	return mayBeNull(e)
}

// logical writes and/or for the wanted outcome (see the table at the top of this file).
func (w *sqlWriter) logical(e *odata.Binary, want truth) error {
	x, y := e.Left, e.Right
	// For "and", false wins over null; for "or", true does.
	dominant := isFalse
	joinT, joinF := " AND ", " OR "
	if e.Op == odata.OpOr {
		dominant = isTrue
		joinT, joinF = " OR ", " AND "
	}
	switch want {
	case isTrue:
		return w.pair(x, isTrue, joinT, y, isTrue)
	case isFalse:
		return w.pair(x, isFalse, joinF, y, isFalse)
	}
	// Null: one side null and the other null or not dominant.
	other := dominant.not()
	w.str("((")
	if err := w.cond(x, isNull); err != nil {
		return err
	}
	w.str(" AND (")
	if err := w.pair(y, isNull, " OR ", y, other); err != nil {
		return err
	}
	w.str(")) OR ")
	if err := w.pair(x, other, " AND ", y, isNull); err != nil {
		return err
	}
	w.str(")")
	return nil
}

// pair writes "(cond(a, wa) join cond(b, wb))".
func (w *sqlWriter) pair(a odata.Expr, wa truth, join string, b odata.Expr, wb truth) error {
	w.str("(")
	if err := w.cond(a, wa); err != nil {
		return err
	}
	w.str(join)
	if err := w.cond(b, wb); err != nil {
		return err
	}
	w.str(")")
	return nil
}

// isNull writes "e IS NULL" (or IS NOT NULL), or a constant when e can never be null. A
// translation error is kept in w.err (callers of cond check it).
func (w *sqlWriter) isNull(e odata.Expr, null bool) {
	if !mayBeNull(e) {
		if null {
			w.str(sqlFalse)
		} else {
			w.str(sqlTrue)
		}
		return
	}
	if err := w.value(e); err != nil && w.err == nil {
		w.err = err
	}
	if null {
		w.str(" IS NULL")
	} else {
		w.str(" IS NOT NULL")
	}
}

var sqlOps = map[odata.BinaryOp]string{
	odata.OpEq: "=", odata.OpNe: "<>", odata.OpGt: ">", odata.OpGe: ">=", odata.OpLt: "<", odata.OpLe: "<=",
}

// inverse is the comparison that holds exactly when op does not, for non-null operands.
var inverse = map[odata.BinaryOp]odata.BinaryOp{
	odata.OpEq: odata.OpNe, odata.OpNe: odata.OpEq, odata.OpGt: odata.OpLe, odata.OpGe: odata.OpLt,
	odata.OpLt: odata.OpGe, odata.OpLe: odata.OpGt,
}

// compare writes a comparison, or its OData negation when neg is set. OData: eq/ne treat two
// nulls as equal and null as unequal to any value; gt/ge/lt/le are false when an operand is
// null.
func (w *sqlWriter) compare(e *odata.Binary, neg bool) error {
	l, r := e.Left, e.Right
	if isPredicate(l) || isPredicate(r) {
		return w.compareBool(e, neg)
	}
	ln, rn := isNullLiteral(l), isNullLiteral(r)
	if ln || rn {
		return w.compareNull(e.Op, l, r, ln && rn, neg)
	}
	op := e.Op
	if neg {
		op = inverse[op]
	}
	lmay, rmay := mayBeNull(l), mayBeNull(r)
	switch {
	case op == odata.OpEq && lmay && rmay:
		// Both null is equal too.
		w.str("(")
		if err := w.cmp(op, l, r); err != nil {
			return err
		}
		w.str(" OR (")
		w.isNull(l, true)
		w.str(" AND ")
		w.isNull(r, true)
		w.str("))")
		return nil
	case op == odata.OpNe && (lmay || rmay):
		// Exactly one null is unequal.
		w.str("(")
		if err := w.cmp(op, l, r); err != nil {
			return err
		}
		w.oneNull(l, r, lmay, rmay)
		w.oneNull(r, l, rmay, lmay)
		w.str(")")
		return nil
	case neg && op != odata.OpEq && op != odata.OpNe && (lmay || rmay):
		// not (a gt b) holds when either is null.
		w.str("(")
		if err := w.cmp(op, l, r); err != nil {
			return err
		}
		for _, x := range []odata.Expr{l, r} {
			if mayBeNull(x) {
				w.str(" OR ")
				w.isNull(x, true)
			}
		}
		w.str(")")
		return nil
	}
	return w.cmp(op, l, r)
}

// oneNull writes " OR (a IS NULL AND b IS NOT NULL)", shortened when b is never null.
func (w *sqlWriter) oneNull(a, b odata.Expr, amay, bmay bool) {
	if !amay {
		return
	}
	w.str(" OR ")
	if !bmay {
		w.isNull(a, true)
		return
	}
	w.str("(")
	w.isNull(a, true)
	w.str(" AND ")
	w.isNull(b, false)
	w.str(")")
}

// compareNull handles comparisons with the null literal: eq null is IS NULL, ne null is IS
// NOT NULL, and the ordering operators are false.
func (w *sqlWriter) compareNull(op odata.BinaryOp, l, r odata.Expr, both, neg bool) error {
	x := l
	if isNullLiteral(l) {
		x = r
	}
	var holds bool
	switch {
	case op != odata.OpEq && op != odata.OpNe:
		holds = neg
	case both:
		holds = (op == odata.OpEq) != neg
	default:
		w.isNull(x, (op == odata.OpEq) != neg)
		return nil
	}
	if holds {
		w.str(sqlTrue)
	} else {
		w.str(sqlFalse)
	}
	return nil
}

// compareBool compares Boolean expressions: "contains(a,'x') eq true" is the condition itself,
// "eq false" its OData negation; other shapes compare CASE values.
func (w *sqlWriter) compareBool(e *odata.Binary, neg bool) error {
	x, other := e.Left, e.Right
	if !isPredicate(x) {
		x, other = other, x
	}
	lit, ok := other.(*odata.Literal)
	if !ok || (e.Op != odata.OpEq && e.Op != odata.OpNe) || (!lit.Value.Null && lit.Value.Type != schema.EdmBoolean) {
		op := e.Op
		if neg {
			op = inverse[op]
		}
		return w.cmpNullable(op, e.Left, e.Right, neg)
	}
	target := isNull
	if !lit.Value.Null {
		target = isFalse
		if lit.Value.Bool {
			target = isTrue
		}
	}
	if (e.Op == odata.OpEq) != neg {
		return w.cond(x, target)
	}
	// Any outcome but target.
	var rest []truth
	for _, t := range []truth{isTrue, isFalse, isNull} {
		if t != target && (t != isNull || predMayBeNull(x)) {
			rest = append(rest, t)
		}
	}
	if len(rest) == 1 {
		return w.cond(x, rest[0])
	}
	return w.pair(x, rest[0], " OR ", x, rest[1])
}

// cmpNullable compares two possibly-null values with full OData null rules; used for the rare
// comparisons of Boolean predicates as values.
func (w *sqlWriter) cmpNullable(op odata.BinaryOp, l, r odata.Expr, wasNeg bool) error {
	w.str("(")
	if err := w.cmp(op, l, r); err != nil {
		return err
	}
	switch {
	case op == odata.OpEq:
		w.str(" OR (")
		w.isNull(l, true)
		w.str(" AND ")
		w.isNull(r, true)
		w.str(")")
	case op == odata.OpNe:
		w.oneNull(l, r, true, true)
		w.oneNull(r, l, true, true)
	case wasNeg:
		w.str(" OR ")
		w.isNull(l, true)
		w.str(" OR ")
		w.isNull(r, true)
	}
	w.str(")")
	return nil
}

// cmp writes the dialect's comparison template for two values.
func (w *sqlWriter) cmp(op odata.BinaryOp, l, r odata.Expr) error {
	t := l.Type()
	if t == schema.EdmInvalid || r.Type() == schema.EdmString {
		t = r.Type()
	}
	return w.expand(w.d.Compare(sqlOps[op], t), w.valueOf(l), w.valueOf(r))
}

// in writes "x in (...)" as IN over the bound non-null literals (a null item adds
// "x IS NULL OR"), else as a disjunction of eq.
func (w *sqlWriter) in(e *odata.In, neg bool) error {
	simple := !isPredicate(e.X) && !isNullLiteral(e.X)
	var items []odata.Value
	hasNull := false
	for _, item := range e.List {
		lit, ok := item.(*odata.Literal)
		switch {
		case !ok:
			simple = false
		case lit.Value.Null:
			hasNull = true
		default:
			items = append(items, lit.Value)
		}
	}
	if !simple || len(items) == 0 {
		return w.inExpanded(e, neg)
	}
	list := func() error {
		for i, v := range items {
			w.comma(i)
			w.bind(v)
		}
		return nil
	}
	tmpl := w.d.Compare("IN", e.X.Type())
	// A null x is in the list when it holds null, and "not in" it otherwise.
	nullTerm := mayBeNull(e.X) && (hasNull != neg)
	if !neg {
		if nullTerm {
			w.str("(")
			w.isNull(e.X, true)
			w.str(" OR ")
		}
		if err := w.expand(tmpl, w.valueOf(e.X), list); err != nil {
			return err
		}
		if nullTerm {
			w.str(")")
		}
		return nil
	}
	w.str("(NOT (")
	if err := w.expand(tmpl, w.valueOf(e.X), list); err != nil {
		return err
	}
	w.str(")")
	if nullTerm {
		w.str(" OR ")
		w.isNull(e.X, true)
	}
	w.str(")")
	return nil
}

// inExpanded writes "x in (a, b)" as (x eq a OR x eq b), negated as (x ne a AND x ne b).
func (w *sqlWriter) inExpanded(e *odata.In, neg bool) error {
	join := " OR "
	if neg {
		join = " AND "
	}
	w.str("(")
	for i, item := range e.List {
		if i > 0 {
			w.str(join)
		}
		if err := w.compare(&odata.Binary{At: e.At, Op: odata.OpEq, Left: e.X, Right: item, T: schema.EdmBoolean}, neg); err != nil {
			return err
		}
	}
	w.str(")")
	return nil
}

var matchKinds = map[string]MatchKind{"contains": MatchContains, "startswith": MatchPrefix, "endswith": MatchSuffix}

// match writes contains/startswith/endswith: with a literal pattern through the dialect's
// Match (escaped, bound), otherwise through its Func template.
func (w *sqlWriter) match(e *odata.Call, want truth) error {
	kind, ok := matchKinds[e.Name]
	if !ok || len(e.Args) != 2 {
		return odata.NotImplemented("the function %s is not supported as a condition", e.Name)
	}
	s, sub := e.Args[0], e.Args[1]
	if want == isNull {
		return w.anyNull(e.Args)
	}
	if isNullLiteral(s) || isNullLiteral(sub) {
		w.str(sqlFalse) // null, so neither true nor false
		return nil
	}
	var write func() error
	if lit, ok := sub.(*odata.Literal); ok {
		tmpl, pattern := w.d.Match(kind, lit.Value.Text, false)
		write = func() error {
			return w.expand(tmpl, w.valueOf(s), func() error { w.bind(odata.StringValue(pattern)); return nil })
		}
	} else {
		tmpl, ok := w.d.Func(e.Name, argTypes(e.Args))
		if !ok {
			return odata.NotImplemented("the function %s is not supported on this database", e.Name)
		}
		write = func() error { return w.expand(tmpl, w.valueOf(s), w.valueOf(sub)) }
	}
	if want == isTrue {
		return write()
	}
	// NOT of the raw test: NULL (an operand is null) stays NULL, so not true.
	w.str("NOT (")
	if err := write(); err != nil {
		return err
	}
	w.str(")")
	return nil
}

// anyNull writes a condition true when any of args is null.
func (w *sqlWriter) anyNull(args []odata.Expr) error {
	n := 0
	for _, a := range args {
		if !mayBeNull(a) {
			continue
		}
		if n > 0 {
			w.str(" OR ")
		} else {
			w.str("(")
		}
		n++
		w.isNull(a, true)
	}
	if n == 0 {
		w.str(sqlFalse)
	} else {
		w.str(")")
	}
	return nil
}

func argTypes(args []odata.Expr) []schema.EdmType {
	ts := make([]schema.EdmType, len(args))
	for i, a := range args {
		ts[i] = a.Type()
	}
	return ts
}

func (w *sqlWriter) valueOf(e odata.Expr) func() error { return func() error { return w.value(e) } }

// value writes e as a SQL value expression: NULL for null, 1/0-style constants never (Boolean
// literals are bound like any literal).
func (w *sqlWriter) value(e odata.Expr) error {
	if isPredicate(e) {
		return w.boolValue(e)
	}
	switch e := e.(type) {
	case *odata.Literal:
		if e.Value.Null {
			w.str("NULL")
		} else {
			w.bind(e.Value)
		}
		return nil
	case *odata.PropertyRef:
		w.ident(e.Prop.Column)
		return nil
	case *odata.Unary:
		if e.Op == odata.OpNeg {
			return w.expand("(- {0})", w.valueOf(e.X))
		}
	case *odata.Binary:
		return w.arith(e)
	case *odata.Call:
		tmpl, ok := w.d.Func(e.Name, argTypes(e.Args))
		if !ok {
			return odata.NotImplemented("the function %s is not supported on this database", e.Name)
		}
		ops := make([]func() error, len(e.Args))
		for i, a := range e.Args {
			ops[i] = w.valueOf(a)
		}
		return w.expand(tmpl, ops...)
	}
	return fmt.Errorf("translating: %T is not a value", e)
}

// boolValue writes a predicate in value position (a Boolean $orderby or fetched expression).
func (w *sqlWriter) boolValue(e odata.Expr) error {
	w.str("CASE WHEN ")
	if err := w.cond(e, isTrue); err != nil {
		return err
	}
	w.str(" THEN " + w.d.Bool(true) + " WHEN ")
	if err := w.cond(e, isFalse); err != nil {
		return err
	}
	w.str(" THEN " + w.d.Bool(false) + " END")
	return nil
}

var arithOps = map[odata.BinaryOp]string{odata.OpAdd: "add", odata.OpSub: "sub", odata.OpMul: "mul",
	odata.OpDiv: "div", odata.OpDivBy: "divby", odata.OpMod: "mod"}

// arith writes add, sub and mul as SQL operators on numbers; division, modulo and temporal
// arithmetic go through the dialect.
func (w *sqlWriter) arith(e *odata.Binary) error {
	name, ok := arithOps[e.Op]
	if !ok {
		return fmt.Errorf("translating: operator %s is not arithmetic", e.Op)
	}
	l, r := w.valueOf(e.Left), w.valueOf(e.Right)
	numeric := e.Left.Type().IsNumeric() && e.Right.Type().IsNumeric()
	if numeric {
		switch e.Op {
		case odata.OpAdd:
			return w.expand("({0} + {1})", l, r)
		case odata.OpSub:
			return w.expand("({0} - {1})", l, r)
		case odata.OpMul:
			return w.expand("({0} * {1})", l, r)
		}
	}
	tmpl, ok := w.d.Func(name, []schema.EdmType{e.Left.Type(), e.Right.Type()})
	if !ok {
		return odata.NotImplemented("the operator %s is not supported on %s and %s here", e.Op, e.Left.Type(), e.Right.Type())
	}
	return w.expand(tmpl, l, r)
}

// expand writes a dialect template, replacing {n} with the n-th operand.
func (w *sqlWriter) expand(tmpl string, ops ...func() error) error {
	for {
		i := indexMarker(tmpl)
		if i < 0 {
			w.str(tmpl)
			return nil
		}
		w.str(tmpl[:i])
		n := int(tmpl[i+1] - '0')
		if n >= len(ops) {
			return fmt.Errorf("translating: %s template %q uses operand %d of %d", w.d.Name(), tmpl, n, len(ops))
		}
		if err := ops[n](); err != nil {
			return err
		}
		tmpl = tmpl[i+3:]
	}
}

// indexMarker finds the next "{d}" in s, -1 if none.
func indexMarker(s string) int {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '{' && s[i+1] >= '0' && s[i+1] <= '9' && s[i+2] == '}' {
			return i
		}
	}
	return -1
}

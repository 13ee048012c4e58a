package odata

import "github.com/sfconnect/sfconnect/schema"

// Expr is a node of a bound, type-checked $filter or $orderby expression. Binding resolved every
// property against the entity set and every function against its signature, so translators never
// see an unknown name or an ill-typed operand.
type Expr interface {
	// Type is the EDM type of the node's result; EdmBoolean for predicates. The untyped null
	// literal has type EdmInvalid.
	Type() schema.EdmType
	// Pos is the 1-based character offset of the node in the original option text, for messages.
	Pos() int
}

// Literal is a constant. Translators must always send Value as a bind argument.
type Literal struct {
	At    int
	Value Value
}

// PropertyRef is a reference to a property of the entity set being queried.
type PropertyRef struct {
	At   int
	Prop *schema.Property
}

// BinaryOp is a binary operator.
type BinaryOp uint8

// Binary operators; the comparison and logical ones yield Edm.Boolean.
const (
	OpEq BinaryOp = iota + 1
	OpNe
	OpGt
	OpGe
	OpLt
	OpLe
	OpAnd
	OpOr
	OpAdd
	OpSub
	OpMul
	OpDiv   // "div": integer division on integers, true division otherwise
	OpDivBy // "divby" (4.01): always decimal/floating division
	OpMod
)

var binaryOpNames = [...]string{"", "eq", "ne", "gt", "ge", "lt", "le", "and", "or", "add", "sub", "mul", "div", "divby", "mod"}

func (op BinaryOp) String() string {
	if int(op) < len(binaryOpNames) {
		return binaryOpNames[op]
	}
	return "?"
}

// IsComparison reports eq, ne, gt, ge, lt, le.
func (op BinaryOp) IsComparison() bool { return op >= OpEq && op <= OpLe }

// Binary applies Op to Left and Right. T is the result type (after numeric promotion for
// arithmetic, Edm.Boolean for comparisons and logic).
type Binary struct {
	At          int
	Op          BinaryOp
	Left, Right Expr
	T           schema.EdmType
}

// UnaryOp is a unary operator.
type UnaryOp uint8

// Unary operators.
const (
	OpNot UnaryOp = iota + 1
	OpNeg
)

// Unary applies Op to X.
type Unary struct {
	At int
	Op UnaryOp
	X  Expr
}

// Call is a canonical function call. Name is the canonical lower-case OData name ("contains",
// "tolower", "year", ...); 2.0's substringof(a,b) is bound as contains(b,a). T is the result type.
type Call struct {
	At   int
	Name string
	Args []Expr
	T    schema.EdmType
}

// In is the 4.01 membership test "X in (a, b, ...)"; List is never empty.
type In struct {
	At   int
	X    Expr
	List []Expr
}

func (e *Literal) Type() schema.EdmType     { return e.Value.Type }
func (e *PropertyRef) Type() schema.EdmType { return e.Prop.Type }
func (e *Binary) Type() schema.EdmType      { return e.T }
func (e *Unary) Type() schema.EdmType {
	if e.Op == OpNot {
		return schema.EdmBoolean
	}
	return e.X.Type()
}
func (e *Call) Type() schema.EdmType { return e.T }
func (e *In) Type() schema.EdmType   { return schema.EdmBoolean }

func (e *Literal) Pos() int     { return e.At }
func (e *PropertyRef) Pos() int { return e.At }
func (e *Binary) Pos() int      { return e.At }
func (e *Unary) Pos() int       { return e.At }
func (e *Call) Pos() int        { return e.At }
func (e *In) Pos() int          { return e.At }

// OrderItem is one $orderby key.
type OrderItem struct {
	Expr Expr
	Desc bool
}

// SearchExpr is a node of a parsed $search expression.
type SearchExpr interface{ searchNode() }

// SearchPhrase matches rows where any searchable column contains Text, case-insensitively.
// A quoted phrase and an unquoted run of words (Salesforce's single-phrase form) both become one
// SearchPhrase.
type SearchPhrase struct{ Text string }

// SearchAnd, SearchOr and SearchNot combine phrases (the spec's AND, OR, NOT; implicit AND
// between terms applies only to quoted phrases, see ParseSearch).
type SearchAnd struct{ Left, Right SearchExpr }
type SearchOr struct{ Left, Right SearchExpr }
type SearchNot struct{ X SearchExpr }

func (*SearchPhrase) searchNode() {}
func (*SearchAnd) searchNode()    {}
func (*SearchOr) searchNode()     {}
func (*SearchNot) searchNode()    {}

package odata

import (
	"time"

	"github.com/sfconnect/sfconnect/schema"
)

// Value is one typed primitive value: a literal in a URL, a key, a field of a request body, or a
// cell of a result row. Exactly one payload field is meaningful, chosen by Type.
type Value struct {
	// Type is the EDM type; EdmInvalid together with Null is the untyped null literal.
	Type schema.EdmType
	// Null marks a null value of Type (or the untyped null).
	Null bool
	// Int holds Byte, SByte, Int16, Int32 and Int64.
	Int int64
	// Float holds Double and Single.
	Float float64
	// Bool holds Boolean.
	Bool bool
	// Text holds String, Decimal (canonical decimal text, exact), Guid (lower case, hyphenated),
	// TimeOfDay ("hh:mm:ss[.fffffff]"), Duration (ISO 8601, e.g. "P1DT2H") and Binary (raw bytes).
	Text string
	// Time holds Date (midnight UTC) and DateTimeOffset (keeping its offset).
	Time time.Time
}

// NullValue is the untyped null literal.
var NullValue = Value{Null: true}

// Convenience constructors used by parsers, drivers and tests.
func IntValue(t schema.EdmType, v int64) Value      { return Value{Type: t, Int: v} }
func StringValue(s string) Value                    { return Value{Type: schema.EdmString, Text: s} }
func BoolValue(b bool) Value                        { return Value{Type: schema.EdmBoolean, Bool: b} }
func DecimalValue(text string) Value                { return Value{Type: schema.EdmDecimal, Text: text} }
func DoubleValue(f float64) Value                   { return Value{Type: schema.EdmDouble, Float: f} }
func TimeValue(t schema.EdmType, v time.Time) Value { return Value{Type: t, Time: v} }

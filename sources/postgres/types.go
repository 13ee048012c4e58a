package postgres

import (
	"fmt"

	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

// pgType is what the catalogue says about a column's type, domains already resolved to their
// base type.
type pgType struct {
	Name     string // pg_type.typname of the base type, e.g. "numeric", "_int4"
	TypType  string // b base, e enum, c composite, r range, m multirange, p pseudo
	Category string // pg_type.typcategory: A array, ...
	Typmod   int    // atttypmod (or the domain's typtypmod); -1 = none
	EnumMax  int    // longest enum label, for enums
}

// Notes on types served as text whose comparisons follow the type, not the text.
const (
	asText   = "served as text; eq/ne and ordering follow the type (a value that is not valid for it fails the request)"
	jsonNote = "served as JSON text; PostgreSQL cannot compare or sort json and xml (jsonb: eq/ne only)"
)

// mapType sets c's EDM type and facets from t. The type-mapping table of the README is the
// documented form of this switch; TestIntrospectTypes and TestTypesServed check it on a server.
func mapType(c *sources.Column, t pgType) {
	if t.Category == "A" {
		skip(c, "arrays have no flat OData type; expose them through a view (e.g. array_to_string)")
		return
	}
	switch t.TypType {
	case "e":
		c.Type, c.MaxLength, c.Warning = schema.EdmString, t.EnumMax, asText
		return
	case "c", "r", "m", "p":
		skip(c, "composite, range and pseudo types have no flat OData type")
		return
	}
	switch t.Name {
	case "bool":
		c.Type = schema.EdmBoolean
	case "int2":
		c.Type = schema.EdmInt16
	case "int4":
		c.Type = schema.EdmInt32
	case "int8":
		c.Type = schema.EdmInt64
	case "numeric":
		c.Type = schema.EdmDecimal
		if t.Typmod >= 4 {
			c.Precision, c.Scale = ((t.Typmod-4)>>16)&0xffff, (t.Typmod-4)&0xffff
		}
		if c.Scale > c.Precision { // negative scales (PostgreSQL 15) are stored as 11-bit two's complement
			c.Precision, c.Scale = 0, 0
		}
	case "float4":
		c.Type = schema.EdmSingle
	case "float8":
		c.Type = schema.EdmDouble
	case "varchar", "bpchar":
		c.Type = schema.EdmString
		if t.Typmod >= 4 {
			c.MaxLength = t.Typmod - 4
		}
	case "text":
		c.Type = schema.EdmString
	case "citext":
		c.Type, c.Warning = schema.EdmString, "citext compares case-insensitively: eq is not exact on this column"
	case "name":
		c.Type, c.MaxLength = schema.EdmString, 63
	case "char":
		c.Type, c.MaxLength = schema.EdmString, 1
	case "uuid":
		c.Type = schema.EdmGuid
	case "json", "jsonb", "xml":
		c.Type, c.Warning = schema.EdmString, jsonNote
	case "inet", "cidr":
		c.Type, c.MaxLength, c.Warning = schema.EdmString, 43, asText
	case "macaddr":
		c.Type, c.MaxLength, c.Warning = schema.EdmString, 17, asText
	case "macaddr8":
		c.Type, c.MaxLength, c.Warning = schema.EdmString, 23, asText
	case "bit", "varbit":
		c.Type, c.Warning = schema.EdmString, "bit string served as text of 0s and 1s; "+asText
		if t.Typmod > 0 {
			c.MaxLength = t.Typmod
		}
	case "bytea":
		c.Type = schema.EdmBinary
	case "date":
		c.Type = schema.EdmDate
	case "time":
		c.Type, c.Precision = schema.EdmTimeOfDay, fractionalDigits(t.Typmod)
	case "timestamp", "timestamptz":
		// timestamp without time zone is read and written as UTC (documented).
		c.Type, c.Precision = schema.EdmDateTimeOffset, fractionalDigits(t.Typmod)
	case "money":
		skip(c, "money is formatted by lc_monetary; expose it as numeric through a view (col::numeric)")
	case "interval":
		skip(c, "interval has no Salesforce type; expose it through a view (e.g. extract(epoch from col))")
	case "timetz":
		skip(c, "time with time zone has no OData type; expose it through a view")
	default:
		skip(c, fmt.Sprintf("%s has no OData type; expose it through a view that casts it (e.g. to text)", t.Name))
	}
}

// fractionalDigits is the declared fractional-second precision, PostgreSQL's 6 when undeclared.
func fractionalDigits(typmod int) int {
	if typmod >= 0 && typmod <= 6 {
		return typmod
	}
	return 6
}

func skip(c *sources.Column, why string) {
	c.Type, c.Warning = schema.EdmInvalid, why
}

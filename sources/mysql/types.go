package mysql

import (
	"fmt"
	"strings"

	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

// myType is what information_schema.COLUMNS says about a column's type.
type myType struct {
	DataType   string // DATA_TYPE, e.g. "int", "varchar"
	ColumnType string // COLUMN_TYPE, e.g. "int(10) unsigned", "tinyint(1)", "enum('a','b')"
	CharMax    int64  // CHARACTER_MAXIMUM_LENGTH (characters for char types, bytes for blobs)
	Precision  int    // NUMERIC_PRECISION
	Scale      int    // NUMERIC_SCALE
	TimePrec   int    // DATETIME_PRECISION
	// IDLike marks primary-key and auto-increment columns: a BIGINT UNSIGNED id is served as
	// Int64 (no id ever reaches 2^63), other BIGINT UNSIGNED values as Decimal(20,0).
	IDLike bool
}

// mapType sets c's EDM type and facets from t. The type-mapping table of the README documents
// this switch; TestIntrospectTypes and TestTypesServed check it on a server.
func mapType(c *sources.Column, t myType) {
	unsigned := strings.Contains(t.ColumnType, "unsigned")
	switch t.DataType {
	case "tinyint":
		switch {
		case strings.HasPrefix(t.ColumnType, "tinyint(1)") && !unsigned:
			c.Type = schema.EdmBoolean // MySQL's BOOLEAN
		case unsigned:
			c.Type = schema.EdmByte
		default:
			c.Type = schema.EdmSByte
		}
	case "smallint":
		c.Type = pick(unsigned, schema.EdmInt32, schema.EdmInt16)
	case "mediumint":
		c.Type = schema.EdmInt32
	case "int", "integer":
		c.Type = pick(unsigned, schema.EdmInt64, schema.EdmInt32)
	case "bigint":
		c.Type = schema.EdmInt64
		if unsigned && t.IDLike {
			c.Warning = "BIGINT UNSIGNED id served as Int64: values above 9223372036854775807 cannot be read"
		} else if unsigned {
			c.Type, c.Precision, c.Scale = schema.EdmDecimal, 20, 0
		}
	case "decimal", "numeric":
		c.Type, c.Precision, c.Scale = schema.EdmDecimal, t.Precision, t.Scale
	case "float":
		c.Type = schema.EdmSingle
	case "double", "real":
		c.Type = schema.EdmDouble
	case "bit":
		if t.ColumnType == "bit(1)" {
			c.Type = schema.EdmBoolean
		} else {
			skip(c, "BIT(n) with n > 1 has no OData type; expose it through a view (CAST(col AS UNSIGNED))")
		}
	case "year":
		c.Type = schema.EdmInt16
	case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set":
		c.Type, c.MaxLength = schema.EdmString, int(t.CharMax)
	case "json":
		c.Type = schema.EdmString
		c.Warning = "served as JSON text; MySQL compares JSON values as JSON, not as text"
	case "uuid": // MariaDB 10.7+
		c.Type = schema.EdmGuid
	case "inet4": // MariaDB 10.10+
		c.Type, c.MaxLength = schema.EdmString, 15
	case "inet6":
		c.Type, c.MaxLength = schema.EdmString, 39
	case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob":
		c.Type, c.MaxLength = schema.EdmBinary, int(t.CharMax)
	case "date":
		c.Type = schema.EdmDate
	case "datetime", "timestamp":
		// DATETIME is read and written as UTC; TIMESTAMP through time_zone '+00:00' (documented).
		c.Type, c.Precision = schema.EdmDateTimeOffset, t.TimePrec
	case "time":
		c.Type, c.Precision = schema.EdmTimeOfDay, t.TimePrec
		c.Warning = "TIME can hold durations beyond 24 hours; such values are not valid TimeOfDay values"
	default:
		skip(c, fmt.Sprintf("%s has no OData type; expose it through a view that casts it (e.g. to CHAR)", t.DataType))
	}
}

func pick(cond bool, yes, no schema.EdmType) schema.EdmType {
	if cond {
		return yes
	}
	return no
}

func skip(c *sources.Column, why string) {
	c.Type, c.Warning = schema.EdmInvalid, why
}

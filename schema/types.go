package schema

import "fmt"

// EdmType is an OData primitive type. Only the types sfconnect maps columns to are listed; the
// zero value is invalid so a forgotten mapping is caught rather than served as a string.
type EdmType uint8

// The EDM primitive types sfconnect can expose.
const (
	EdmInvalid EdmType = iota
	EdmString
	EdmBoolean
	EdmByte
	EdmSByte
	EdmInt16
	EdmInt32
	EdmInt64
	EdmDecimal
	EdmDouble
	EdmSingle
	EdmDate
	EdmDateTimeOffset
	EdmTimeOfDay
	EdmDuration
	EdmGuid
	EdmBinary
)

var edmNames = [...]string{
	EdmInvalid:        "",
	EdmString:         "Edm.String",
	EdmBoolean:        "Edm.Boolean",
	EdmByte:           "Edm.Byte",
	EdmSByte:          "Edm.SByte",
	EdmInt16:          "Edm.Int16",
	EdmInt32:          "Edm.Int32",
	EdmInt64:          "Edm.Int64",
	EdmDecimal:        "Edm.Decimal",
	EdmDouble:         "Edm.Double",
	EdmSingle:         "Edm.Single",
	EdmDate:           "Edm.Date",
	EdmDateTimeOffset: "Edm.DateTimeOffset",
	EdmTimeOfDay:      "Edm.TimeOfDay",
	EdmDuration:       "Edm.Duration",
	EdmGuid:           "Edm.Guid",
	EdmBinary:         "Edm.Binary",
}

// String returns the qualified EDM name, e.g. "Edm.Int32".
func (t EdmType) String() string {
	if int(t) < len(edmNames) && t != EdmInvalid {
		return edmNames[t]
	}
	return fmt.Sprintf("EdmType(%d)", uint8(t))
}

// ParseEdmType maps a qualified EDM name ("Edm.Int32") back to its EdmType.
func ParseEdmType(name string) (EdmType, bool) {
	for i, n := range edmNames {
		if n != "" && n == name {
			return EdmType(i), true
		}
	}
	return EdmInvalid, false
}

// IsIntegral reports whether t is one of the integer types.
func (t EdmType) IsIntegral() bool {
	switch t {
	case EdmByte, EdmSByte, EdmInt16, EdmInt32, EdmInt64:
		return true
	}
	return false
}

// IsNumeric reports whether t is an integer, decimal or floating-point type.
func (t EdmType) IsNumeric() bool {
	return t.IsIntegral() || t == EdmDecimal || t == EdmDouble || t == EdmSingle
}

// IsTemporal reports whether t holds a date, a time or an instant.
func (t EdmType) IsTemporal() bool {
	return t == EdmDate || t == EdmDateTimeOffset || t == EdmTimeOfDay
}

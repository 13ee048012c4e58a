package odata

import (
	"slices"
	"strings"
	"testing"

	"github.com/sfconnect/sfconnect/schema"
)

// TestFunctionSignatures tries every property type at every parameter of every function and
// checks acceptance against the signatures written out here (independently of functions.go).
func TestFunctionSignatures(t *testing.T) {
	set := testSet(t, "Customers")
	S := []schema.EdmType{schema.EdmString}
	I := []schema.EdmType{schema.EdmByte, schema.EdmSByte, schema.EdmInt16, schema.EdmInt32, schema.EdmInt64}
	N := append(slices.Clone(I), schema.EdmDecimal, schema.EdmDouble, schema.EdmSingle)
	D := []schema.EdmType{schema.EdmDate, schema.EdmDateTimeOffset}
	T := []schema.EdmType{schema.EdmDateTimeOffset, schema.EdmTimeOfDay}
	sigs := map[string][][]schema.EdmType{
		"contains": {S, S}, "startswith": {S, S}, "endswith": {S, S}, "substringof": {S, S},
		"length": {S}, "indexof": {S, S}, "substring": {S, I, I}, "tolower": {S}, "toupper": {S},
		"trim": {S}, "concat": {S, S}, "year": {D}, "month": {D}, "day": {D}, "hour": {T},
		"minute": {T}, "second": {T}, "fractionalseconds": {T}, "date": {D}, "time": {D},
		"now": {}, "round": {N}, "floor": {N}, "ceiling": {N},
	}
	// one property per type
	byType := map[schema.EdmType]string{}
	for _, p := range set.Properties {
		if _, ok := byType[p.Type]; !ok {
			byType[p.Type] = p.Name
		}
	}
	for name, params := range sigs {
		valid := make([]string, len(params))
		for i, accepted := range params {
			valid[i] = byType[accepted[0]]
		}
		call := func(args []string) string { return name + "(" + strings.Join(args, ",") + ")" }
		if _, err := bindText(set, call(valid)); err != nil {
			t.Errorf("%s: %v", call(valid), err)
		}
		for i, accepted := range params {
			for typ, prop := range byType {
				args := slices.Clone(valid)
				args[i] = prop
				_, err := bindText(set, call(args))
				if want := slices.Contains(accepted, typ); want != (err == nil) {
					t.Errorf("%s (argument %d of type %v): error %v, want accepted=%v", call(args), i+1, typ, err, want)
				}
			}
			// null is accepted at every position
			args := slices.Clone(valid)
			args[i] = "null"
			if _, err := bindText(set, call(args)); err != nil {
				t.Errorf("%s: %v", call(args), err)
			}
		}
		// one argument too many is a 400 naming the arity
		_, err := bindText(set, call(append(slices.Clone(valid), "name")))
		if e, ok := err.(*Error); !ok || e.Status != 400 || !strings.Contains(e.Message, " needs ") {
			t.Errorf("%s with one argument too many: %v", name, err)
		}
	}
	// substring's third argument is optional; contains' second is not
	for _, ok := range []string{"substring(name,1)", "substring(name,1,2)"} {
		if _, err := bindText(set, ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}

// bindText runs both stages on an expression of any type.
func bindText(set *schema.EntitySet, text string) (Expr, error) {
	n, err := parseSyntax(text, "$filter", "BadFilter", DefaultLimits)
	if err != nil {
		return nil, err
	}
	return (&binder{set: set, option: "$filter", code: "BadFilter"}).bind(n)
}

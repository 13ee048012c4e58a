package odata

import (
	"strings"

	"github.com/sfconnect/sfconnect/schema"
)

// argClass is the set of types a function parameter accepts. The untyped null is accepted
// everywhere (the function then yields null).
type argClass uint8

const (
	aString   argClass = iota + 1
	aInteger           // any integral type
	aNumber            // integral, decimal or floating point
	aDateLike          // Date or DateTimeOffset
	aTimeLike          // DateTimeOffset or TimeOfDay
	aInstant           // DateTimeOffset (Date accepted too: it is midnight UTC)
)

var argClassNames = [...]string{"", "a string", "an integer", "a number", "a date or date-time",
	"a date-time or time of day", "a date-time"}

func (c argClass) accepts(t schema.EdmType) bool {
	switch c {
	case aString:
		return t == schema.EdmString
	case aInteger:
		return t.IsIntegral()
	case aNumber:
		return t.IsNumeric()
	case aDateLike, aInstant:
		return t == schema.EdmDate || t == schema.EdmDateTimeOffset
	case aTimeLike:
		return t == schema.EdmDateTimeOffset || t == schema.EdmTimeOfDay
	}
	return false
}

// signature describes one canonical function: its parameters (the last optional ones counted
// by optional) and its result type (argType: the type of the first argument).
type signature struct {
	params   []argClass
	optional int
	result   schema.EdmType
	argType  bool
}

var (
	sS    = []argClass{aString}
	sSS   = []argClass{aString, aString}
	bool2 = signature{params: sSS, result: schema.EdmBoolean}
)

// functions are the canonical functions sfconnect translates to SQL.
var functions = map[string]signature{
	"contains":          bool2,
	"startswith":        bool2,
	"endswith":          bool2,
	"length":            {params: sS, result: schema.EdmInt32},
	"indexof":           {params: sSS, result: schema.EdmInt32},
	"substring":         {params: []argClass{aString, aInteger, aInteger}, optional: 1, result: schema.EdmString},
	"tolower":           {params: sS, result: schema.EdmString},
	"toupper":           {params: sS, result: schema.EdmString},
	"trim":              {params: sS, result: schema.EdmString},
	"concat":            {params: sSS, result: schema.EdmString},
	"year":              {params: []argClass{aDateLike}, result: schema.EdmInt32},
	"month":             {params: []argClass{aDateLike}, result: schema.EdmInt32},
	"day":               {params: []argClass{aDateLike}, result: schema.EdmInt32},
	"hour":              {params: []argClass{aTimeLike}, result: schema.EdmInt32},
	"minute":            {params: []argClass{aTimeLike}, result: schema.EdmInt32},
	"second":            {params: []argClass{aTimeLike}, result: schema.EdmInt32},
	"fractionalseconds": {params: []argClass{aTimeLike}, result: schema.EdmDecimal},
	"date":              {params: []argClass{aInstant}, result: schema.EdmDate},
	"time":              {params: []argClass{aInstant}, result: schema.EdmTimeOfDay},
	"now":               {result: schema.EdmDateTimeOffset},
	"round":             {params: []argClass{aNumber}, argType: true},
	"floor":             {params: []argClass{aNumber}, argType: true},
	"ceiling":           {params: []argClass{aNumber}, argType: true},
}

// unsupportedFunctions are canonical OData functions that sfconnect does not translate: a 501
// tells the client the request was understood.
var unsupportedFunctions = map[string]bool{"matchespattern": true, "totalseconds": true,
	"totaloffsetminutes": true, "mindatetime": true, "maxdatetime": true, "geo.distance": true,
	"geo.length": true, "geo.intersects": true, "hassubset": true, "hassubsequence": true, "case": true}

func (b *binder) bindCall(n *syn) (Expr, error) {
	name, args := n.name, n.args
	if name == "substringof" { // OData 2.0: substringof(needle, haystack)
		if len(args) != 2 {
			return nil, b.errf(n.pos, "substringof needs 2 arguments, got %d", len(args))
		}
		name, args = "contains", []*syn{args[1], args[0]}
	}
	sig, ok := functions[name]
	if !ok {
		if unsupportedFunctions[name] {
			return nil, b.unsupported(n.pos, "the function %s is not supported", name)
		}
		return nil, b.errf(n.pos, "unknown function %s", truncate(n.text, 40))
	}
	if min, max := len(sig.params)-sig.optional, len(sig.params); len(args) < min || len(args) > max {
		return nil, b.errf(n.pos, "%s needs %s, got %d", name, arity(min, max), len(args))
	}
	call := &Call{At: n.pos, Name: name, Args: make([]Expr, len(args)), T: sig.result}
	for i, a := range args {
		e, err := b.bind(a)
		if err != nil {
			return nil, err
		}
		if t := e.Type(); t != schema.EdmInvalid && !sig.params[i].accepts(t) {
			return nil, b.errf(e.Pos(), "argument %d of %s must be %s, got %s", i+1, name, argClassNames[sig.params[i]], t)
		}
		call.Args[i] = e
	}
	if sig.argType {
		call.T = call.Args[0].Type()
		if call.T == schema.EdmInvalid {
			call.T = schema.EdmDecimal
		}
	}
	return call, nil
}

func arity(min, max int) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return strings.TrimSpace(intWord(n)) + " arguments"
	}
	switch {
	case max == 0:
		return "no arguments"
	case min == max:
		return plural(min)
	}
	return intWord(min) + " or " + plural(max)
}

func intWord(n int) string { return string(rune('0' + n)) }

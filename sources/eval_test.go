package sources_test

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// eval is the independent reference: it computes an OData expression over one row in Go,
// following the specification's rules (null propagation, two-valued comparisons, three-valued
// and/or/not), never looking at SQL. Where SQLite without ICU deviates on purpose (tolower and
// toupper fold ASCII only), the reference does the same and the docs say so.
func eval(e odata.Expr, row map[*schema.Property]odata.Value) odata.Value {
	switch e := e.(type) {
	case *odata.Literal:
		return e.Value
	case *odata.PropertyRef:
		return row[e.Prop]
	case *odata.Unary:
		x := eval(e.X, row)
		if x.Null {
			return odata.Value{Type: x.Type, Null: true}
		}
		if e.Op == odata.OpNot {
			return odata.BoolValue(!x.Bool)
		}
		if x.Type.IsIntegral() {
			x.Int = -x.Int
		} else {
			return odata.DoubleValue(-num(x))
		}
		return x
	case *odata.Binary:
		return evalBinary(e, row)
	case *odata.In:
		x := eval(e.X, row)
		for _, it := range e.List {
			if equal(x, eval(it, row)) {
				return odata.BoolValue(true)
			}
		}
		return odata.BoolValue(false)
	case *odata.Call:
		args := make([]odata.Value, len(e.Args))
		for i, a := range e.Args {
			args[i] = eval(a, row)
			if args[i].Null {
				return odata.Value{Type: e.T, Null: true}
			}
		}
		return evalCall(e.Name, args, e.T)
	}
	panic(fmt.Sprintf("eval: %T", e))
}

func evalBinary(e *odata.Binary, row map[*schema.Property]odata.Value) odata.Value {
	l, r := eval(e.Left, row), eval(e.Right, row)
	switch e.Op {
	case odata.OpAnd, odata.OpOr:
		dom := e.Op == odata.OpOr // the value that decides
		if (!l.Null && l.Bool == dom) || (!r.Null && r.Bool == dom) {
			return odata.BoolValue(dom)
		}
		if l.Null || r.Null {
			return odata.Value{Type: schema.EdmBoolean, Null: true}
		}
		return odata.BoolValue(!dom)
	case odata.OpEq:
		return odata.BoolValue(equal(l, r))
	case odata.OpNe:
		return odata.BoolValue(!equal(l, r))
	case odata.OpGt, odata.OpGe, odata.OpLt, odata.OpLe:
		if l.Null || r.Null {
			return odata.BoolValue(false)
		}
		c := compareValues(l, r)
		return odata.BoolValue(map[odata.BinaryOp]bool{odata.OpGt: c > 0, odata.OpGe: c >= 0, odata.OpLt: c < 0, odata.OpLe: c <= 0}[e.Op])
	}
	if l.Null || r.Null {
		return odata.Value{Type: e.T, Null: true}
	}
	if l.Type.IsIntegral() && r.Type.IsIntegral() && e.Op != odata.OpDivBy {
		a, b := l.Int, r.Int
		var n int64
		switch e.Op {
		case odata.OpAdd:
			n = a + b
		case odata.OpSub:
			n = a - b
		case odata.OpMul:
			n = a * b
		case odata.OpDiv, odata.OpMod:
			if b == 0 {
				return odata.Value{Type: e.T, Null: true}
			}
			if n = a / b; e.Op == odata.OpMod {
				n = a % b
			}
		}
		return odata.IntValue(schema.EdmInt64, n)
	}
	a, b := num(l), num(r)
	if b == 0 && (e.Op == odata.OpDiv || e.Op == odata.OpDivBy || e.Op == odata.OpMod) {
		// Documented: a zero divisor yields null on every engine (no INF, no error).
		return odata.Value{Type: e.T, Null: true}
	}
	var f float64
	switch e.Op {
	case odata.OpAdd:
		f = a + b
	case odata.OpSub:
		f = a - b
	case odata.OpMul:
		f = a * b
	case odata.OpDiv, odata.OpDivBy:
		f = a / b
	case odata.OpMod:
		f = math.Mod(a, b)
	}
	return odata.DoubleValue(f)
}

func num(v odata.Value) float64 {
	switch {
	case v.Type.IsIntegral():
		return float64(v.Int)
	case v.Type == schema.EdmDecimal:
		f, _ := strconv.ParseFloat(v.Text, 64)
		return f
	}
	return v.Float
}

// equal is OData eq: two nulls are equal, null equals nothing else.
func equal(a, b odata.Value) bool {
	if a.Null || b.Null {
		return a.Null && b.Null
	}
	return compareValues(a, b) == 0
}

func compareValues(a, b odata.Value) int {
	switch {
	case a.Type.IsNumeric() && b.Type.IsNumeric():
		if a.Type.IsIntegral() && b.Type.IsIntegral() {
			return cmpOrdered(a.Int, b.Int)
		}
		return cmpOrdered(num(a), num(b))
	case a.Type == schema.EdmBoolean:
		return cmpOrdered(b2i(a.Bool), b2i(b.Bool))
	case a.Type == schema.EdmDate || a.Type == schema.EdmDateTimeOffset:
		return a.Time.Compare(b.Time)
	}
	return strings.Compare(a.Text, b.Text) // strings, guids, times of day: code-point order
}

func cmpOrdered[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func asciiCase(s string, upper bool) string {
	b := []byte(s)
	for i, c := range b {
		if upper && c >= 'a' && c <= 'z' {
			b[i] = c - 32
		} else if !upper && c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func evalCall(name string, a []odata.Value, t schema.EdmType) odata.Value {
	s := func(i int) string { return a[i].Text }
	runes := func(i int) []rune { return []rune(a[i].Text) }
	clamp := func(n int64, hi int) int { return int(max(0, min(n, int64(hi)))) }
	switch name {
	case "contains":
		return odata.BoolValue(strings.Contains(s(0), s(1)))
	case "startswith":
		return odata.BoolValue(strings.HasPrefix(s(0), s(1)))
	case "endswith":
		return odata.BoolValue(strings.HasSuffix(s(0), s(1)))
	case "tolower":
		return odata.StringValue(asciiCase(s(0), false))
	case "toupper":
		return odata.StringValue(asciiCase(s(0), true))
	case "trim":
		return odata.StringValue(strings.Trim(s(0), " "))
	case "concat":
		return odata.StringValue(s(0) + s(1))
	case "length":
		return odata.IntValue(schema.EdmInt32, int64(utf8.RuneCountInString(s(0))))
	case "indexof":
		i := strings.Index(s(0), s(1))
		if i >= 0 {
			i = utf8.RuneCountInString(s(0)[:i])
		}
		return odata.IntValue(schema.EdmInt32, int64(i))
	case "substring":
		r := runes(0)
		start := clamp(a[1].Int, len(r))
		end := len(r)
		if len(a) == 3 {
			end = start + clamp(a[2].Int, len(r)-start)
		}
		return odata.StringValue(string(r[start:end]))
	case "year", "month", "day", "hour", "minute", "second":
		tm := a[0].Time.UTC()
		n := map[string]int{"year": tm.Year(), "month": int(tm.Month()), "day": tm.Day(), "hour": tm.Hour(), "minute": tm.Minute(), "second": tm.Second()}[name]
		return odata.IntValue(schema.EdmInt32, int64(n))
	case "date":
		y, m, d := a[0].Time.UTC().Date()
		return odata.TimeValue(schema.EdmDate, time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
	case "now":
		return odata.TimeValue(schema.EdmDateTimeOffset, time.Now())
	case "round":
		return odata.DoubleValue(math.Round(num(a[0])))
	case "floor":
		return odata.DoubleValue(math.Floor(num(a[0])))
	case "ceiling":
		return odata.DoubleValue(math.Ceil(num(a[0])))
	}
	panic("eval: function " + name)
}

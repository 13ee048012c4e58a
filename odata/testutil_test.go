package odata

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/schema"
)

// testModel is the schema the binder tests use: every EDM type as a property, the property
// names of the Salesforce shapes, and sets with integer, string, GUID and composite keys.
func testModel(t testing.TB) *schema.Model {
	t.Helper()
	prop := func(name string, typ schema.EdmType) *schema.Property {
		return &schema.Property{Name: name, Column: strings.ToLower(name), Type: typ, Nullable: true}
	}
	cust := &schema.EntitySet{Name: "Customers"}
	for _, p := range []struct {
		n string
		t schema.EdmType
	}{
		{"id", schema.EdmInt32}, {"name", schema.EdmString}, {"city", schema.EdmString},
		{"Country", schema.EdmString}, {"balance", schema.EdmDecimal}, {"rating", schema.EdmDouble},
		{"score", schema.EdmSingle}, {"age", schema.EdmInt16}, {"tiny", schema.EdmByte},
		{"signed", schema.EdmSByte}, {"big", schema.EdmInt64}, {"active", schema.EdmBoolean},
		{"born", schema.EdmDate}, {"created", schema.EdmDateTimeOffset}, {"opens", schema.EdmTimeOfDay},
		{"uid", schema.EdmGuid}, {"span", schema.EdmDuration}, {"blob", schema.EdmBinary},
		{"account_sf_id", schema.EdmString}, {"CompanyName", schema.EdmString}, {"Phone", schema.EdmString},
		{"ShipperID", schema.EdmInt32}, {"City", schema.EdmString}, {"Straße", schema.EdmString},
	} {
		cust.Properties = append(cust.Properties, prop(p.n, p.t))
	}
	cust.Key = cust.Properties[:1]
	lines := &schema.EntitySet{Name: "OrderLines", Properties: []*schema.Property{
		prop("order_id", schema.EdmInt32), prop("line_no", schema.EdmInt64), prop("qty", schema.EdmInt32)}}
	lines.Key = lines.Properties[:2]
	byText := &schema.EntitySet{Name: "Invoices", Properties: []*schema.Property{prop("code", schema.EdmString)}}
	byText.Key = byText.Properties
	byGUID := &schema.EntitySet{Name: "Things", Properties: []*schema.Property{prop("ID", schema.EdmGuid)}}
	byGUID.Key = byGUID.Properties
	mixed := &schema.EntitySet{Name: "Mixed", Properties: []*schema.Property{
		prop("day", schema.EdmDate), prop("kind", schema.EdmString), prop("amount", schema.EdmDecimal),
		prop("flag", schema.EdmBoolean), prop("at", schema.EdmDateTimeOffset), prop("small", schema.EdmInt16)}}
	mixed.Key = mixed.Properties[:5]
	m := &schema.Model{Namespace: "test", ContainerName: "C", EntitySets: []*schema.EntitySet{cust, lines, byText, byGUID, mixed}}
	if err := m.Index(); err != nil {
		t.Fatal(err)
	}
	return m
}

func testSet(t testing.TB, name string) *schema.EntitySet {
	t.Helper()
	s, ok := testModel(t).EntitySet(name)
	if !ok {
		t.Fatalf("no set %s", name)
	}
	return s
}

// render prints a bound expression canonically, fully parenthesised, with literal types
// visible: 5 (Int32), 5L (Int64), 5S (Int16), 1.5M (Decimal), 1.5d (Double), 1.5f (Single).
func render(e Expr) string { return renderWith(e, renderValue) }

// renderWith prints e fully parenthesised, spelling literals with lit.
func renderWith(e Expr, lit func(Value) string) string {
	sub := func(x Expr) string { return renderWith(x, lit) }
	switch e := e.(type) {
	case *Literal:
		return lit(e.Value)
	case *PropertyRef:
		return e.Prop.Name
	case *Binary:
		return "(" + sub(e.Left) + " " + e.Op.String() + " " + sub(e.Right) + ")"
	case *Unary:
		if e.Op == OpNot {
			return "(not " + sub(e.X) + ")"
		}
		return "(-" + sub(e.X) + ")"
	case *Call:
		args := make([]string, len(e.Args))
		for i, a := range e.Args {
			args[i] = sub(a)
		}
		return e.Name + "(" + strings.Join(args, ",") + ")"
	case *In:
		items := make([]string, len(e.List))
		for i, a := range e.List {
			items[i] = sub(a)
		}
		return "(" + sub(e.X) + " in (" + strings.Join(items, ",") + "))"
	}
	return fmt.Sprintf("?%T", e)
}

func renderValue(v Value) string {
	if v.Null {
		return "null"
	}
	switch v.Type {
	case schema.EdmString:
		return "'" + strings.ReplaceAll(v.Text, "'", "''") + "'"
	case schema.EdmBoolean:
		return strconv.FormatBool(v.Bool)
	case schema.EdmInt32:
		return strconv.FormatInt(v.Int, 10)
	case schema.EdmInt64:
		return strconv.FormatInt(v.Int, 10) + "L"
	case schema.EdmInt16, schema.EdmByte, schema.EdmSByte:
		return strconv.FormatInt(v.Int, 10) + "S"
	case schema.EdmDecimal:
		return v.Text + "M"
	case schema.EdmDouble, schema.EdmSingle:
		s := "d"
		if v.Type == schema.EdmSingle {
			s = "f"
		}
		switch {
		case math.IsInf(v.Float, 1):
			return "INF" + s
		case math.IsInf(v.Float, -1):
			return "-INF" + s
		case math.IsNaN(v.Float):
			return "NaN" + s
		}
		return strconv.FormatFloat(v.Float, 'g', -1, 64) + s
	case schema.EdmDate:
		return v.Time.Format("2006-01-02")
	case schema.EdmDateTimeOffset:
		return v.Time.Format(time.RFC3339Nano)
	case schema.EdmGuid:
		return "guid'" + v.Text + "'"
	case schema.EdmTimeOfDay:
		return "time'" + v.Text + "'"
	case schema.EdmDuration:
		return "duration'" + v.Text + "'"
	case schema.EdmBinary:
		return fmt.Sprintf("binary%q", v.Text)
	}
	return fmt.Sprintf("?%v", v.Type)
}

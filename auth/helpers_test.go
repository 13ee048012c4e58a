package auth

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// testModel: Orders (writable; id, region, owner, customer_id) and Customers (read-only; id, email).
func testModel(t testing.TB) *schema.Model {
	t.Helper()
	id := &schema.Property{Name: "id", Column: "id", Type: schema.EdmInt64}
	orders := &schema.EntitySet{Name: "Orders", Writable: true, Key: []*schema.Property{id}, Properties: []*schema.Property{id,
		{Name: "region", Column: "region", Type: schema.EdmString, Nullable: true, MaxLength: 10},
		{Name: "owner", Column: "owner", Type: schema.EdmString, Nullable: true, MaxLength: 100},
		{Name: "customer_id", Column: "customer_id", Type: schema.EdmInt64, Nullable: true}}}
	cid := &schema.Property{Name: "id", Column: "id", Type: schema.EdmInt64}
	customers := &schema.EntitySet{Name: "Customers", Key: []*schema.Property{cid}, Properties: []*schema.Property{cid,
		{Name: "email", Column: "email", Type: schema.EdmString, Nullable: true, MaxLength: 100}}}
	m := &schema.Model{Namespace: "t", ContainerName: "C", EntitySets: []*schema.EntitySet{orders, customers}}
	if err := m.Index(); err != nil {
		t.Fatal(err)
	}
	return m
}

func mustBcrypt(t testing.TB, pw string) string {
	t.Helper()
	h, err := HashBcrypt([]byte(pw), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func yes() *bool { v := true; return &v }

func mustNew(t testing.TB, cfg config.Auth, o Options) *Security {
	t.Helper()
	if o.Now == nil {
		o.Now = func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
	}
	s, err := New(context.Background(), cfg, testModel(t), o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// exprText prints a bound expression in OData syntax, so tests compare filters as text.
func exprText(e odata.Expr) string {
	switch e := e.(type) {
	case nil:
		return "<nil>"
	case *odata.Binary:
		return "(" + exprText(e.Left) + " " + e.Op.String() + " " + exprText(e.Right) + ")"
	case *odata.PropertyRef:
		return e.Prop.Name
	case *odata.Literal:
		return odata.LiteralString(e.Value)
	case *odata.Unary:
		return fmt.Sprintf("(op%d %s)", e.Op, exprText(e.X))
	case *odata.Call:
		args := make([]string, len(e.Args))
		for i, a := range e.Args {
			args[i] = exprText(a)
		}
		return e.Name + "(" + strings.Join(args, ",") + ")"
	case *odata.In:
		items := make([]string, len(e.List))
		for i, a := range e.List {
			items[i] = exprText(a)
		}
		return "(" + exprText(e.X) + " in (" + strings.Join(items, ",") + "))"
	}
	return fmt.Sprintf("%T", e)
}

func asODataError(err error) (*odata.Error, bool) { return odata.AsError(err) }

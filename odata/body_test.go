package odata

import (
	"strings"
	"testing"

	"github.com/sfconnect/sfconnect/schema"
)

func bodyTestSet(t *testing.T) *schema.EntitySet {
	t.Helper()
	props := []*schema.Property{
		{Name: "ID", Column: "id", Type: schema.EdmInt64},
		{Name: "Name", Column: "name", Type: schema.EdmString, MaxLength: 5},
		{Name: "Notes", Column: "notes", Type: schema.EdmString, Nullable: true},
		{Name: "Price", Column: "price", Type: schema.EdmDecimal, Precision: 6, Scale: 2, Nullable: true},
		{Name: "Qty", Column: "qty", Type: schema.EdmInt16, Nullable: true},
		{Name: "Ratio", Column: "ratio", Type: schema.EdmDouble, Nullable: true},
		{Name: "Active", Column: "active", Type: schema.EdmBoolean, Nullable: true},
		{Name: "Day", Column: "day", Type: schema.EdmDate, Nullable: true},
		{Name: "At", Column: "at", Type: schema.EdmDateTimeOffset, Nullable: true},
		{Name: "Uid", Column: "uid", Type: schema.EdmGuid, Nullable: true},
		{Name: "Blob", Column: "blob", Type: schema.EdmBinary, Nullable: true},
	}
	set := &schema.EntitySet{Name: "Things", Properties: props, Key: props[:1]}
	if err := (&schema.Model{EntitySets: []*schema.EntitySet{set}}).Index(); err != nil {
		t.Fatal(err)
	}
	return set
}

func TestParseEntityBody(t *testing.T) {
	set := bodyTestSet(t)
	cases := []struct {
		body string
		want string // "Prop=value;..." or "error:substring"
	}{
		{`{"ID":1,"Name":"abc"}`, "ID=1;Name=abc"},
		{`{"ID":"9007199254740993"}`, "ID=9007199254740993"},
		{`{"Price":12.5}`, "Price=12.5"},
		{`{"Price":"12.50"}`, "Price=12.50"},
		{`{"Price":1.5e2}`, "Price=150"},
		{`{"Price":12.555}`, "error:more than 2 decimal places"},
		{`{"Price":12345.5}`, "error:more than 4 digits"},
		{`{"Name":"Zoë😀"}`, "Name=Zoë😀"},
		{`{"Name":"toolong"}`, "error:at most 5"},
		{`{"Notes":null}`, "Notes=null"},
		{`{"Name":null}`, "error:must not be null"},
		{`{"Qty":40000}`, "error:out of range"},
		{`{"Qty":1.5}`, "error:expected an integer"},
		{`{"Ratio":"INF"}`, "Ratio=INF"},
		{`{"Active":"yes"}`, "error:expected Edm.Boolean"},
		{`{"Day":"2024-02-29"}`, "Day=2024-02-29"},
		{`{"Day":"2023-02-29"}`, "error:expected a date"},
		{`{"At":"2024-05-01T10:00:00.1234567+02:00"}`, "At=2024-05-01T10:00:00.1234567+02:00"},
		{`{"At":"yesterday"}`, "error:expected a timestamp"},
		{`{"Uid":"0A1B2C3D-0000-1111-2222-333344445555"}`, "Uid=0a1b2c3d-0000-1111-2222-333344445555"},
		{`{"Blob":"aGk_"}`, "Blob=hi?"},
		{`{"Nope":1,"Other":2}`, `error:no property "Nope", "Other"`},
		{`{"@odata.type":"#ns.Things","Name@odata.type":"String","Name":"a"}`, "Name=a"},
		{`{"Name":{"x":1}}`, "error:not an object"},
		{`[1,2]`, "error:must be a JSON object"},
		{`{"ID":1}{"ID":2}`, "error:exactly one"},
		{`not json`, "error:must be a JSON object"},
	}
	for _, tc := range cases {
		got, err := ParseEntityBody(set, []byte(tc.body))
		if strings.HasPrefix(tc.want, "error:") {
			if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(tc.want, "error:")) {
				t.Errorf("%s: error %v, want one containing %q", tc.body, err, strings.TrimPrefix(tc.want, "error:"))
			} else if oe, ok := AsError(err); !ok || oe.Status != 400 {
				t.Errorf("%s: %v is not a 400 *Error", tc.body, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: unexpected error %v", tc.body, err)
			continue
		}
		if s := assignmentsString(got); s != tc.want {
			t.Errorf("%s: got %s, want %s", tc.body, s, tc.want)
		}
	}
}

func assignmentsString(as []Assignment) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.Prop.Name + "=" + valueString(a.Value)
	}
	return strings.Join(parts, ";")
}

func valueString(v Value) string {
	switch {
	case v.Null:
		return "null"
	case v.Type.IsIntegral():
		return string(AppendValue(nil, v, JSONOptions{}))
	case v.Type == schema.EdmDouble:
		return strings.Trim(string(AppendValue(nil, v, JSONOptions{})), `"`)
	case v.Type == schema.EdmDate:
		return v.Time.Format("2006-01-02")
	case v.Type == schema.EdmDateTimeOffset:
		return v.Time.Format("2006-01-02T15:04:05.9999999Z07:00")
	case v.Type == schema.EdmBoolean:
		return string(AppendValue(nil, v, JSONOptions{}))
	case v.Type == schema.EdmBinary:
		return strings.ToValidUTF8(v.Text, "?")
	}
	return v.Text
}

package metadata

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/sfconnect/sfconnect/schema"
)

// csdlDir finds the OASIS CSDL schemas: $SFCONNECT_CSDL_DIR, else a shared/csdl-schemas
// directory beside the package directory or any of its parents.
func csdlDir(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("SFCONNECT_CSDL_DIR"); dir != "" {
		return dir
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("getting working directory: %v", err)
	}
	for {
		candidate := filepath.Join(dir, "shared", "csdl-schemas")
		if fi, err := os.Stat(candidate); err == nil && fi.IsDir() {
			return candidate
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// TestXMLValidatesAgainstXSD runs xmllint with the OASIS edmx.xsd (which imports edm.xsd from
// the same directory, so no network is needed) over every golden model.
func TestXMLValidatesAgainstXSD(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not on PATH (Debian: apt-get install libxml2-utils); skipping XSD validation")
	}
	xsd := filepath.Join(csdlDir(t), "edmx.xsd")
	if _, err := os.Stat(xsd); err != nil {
		t.Skipf("no edmx.xsd (set SFCONNECT_CSDL_DIR to the directory holding edmx.xsd and edm.xsd): %v", err)
	}
	cases := append(goldenCases, goldenCase{"wide", func(t testing.TB) *schema.Model { return wideModel(t, 20, 15) }, Options{Computed: true}})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), tc.name+".xml")
			if err := os.WriteFile(out, XMLWith(tc.model(t), tc.opts), 0o644); err != nil {
				t.Fatalf("writing rendered XML: %v", err)
			}
			cmd := exec.Command(xmllint, "--noout", "--nonet", "--schema", xsd, out)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("xmllint rejects the rendered XML: %v\n%s", err, msg)
			}
		})
	}
}

// TestXSDCatchesInvalidXML proves the validation above can fail: a MaxLength the XSD forbids.
func TestXSDCatchesInvalidXML(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not on PATH; skipping")
	}
	xsd := filepath.Join(csdlDir(t), "edmx.xsd")
	if _, err := os.Stat(xsd); err != nil {
		t.Skipf("no edmx.xsd: %v", err)
	}
	bad := bytes.Replace(XML(representativeModel(t)), []byte(`MaxLength="max"`), []byte(`MaxLength="huge"`), 1)
	out := filepath.Join(t.TempDir(), "bad.xml")
	if err := os.WriteFile(out, bad, 0o644); err != nil {
		t.Fatalf("writing XML: %v", err)
	}
	if err := exec.Command(xmllint, "--noout", "--nonet", "--schema", xsd, out).Run(); err == nil {
		t.Error("xmllint accepted MaxLength=\"huge\"; the XSD check is not working")
	}
}

// compileCSDLJSONSchema loads the OASIS CSDL JSON schema (draft-07) with a pure-Go validator.
func compileCSDLJSONSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join(csdlDir(t), "csdl.schema.json")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("no csdl.schema.json (set SFCONNECT_CSDL_DIR): %v", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(path, doc); err != nil {
		t.Fatalf("adding schema: %v", err)
	}
	s, err := c.Compile(path)
	if err != nil {
		t.Fatalf("compiling schema: %v", err)
	}
	return s
}

func validateJSON(s *jsonschema.Schema, doc []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

func TestJSONValidatesAgainstSchema(t *testing.T) {
	s := compileCSDLJSONSchema(t)
	cases := append(goldenCases, goldenCase{"wide", func(t testing.TB) *schema.Model { return wideModel(t, 20, 15) }, Options{Computed: true}})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := validateJSON(s, JSONWith(tc.model(t), tc.opts)); err != nil {
				t.Errorf("CSDL JSON schema rejects the rendered JSON: %v", err)
			}
		})
	}
	t.Run("catches invalid", func(t *testing.T) {
		bad := bytes.Replace(JSON(representativeModel(t)), []byte(`"$MaxLength": 40`), []byte(`"$MaxLength": "max"`), 1)
		if err := validateJSON(s, bad); err == nil {
			t.Error(`schema accepted "$MaxLength": "max"; the JSON schema check is not working`)
		}
	})
}

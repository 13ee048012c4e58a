package metadata

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/sfconnect/sfconnect/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenCase is one model rendered with one set of options.
type goldenCase struct {
	name  string
	model func(testing.TB) *schema.Model
	opts  Options
}

var goldenCases = []goldenCase{
	{"representative", representativeModel, Options{}},
	{"representative-computed", representativeModel, Options{Computed: true}},
	{"plain", plainModel, Options{}},
	{"empty", func(t testing.TB) *schema.Model { return model(t, "", "") }, Options{}},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.model(t)
			checkGolden(t, tc.name+".xml", XMLWith(m, tc.opts))
			checkGolden(t, tc.name+".json", JSONWith(m, tc.opts))
		})
	}
	t.Run("service", func(t *testing.T) {
		checkGolden(t, "service.json", ServiceDocument(representativeModel(t), "https://erp.example.com/odata/$metadata"))
	})
}

// TestDefaultsMatchOptionsZero guards the shortcut entry points against drifting from the
// configurable ones.
func TestDefaultsMatchOptionsZero(t *testing.T) {
	m := representativeModel(t)
	if !bytes.Equal(XML(m), XMLWith(m, Options{})) {
		t.Error("XML(m) differs from XMLWith(m, Options{})")
	}
	if !bytes.Equal(JSON(m), JSONWith(m, Options{})) {
		t.Error("JSON(m) differs from JSONWith(m, Options{})")
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("updating golden file: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

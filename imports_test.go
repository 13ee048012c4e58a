package sfconnect_test

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/sfconnect/sfconnect"

// allowedImports lists, per package (prefix), which of our packages it may import: imports go
// in one direction (see DESIGN.md). A package not listed here may import nothing of ours.
var allowedImports = map[string][]string{
	"schema":        {},
	"config":        {},
	"odata":         {"schema"},
	"metadata":      {"schema"},
	"auth":          {"schema", "odata", "config"},
	"demo":          {},
	"internal":      {"schema", "odata", "config", "sources"},
	"sources":       {"schema", "odata", "config", "sources"},
	"server":        {"schema", "odata", "config", "metadata", "auth"},
	"bench":         {"*"},
	"cmd/sfconnect": {"*"},
}

// forbidden are rules stated by DESIGN.md explicitly, checked even if allowedImports drifts.
var forbidden = []struct{ from, to string }{
	{"server", "sources"}, {"sources", "server"}, {"odata", "sources"}, {"odata", "server"},
	{"metadata", "odata"}, {"schema", ""},
}

func TestImportDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(strings.TrimPrefix(fields[0], module), "/")
		if pkg == "" {
			continue
		}
		checked++
		for _, imp := range fields[1:] {
			if !strings.HasPrefix(imp, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(imp, module+"/")
			if !allowed(pkg, dep) {
				t.Errorf("%s imports %s: not allowed by the package rules (imports_test.go, DESIGN.md)", pkg, dep)
			}
			for _, f := range forbidden {
				if top(pkg) == f.from && (f.to == "" || top(dep) == f.to) {
					t.Errorf("%s imports %s: DESIGN.md forbids %s -> %s", pkg, dep, f.from, orAny(f.to))
				}
			}
		}
	}
	if checked < 5 {
		t.Fatalf("only %d packages listed; the test is not seeing the module", checked)
	}
}

func allowed(pkg, dep string) bool {
	rules, ok := allowedImports[pkg]
	if !ok {
		rules, ok = allowedImports[top(pkg)]
	}
	if !ok {
		return false
	}
	for _, r := range rules {
		if r == "*" || top(dep) == r || dep == r {
			return true
		}
	}
	return false
}

// top is the first path element, except for cmd/<name>.
func top(pkg string) string {
	if strings.HasPrefix(pkg, "cmd/") {
		return pkg
	}
	first, _, _ := strings.Cut(pkg, "/")
	return first
}

func orAny(s string) string {
	if s == "" {
		return "anything of ours"
	}
	return s
}

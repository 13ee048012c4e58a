package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/sfconnect/sfconnect/auth"
	"github.com/sfconnect/sfconnect/schema"
)

// maxExternalObjects is Salesforce's per-org limit on external objects.
const maxExternalObjects = 200

// check reports, all at once, what Salesforce would reject or silently degrade in a
// configuration, and insecure security settings. Problems fail the command; warnings do not.
func check(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cf commonFlags
	fs := newFlagSet("check", stderr, &cf)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(cf, getenv)
	if err != nil {
		return err
	}
	if cfg.Database.URL == "" {
		return usageError{"check needs a database: --db URL, SFCONNECT_DB, or database.url in --config"}
	}
	var warnings []string
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	model, _, closeDB, err := openModelWarnings(ctx, cfg, log, &warnings)
	if err != nil {
		return err
	}
	closeDB()
	problems, more := checkModel(model)
	warnings = append(warnings, more...)
	secProblems, secWarnings := auth.Check(cfg, model, nil)
	problems = append(problems, secProblems...)
	warnings = append(warnings, secWarnings...)
	for _, w := range warnings {
		fmt.Fprintln(stdout, "warning:", w)
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, "problem:", p)
	}
	fmt.Fprintf(stdout, "%d entity sets, %d problems, %d warnings\n", len(model.EntitySets), len(problems), len(warnings))
	if len(problems) > 0 {
		return fmt.Errorf("%d problems Salesforce would reject", len(problems))
	}
	return nil
}

// checkModel applies Salesforce Connect's limits to a model.
func checkModel(m *schema.Model) (problems, warnings []string) {
	if n := len(m.EntitySets); n > maxExternalObjects {
		problems = append(problems, fmt.Sprintf("%d entity sets: Salesforce allows at most %d external objects per org", n, maxExternalObjects))
	}
	for _, es := range m.EntitySets {
		if len(es.Name) > schema.MaxEntitySetName {
			problems = append(problems, fmt.Sprintf("entity set %s: name longer than %d characters (object name %s__x must fit in 40)", es.Name, schema.MaxEntitySetName, es.Name))
		}
		if !schema.IsIdentifier(es.Name) || hasDoubleUnderscore(es.Name) {
			problems = append(problems, fmt.Sprintf("entity set %s: not a name Salesforce accepts (letters, digits, single underscores, no trailing _)", es.Name))
		}
		if len(es.Key) == 0 {
			problems = append(problems, fmt.Sprintf("entity set %s: no key", es.Name))
		}
		for _, p := range es.Properties {
			if !schema.IsIdentifier(p.Name) || hasDoubleUnderscore(p.Name) {
				problems = append(problems, fmt.Sprintf("%s.%s: not a field name Salesforce accepts", es.Name, p.Name))
			}
			if p.Type == schema.EdmString && p.MaxLength == 0 {
				warnings = append(warnings, fmt.Sprintf("%s.%s: string without a known length; give the column a length (or expect Long Text Area behaviour)", es.Name, p.Name))
			}
			if p.Type == schema.EdmTimeOfDay || p.Type == schema.EdmDuration {
				warnings = append(warnings, fmt.Sprintf("%s.%s: %s is not reliably supported by Salesforce Connect", es.Name, p.Name, p.Type))
			}
		}
		if es.Writable && es.Table.View {
			warnings = append(warnings, fmt.Sprintf("entity set %s: writable view; writes only work if the database can update it", es.Name))
		}
	}
	return problems, warnings
}

func hasDoubleUnderscore(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] == '_' && s[i-1] == '_' {
			return true
		}
	}
	return len(s) > 0 && s[len(s)-1] == '_'
}

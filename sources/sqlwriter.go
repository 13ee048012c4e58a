package sources

import (
	"strings"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// sqlWriter accumulates one parameterised SQL statement and its bind arguments. Literal values
// only ever enter through bind, so no client text can reach the SQL string.
type sqlWriter struct {
	d    Dialect
	sb   strings.Builder
	args []any
	// err is the first translation error met where returning it is awkward (inside isNull).
	err error
}

func newSQLWriter(d Dialect) *sqlWriter { return &sqlWriter{d: d} }

func (w *sqlWriter) str(s string) { w.sb.WriteString(s) }

func (w *sqlWriter) ident(name string) { w.sb.WriteString(w.d.QuoteIdent(name)) }

// bind appends a placeholder for v and records its driver argument.
func (w *sqlWriter) bind(v odata.Value) {
	w.args = append(w.args, w.d.Arg(v))
	w.sb.WriteString(w.d.Placeholder(len(w.args)))
}

func (w *sqlWriter) String() string { return w.sb.String() }

// comma writes ", " before every item but the first.
func (w *sqlWriter) comma(i int) {
	if i > 0 {
		w.sb.WriteString(", ")
	}
}

// table writes the quoted, optionally schema-qualified table name.
func (w *sqlWriter) table(t schema.TableRef) {
	if t.Schema != "" {
		w.ident(t.Schema)
		w.sb.WriteByte('.')
	}
	w.ident(t.Name)
}

// EscapeLike escapes LIKE's metacharacters % and _ and the escape character itself with a
// backslash; dialects pair it with ESCAPE '\' (or their default backslash escape).
func EscapeLike(s string) string {
	if !strings.ContainsAny(s, `%_\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '%', '_', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

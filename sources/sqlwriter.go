package sources

import (
	"strings"
	"sync"

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

// newSQLWriter starts a statement with room for a typical one (a list view's SELECT is about
// 250 bytes), so the text is not copied as it grows.
func newSQLWriter(d Dialect) *sqlWriter {
	w := &sqlWriter{d: d}
	w.sb.Grow(320)
	return w
}

func (w *sqlWriter) str(s string) { w.sb.WriteString(s) }

func (w *sqlWriter) ident(name string) { w.sb.WriteString(quoteIdent(w.d, name)) }

// quotedIdents caches the dialects' quoted identifiers: every statement quotes each column
// it names (eight for a detail lookup), and the names come from the model, never from request
// text, so the set is small and fixed. The cap only guards against a model far larger than any
// configuration.
var quotedIdents struct {
	sync.RWMutex
	m map[identKey]string
}

type identKey struct{ dialect, name string }

const maxQuotedIdents = 1 << 14

func quoteIdent(d Dialect, name string) string {
	k := identKey{d.Name(), name}
	quotedIdents.RLock()
	q, ok := quotedIdents.m[k]
	quotedIdents.RUnlock()
	if ok {
		return q
	}
	q = d.QuoteIdent(name)
	quotedIdents.Lock()
	if quotedIdents.m == nil {
		quotedIdents.m = map[identKey]string{}
	}
	if len(quotedIdents.m) < maxQuotedIdents {
		quotedIdents.m[k] = q
	}
	quotedIdents.Unlock()
	return q
}

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

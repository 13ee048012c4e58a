package sources

// TEMPORARY: replaced by the translator branch at merge.

import "github.com/sfconnect/sfconnect/odata"

func SelectSQL(d Dialect, r *odata.Read) (string, []any, error) {
	return "", nil, odata.NotImplemented("select")
}
func CountSQL(d Dialect, r *odata.Read) (string, []any, error) {
	return "", nil, odata.NotImplemented("count")
}

func (w *sqlWriter) predicate(e odata.Expr) error { return odata.NotImplemented("predicate") }

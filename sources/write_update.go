package sources

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

func (s *Store) update(ctx context.Context, tx *sql.Tx, w *odata.Write) error {
	vals, err := replaceValues(w)
	if err != nil {
		return err
	}
	if err := s.precondition(ctx, tx, w); err != nil {
		return err
	}
	if len(vals) > 0 {
		q := newSQLWriter(s.d)
		q.str("UPDATE ")
		q.table(w.Set.Table)
		q.str(" SET ")
		for i, a := range vals {
			q.comma(i)
			q.ident(a.Prop.Column)
			q.str(" = ")
			q.bind(a.Value)
		}
		if err := s.whereKey(q, w.Set, w.Key, w.Guard); err != nil {
			return err
		}
		if err := execOne(ctx, tx, q, w.Set, "updating"); err != nil {
			return err
		}
	}
	if w.Guard != nil {
		return s.checkGuard(ctx, tx, w.Set, w.Key, w.Guard)
	}
	return nil
}

// replaceValues adds, for PUT, a null for every writable property the body leaves out; a
// missing NOT NULL property is a 400 naming it.
func replaceValues(w *odata.Write) ([]odata.Assignment, error) {
	if !w.Replace {
		return w.Values, nil
	}
	vals := append([]odata.Assignment(nil), w.Values...)
	var missing []string
	for _, p := range w.Set.Properties {
		if p.ReadOnly || w.Set.IsKey(p) || assigned(w.Values, p) {
			continue
		}
		if !p.Nullable {
			missing = append(missing, p.Name)
			continue
		}
		vals = append(vals, odata.Assignment{Prop: p, Value: odata.Value{Type: p.Type, Null: true}})
	}
	if len(missing) > 0 {
		return nil, odata.BadRequest("MissingProperty", "PUT replaces the whole entity: %s required", strings.Join(missing, ", ")).WithTarget(missing[0])
	}
	return vals, nil
}

func (s *Store) delete(ctx context.Context, tx *sql.Tx, w *odata.Write) error {
	if err := s.precondition(ctx, tx, w); err != nil {
		return err
	}
	q := newSQLWriter(s.d)
	q.str("DELETE FROM ")
	q.table(w.Set.Table)
	if err := s.whereKey(q, w.Set, w.Key, w.Guard); err != nil {
		return err
	}
	return execOne(ctx, tx, q, w.Set, "deleting")
}

// precondition locks the row and compares its version with If-Match (412 on mismatch).
func (s *Store) precondition(ctx context.Context, tx *sql.Tx, w *odata.Write) error {
	if w.IfMatch == "" || w.Set.ETag == nil {
		return nil
	}
	q := newSQLWriter(s.d)
	q.str("SELECT ")
	q.ident(w.Set.ETag.Column)
	q.str(" FROM ")
	q.table(w.Set.Table)
	if err := s.whereKey(q, w.Set, w.Key, w.Guard); err != nil {
		return err
	}
	if ld, ok := s.d.(lockingDialect); ok {
		q.str(ld.ForUpdate())
	}
	var current odata.Value
	err := tx.QueryRowContext(ctx, q.String(), q.args...).Scan(&cell{v: &current, t: w.Set.ETag.Type, scale: w.Set.ETag.Scale})
	if errors.Is(err, sql.ErrNoRows) {
		return odata.NotFound("no %s with this key", w.Set.Name)
	}
	if err != nil {
		return fmt.Errorf("reading the version of %s: %w", w.Set.Name, err)
	}
	if !odata.MatchETag(w.IfMatch, current) {
		return odata.Errorf(http.StatusPreconditionFailed, "PreconditionFailed", "the %s was changed by someone else; reload it and try again", w.Set.Name)
	}
	return nil
}

// whereKey appends " WHERE k1 = ? AND ... [AND (guard)]".
func (s *Store) whereKey(q *sqlWriter, set *schema.EntitySet, key []odata.Value, guard odata.Expr) error {
	q.str(" WHERE ")
	for i, k := range set.Key {
		if i > 0 {
			q.str(" AND ")
		}
		q.ident(k.Column)
		q.str(" = ")
		q.bind(key[i])
	}
	if guard != nil {
		q.str(" AND (")
		if err := q.predicate(guard); err != nil {
			return err
		}
		q.str(")")
	}
	return nil
}

// execOne runs an UPDATE or DELETE that must touch exactly one row: none is a 404 (absent, or
// outside the caller's row filter — indistinguishable on purpose).
func execOne(ctx context.Context, tx *sql.Tx, q *sqlWriter, set *schema.EntitySet, verb string) error {
	res, err := tx.ExecContext(ctx, q.String(), q.args...)
	if err != nil {
		return fmt.Errorf("%s %s: %w", verb, set.Name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s %s: %w", verb, set.Name, err)
	}
	if n == 0 {
		return odata.NotFound("no %s with this key", set.Name)
	}
	return nil
}

// checkGuard verifies, inside the transaction, that the written row satisfies the caller's row
// filter; a create or update that would move a row out of sight is refused (403).
func (s *Store) checkGuard(ctx context.Context, tx *sql.Tx, set *schema.EntitySet, key []odata.Value, guard odata.Expr) error {
	q := newSQLWriter(s.d)
	q.str("SELECT 1 FROM ")
	q.table(set.Table)
	if err := s.whereKey(q, set, key, guard); err != nil {
		return err
	}
	var one int
	err := tx.QueryRowContext(ctx, q.String(), q.args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return odata.Errorf(http.StatusForbidden, "RowFilter", "this change would put the %s outside the rows you may see", set.Name)
	}
	if err != nil {
		return fmt.Errorf("checking the row filter of %s: %w", set.Name, err)
	}
	return nil
}

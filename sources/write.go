package sources

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// Optional dialect capabilities for writes; a dialect without them gets the portable default.
type (
	// returningDialect can return generated keys with INSERT ... RETURNING.
	returningDialect interface{ InsertReturning() bool }
	// lockingDialect locks the row read before a conditional write (" FOR UPDATE").
	lockingDialect interface{ ForUpdate() string }
	// emptyInsertDialect spells an INSERT without columns ("DEFAULT VALUES" or "() VALUES ()").
	emptyInsertDialect interface{ EmptyInsert() string }
	// errorDialect turns a driver error into a readable client error (constraint violations),
	// or returns nil when the error is not the client's.
	errorDialect interface{ ClientError(err error) *odata.Error }
)

// Write runs one create, update or delete as a single transaction and returns the row's key.
func (s *Store) Write(ctx context.Context, w *odata.Write) ([]odata.Value, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("beginning write on %s: %w", w.Set.Name, err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	var key []odata.Value
	switch w.Kind {
	case odata.WriteCreate:
		key, err = s.insert(ctx, tx, w)
	case odata.WriteUpdate:
		key, err = w.Key, s.update(ctx, tx, w)
	case odata.WriteDelete:
		key, err = w.Key, s.delete(ctx, tx, w)
	default:
		err = fmt.Errorf("unknown write kind %d", w.Kind)
	}
	if err != nil {
		return nil, s.clientError(err)
	}
	if err := tx.Commit(); err != nil {
		return nil, s.clientError(fmt.Errorf("committing write on %s: %w", w.Set.Name, err))
	}
	return key, nil
}

// clientError maps constraint violations to readable 400/409 errors; anything else stays an
// internal error (logged, never shown).
func (s *Store) clientError(err error) error {
	if _, ok := odata.AsError(err); ok {
		return err
	}
	if ed, ok := s.d.(errorDialect); ok {
		if oe := ed.ClientError(err); oe != nil {
			oe.Err = err
			return oe
		}
	}
	return err
}

func (s *Store) insert(ctx context.Context, tx *sql.Tx, w *odata.Write) ([]odata.Value, error) {
	if err := checkRequired(w.Set, w.Values); err != nil {
		return nil, err
	}
	q := newSQLWriter(s.d)
	q.str("INSERT INTO ")
	q.table(w.Set.Table)
	if len(w.Values) == 0 {
		q.str(" " + emptyInsert(s.d))
	} else {
		q.str(" (")
		for i, a := range w.Values {
			q.comma(i)
			q.ident(a.Prop.Column)
		}
		q.str(") VALUES (")
		for i, a := range w.Values {
			q.comma(i)
			q.bind(a.Value)
		}
		q.str(")")
	}
	key, err := s.runInsert(ctx, tx, q, w)
	if err != nil {
		return nil, err
	}
	if w.Guard != nil {
		if err := s.checkGuard(ctx, tx, w.Set, key, w.Guard); err != nil {
			return nil, err
		}
	}
	return key, nil
}

// runInsert executes the INSERT and finds the new row's key: RETURNING where the engine has it,
// else the key values from the body, else the auto-increment id.
func (s *Store) runInsert(ctx context.Context, tx *sql.Tx, q *sqlWriter, w *odata.Write) ([]odata.Value, error) {
	if rd, ok := s.d.(returningDialect); ok && rd.InsertReturning() {
		q.str(" RETURNING ")
		for i, k := range w.Set.Key {
			q.comma(i)
			q.ident(k.Column)
		}
		key := make([]odata.Value, len(w.Set.Key))
		dest := make([]any, len(key))
		for i, k := range w.Set.Key {
			dest[i] = &cell{v: &key[i], t: k.Type}
		}
		if err := tx.QueryRowContext(ctx, q.String(), q.args...).Scan(dest...); err != nil {
			return nil, fmt.Errorf("inserting into %s: %w", w.Set.Name, err)
		}
		return key, nil
	}
	res, err := tx.ExecContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("inserting into %s: %w", w.Set.Name, err)
	}
	if key, ok := keyFromValues(w.Set, w.Values); ok {
		return key, nil
	}
	if len(w.Set.Key) == 1 && w.Set.Key[0].Type.IsIntegral() {
		id, err := res.LastInsertId()
		if err != nil {
			return nil, fmt.Errorf("reading the new key of %s: %w", w.Set.Name, err)
		}
		return []odata.Value{{Type: w.Set.Key[0].Type, Int: id}}, nil
	}
	return nil, fmt.Errorf("cannot determine the key of the row created in %s", w.Set.Name)
}

func keyFromValues(set *schema.EntitySet, vals []odata.Assignment) ([]odata.Value, bool) {
	key := make([]odata.Value, len(set.Key))
	for i, k := range set.Key {
		found := false
		for _, a := range vals {
			if a.Prop == k {
				key[i], found = a.Value, true
			}
		}
		if !found {
			return nil, false
		}
	}
	return key, true
}

// checkRequired names every NOT NULL column without a default that a create leaves out, before
// the database answers with its own less readable message.
func checkRequired(set *schema.EntitySet, vals []odata.Assignment) error {
	var missing []string
	for _, p := range set.Properties {
		if p.Nullable || p.HasDefault || p.Generated || p.ReadOnly {
			continue
		}
		if !assigned(vals, p) {
			missing = append(missing, p.Name)
		}
	}
	if len(missing) > 0 {
		return odata.BadRequest("MissingProperty", "%s requires %s", set.Name, strings.Join(missing, ", ")).WithTarget(missing[0])
	}
	return nil
}

func assigned(vals []odata.Assignment, p *schema.Property) bool {
	for _, a := range vals {
		if a.Prop == p {
			return true
		}
	}
	return false
}

func emptyInsert(d Dialect) string {
	if ed, ok := d.(emptyInsertDialect); ok {
		return ed.EmptyInsert()
	}
	return "DEFAULT VALUES"
}

package odata

import (
	"net/url"
	"strings"

	"github.com/sfconnect/sfconnect/schema"
)

// PathKind says what a resource path addresses.
type PathKind uint8

// The resource kinds sfconnect serves.
const (
	PathServiceDocument PathKind = iota + 1
	PathMetadata
	PathCollection // /Set
	PathCount      // /Set/$count
	PathEntity     // /Set(key)
)

// Path is a parsed resource path below the service root.
type Path struct {
	Kind PathKind
	Set  *schema.EntitySet
	// Key holds the key values of an entity path, aligned with Set.Key.
	Key []Value
}

// ParsePath parses the escaped path below the service root ("" or "/" for the service
// document). Segments are split before percent-decoding so an encoded "/" inside a string key
// stays part of the key.
func ParsePath(m *schema.Model, escaped string) (*Path, error) {
	escaped = strings.TrimPrefix(escaped, "/")
	if escaped == "" {
		return &Path{Kind: PathServiceDocument}, nil
	}
	segs := strings.Split(strings.TrimSuffix(escaped, "/"), "/")
	for i, s := range segs { // unescaped in place: one allocation for the segments
		d, err := url.PathUnescape(s)
		if err != nil {
			return nil, BadRequest("BadPath", "the resource path is not valid URL encoding")
		}
		segs[i] = d
	}
	switch segs[0] {
	case "$metadata":
		if len(segs) > 1 {
			return nil, NotFound("no resource at %s", truncate(escaped, 80))
		}
		return &Path{Kind: PathMetadata}, nil
	case "$batch":
		return nil, NotImplemented("$batch requests are not supported")
	case "$entity", "$crossjoin", "$all":
		return nil, NotImplemented("%s is not supported", segs[0])
	}
	p, err := parseSetSegment(m, segs[0])
	if err != nil {
		return nil, err
	}
	return p.withRest(segs[1:])
}

func parseSetSegment(m *schema.Model, seg string) (*Path, error) {
	name, keyText, hasKey := strings.Cut(seg, "(")
	set, ok := m.EntitySet(name)
	if !ok {
		return nil, NotFound("no entity set named %q", truncate(name, 80)).WithTarget(truncate(name, 80))
	}
	if !hasKey {
		return &Path{Kind: PathCollection, Set: set}, nil
	}
	if !strings.HasSuffix(keyText, ")") {
		return nil, BadRequest("BadKey", "key predicate of %s is missing its closing parenthesis", set.Name)
	}
	key, err := ParseKey(set, strings.TrimSuffix(keyText, ")"))
	if err != nil {
		return nil, err
	}
	return &Path{Kind: PathEntity, Set: set, Key: key}, nil
}

func (p *Path) withRest(rest []string) (*Path, error) {
	switch {
	case len(rest) == 0:
		return p, nil
	case len(rest) == 1 && rest[0] == "$count" && p.Kind == PathCollection:
		p.Kind = PathCount
		return p, nil
	case p.Kind == PathEntity && len(rest) == 1:
		if _, ok := p.Set.Property(rest[0]); ok {
			return nil, NotImplemented("addressing a single property is not supported; use $select")
		}
	}
	return nil, NotFound("no resource at %s/%s", p.Set.Name, truncate(strings.Join(rest, "/"), 80))
}

// KeyFilter builds the predicate "k1 eq v1 and k2 eq v2 ..." for an entity's key.
func KeyFilter(set *schema.EntitySet, key []Value) Expr {
	var e Expr
	for i, k := range set.Key {
		eq := &Binary{Op: OpEq, Left: &PropertyRef{Prop: k}, Right: &Literal{Value: key[i]}, T: schema.EdmBoolean}
		if e == nil {
			e = eq
		} else {
			e = &Binary{Op: OpAnd, Left: e, Right: eq, T: schema.EdmBoolean}
		}
	}
	return e
}

// And combines two optional predicates.
func And(a, b Expr) Expr {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return &Binary{Op: OpAnd, Left: a, Right: b, T: schema.EdmBoolean}
}

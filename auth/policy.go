package auth

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// Action is what a request does to an entity set.
type Action uint8

// The actions; Write implies Read.
const (
	Read Action = iota + 1
	Write
)

func (a Action) String() string {
	if a == Write {
		return "write"
	}
	return "read"
}

// ParseFunc parses and binds a $filter expression (odata.ParseFilter in production).
type ParseFunc func(set *schema.EntitySet, text string, lim odata.Limits) (odata.Expr, error)

// Policy is the authorization rules: which sets a principal may read and write, and the row
// filter that confines it within each. A principal's rights are the union of all rules that
// match it: it sees a row when any matching rule's filter for the set accepts it, and all rows
// when a matching rule grants the set without a filter. No rules at all: everyone sees all.
type Policy struct {
	rules []*rule
	parse ParseFunc
	lim   odata.Limits

	mu    sync.Mutex
	cache map[string]odata.Expr // set name + "\x00" + rendered filter -> bound expression
}

type rule struct {
	index      int
	selectors  []string
	read       map[string]bool
	write      map[string]bool
	filters    map[string]*filterTemplate
	allFilters *filterTemplate // filters["*"]
}

const maxCachedFilters = 4096

// NewPolicy compiles the access rules against model: unknown entity sets, bad placeholders and
// filters that do not parse for a set they apply to are errors here, at start, not per request.
func NewPolicy(rules []config.AccessRule, model *schema.Model, parse ParseFunc) (*Policy, error) {
	p := &Policy{parse: parse, lim: odata.DefaultLimits, cache: map[string]odata.Expr{}}
	for i, rc := range rules {
		r := &rule{index: i, selectors: rc.Principals, read: map[string]bool{}, write: map[string]bool{}, filters: map[string]*filterTemplate{}}
		for _, lst := range []struct {
			names []string
			into  map[string]bool
			key   string
		}{{rc.Read, r.read, "read"}, {rc.Write, r.write, "write"}} {
			for _, name := range lst.names {
				if _, ok := model.EntitySet(name); name != "*" && !ok {
					return nil, fmt.Errorf("auth.access[%d].%s: no entity set %q", i, lst.key, name)
				}
				lst.into[name] = true
			}
		}
		for name, src := range rc.Filters {
			if _, ok := model.EntitySet(name); name != "*" && !ok {
				return nil, fmt.Errorf("auth.access[%d].filters: no entity set %q", i, name)
			}
			t, err := compileTemplate(src)
			if err != nil {
				return nil, fmt.Errorf("auth.access[%d].filters.%s: %w", i, name, err)
			}
			if name == "*" {
				r.allFilters = t
			} else {
				r.filters[name] = t
			}
		}
		if err := p.validate(r, model); err != nil {
			return nil, err
		}
		p.rules = append(p.rules, r)
	}
	return p, nil
}

// validate parses every filter of r, with dummy placeholder values, for each set it applies to.
func (p *Policy) validate(r *rule, model *schema.Model) error {
	for _, set := range model.EntitySets {
		if !r.grants(set.Name, Read) {
			continue
		}
		t := r.filter(set.Name)
		if t == nil {
			continue
		}
		text, err := t.render(dummyValue)
		if err == nil {
			_, err = p.parse(set, text, p.lim)
		}
		if err != nil {
			return fmt.Errorf("auth.access[%d].filters: the filter %q does not work for entity set %s: %w", r.index, t.src, set.Name, err)
		}
	}
	return nil
}

func (r *rule) grants(set string, a Action) bool {
	w := r.write[set] || r.write["*"]
	if a == Write {
		return w
	}
	return w || r.read[set] || r.read["*"]
}

func (r *rule) filter(set string) *filterTemplate {
	if t, ok := r.filters[set]; ok {
		return t
	}
	return r.allFilters
}

func (r *rule) matches(pr *Principal) bool {
	for _, sel := range r.selectors {
		if selectorMatches(sel, pr) {
			return true
		}
	}
	return false
}

// selectorMatches: "*", "anonymous", "role:R", "claim:N=V", or "kind:name".
func selectorMatches(sel string, pr *Principal) bool {
	switch sel {
	case "*":
		return true
	case "anonymous":
		return pr.Kind == KindAnonymous
	}
	kind, rest, _ := strings.Cut(sel, ":")
	switch kind {
	case "role":
		return pr.HasRole(rest)
	case "claim":
		name, want, _ := strings.Cut(rest, "=")
		return slices.Contains(pr.claimStrings(name), want)
	}
	return pr.Kind != KindAnonymous && sel == pr.ID()
}

// Restricted reports whether any access rules exist.
func (p *Policy) Restricted() bool { return len(p.rules) > 0 }

// filterTexts returns the rendered row filters of the rules that grant pr action on set:
// unrestricted when one of them has no filter. A principal no rule grants gets a 403.
func (p *Policy) filterTexts(pr *Principal, set string, a Action, h http.Header) (texts []string, unrestricted bool, err error) {
	if !p.Restricted() {
		return nil, true, nil
	}
	var templates []*filterTemplate
	granted := false
	for _, r := range p.rules {
		if !r.matches(pr) || !r.grants(set, a) {
			continue
		}
		granted = true
		t := r.filter(set)
		if t == nil {
			return nil, true, nil // one unfiltered grant: all rows, whatever the other rules say
		}
		templates = append(templates, t)
	}
	if !granted {
		return nil, false, &odata.Error{Status: http.StatusForbidden, Code: "Forbidden",
			Message: fmt.Sprintf("%s may not %s %s", pr.ID(), a, set)}
	}
	for _, t := range templates {
		text, err := t.render(requestValue(pr, h))
		if err != nil {
			// Any filter that cannot be built refuses the request: silently dropping it would
			// show the caller a different subset than its rules describe.
			return nil, false, forbidden(set, err)
		}
		if !slices.Contains(texts, text) {
			texts = append(texts, text)
		}
	}
	return texts, false, nil
}

// Allowed reports whether pr may perform a on set at all (row filters aside).
func (p *Policy) Allowed(pr *Principal, set string, a Action) bool {
	if !p.Restricted() {
		return true
	}
	for _, r := range p.rules {
		if r.matches(pr) && r.grants(set, a) {
			return true
		}
	}
	return false
}

// RowFilter is the predicate that confines pr on set for action a: nil when pr sees every row,
// a 403 *odata.Error when it may not act on the set at all. The server ANDs it into every read
// (collection, count, key read) and passes it as the write guard.
func (p *Policy) RowFilter(pr *Principal, set *schema.EntitySet, a Action, h http.Header) (odata.Expr, error) {
	texts, unrestricted, err := p.filterTexts(pr, set.Name, a, h)
	if err != nil || unrestricted {
		return nil, err
	}
	var out odata.Expr
	for _, text := range texts {
		e, err := p.bind(set, text)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = e
		} else {
			out = &odata.Binary{Op: odata.OpOr, Left: out, Right: e, T: schema.EdmBoolean}
		}
	}
	return out, nil
}

// bind parses a rendered filter, remembering the result: bound expressions are immutable and
// principals repeat the same few filters. A parse failure here is a server fault (the template
// validated at start), so it becomes a 500, never a client-visible message about the filter.
func (p *Policy) bind(set *schema.EntitySet, text string) (odata.Expr, error) {
	key := set.Name + "\x00" + text
	p.mu.Lock()
	e, ok := p.cache[key]
	p.mu.Unlock()
	if ok {
		return e, nil
	}
	e, err := p.parse(set, text, p.lim)
	if err != nil {
		return nil, fmt.Errorf("parsing the row filter of %s: %v", set.Name, err)
	}
	p.mu.Lock()
	if len(p.cache) >= maxCachedFilters {
		clear(p.cache)
	}
	p.cache[key] = e
	p.mu.Unlock()
	return e, nil
}

// headerRulesFor reports whether any rule matching pr reads request headers (a
// configuration `check` warns about: anyone can send any header).
func (p *Policy) headerRulesFor(pr *Principal) bool {
	for _, r := range p.rules {
		if !r.matches(pr) {
			continue
		}
		ts := []*filterTemplate{r.allFilters}
		for _, t := range r.filters {
			ts = append(ts, t)
		}
		for _, t := range ts {
			if t == nil {
				continue
			}
			for _, ph := range t.placeholders() {
				if ph.source == "header" {
					return true
				}
			}
		}
	}
	return false
}

package odata

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/sfconnect/sfconnect/schema"
)

// Options are the raw system query options of a request, one value each.
type Options struct {
	Select, Filter, OrderBy, Search, Top, Skip, Count, SkipToken, Format string
	has                                                                  uint16 // bit optionIndex(name): present
}

// Has reports whether the option (e.g. "$top") was present.
func (o *Options) Has(name string) bool {
	i := optionIndex(name)
	return i >= 0 && o.has&(1<<i) != 0
}

// unsupportedOptions are valid OData that sfconnect does not implement: a clear 501 beats a
// silently ignored option that changes the meaning of the answer.
var unsupportedOptions = map[string]bool{"$expand": true, "$apply": true, "$compute": true,
	"$levels": true, "$index": true, "$schemaversion": true, "$id": true, "$deltatoken": true}

// optionIndex numbers the supported options (lower-case names), -1 for others. A switch, not a
// map: this runs for every option of every request (bench/REPORT.md, profile findings).
func optionIndex(key string) int {
	switch key {
	case "$select":
		return 0
	case "$filter":
		return 1
	case "$orderby":
		return 2
	case "$search":
		return 3
	case "$top":
		return 4
	case "$skip":
		return 5
	case "$count":
		return 6
	case "$skiptoken":
		return 7
	case "$format":
		return 8
	}
	return -1
}

// field is the destination of the supported option i.
func (o *Options) field(i int) *string {
	return [...]*string{&o.Select, &o.Filter, &o.OrderBy, &o.Search, &o.Top, &o.Skip, &o.Count, &o.SkipToken, &o.Format}[i]
}

// SplitOptions parses a raw query string into system query options. Only "&" separates options:
// ";" is ordinary text in OData URLs ($format=application/json;odata.metadata=full, or a
// semicolon inside a string literal), which url.ParseQuery would reject. Option names are matched
// case-insensitively (4.01); names without "$" are custom options and ignored; a repeated or
// unknown system option is a 400 and an unsupported one a 501.
func SplitOptions(rawQuery string) (*Options, error) {
	o := &Options{}
	for rest := rawQuery; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, "&")
		if part == "" {
			continue
		}
		rawName, rawValue, _ := strings.Cut(part, "=")
		name, err1 := url.QueryUnescape(rawName)
		value, err2 := url.QueryUnescape(rawValue)
		if err1 != nil || err2 != nil {
			return nil, BadRequest("BadQuery", "the query string is not valid URL encoding").WithTarget("query")
		}
		if !strings.HasPrefix(name, "$") {
			continue
		}
		key := strings.ToLower(name)
		i := optionIndex(key)
		if i < 0 {
			return nil, unknownOption(key, name)
		}
		if o.has&(1<<i) != 0 {
			return nil, BadRequest("DuplicateOption", "query option %s is given more than once", name).WithTarget(name)
		}
		o.has |= 1 << i
		*o.field(i) = value
	}
	return o, nil
}

// unknownOption is the error for a system option sfconnect does not serve: 501 for valid
// OData it does not implement, 400 for names OData does not define.
func unknownOption(key, name string) error {
	if unsupportedOptions[key] {
		return NotImplemented("query option %s is not supported", name).WithTarget(name)
	}
	return BadRequest("UnknownOption", "unknown system query option %s", name).WithTarget(name)
}

// ParseQuery parses and binds the collection options against set.
func ParseQuery(set *schema.EntitySet, o *Options, lim Limits) (*Query, error) {
	q := &Query{Top: -1, SkipToken: o.SkipToken}
	var err error
	if o.Has("$select") {
		if q.Select, err = ParseSelect(set, o.Select); err != nil {
			return nil, err
		}
	}
	if o.Has("$filter") {
		if q.Filter, err = ParseFilter(set, o.Filter, lim); err != nil {
			return nil, err
		}
	}
	if o.Has("$orderby") {
		if q.OrderBy, err = ParseOrderBy(set, o.OrderBy, lim); err != nil {
			return nil, err
		}
	}
	if o.Has("$search") {
		if q.Search, err = ParseSearch(o.Search, lim); err != nil {
			return nil, err
		}
	}
	if o.Has("$top") {
		if q.Top, err = parseCount("$top", o.Top, lim.MaxTop); err != nil {
			return nil, err
		}
	}
	if o.Has("$skip") {
		if q.Skip, err = parseCount("$skip", o.Skip, lim.MaxSkip); err != nil {
			return nil, err
		}
	}
	if o.Has("$count") {
		if q.Count, err = ParseBool("$count", o.Count); err != nil {
			return nil, err
		}
	}
	if o.Has("$skiptoken") && o.SkipToken == "" {
		return nil, BadRequest("BadSkipToken", "$skiptoken must not be empty").WithTarget("$skiptoken")
	}
	return q, nil
}

// parseCount parses a non-negative integer option no larger than max.
func parseCount(name, v string, max int) (int, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 {
		return 0, BadRequest("BadQueryOption", "%s must be a non-negative integer, got %q", name, truncate(v, 40)).WithTarget(name)
	}
	if max > 0 && n > int64(max) {
		return 0, BadRequest("BadQueryOption", "%s must not exceed %d", name, max).WithTarget(name)
	}
	return int(n), nil
}

// ParseBool parses "true" or "false" (case-insensitive, as clients vary).
func ParseBool(name, v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, BadRequest("BadQueryOption", "%s must be true or false, got %q", name, truncate(v, 40)).WithTarget(name)
}

// truncate shortens client text echoed in messages.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

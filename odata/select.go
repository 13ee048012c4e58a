package odata

import (
	"strings"

	"github.com/sfconnect/sfconnect/schema"
)

// ParseSelect parses $select: "*" or a comma-separated list of property names, whitespace
// allowed around names. It returns nil for "all properties" ("*" anywhere in the list) and
// otherwise the properties in request order, duplicates collapsed.
func ParseSelect(set *schema.EntitySet, text string) ([]*schema.Property, error) {
	const option, code = "$select", "BadSelect"
	if strings.TrimSpace(text) == "" {
		return nil, BadRequest(code, "$select is empty; leave it out to get every property").WithTarget(option)
	}
	items := strings.Split(text, ",")
	if len(items) > len(set.Properties)+100 {
		return nil, BadRequest(code, "$select lists %d items; %s has %d properties", len(items), set.Name, len(set.Properties)).WithTarget(option)
	}
	var props []*schema.Property
	seen := make(map[*schema.Property]bool, len(items))
	all := false
	for _, item := range items {
		name := strings.TrimSpace(item)
		switch {
		case name == "*":
			all = true
			continue
		case name == "":
			return nil, BadRequest(code, "$select has an empty item").WithTarget(option)
		}
		p, ok := set.Property(name)
		if !ok {
			return nil, selectError(set, name)
		}
		if !seen[p] {
			seen[p] = true
			props = append(props, p)
		}
	}
	if all {
		return nil, nil
	}
	return props, nil
}

func selectError(set *schema.EntitySet, name string) *Error {
	shown := truncate(name, 60)
	if i := strings.IndexAny(name, "/(."); i > 0 {
		if _, ok := set.Property(name[:i]); ok {
			return NotImplemented("$select: %s is not supported: entity types are flat, select %s itself", shown, name[:i]).WithTarget(shown)
		}
	}
	return BadRequest("BadSelect", "$select: %s has no property %s%s", set.Name, shown, suggest(set, name)).WithTarget(shown)
}

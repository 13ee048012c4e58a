package odata

// TEMPORARY: replaced by the parser branch at merge.

import "github.com/sfconnect/sfconnect/schema"

func ParseSelect(set *schema.EntitySet, text string) ([]*schema.Property, error) {
	return nil, NotImplemented("$select")
}
func ParseSearch(text string, lim Limits) (SearchExpr, error) { return nil, NotImplemented("$search") }
func ParseKey(set *schema.EntitySet, text string) ([]Value, error) {
	return nil, NotImplemented("key")
}

package odata

// TEMPORARY: replaced by the parser branch at merge.

import "github.com/sfconnect/sfconnect/schema"

func ParseFilter(set *schema.EntitySet, text string, lim Limits) (Expr, error) {
	return nil, NotImplemented("$filter")
}
func ParseOrderBy(set *schema.EntitySet, text string, lim Limits) ([]OrderItem, error) {
	return nil, NotImplemented("$orderby")
}
func ParseSelect(set *schema.EntitySet, text string) ([]*schema.Property, error) {
	return nil, NotImplemented("$select")
}
func ParseSearch(text string, lim Limits) (SearchExpr, error) { return nil, NotImplemented("$search") }
func ParseKey(set *schema.EntitySet, text string) ([]Value, error) {
	return nil, NotImplemented("key")
}

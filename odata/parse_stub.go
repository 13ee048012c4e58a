package odata

// TEMPORARY: replaced by the parser branch at merge.

func ParseSearch(text string, lim Limits) (SearchExpr, error) { return nil, NotImplemented("$search") }

package odata

import "github.com/sfconnect/sfconnect/schema"

// Query holds the system query options of a collection request after parsing and binding.
type Query struct {
	// Select lists the requested properties; nil means all ("*" or absent).
	Select []*schema.Property
	// Filter is the bound $filter predicate, nil when absent.
	Filter Expr
	// Search is the parsed $search expression, nil when absent.
	Search SearchExpr
	// OrderBy is the requested order, without the key completion (see Read.OrderBy).
	OrderBy []OrderItem
	// Top is $top, -1 when absent.
	Top int
	// Skip is $skip, 0 when absent.
	Skip int
	// Count is $count=true.
	Count bool
	// SkipToken is the raw $skiptoken, "" when absent; decoded by the server's pager.
	SkipToken string
}

// Limits bound what a single request may ask for, so hostile input fails fast with a 400
// instead of exhausting the stack, the CPU or the database.
type Limits struct {
	MaxFilterLength int // characters of a $filter/$orderby/$search option
	MaxNodes        int // AST nodes in one expression
	MaxDepth        int // nesting depth of one expression
	MaxInList       int // items in an "in (...)" list
	MaxTop          int // largest $top accepted
	MaxSkip         int // largest $skip accepted
}

// DefaultLimits are generous for Salesforce (which sends small expressions) and tight for abuse.
var DefaultLimits = Limits{
	MaxFilterLength: 8000,
	MaxNodes:        500,
	MaxDepth:        50,
	MaxInList:       1000,
	MaxTop:          100000,
	MaxSkip:         100000000,
}

// Read is one database read, planned by the server from a Query and handed to the store: it is
// everything the SQL side needs and nothing protocol-specific.
type Read struct {
	Set *schema.EntitySet
	// Fetch lists the expressions returned per row, in order (usually property references:
	// selected properties, then keys and order keys the protocol side needs).
	Fetch []Expr
	// Filter and Search restrict the rows (both may be nil). Row filters from authorization are
	// already ANDed into Filter.
	Filter Expr
	Search SearchExpr
	// OrderBy is the total order: requested keys followed by the entity key properties not
	// already present, so every page is deterministic.
	OrderBy []OrderItem
	// After, when non-nil, holds the OrderBy values of the last row already delivered: the read
	// continues strictly after it in OrderBy order (keyset paging).
	After []Value
	// Skip rows after Filter/After, then return at most Limit rows (Limit <= 0: no limit).
	Skip  int
	Limit int
}

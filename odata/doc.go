// Package odata is the protocol side of sfconnect, with no SQL and no HTTP framework: it parses
// OData URLs and query options into a typed, validated request ($filter/$orderby/$search ASTs
// bound to an entity set, key predicates, skiptokens), writes OData JSON responses, and defines
// the typed *Error every layer returns for a client mistake.
//
// It imports only schema, so it can be tested and fuzzed without a database or a server.
package odata

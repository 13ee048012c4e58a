// Package schema is the leaf vocabulary shared by every other package: the model of entity sets
// and properties that sfconnect serves, the EDM primitive types, and the naming rules that turn
// database identifiers into OData identifiers Salesforce accepts.
//
// It does no I/O and imports nothing of ours, so the protocol side (odata, metadata) and the SQL
// side (sources) can agree on one model without knowing each other.
package schema

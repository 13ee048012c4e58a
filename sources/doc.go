// Package sources is the SQL side of sfconnect: it opens databases by URL, reads their catalogue
// into a schema.Model, translates planned OData reads and writes into parameterised SQL for the
// engine's Dialect, and streams rows back as typed values.
//
// Everything engine-specific lives in the dialect packages below it (sqlite, postgres, mysql);
// this package never switches on the engine.
package sources

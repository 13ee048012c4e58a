// Package demo creates the embedded demo ERP that `sfconnect serve` serves when it is given no
// database: a small company's customers, products, orders, order lines, shipments and invoices
// in SQLite, with enough rows and enough awkward values (nulls, unicode, quotes, long texts,
// money, dates, timestamps, a composite key, a string key) to try every OData query option and
// every Salesforce Connect request shape without a back office of one's own.
//
// The data is generated, not shipped: a fixed-seed PCG stream drives every choice, so the same
// Version always produces the same rows, and the HTTP golden tests of cmd/sfconnect can rely on
// exact values. The package knows nothing of the rest of sfconnect; it writes SQLite in the
// storage conventions the sqlite dialect reads (see the Create doc comment).
package demo

// Package server is the HTTP face of sfconnect and the only package that imports echo: routes,
// middleware (request ids, logs, OData version negotiation, deadlines, body limits), content
// negotiation, paging, and the one error handler that turns every error into an OData JSON error.
//
// It reads and writes data only through the Store interface it declares, so it never depends on
// the SQL side; the composition root passes the real store.
package server

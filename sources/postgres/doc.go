// Package postgres serves PostgreSQL databases: it opens postgres:// and postgresql:// URLs
// through lib/pq, reads the catalogue (pg_catalog) into sources.Table values with a documented
// type mapping, and provides the SQL dialect. It exists so that nothing outside it needs to
// know PostgreSQL's quoting, bind markers, types or error codes.
//
// Per-connection settings (statement_timeout, TimeZone=UTC) travel in the startup packet as
// run-time parameters, so no request ever pays for session setup.
package postgres

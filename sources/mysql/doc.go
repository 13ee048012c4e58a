// Package mysql serves MySQL and MariaDB databases: it opens mysql:// URLs through
// go-sql-driver/mysql, reads information_schema into sources.Table values with a documented
// type mapping, and provides the SQL dialect. It exists so that nothing outside it needs to know
// MySQL's quoting, bind markers, collations, types or error numbers.
//
// Per-connection settings (time_zone, the statement timeout) are DSN parameters the driver
// sets once when it opens a connection, so no request pays for session setup. MySQL and
// MariaDB spell the statement timeout differently; Open asks the server once which it is.
package mysql

package demo_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite"

	"github.com/sfconnect/sfconnect/demo"
)

func ExampleCreate() {
	dir, _ := os.MkdirTemp("", "demo-example-")
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", filepath.Join(dir, "demo.db"))
	if err != nil {
		panic(err)
	}
	defer db.Close()
	ctx := context.Background()
	first, err := demo.Create(ctx, db)
	if err != nil {
		panic(err)
	}
	again, _ := demo.Create(ctx, db) // already there: nothing to do
	var name string
	_ = db.QueryRow(`SELECT name FROM Customers WHERE customer_id = 42`).Scan(&name)
	var invoices int
	_ = db.QueryRow(`SELECT count(*) FROM Invoices WHERE account_sf_id = '001000000000042AAA'`).Scan(&invoices)
	fmt.Println(first, again, name, invoices)
	// Output: true false Pinecrest Supplies SAS 17
}

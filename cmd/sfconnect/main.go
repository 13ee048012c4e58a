// Command sfconnect serves back-office tables to Salesforce Connect as an OData 4.0/4.01
// service. It is the composition root: the only package that knows every other one.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "sfconnect:", err)
		os.Exit(exitCode(err))
	}
}

package main

import (
	"context"
	"io"
)

func introspect(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return usageError{"introspect is not implemented yet"}
}

func check(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return usageError{"check is not implemented yet"}
}

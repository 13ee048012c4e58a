package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// usageError marks a command-line mistake (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

const usage = `usage: sfconnect <command> [flags]

commands:
  serve       serve the OData service (no flags: the embedded SQLite demo ERP on :8080/odata)
  introspect  print a YAML config for a database's tables
  check       report what Salesforce would reject in a configuration
  hash-password  read a password (or API key) on stdin, print its hash for the auth config

common flags:
  --config FILE   YAML configuration file (env SFCONNECT_CONFIG)
  --db URL        database URL: postgres://…, mysql://…, sqlite:PATH (env SFCONNECT_DB)
  --listen ADDR   listen address, default :8080 (env SFCONNECT_LISTEN)
`

// run is main without the process: tests call it with their own args, env and outputs.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return usageError{"no command given"}
		}
		return nil
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stdout, stderr, nil)
	case "introspect":
		return introspect(ctx, args[1:], getenv, stdout, stderr)
	case "check":
		return check(ctx, args[1:], getenv, stdout, stderr)
	case "hash-password":
		return hashPassword(args[1:], os.Stdin, stdout, stderr)
	}
	return usageError{fmt.Sprintf("unknown command %q (want serve, introspect, check or hash-password)", args[0])}
}

// commonFlags are the flags every command accepts.
type commonFlags struct {
	config, db, listen string
}

func newFlagSet(name string, stderr io.Writer, cf *commonFlags) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cf.config, "config", "", "YAML configuration file")
	fs.StringVar(&cf.db, "db", "", "database URL")
	fs.StringVar(&cf.listen, "listen", "", "listen address (default :8080)")
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

func newLogger(w io.Writer, level, format string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(strings.ToUpper(level)))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

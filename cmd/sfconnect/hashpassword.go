package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/sfconnect/sfconnect/auth"
)

// hashPassword reads one secret from stdin (the first line, without its line ending) and
// prints its hash: bcrypt or argon2id for auth.basic.users[].password_hash, sha256 for
// auth.api_keys.keys[].sha256. Reading stdin keeps the secret out of the shell history and
// the process list.
func hashPassword(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hash-password", flag.ContinueOnError)
	fs.SetOutput(stderr)
	algorithm := fs.String("algorithm", "bcrypt", "bcrypt, argon2id, or sha256 (for API keys)")
	cost := fs.Int("cost", auth.DefaultBcryptCost, "bcrypt cost (10-16)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	secret, err := readSecret(stdin)
	if err != nil {
		return err
	}
	var out string
	switch *algorithm {
	case "bcrypt":
		if *cost < auth.MinBcryptCost || *cost > 16 {
			return usageError{fmt.Sprintf("--cost %d: use 10 to 16", *cost)}
		}
		out, err = auth.HashBcrypt(secret, *cost)
	case "argon2id":
		out, err = auth.HashArgon2id(secret, auth.DefaultArgon2)
	case "sha256":
		out = auth.SHA256Hex(secret)
	default:
		return usageError{fmt.Sprintf("--algorithm %q: want bcrypt, argon2id or sha256", *algorithm)}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, out)
	return nil
}

func readSecret(r io.Reader) ([]byte, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadBytes('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("reading the password from stdin: %w", err)
	}
	line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
	if len(line) == 0 {
		return nil, usageError{"hash-password reads the password from stdin: echo -n 'secret' | sfconnect hash-password (or type it and press Enter)"}
	}
	if len(line) < 8 {
		return nil, usageError{"the password is shorter than 8 characters"}
	}
	return line, nil
}

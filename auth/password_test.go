package auth

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// cheapArgon2 keeps tests fast; production uses DefaultArgon2.
var cheapArgon2 = Argon2Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

func TestPasswordHashes(t *testing.T) {
	bc, err := HashBcrypt([]byte("correct horse"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	ar, err := HashArgon2id([]byte("correct horse"), cheapArgon2)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ar, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("argon2id format: %s", ar)
	}
	for _, stored := range []string{bc, ar} {
		h, err := parsePasswordHash(stored)
		if err != nil {
			t.Fatal(err)
		}
		if !h.matches([]byte("correct horse")) {
			t.Errorf("%s: right password rejected", stored[:10])
		}
		for _, wrong := range []string{"", "correct hors", "correct horse ", "Correct horse"} {
			if h.matches([]byte(wrong)) {
				t.Errorf("%s: wrong password %q accepted", stored[:10], wrong)
			}
		}
		d := h.dummy()
		if d.matches([]byte("correct horse")) || d.matches(nil) {
			t.Error("dummy hash matched a password")
		}
		// The dummy costs the same as the real hash, so unknown users take as long as known ones.
		a1, c1, p1, _ := Cost(stored)
		if d.argon != nil {
			if d.argon.p != p1 || a1 != "argon2id" {
				t.Errorf("dummy argon2 params %+v, want %+v", d.argon.p, p1)
			}
		} else if c, _ := bcrypt.Cost(d.bcrypt); c != c1 {
			t.Errorf("dummy bcrypt cost %d, want %d", c, c1)
		}
	}
	if _, err := HashBcrypt([]byte(strings.Repeat("x", 73)), bcrypt.MinCost); err == nil {
		t.Error("bcrypt accepted a password it would truncate")
	}
}

func TestParsePasswordHashErrors(t *testing.T) {
	for _, bad := range []string{"", "plain", "$2a$", "$argon2id$v=19$m=64,t=1$c2FsdHNhbHQ$a2V5", "$argon2id$v=18$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "$argon2id$v=19$m=64,t=1,p=1$!!$a2V5", "$argon2id$v=19$m=99999999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5"} {
		if _, err := parsePasswordHash(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

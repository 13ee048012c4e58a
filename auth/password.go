package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// Argon2Params are argon2id cost parameters.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
	SaltLen uint32
}

// DefaultArgon2 follows RFC 9106's second recommended option (64 MiB, 3 passes), with two lanes.
var DefaultArgon2 = Argon2Params{Memory: 64 * 1024, Time: 3, Threads: 2, KeyLen: 32, SaltLen: 16}

// DefaultBcryptCost is the cost `sfconnect hash-password` uses; MinBcryptCost is what `check`
// accepts without a warning.
const (
	DefaultBcryptCost = 12
	MinBcryptCost     = 10
)

// HashBcrypt returns a bcrypt hash of password.
func HashBcrypt(password []byte, cost int) (string, error) {
	if len(password) > 72 {
		return "", errors.New("bcrypt uses at most 72 bytes of a password; use argon2id for longer ones")
	}
	h, err := bcrypt.GenerateFromPassword(password, cost)
	if err != nil {
		return "", fmt.Errorf("hashing password: %w", err)
	}
	return string(h), nil
}

// HashArgon2id returns a PHC-format argon2id hash: $argon2id$v=19$m=..,t=..,p=..$salt$hash.
func HashArgon2id(password []byte, p Argon2Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("reading random salt: %w", err)
	}
	key := argon2.IDKey(password, salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// passwordHash is a parsed stored hash.
type passwordHash struct {
	bcrypt []byte // set for bcrypt
	argon  *argon2Hash
}

type argon2Hash struct {
	p         Argon2Params
	salt, key []byte
}

func parsePasswordHash(s string) (*passwordHash, error) {
	if strings.HasPrefix(s, "$argon2id$") {
		a, err := parseArgon2id(s)
		if err != nil {
			return nil, err
		}
		return &passwordHash{argon: a}, nil
	}
	if _, err := bcrypt.Cost([]byte(s)); err != nil {
		return nil, fmt.Errorf("not a bcrypt or argon2id hash: %w", err)
	}
	return &passwordHash{bcrypt: []byte(s)}, nil
}

func parseArgon2id(s string) (*argon2Hash, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return nil, errors.New("argon2id hash: want $argon2id$v=19$m=..,t=..,p=..$salt$hash")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return nil, fmt.Errorf("argon2id hash: unsupported version %q", parts[2])
	}
	var m, t, p uint64
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("argon2id hash: bad parameter %q", kv)
		}
		switch k {
		case "m":
			m = n
		case "t":
			t = n
		case "p":
			p = n
		default:
			return nil, fmt.Errorf("argon2id hash: unknown parameter %q", k)
		}
	}
	if m < 8 || t < 1 || p < 1 || p > 255 || m > 4<<20 {
		return nil, errors.New("argon2id hash: parameters out of range")
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 {
		return nil, errors.New("argon2id hash: bad salt or hash encoding")
	}
	return &argon2Hash{p: Argon2Params{Memory: uint32(m), Time: uint32(t), Threads: uint8(p), KeyLen: uint32(len(key)),
		SaltLen: uint32(len(salt))}, salt: salt, key: key}, nil
}

// matches compares in constant time (bcrypt and argon2id both recompute the full hash).
func (h *passwordHash) matches(password []byte) bool {
	if h.argon != nil {
		a := h.argon
		got := argon2.IDKey(password, a.salt, a.p.Time, a.p.Memory, a.p.Threads, a.p.KeyLen)
		return subtle.ConstantTimeCompare(got, a.key) == 1
	}
	return bcrypt.CompareHashAndPassword(h.bcrypt, password) == nil
}

// dummy returns a hash with the same algorithm and cost as h, of a random password nobody
// knows: unknown users are checked against it so the response time does not reveal which user
// names exist.
func (h *passwordHash) dummy() *passwordHash {
	random := make([]byte, 18)
	_, _ = rand.Read(random)
	if h.argon != nil {
		p := h.argon.p
		salt := make([]byte, p.SaltLen)
		_, _ = rand.Read(salt)
		return &passwordHash{argon: &argon2Hash{p: p, salt: salt, key: argon2.IDKey(random, salt, p.Time, p.Memory, p.Threads, p.KeyLen)}}
	}
	cost, _ := bcrypt.Cost(h.bcrypt)
	b, _ := bcrypt.GenerateFromPassword(random, cost)
	return &passwordHash{bcrypt: b}
}

// Cost describes a hash's strength for `sfconnect check`: the bcrypt cost, or argon2id memory
// (KiB) and passes.
func Cost(stored string) (algorithm string, bcryptCost int, argon Argon2Params, err error) {
	h, err := parsePasswordHash(stored)
	if err != nil {
		return "", 0, Argon2Params{}, err
	}
	if h.argon != nil {
		return "argon2id", 0, h.argon.p, nil
	}
	c, _ := bcrypt.Cost(h.bcrypt)
	return "bcrypt", c, Argon2Params{}, nil
}

package approvals

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// The argon2id parameters of new password hashes (RFC 9106 section 4,
// the second recommended option: 64 MiB of memory, 3 passes), with 2
// lanes for a small server and a 16-byte salt and 32-byte key. A hash
// records its parameters, so raising them later does not invalidate the
// hashes made before (docs/staff.md).
const (
	argonMemory  = 64 * 1024 // KiB
	argonTime    = 3
	argonThreads = 2
	argonSaltLen = 16
	argonKeyLen  = 32
)

// The bounds of a staff password, in bytes.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 1024
)

// checkPasswordPolicy returns an *Error with code EINVALID when password
// is shorter than MinPasswordLen or longer than MaxPasswordLen.
func checkPasswordPolicy(password string) error {
	switch {
	case len(password) < MinPasswordLen:
		return Errorf(EINVALID, "the password is shorter than %d characters", MinPasswordLen)
	case len(password) > MaxPasswordLen:
		return Errorf(EINVALID, "the password is longer than %d bytes", MaxPasswordLen)
	}
	return nil
}

// HashPassword returns the argon2id hash of password in the PHC string
// format: $argon2id$v=19$m=65536,t=3,p=2$SALT$HASH, salt and hash in
// unpadded standard base64. The salt is random.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("read salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches an encoded hash made by
// HashPassword (with whatever parameters it records), comparing the keys
// in constant time. It returns an error when encoded is not such a hash.
func CheckPassword(encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, fmt.Errorf("password hash: not an argon2id PHC string")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, fmt.Errorf("password hash: unsupported version %q", parts[2])
	}
	var memory, passes uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads); err != nil {
		return false, fmt.Errorf("password hash: parameters %q: %w", parts[3], err)
	}
	if memory == 0 || passes == 0 || threads == 0 || memory > 4*1024*1024 || passes > 64 {
		return false, fmt.Errorf("password hash: parameters %q out of range", parts[3])
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, fmt.Errorf("password hash: salt: %w", err)
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, fmt.Errorf("password hash: key: %v", err)
	}
	got := argon2.IDKey([]byte(password), salt, passes, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

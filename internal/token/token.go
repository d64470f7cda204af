// Package token keeps curator tokens: random secrets shown once when made
// and stored only as SHA-256 hashes, with a name, a role and when they were
// made or revoked.
package token

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Roles a token may carry.
var Roles = []string{"curator", "editor"}

// Token is what is stored about one token; never the secret itself.
type Token struct {
	Name    string     `json:"name"`
	Role    string     `json:"role"`
	Hash    string     `json:"hash"` // hex SHA-256 of the secret
	Created time.Time  `json:"created"`
	Revoked *time.Time `json:"revoked,omitempty"`
}

// Store is the token file. Verify re-reads it when it changes on disk, so
// `litkb token revoke` takes effect in a running server.
type Store struct {
	path string

	mu     sync.Mutex
	tokens []Token
	stamp  string // size and mtime of the file last read
}

// ErrUnknown is a token that does not exist or was revoked.
var ErrUnknown = errors.New("unknown or revoked token")

// Open opens (without creating) the token file at path.
func Open(path string) *Store { return &Store{path: path} }

func (s *Store) load() error {
	st, err := os.Stat(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		s.tokens, s.stamp = nil, ""
		return nil
	}
	if err != nil {
		return fmt.Errorf("tokens: %w", err)
	}
	stamp := fmt.Sprint(st.Size(), st.ModTime().UnixNano())
	if stamp == s.stamp {
		return nil
	}
	b, err := os.ReadFile(s.path)
	if err != nil {
		return fmt.Errorf("tokens: %w", err)
	}
	var ts []Token
	if err := json.Unmarshal(b, &ts); err != nil {
		return fmt.Errorf("tokens: %s is damaged: %w", s.path, err)
	}
	s.tokens, s.stamp = ts, stamp
	return nil
}

func (s *Store) save() error {
	b, err := json.MarshalIndent(s.tokens, "", "  ")
	if err != nil {
		return fmt.Errorf("tokens: %w", err)
	}
	if err := writeDurable(s.path, tokensTemp, append(b, '\n')); err != nil {
		return fmt.Errorf("tokens: %w", err)
	}
	s.stamp = ""
	return nil
}

// Temporary names of the files written here, before their rename. A crash
// can leave one behind; corpus.RemoveStaleTemps knows these exact patterns,
// so change them together.
const (
	tokensTemp   = ".tokens-*"
	sessionsTemp = ".sessions-*"
)

// writeDurable replaces path with data so that a crash leaves the old file
// or the new one, never a mix: a temporary file (mode 0600: both files hold
// credentials' hashes) in the same folder, fsync, rename, fsync of the
// folder so the rename itself survives a power cut.
func writeDurable(path, pattern string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// Add makes a token for name with role and returns the secret, which is
// never stored and cannot be shown again.
func (s *Store) Add(name, role string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", errors.New("a token needs the name of the person it is for")
	}
	if role != "curator" && role != "editor" {
		return "", fmt.Errorf("role %q is not one of: %s", role, strings.Join(Roles, ", "))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(); err != nil {
		return "", err
	}
	for _, t := range s.tokens {
		if t.Name == name && t.Revoked == nil {
			return "", fmt.Errorf("%s already has a token; revoke it first", name)
		}
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	secret := "lk_" + base64.RawURLEncoding.EncodeToString(raw)
	s.tokens = append(s.tokens, Token{Name: name, Role: role, Hash: Hash(secret), Created: time.Now().UTC().Truncate(time.Second)})
	return secret, s.save()
}

// List returns every token, revoked ones included.
func (s *Store) List() ([]Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(); err != nil {
		return nil, err
	}
	return append([]Token(nil), s.tokens...), nil
}

// Revoke ends name's token and every browser session opened with it.
func (s *Store) Revoke(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(); err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Second)
	for i := range s.tokens {
		if s.tokens[i].Name == name && s.tokens[i].Revoked == nil {
			s.tokens[i].Revoked = &now
			if err := s.save(); err != nil {
				return err
			}
			// The token is revoked now, which already refuses its sessions;
			// removing them only tidies the file.
			if err := s.pruneSessions(time.Now()); err != nil {
				return fmt.Errorf("the token of %s is revoked, but %w", name, err)
			}
			return nil
		}
	}
	return fmt.Errorf("%s has no active token", name)
}

// Verify returns the token whose secret is given, comparing hashes in
// constant time against every stored token.
func (s *Store) Verify(secret string) (Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(); err != nil {
		return Token{}, err
	}
	h := []byte(Hash(secret))
	var found *Token
	for i := range s.tokens {
		if subtle.ConstantTimeCompare(h, []byte(s.tokens[i].Hash)) == 1 {
			found = &s.tokens[i]
		}
	}
	if found == nil || found.Revoked != nil {
		return Token{}, ErrUnknown
	}
	return *found, nil
}

// Hash is how a secret is kept: hex SHA-256. A token or session secret is
// 32 random bytes, so no salt or slow hash is needed.
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

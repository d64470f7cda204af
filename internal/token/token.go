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
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return fmt.Errorf("tokens: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), ".tokens-*")
	if err != nil {
		return fmt.Errorf("tokens: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("tokens: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("tokens: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("tokens: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return fmt.Errorf("tokens: %w", err)
	}
	s.stamp = ""
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
	s.tokens = append(s.tokens, Token{Name: name, Role: role, Hash: hash(secret), Created: time.Now().UTC().Truncate(time.Second)})
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

// Revoke ends name's token.
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
			return s.save()
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
	h := []byte(hash(secret))
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

func hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

package token

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestTokens(t *testing.T) {
	dir := t.TempDir()
	s := Open(filepath.Join(dir, "state", "tokens.json"))
	secret, err := s.Add("Ada", "editor")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, "lk_") || len(secret) < 40 {
		t.Fatalf("weak secret %q", secret)
	}
	for _, tc := range []struct {
		name, role string
		ok         bool
	}{
		{"Ada", "curator", false}, // one active token per person
		{"", "curator", false},
		{"Bo", "admin", false},
		{"Bo", "curator", true},
	} {
		if _, err := s.Add(tc.name, tc.role); (err == nil) != tc.ok {
			t.Errorf("Add(%q, %q): %v", tc.name, tc.role, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "state", "tokens.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), secret) || !strings.Contains(string(b), Hash(secret)) {
		t.Error("the file must hold the hash of the secret and never the secret")
	}
	if fi, err := os.Stat(filepath.Join(dir, "state", "tokens.json")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("tokens file mode: %v %v", fi.Mode(), err)
	}
	// Another process (litkb token revoke) sees the same file.
	other := Open(filepath.Join(dir, "state", "tokens.json"))
	if tok, err := other.Verify(secret); err != nil || tok.Name != "Ada" || tok.Role != "editor" {
		t.Fatalf("Verify: %+v %v", tok, err)
	}
	if err := other.Revoke("Ada"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Verify(secret); !errors.Is(err, ErrUnknown) {
		t.Errorf("a revoked token verified: %v", err)
	}
	if err := s.Revoke("Ada"); err == nil {
		t.Error("revoking twice succeeded")
	}
	if _, err := s.Verify("lk_nothing"); !errors.Is(err, ErrUnknown) {
		t.Errorf("an unknown token verified: %v", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "state", ".*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestSessionsFile(t *testing.T) {
	dir := t.TempDir()
	s := Open(filepath.Join(dir, "tokens.json"))
	ada, _ := s.Add("Ada", "curator")
	bo, _ := s.Add("Bo", "editor")
	now := time.Now() // Revoke prunes by the real clock
	cookie := "the-raw-session-secret-from-a-cookie-0123456789"
	in := []Session{
		{Hash: Hash(cookie), Name: "Ada", Role: "curator", Token: Hash(ada), Expires: now.Add(time.Hour)},
		{Hash: Hash("b"), Name: "Bo", Role: "editor", Token: Hash(bo), Expires: now.Add(time.Hour)},
		{Hash: Hash("c"), Name: "Bo", Role: "editor", Token: Hash(bo), Expires: now.Add(-time.Second)}, // expired
		{Hash: Hash("d"), Name: "Cy", Role: "editor", Token: Hash("lk_unknown"), Expires: now.Add(time.Hour)},
	}
	if err := s.SaveSessions(in, now); err != nil {
		t.Fatal(err)
	}
	got, err := Open(filepath.Join(dir, "tokens.json")).Sessions(now)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Hash != Hash(cookie) || got[1].Hash != Hash("b") {
		t.Fatalf("stored sessions: %+v", got)
	}
	b, _ := os.ReadFile(filepath.Join(dir, SessionsFile))
	if strings.Contains(string(b), cookie) || strings.Contains(string(b), ada) {
		t.Error("the sessions file holds a raw secret")
	}
	if got, _ := s.Sessions(now.Add(2 * time.Hour)); len(got) != 0 {
		t.Errorf("expired sessions returned: %+v", got)
	}
	// Revoking a token removes its sessions from the file, not only from use.
	if err := Open(filepath.Join(dir, "tokens.json")).Revoke("Bo"); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(filepath.Join(dir, SessionsFile))
	if strings.Contains(string(b), Hash("b")) || !strings.Contains(string(b), Hash(cookie)) {
		t.Errorf("after revoking Bo the file holds:\n%s", b)
	}
	// Once expired, they leave the file.
	if err := s.PruneSessions(now.Add(2 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	if left, err := s.readSessions(); err != nil || len(left) != 0 {
		t.Errorf("pruning left %+v %v", left, err)
	}
	if err := os.WriteFile(filepath.Join(dir, SessionsFile), []byte("{torn"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sessions(now); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("a damaged file: %v", err)
	}
}

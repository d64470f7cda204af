package server

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"litkb/internal/corpus"
	"litkb/internal/token"
)

func TestSessionsExpire(t *testing.T) {
	now := time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC)
	ss := newSessions()
	ss.now = func() time.Time { return now }
	s := ss.create(corpus.Actor{Name: "Ada", Role: "curator"}, "hash")
	if s.id == s.csrf || len(s.id) < 40 || len(s.csrf) < 40 {
		t.Fatalf("weak or shared secrets: id %q csrf %q", s.id, s.csrf)
	}
	now = now.Add(sessionTTL - time.Minute)
	if _, ok := ss.get(s.id); !ok {
		t.Fatal("a session ended before its time")
	}
	now = now.Add(2 * time.Minute)
	if _, ok := ss.get(s.id); ok {
		t.Fatal("a session outlived its 12 hours")
	}
	if len(ss.m) != 0 {
		t.Error("the expired session is still kept")
	}
}

// TestSessionsPersistPruneAndBound drives the persisted table with a
// clock: expired sessions leave the file, one token keeps at most
// maxSessionsPerToken, and a damaged file costs a sign-in, not the start.
func TestSessionsPersistPruneAndBound(t *testing.T) {
	dir := t.TempDir()
	tokens := token.Open(filepath.Join(dir, "tokens.json"))
	secret, err := tokens.Add("Ada", "curator")
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := tokens.Verify(secret)
	ada := corpus.Actor{Name: "Ada", Role: "curator"}
	log := slog.New(slog.DiscardHandler)
	now := time.Now()
	ss := openSessions(tokens, log)
	ss.now = func() time.Time { return now }
	first := ss.create(ada, tok.Hash)
	if first.csrf != csrfFor(first.id) || first.hash != token.Hash(first.id) {
		t.Fatal("the form token or the key is not derived from the secret")
	}
	now = now.Add(sessionTTL + time.Minute)
	for range maxSessionsPerToken + 5 {
		ss.create(ada, tok.Hash)
	}
	stored, err := tokens.Sessions(now)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != maxSessionsPerToken {
		t.Errorf("%d sessions stored for one token, want %d", len(stored), maxSessionsPerToken)
	}
	for _, x := range stored {
		if x.Hash == first.hash {
			t.Error("the expired session is still stored")
		}
	}
	if n := len(openSessions(tokens, log).m); n != maxSessionsPerToken {
		t.Errorf("%d sessions restored, want %d", n, maxSessionsPerToken)
	}

	if err := os.WriteFile(filepath.Join(dir, token.SessionsFile), []byte("[{"), 0o600); err != nil {
		t.Fatal(err)
	}
	ss = openSessions(tokens, log)
	if len(ss.m) != 0 {
		t.Fatal("sessions from a damaged file")
	}
	s := ss.create(ada, tok.Hash)
	if stored, err := tokens.Sessions(time.Now()); err != nil || len(stored) != 1 || stored[0].Hash != s.hash {
		t.Errorf("the damaged file was not replaced: %+v %v", stored, err)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/curate/drafts":               "/curate/drafts",
		"/curate/studies/x/edit?a=b":   "/curate/studies/x/edit?a=b",
		"/studies/x/history":           "/studies/x/history",
		"//evil.example/curate/":       "",
		"https://evil.example/":        "",
		"/curate/sign-in?next=/x":      "",
		"/search?q=x":                  "",
		"/curate/\\evil":               "",
		"/curate/x\r\nSet-Cookie: a=b": "",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSameSecret(t *testing.T) {
	if sameSecret("", "") || sameSecret("a", "") || sameSecret("", "a") || sameSecret("ab", "a") || !sameSecret("abc", "abc") {
		t.Error("sameSecret")
	}
}

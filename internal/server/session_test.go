package server

import (
	"testing"
	"time"

	"litkb/internal/corpus"
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

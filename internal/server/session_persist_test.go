package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"litkb/index"
	"litkb/internal/corpus"
	"litkb/internal/server"
	"litkb/internal/token"
)

// serveState starts a server over the bundled corpus (read only) whose
// tokens and sessions live in state: calling it again over the same folder
// is a restart.
func serveState(t *testing.T, state string) *httptest.Server {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ix, err := index.Open(context.Background(), t.TempDir(), index.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	st, err := corpus.OpenStore(t.Context(), filepath.Join("..", "..", "data"), corpus.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := st.Corpus()
	if _, err := ix.Sync(context.Background(), index.Source{Fingerprint: c.Fingerprint, Studies: c.Studies, Topics: c.Topics, Intents: c.Intents}); err != nil {
		t.Fatal(err)
	}
	s, err := server.New(st, ix, token.Open(filepath.Join(state, "tokens.json")), server.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// restarted points a signed-in browser at a new server: the cookie jar
// keys cookies by host, not port, so the browser keeps its session cookie.
func restarted(c *curatorClient, ts *httptest.Server) *curatorClient {
	c.ts = ts
	return c
}

func sessionCookieOf(t *testing.T, c *curatorClient) string {
	t.Helper()
	for _, ck := range c.http.Jar.Cookies(mustURL(t, c.ts.URL+"/curate/")) {
		if ck.Name == "litkb_session" {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

func TestSessionsSurviveRestart(t *testing.T) {
	state := t.TempDir()
	tokens := token.Open(filepath.Join(state, "tokens.json"))
	ada, ed := addTokens(t, tokens)

	c := mustSignIn(t, serveState(t, state), ada)
	secret, csrf := sessionCookieOf(t, c), c.csrf
	e := mustSignIn(t, serveState(t, state), ed)

	file, err := os.ReadFile(filepath.Join(state, token.SessionsFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{secret, csrf, ada, ed} {
		if strings.Contains(string(file), raw) {
			t.Fatalf("%s holds a raw secret:\n%s", token.SessionsFile, file)
		}
	}
	if !strings.Contains(string(file), token.Hash(secret)) {
		t.Fatalf("%s lacks the session's hash:\n%s", token.SessionsFile, file)
	}

	// A restart keeps both signed in, with forms open before it still valid.
	ts := serveState(t, state)
	c, e = restarted(c, ts), restarted(e, ts)
	for _, b := range []*curatorClient{c, e} {
		if r := b.get("/curate/drafts"); r.code != http.StatusOK {
			t.Fatalf("drafts after a restart: %d", r.code)
		}
	}
	if c.csrf != csrf {
		t.Error("the form token changed with the restart: open forms would be refused")
	}

	// Signing out ends the session for good, restart or not.
	if r := c.post("/curate/sign-out", url.Values{}); r.code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", r.code)
	}
	c = restarted(c, serveState(t, state))
	c.http.Jar.SetCookies(mustURL(t, ts.URL+"/"), []*http.Cookie{{Name: "litkb_session", Value: secret, Path: "/"}}) // a copied cookie
	if r := c.get("/curate/drafts"); r.code != http.StatusSeeOther {
		t.Errorf("a signed-out session works after a restart: %d", r.code)
	}

	// Revoking the token (another process: litkb token revoke) ends its
	// sessions at once and after a restart, and takes them out of the file.
	e = restarted(e, c.ts)
	if err := token.Open(filepath.Join(state, "tokens.json")).Revoke("Eve"); err != nil {
		t.Fatal(err)
	}
	if r := e.get("/curate/drafts"); r.code != http.StatusSeeOther {
		t.Errorf("a revoked token's session still works: %d", r.code)
	}
	e = restarted(e, serveState(t, state))
	if r := e.get("/curate/drafts"); r.code != http.StatusSeeOther {
		t.Errorf("a revoked token's session works after a restart: %d", r.code)
	}
	if file, _ := os.ReadFile(filepath.Join(state, token.SessionsFile)); strings.TrimSpace(string(file)) != "[]" {
		t.Errorf("sessions left after sign-out and revocation:\n%s", file)
	}
}

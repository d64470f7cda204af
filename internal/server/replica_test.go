package server_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"litkb/internal/server"
)

// fakeRepo is a git repository as the server sees it.
type fakeRepo struct{ syncs atomic.Int32 }

func (f *fakeRepo) Commit() string { return "0123abcd" }
func (f *fakeRepo) Status() any {
	return map[string]any{"commit": "0123abcd", "follow": map[string]any{"behind": false}}
}
func (f *fakeRepo) Sync() { f.syncs.Add(1) }
func (f *fakeRepo) Collector() prometheus.Collector {
	return prometheus.NewGauge(prometheus.GaugeOpts{Name: "litkb_git_test", Help: "test"})
}

func sign(secret, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// TestReadOnlyReplica: a replica serves reads with the commit, sends
// curators to the primary and refuses API writes naming it.
func TestReadOnlyReplica(t *testing.T) {
	repo := &fakeRepo{}
	ts, _, _ := openServerWith(t, filepath.Join("..", "..", "data"), server.Options{
		Replication: repo, ReadOnly: true, PrimaryURL: "https://primary.example.org", SyncSecret: "s3cret"})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		name, method, path, body, sig string
		status                        int
		location, contains            string
	}{
		{"a search is served", "GET", "/api/v1/search?q=aai", "", "", 200, "", `"hits"`},
		{"readyz names the commit", "GET", "/readyz", "", "", 200, "", `"commit": "0123abcd"`},
		{"an API write names the primary", "POST", "/api/v1/studies", "{}", "", 503, "", `"primary_url": "https://primary.example.org"`},
		{"a delete too", "DELETE", "/api/v1/studies/x?reason=r", "", "", 503, "", "read_only_replica"},
		{"a curator page redirects", "GET", "/curate/drafts?page=2", "", "", 303, "https://primary.example.org/curate/drafts?page=2", ""},
		{"a curator form post redirects", "POST", "/curate/new", "a=b", "", 303, "https://primary.example.org/curate/new", ""},
		{"the curator home redirects", "GET", "/curate", "", "", 303, "https://primary.example.org/curate", ""},
		{"a sync without signature", "POST", "/api/v1/sync", "{}", "", 401, "", "X-Hub-Signature-256"},
		{"a sync signed with another secret", "POST", "/api/v1/sync", "{}", sign("other", "{}"), 401, "", "unauthorized"},
		{"a sync signed over another body", "POST", "/api/v1/sync", "{}", sign("s3cret", "{ }"), 401, "", "unauthorized"},
		{"a signed sync", "POST", "/api/v1/sync", `{"ref":"refs/heads/main"}`, sign("s3cret", `{"ref":"refs/heads/main"}`), 202, "", "fetching"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, ts.URL+tt.path, strings.NewReader(tt.body))
			if tt.sig != "" {
				req.Header.Set("X-Hub-Signature-256", tt.sig)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location || !strings.Contains(string(b), tt.contains) {
				t.Errorf("%d to %q: %s\nwant %d to %q holding %q", resp.StatusCode, resp.Header.Get("Location"), b, tt.status, tt.location, tt.contains)
			}
			if got := resp.Header.Get(server.CommitHeader); got != "0123abcd" {
				t.Errorf("%s: %q", server.CommitHeader, got)
			}
		})
	}
	if n := repo.syncs.Load(); n != 1 {
		t.Errorf("%d syncs asked for, want the signed one", n)
	}
}

// TestPrimaryTakesWrites: with git but not read-only, writes reach the
// handlers (no token: 401, not the replica's 503) and sync is off
// without a secret.
func TestPrimaryTakesWrites(t *testing.T) {
	ts, _, _ := openServerWith(t, filepath.Join("..", "..", "data"), server.Options{Replication: &fakeRepo{}})
	resp, err := http.Post(ts.URL+"/api/v1/studies", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a write without a token on the primary: %d, want 401", resp.StatusCode)
	}
	resp, err = http.Post(ts.URL+"/api/v1/sync", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("a sync without sync_secret: %d, want 404", resp.StatusCode)
	}
}

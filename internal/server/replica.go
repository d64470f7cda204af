package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
)

// Replication is what the server shows of the corpus's git repository: a
// primary that commits its writes, or a replica that follows one.
type Replication interface {
	Commit() string // the commit being served ("" before the first)
	Status() any    // its part of /readyz
	Sync()          // fetch now (the webhook)
	Collector() prometheus.Collector
}

// CommitHeader carries the served commit on every response, so a client
// (or a test) behind a load balancer can tell which version answered.
const CommitHeader = "X-Litkb-Commit"

// SignatureHeader carries the webhook's HMAC-SHA256 of the body, as
// GitHub, Gitea and GitLab-compatible hooks send it: "sha256=<hex>".
const SignatureHeader = "X-Hub-Signature-256"

// replica puts the served commit on every response and, on a read-only
// replica, sends writes to the primary: curator pages redirect there and
// API writes are refused naming it, before any route runs.
func (s *Server) replica(next http.Handler) http.Handler {
	if s.opts.Replication == nil && !s.opts.ReadOnly {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.opts.Replication != nil {
			if c := s.opts.Replication.Commit(); c != "" {
				w.Header().Set(CommitHeader, c)
			}
		}
		if s.opts.ReadOnly {
			switch {
			case r.URL.Path == "/curate" || strings.HasPrefix(r.URL.Path, "/curate/"):
				s.toPrimaryPage(w, r)
				return
			case strings.HasPrefix(r.URL.Path, "/api/") && r.URL.Path != "/api/v1/sync" &&
				r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions:
				s.toPrimaryAPI(w)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) toPrimaryPage(w http.ResponseWriter, r *http.Request) {
	if s.opts.PrimaryURL == "" {
		s.renderStatus(w, r, http.StatusServiceUnavailable, "error", errorPage{Page: s.page(r, "Error"),
			Err: errorf(codeUnavailable, "This server is a read-only copy; curating is done on the primary server.")})
		return
	}
	http.Redirect(w, r, strings.TrimSuffix(s.opts.PrimaryURL, "/")+r.URL.RequestURI(), http.StatusSeeOther)
}

func (s *Server) toPrimaryAPI(w http.ResponseWriter) {
	msg := "this server is a read-only replica: send writes to the primary"
	if s.opts.PrimaryURL != "" {
		msg += " at " + s.opts.PrimaryURL
	}
	body := map[string]any{"code": "read_only_replica", "message": msg}
	if s.opts.PrimaryURL != "" {
		body["primary_url"] = s.opts.PrimaryURL
	}
	writeJSON(w, http.StatusServiceUnavailable, map[string]any{"error": body})
}

// handleSync is the webhook a git host calls after a push: a valid
// signature of the body with sync_secret makes the server fetch now
// instead of at its next interval. It answers before the fetch is done.
func (s *Server) handleSync(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Replication == nil || s.opts.SyncSecret == "" {
		return errorf(codeNotFound, "this server takes no sync requests (no follow, or no sync_secret)")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		return errorf(codeTooLarge, "a sync request body is at most 1 MiB")
	}
	if !validSignature(s.opts.SyncSecret, body, r.Header.Get(SignatureHeader)) {
		return errorf(codeUnauthorized, "the %s header is not the HMAC-SHA256 of the body with the sync secret", SignatureHeader)
	}
	s.opts.Replication.Sync()
	writeJSON(w, http.StatusAccepted, map[string]string{"status": "fetching"})
	return nil
}

// validSignature checks "sha256=<hex>" against body in constant time.
func validSignature(secret string, body []byte, header string) bool {
	got, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	sum, err := hex.DecodeString(got)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(sum, mac.Sum(nil))
}

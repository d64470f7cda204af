package server

import (
	"net/http"
	"time"
)

// handleHealth answers 200 while the process is up and an index is open.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if !s.index.Ready() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "index not open"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady answers 200 only while the index is open and built from the
// corpus being served (same fingerprint), and the corpus files have been
// checked against the snapshot a start took them from (files_checked),
// and reports corpus files that could not be loaded, so a bad file is
// visible without reading the log.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	c := s.Corpus()
	inSync := s.index.Fingerprint() == c.Fingerprint
	checked := s.store.Checked()
	body := map[string]any{"studies": len(c.Studies), "problems": c.Problems, "index_ready": s.index.Ready(), "index_in_sync": inSync, "files_checked": checked}
	if len(c.Problems) == 0 {
		body["problems"] = []any{} // [] rather than null
	}
	body["notices"] = noticesFreshness(c) // how fresh the retraction check is
	// When the scheduled refresh (verify_interval) last ran, if it is on.
	if s.opts.NoticesRefreshed != nil {
		body["notices_refreshed"] = timeOrNil(s.opts.NoticesRefreshed())
	}
	status := http.StatusOK
	if !s.index.Ready() || !inSync || !checked {
		status = http.StatusServiceUnavailable
	}
	if s.opts.Replication != nil {
		body["git"] = s.opts.Replication.Status() // served commit, lag, a refused commit's problems
	}
	writeJSON(w, status, body)
}

// timeOrNil is t for JSON, or null when it is zero (never).
func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

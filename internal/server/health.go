package server

import "net/http"

// handleHealth answers 200 while the process is up and an index is open.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if !s.index.Ready() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "index not open"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady also reports corpus files that could not be loaded, so a bad
// file is visible without reading the log.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	c := s.Corpus()
	body := map[string]any{"studies": len(c.Studies), "problems": c.Problems, "index_ready": s.index.Ready()}
	if body["problems"] == nil {
		body["problems"] = []any{}
	}
	status := http.StatusOK
	if !s.index.Ready() {
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, body)
}

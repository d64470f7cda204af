// Package registrytest replays recorded registry answers on a loopback
// server, so tests of the registry clients and of the commands that use
// them need no network.
package registrytest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"litkb/internal/study"
)

// Replay says which recorded file answers which question; paths are
// relative to Dir. A question with no file is answered 404, as the
// services answer an unknown DOI.
type Replay struct {
	Dir      string
	Works    map[string]string // DOI -> Crossref work
	Updates  map[string]string // DOI -> Crossref work-list of the notices updating it
	CSL      map[string]string // DOI -> CSL-JSON served by content negotiation
	ESummary map[string]string // PMID -> esummary JSON
	EFetch   map[string]string // PMID -> efetch XML
}

// Server is a running replay: base URLs for the client's settings, and
// the requests it saw.
type Server struct {
	*httptest.Server
	mu   sync.Mutex
	seen []*http.Request
}

// CrossrefURL, PubMedURL and DOIURL are the settings that point a client here.
func (s *Server) CrossrefURL() string { return s.URL + "/crossref" }
func (s *Server) PubMedURL() string   { return s.URL + "/eutils" }
func (s *Server) DOIURL() string      { return s.URL + "/doi" }

// Requests returns the requests seen so far.
func (s *Server) Requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.seen...)
}

// Start serves rp until the test ends.
func Start(t testing.TB, rp Replay) *Server {
	s := &Server{}
	key := func(m map[string]string, k string) string {
		for doi, f := range m {
			if study.DOIKey(doi) == study.DOIKey(k) {
				return f
			}
		}
		return ""
	}
	serve := func(w http.ResponseWriter, file, ctype string) {
		if file == "" {
			http.Error(w, "Resource not found.", http.StatusNotFound)
			return
		}
		body, err := os.ReadFile(filepath.Join(rp.Dir, file))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write(body)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen = append(s.seen, r.Clone(r.Context()))
		s.mu.Unlock()
		p := r.URL.Path
		switch {
		case strings.HasPrefix(p, "/crossref/works/"):
			serve(w, key(rp.Works, strings.TrimPrefix(p, "/crossref/works/")), "application/json")
		case p == "/crossref/works":
			doi, ok := strings.CutPrefix(r.URL.Query().Get("filter"), "updates:")
			if !ok {
				http.Error(w, "filter", http.StatusBadRequest)
				return
			}
			f := key(rp.Updates, doi)
			if f == "" {
				f = "crossref/empty-updates.json"
			}
			serve(w, f, "application/json")
		case strings.HasPrefix(p, "/doi/"):
			if r.Header.Get("Accept") != "application/vnd.citationstyles.csl+json" {
				http.Error(w, "not acceptable", http.StatusNotAcceptable)
				return
			}
			serve(w, key(rp.CSL, strings.TrimPrefix(p, "/doi/")), "application/vnd.citationstyles.csl+json")
		case p == "/eutils/esummary.fcgi":
			f := rp.ESummary[r.URL.Query().Get("id")]
			if f == "" {
				f = "pubmed/missing-esummary.json"
			}
			serve(w, f, "application/json")
		case p == "/eutils/efetch.fcgi":
			serve(w, rp.EFetch[r.URL.Query().Get("id")], "text/xml")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

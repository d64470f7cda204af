package server

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"
)

// routes is the whole route table, in one place.
func (s *Server) routes() http.Handler {
	r := mux.NewRouter()
	r.StrictSlash(false)

	api := r.PathPrefix("/api/v1").Subrouter()
	api.HandleFunc("/search", s.apiHandler(s.handleSearchAPI)).Methods(http.MethodGet)
	api.HandleFunc("/studies/{id}", s.apiHandler(s.handleStudyAPI)).Methods(http.MethodGet)
	api.HandleFunc("/topics", s.apiHandler(s.handleTopicsAPI)).Methods(http.MethodGet)
	api.HandleFunc("/claims", s.apiHandler(s.handleClaimsAPI)).Methods(http.MethodGet)
	api.HandleFunc("/claims/{id}", s.apiHandler(s.handleClaimAPI)).Methods(http.MethodGet)
	api.NotFoundHandler = s.apiHandler(func(http.ResponseWriter, *http.Request) error {
		return errorf(codeNotFound, "no such API route; see /api/v1/openapi.json")
	})
	api.MethodNotAllowedHandler = s.apiHandler(func(w http.ResponseWriter, r *http.Request) error {
		return errorf(codeInvalid, "%s is not allowed here", r.Method)
	})

	r.HandleFunc("/healthz", s.handleHealth).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/readyz", s.handleReady).Methods(http.MethodGet, http.MethodHead)

	r.HandleFunc("/", s.pageHandler(s.handleSearchPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/search", s.pageHandler(s.handleSearchPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/studies/{id}", s.pageHandler(s.handleStudyPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/topics/{id}", s.pageHandler(s.handleTopicPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/claims/{id}", s.pageHandler(s.handleClaimPage)).Methods(http.MethodGet, http.MethodHead)
	r.PathPrefix("/static/").Handler(s.views.static).Methods(http.MethodGet, http.MethodHead)
	notFoundPage := s.pageHandler(func(http.ResponseWriter, *http.Request) error {
		return errorf(codeNotFound, "There is no page at this address.")
	})
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasPrefix(req.URL.Path, "/api/") {
			api.NotFoundHandler.ServeHTTP(w, req)
			return
		}
		notFoundPage(w, req)
	})
	return r
}

// param reads a route parameter: the one place gorilla/mux is consulted,
// so a change of router stays in this file.
func param(r *http.Request, name string) string { return mux.Vars(r)[name] }

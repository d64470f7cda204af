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
	api.Use(compress)
	api.HandleFunc("/search", s.apiHandler(s.limited(s.searchLimit, s.handleSearchAPI))).Methods(http.MethodGet)
	api.HandleFunc("/studies/{id}", s.apiHandler(s.handleStudyAPI)).Methods(http.MethodGet)
	api.HandleFunc("/studies/{id}/history", s.apiHandler(s.handleStudyHistory)).Methods(http.MethodGet)
	api.HandleFunc("/studies/{id}/cite", s.apiHandler(s.handleCiteAPI)).Methods(http.MethodGet)
	api.HandleFunc("/studies/{id}/export", s.apiHandler(s.handleStudyExportAPI)).Methods(http.MethodGet)
	api.HandleFunc("/export", s.apiHandler(s.limited(s.searchLimit, s.handleExportAPI))).Methods(http.MethodGet)
	// Curator writes: a valid bearer token or a 401 before anything runs,
	// the body included; curatorWrite must stay the outermost wrapper. The
	// refused body is not read at all (statusWriter.beforeAnswer).
	api.HandleFunc("/studies", s.apiHandler(s.curatorWrite(s.handleCreateStudy))).Methods(http.MethodPost)
	api.HandleFunc("/studies/{id}", s.apiHandler(s.curatorWrite(s.handleUpdateStudy))).Methods(http.MethodPut)
	api.HandleFunc("/studies/{id}", s.apiHandler(s.curatorWrite(s.handleRetractStudy))).Methods(http.MethodDelete)
	api.HandleFunc("/studies/{id}/publish", s.apiHandler(s.curatorWrite(s.handlePublishStudy))).Methods(http.MethodPost)
	api.HandleFunc("/studies/{id}/restore", s.apiHandler(s.curatorWrite(s.handleRestoreStudy))).Methods(http.MethodPost)
	api.HandleFunc("/import", s.apiHandler(s.curatorWrite(s.handleImportAPI))).Methods(http.MethodPost)
	// A lookup asks a registry on the curator's behalf: a token, and the
	// write rate, so it cannot be used to flood the registries.
	api.HandleFunc("/lookup", s.apiHandler(s.requireCurator(s.limited(s.writeLimit, s.handleLookupAPI)))).Methods(http.MethodGet)
	api.HandleFunc("/sync", s.apiHandler(s.handleSync)).Methods(http.MethodPost) // git webhook (replica.go)
	api.HandleFunc("/topics", s.apiHandler(s.handleTopicsAPI)).Methods(http.MethodGet)
	api.HandleFunc("/openapi.json", s.apiHandler(s.handleOpenAPI)).Methods(http.MethodGet)
	api.HandleFunc("/claims", s.apiHandler(s.handleClaimsAPI)).Methods(http.MethodGet)
	api.HandleFunc("/claims/{id}", s.apiHandler(s.handleClaimAPI)).Methods(http.MethodGet)
	// Evidence views: the numbers behind a plot, and citing one finding.
	api.HandleFunc("/findings", s.apiHandler(s.limited(s.searchLimit, s.handleFindingsAPI))).Methods(http.MethodGet)
	api.HandleFunc("/studies/{id}/findings/{fid}/cite", s.apiHandler(s.handleFindingCiteAPI)).Methods(http.MethodGet)
	api.NotFoundHandler = s.apiHandler(func(http.ResponseWriter, *http.Request) error {
		return errorf(codeNotFound, "no such API route; see /api/v1/openapi.json")
	})
	api.MethodNotAllowedHandler = s.apiHandler(func(w http.ResponseWriter, r *http.Request) error {
		return errorf(codeInvalid, "%s is not allowed here", r.Method)
	})

	r.HandleFunc("/healthz", s.handleHealth).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/readyz", s.handleReady).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/metrics", s.metrics.handler()).Methods(http.MethodGet)

	r.HandleFunc("/", s.pageHandler(s.handleSearchPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/search", s.pageHandler(s.limited(s.searchLimit, s.handleSearchPage))).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/studies/{id}", s.pageHandler(s.handleStudyPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/topics/{id}", s.pageHandler(s.handleTopicPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/claims/{id}", s.pageHandler(s.handleClaimPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/help", s.pageHandler(s.handleHelpPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/opensearch.xml", s.handleOpenSearch).Methods(http.MethodGet, http.MethodHead)
	// Evidence views, comparison, feeds and crawling.
	r.HandleFunc("/constructs/{id}", s.pageHandler(s.handleConstructPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/evidence", s.pageHandler(s.limited(s.searchLimit, s.handleEvidencePage))).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/compare", s.pageHandler(s.handleComparePage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/feed.atom", s.pageHandler(s.limited(s.searchLimit, s.handleFeed))).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/sitemap.xml", s.pageHandler(s.handleSitemap)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/robots.txt", s.handleRobots).Methods(http.MethodGet, http.MethodHead)
	// Curator pages: a session from the sign-in page, a CSRF token in every
	// form, and the cross-origin check over all of /curate/.
	cu := newCurator(s)
	// Sessions are kept beside the tokens, so a restart keeps curators
	// signed in.
	cu.sessions = openSessions(s.tokens, s.log)
	r.HandleFunc("/studies/{id}/history", s.pageHandler(cu.handleHistory)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/curate", cu.signedIn(cu.handleCurateHome)).Methods(http.MethodGet, http.MethodHead)
	cur := r.PathPrefix("/curate").Subrouter()
	cur.Use(cu.protect)
	cur.HandleFunc("/sign-in", s.pageHandler(cu.handleSignInPage)).Methods(http.MethodGet, http.MethodHead)
	cur.HandleFunc("/sign-in", s.pageHandler(cu.handleSignIn)).Methods(http.MethodPost)
	cur.HandleFunc("/sign-out", cu.post(maxFormBody, cu.handleSignOut)).Methods(http.MethodPost)
	cur.HandleFunc("/drafts", cu.signedIn(cu.handleDrafts)).Methods(http.MethodGet, http.MethodHead)
	cur.HandleFunc("/edit", cu.signedIn(cu.handleGoTo)).Methods(http.MethodGet, http.MethodHead)
	cur.HandleFunc("/new", cu.signedIn(cu.handleNewForm)).Methods(http.MethodGet, http.MethodHead)
	cur.HandleFunc("/new", cu.post(maxFormBody, cu.handleNewSave)).Methods(http.MethodPost)
	cur.HandleFunc("/studies/{id}/edit", cu.signedIn(cu.handleEditForm)).Methods(http.MethodGet, http.MethodHead)
	cur.HandleFunc("/studies/{id}/edit", cu.post(maxFormBody, cu.handleEditSave)).Methods(http.MethodPost)
	cur.HandleFunc("/studies/{id}/publish", cu.post(maxFormBody, cu.handlePublish)).Methods(http.MethodPost)
	cur.HandleFunc("/studies/{id}/retract", cu.post(maxFormBody, cu.handleRetract)).Methods(http.MethodPost)
	cur.HandleFunc("/studies/{id}/restore", cu.post(maxFormBody, cu.handleRestore)).Methods(http.MethodPost)
	cur.HandleFunc("/import", cu.signedIn(cu.handleImportPage)).Methods(http.MethodGet, http.MethodHead)
	cur.HandleFunc("/import", cu.post(maxImport+maxFormBody, cu.handleImportPreview)).Methods(http.MethodPost)
	cur.HandleFunc("/import/confirm", cu.post(maxFormBody, cu.handleImportConfirm)).Methods(http.MethodPost)
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
	// Label metrics by the matched route's template.
	r.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if t, err := mux.CurrentRoute(req).GetPathTemplate(); err == nil {
				setRoute(req, t)
			}
			next.ServeHTTP(w, req)
		})
	})
	return r
}

// param reads a route parameter: the one place gorilla/mux is consulted,
// so a change of router stays in this file.
func param(r *http.Request, name string) string { return mux.Vars(r)[name] }

package server

import (
	"context"
	"net/http"
	"strings"

	"litkb/internal/corpus"
)

const actorKey ctxKey = 2

// actorFrom returns the curator a request was authenticated as.
func actorFrom(ctx context.Context) (corpus.Actor, bool) {
	a, ok := ctx.Value(actorKey).(corpus.Actor)
	return a, ok
}

// bearer reads "Authorization: Bearer <token>" and verifies it.
func (s *Server) bearer(r *http.Request) (corpus.Actor, bool) {
	h := r.Header.Get("Authorization")
	scheme, secret, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || s.tokens == nil {
		return corpus.Actor{}, false
	}
	t, err := s.tokens.Verify(strings.TrimSpace(secret))
	if err != nil {
		return corpus.Actor{}, false
	}
	return corpus.Actor{Name: t.Name, Role: t.Role}, true
}

// requireCurator lets a request through only with a valid token; without
// one it is a 401 and nothing runs.
func (s *Server) requireCurator(h func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		a, ok := s.bearer(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="litkb"`)
			return errorf(codeUnauthorized, "curator writes need a valid token: send Authorization: Bearer <token> (make one with litkb token add NAME)")
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), actorKey, a)))
	}
}

// curatorWrite is a write route: a valid token, then the per-client write
// limit, and a failure counted in the metrics.
func (s *Server) curatorWrite(h func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	inner := s.requireCurator(s.limited(s.writeLimit, h))
	return func(w http.ResponseWriter, r *http.Request) error {
		err := inner(w, r)
		s.countWriteFailure(err)
		return err
	}
}

// countWriteFailure counts a refused or failed curator write, whether it
// came through the API or the curator pages.
func (s *Server) countWriteFailure(err error) {
	if err != nil {
		s.metrics.writeFailures.WithLabelValues(publicError(err).Code).Inc()
	}
}

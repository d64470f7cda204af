package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// A handler that panics behind compress is answered by the recovering
// middleware in plain text; that answer must not claim to be gzip, or the
// client cannot read the error at all.
func TestPanicAnswerIsNotLabelledGzip(t *testing.T) {
	recovering := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if recover() != nil {
					w.WriteHeader(http.StatusInternalServerError)
					_, _ = w.Write([]byte(`{"error":{"code":"internal"}}`))
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
	h := recovering(compress(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })))
	req := httptest.NewRequest("GET", "/api/v1/search", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if got := rec.Header().Get("Content-Encoding"); got != "" {
		t.Errorf("Content-Encoding %q on a plain-text error %q", got, rec.Body.String())
	}
}

package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"
)

type ctxKey int

const requestIDKey ctxKey = 1

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

type statusWriter struct {
	http.ResponseWriter
	status int
	body   *bodyWatch // nil when the request has no body
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		w.beforeAnswer()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
		w.beforeAnswer()
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// beforeAnswer runs once, as the answer starts. An answer given without
// reading the request body at all is a refusal (no token, no session, the
// wrong origin, too many requests, no such route): HTTP/1 would otherwise
// drain up to 256 KiB of that body before replying and again after, so an
// unauthenticated client trickling bytes held the reply and the connection
// for the whole read timeout. Instead the connection closes after the
// answer and the unread body is never read. HTTP/2 resets the stream on
// its own and must not be told "Connection: close", which would end every
// other stream on the connection.
func (w *statusWriter) beforeAnswer() {
	if w.body == nil || w.body.touched.Load() {
		return
	}
	w.Header().Set("Connection", "close")
	_ = http.NewResponseController(w.ResponseWriter).SetReadDeadline(time.Now())
}

// bodyWatch records whether anything read the request body.
type bodyWatch struct {
	io.ReadCloser
	touched atomic.Bool
}

func (b *bodyWatch) Read(p []byte) (int, error) {
	b.touched.Store(true)
	return b.ReadCloser.Read(p)
}

// middleware gives each request an id, recovers panics into a clean 500
// that shows the id and no internals, sets security headers and logs.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id := hex.EncodeToString(b)
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
		r, route := withRouteSlot(r)
		sw := &statusWriter{ResponseWriter: w}
		if r.ProtoMajor == 1 && r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0 {
			sw.body = &bodyWatch{ReadCloser: r.Body}
			r.Body = sw.body
		}
		h := sw.Header()
		h.Set("X-Request-Id", id)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		h.Set("X-Frame-Options", "DENY")
		if s.opts.TLSCert != "" {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic", "request_id", id, "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				if sw.status == 0 {
					pe := errorf(codeInternal, "something went wrong on our side (request %s); it has been logged", id)
					if strings.HasPrefix(r.URL.Path, "/api/") {
						writeJSON(sw, 500, map[string]any{"error": pe})
					} else {
						s.renderStatus(sw, r, 500, "error", errorPage{Page: s.page(r, "Error"), Err: pe})
					}
				}
			}
			took := time.Since(start)
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			s.metrics.observe(*route, r.Method, status, took)
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "route", *route, "status", sw.status,
				"took", took, "client", s.clientIP(r), "request_id", id)
		}()
		next.ServeHTTP(sw, r)
	})
}

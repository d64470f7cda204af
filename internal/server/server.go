// Package server is litkb's HTTP face: the JSON API under /api/v1 and the
// server-rendered pages, over one corpus and one index.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"litkb/index"
	"litkb/internal/corpus"
)

// Options are the server's settings.
type Options struct {
	Logger        *slog.Logger
	SearchTimeout time.Duration // per search; past it the client gets a 503
}

// Server serves one corpus and its index.
type Server struct {
	corpus atomic.Pointer[corpus.Corpus]
	index  *index.Index
	log    *slog.Logger
	opts   Options
	views  *views

	handler http.Handler
	http    *http.Server
	ln      net.Listener
}

// New builds a server; it does not listen until Open.
func New(c *corpus.Corpus, ix *index.Index, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.SearchTimeout <= 0 {
		opts.SearchTimeout = 5 * time.Second
	}
	v, err := newViews()
	if err != nil {
		return nil, err
	}
	s := &Server{index: ix, log: opts.Logger, opts: opts, views: v}
	s.corpus.Store(c)
	s.handler = s.middleware(s.routes())
	return s, nil
}

// Corpus is the corpus being served.
func (s *Server) Corpus() *corpus.Corpus { return s.corpus.Load() }

// SetCorpus replaces the corpus being served (after a reload).
func (s *Server) SetCorpus(c *corpus.Corpus) { s.corpus.Store(c) }

// Handler is the whole site, for tests and for embedding.
func (s *Server) Handler() http.Handler { return s.handler }

// Open listens on addr now (so a bad address fails at once) and serves in
// the background.
func (s *Server) Open(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.http = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("serve", "err", err)
		}
	}()
	return nil
}

// URL is where the server answers, e.g. http://127.0.0.1:8080.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// Close stops accepting requests and waits for those in flight until ctx ends.
func (s *Server) Close(ctx context.Context) error {
	if s.http == nil {
		return nil
	}
	return s.http.Shutdown(ctx)
}

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
	"net/netip"
	"time"

	"litkb/index"
	"litkb/internal/corpus"
	"litkb/internal/registry"
	"litkb/internal/token"
)

// Options are the server's settings.
type Options struct {
	Logger        *slog.Logger
	SearchTimeout time.Duration // per search; past it the client gets a 503

	// Per-client request rates (per second); 0 turns a limit off.
	SearchRate float64
	WriteRate  float64
	// TrustedProxies may set X-Forwarded-For; nobody else is believed.
	TrustedProxies []netip.Prefix
	// TLS: when set, Open serves HTTPS and pages send HSTS.
	TLSCert, TLSKey string
	// BaseURL is the public origin every absolute URL starts with, e.g.
	// https://litkb.example.org (no path: routes are rooted at "/").
	BaseURL string
	// AllowedHosts, when BaseURL is empty, are the Host headers ("name"
	// on any port, or "name:port") that absolute URLs may be built on;
	// nil means localhost, 127.0.0.1 and [::1]. Other hosts get relative
	// links, and the feed, sitemap and OpenSearch description a 503.
	AllowedHosts []string
	// Replication, when the corpus is kept in git: the served commit on
	// every response and in /readyz, the sync webhook (with SyncSecret).
	Replication Replication
	SyncSecret  string
	// ReadOnly: a replica. Curator pages redirect to PrimaryURL and API
	// writes are refused naming it.
	ReadOnly   bool
	PrimaryURL string
	// Registry answers curators' lookups by DOI or PMID; nil: none.
	Registry *registry.Client
	// NoticesRefreshed, when set, tells when the registries were last
	// asked for notices (zero: not yet), for /readyz and metrics.
	NoticesRefreshed func() time.Time
}

// Server serves one corpus and its index.
type Server struct {
	store  *corpus.Store
	tokens *token.Store
	index  *index.Index
	log    *slog.Logger
	opts   Options
	views  *views
	urls   *urlPolicy

	metrics     *metrics
	searchLimit *limiter
	writeLimit  *limiter
	handler     http.Handler
	http        *http.Server
	ln          net.Listener
}

// New builds a server over a corpus store, its index and the curator
// tokens; it does not listen until Open.
func New(store *corpus.Store, ix *index.Index, tokens *token.Store, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.SearchTimeout <= 0 {
		opts.SearchTimeout = 5 * time.Second
	}
	urls, err := newURLPolicy(opts.BaseURL, opts.AllowedHosts)
	if err != nil {
		return nil, err
	}
	v, err := sharedViews()
	if err != nil {
		return nil, err
	}
	s := &Server{store: store, tokens: tokens, index: ix, log: opts.Logger, opts: opts, views: v, urls: urls,
		searchLimit: newLimiter(opts.SearchRate, int(2*opts.SearchRate)+1),
		writeLimit:  newLimiter(opts.WriteRate, int(2*opts.WriteRate)+1)}
	s.metrics = newMetrics(s)
	urls.logMode(s.log)
	s.handler = s.middleware(s.replica(s.routes()))
	return s, nil
}

// Corpus is the snapshot of the corpus being served.
func (s *Server) Corpus() *corpus.Corpus { return s.store.Corpus() }

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
		serve := func() error { return s.http.Serve(ln) }
		if s.opts.TLSCert != "" {
			serve = func() error { return s.http.ServeTLS(ln, s.opts.TLSCert, s.opts.TLSKey) }
		}
		if err := serve(); err != nil && !errors.Is(err, http.ErrServerClosed) {
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
	if s.opts.TLSCert != "" {
		return "https://" + s.ln.Addr().String()
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

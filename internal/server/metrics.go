package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are what /metrics exposes, in Prometheus format.
type metrics struct {
	reg           *prometheus.Registry
	requests      *prometheus.CounterVec
	latency       *prometheus.HistogramVec
	search        prometheus.Histogram
	writeFailures *prometheus.CounterVec
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "litkb_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "litkb_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
		search: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "litkb_search_duration_seconds", Help: "Time spent in the index per search.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}),
		writeFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "litkb_write_failures_total", Help: "Curator writes that were refused or failed, by error code.",
		}, []string{"code"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.search, m.writeFailures,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "litkb_studies", Help: "Studies in the corpus, drafts included."},
			func() float64 { return float64(len(s.Corpus().Studies)) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "litkb_corpus_problems", Help: "Corpus files left out because of problems."},
			func() float64 { return float64(len(s.Corpus().Problems)) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "litkb_notices_checked_oldest_timestamp_seconds",
			Help: "Oldest day a registry was asked for retraction and correction notices, over studies with a DOI (Unix time; 0: none checked)."},
			func() float64 { return unixDay(noticesFreshness(s.Corpus()).Oldest) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "litkb_notices_refresh_last_run_timestamp_seconds",
			Help: "When the scheduled notice refresh last finished (Unix time; 0: not yet, or verify_interval is off)."},
			func() float64 {
				if s.opts.NoticesRefreshed == nil || s.opts.NoticesRefreshed().IsZero() {
					return 0
				}
				return float64(s.opts.NoticesRefreshed().Unix())
			}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "litkb_notices_checked_newest_timestamp_seconds",
			Help: "Newest day a registry was asked for retraction and correction notices (Unix time; 0: none checked)."},
			func() float64 { return unixDay(noticesFreshness(s.Corpus()).Newest) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "litkb_notices_never_checked", Help: "Studies with a DOI never checked for retraction and correction notices."},
			func() float64 { return float64(noticesFreshness(s.Corpus()).NeverChecked) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "litkb_studies_retracted", Help: "Public studies retracted or withdrawn (by curators or a registry notice)."},
			func() float64 { return float64(noticesFreshness(s.Corpus()).Unsafe) }),
	)
	if s.opts.Replication != nil {
		m.reg.MustRegister(s.opts.Replication.Collector())
	}
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// routeKey carries a pointer the router fills with the matched route's
// template, so the outer middleware can label by route, not by raw path
// (which would let anyone create unbounded label values).
const routeKey ctxKey = 3

func withRouteSlot(r *http.Request) (*http.Request, *string) {
	slot := new(string)
	*slot = "unmatched"
	return r.WithContext(context.WithValue(r.Context(), routeKey, slot)), slot
}

func setRoute(r *http.Request, tmpl string) {
	if slot, ok := r.Context().Value(routeKey).(*string); ok {
		*slot = tmpl
	}
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

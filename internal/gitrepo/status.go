package gitrepo

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"litkb/internal/study"
)

// status is what /readyz and /metrics say of the repository.
type status struct {
	mu          sync.Mutex
	commit      string    // served
	origin      string    // origin's head at the last fetch
	behindSince time.Time // when origin was first seen ahead of the served commit; zero when not behind
	lastFetch   time.Time
	fetchErr    string
	refused     string // origin's commit that is not applied
	reason      string
	problems    study.Problems
	ahead       int // commits origin does not have yet
	pushErr     string
	applied     int
	refusals    int
	commitFails int
	lastApply   time.Duration
}

func (s *status) setServed(c string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commit = c
	if c == s.origin {
		s.behindSince = time.Time{}
	}
}

func (s *status) served() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commit
}

// fetched records origin's head; behind says whether it has commits the
// served one lacks.
func (s *status) fetched(origin string, behind bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.fetchErr = err.Error()
		return
	}
	s.fetchErr, s.lastFetch, s.origin = "", time.Now(), origin
	switch {
	case !behind:
		s.behindSince = time.Time{}
	case s.behindSince.IsZero():
		s.behindSince = time.Now()
	}
}

func (s *status) refuse(commit, reason string, ps study.Problems) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refused, s.reason, s.problems = commit, reason, ps
	s.refusals++
}

func (s *status) applyDone(commit string, took time.Duration) {
	s.mu.Lock()
	s.refused, s.reason, s.problems = "", "", nil
	s.applied++
	s.lastApply = took
	s.mu.Unlock()
	s.setServed(commit)
}

// Status is the repository's part of /readyz.
func (r *Repo) Status() any {
	s := &r.st
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]any{"commit": s.commit, "branch": r.branch}
	if r.opts.Commit {
		out["commits"] = "every write"
		if r.hold {
			out["commits"] = "held (test hook)"
		}
	}
	if r.opts.Push != "" {
		out["push"] = r.opts.Push
		out["ahead_of_origin"] = s.ahead
		if s.pushErr != "" {
			out["push_error"] = s.pushErr
		}
	}
	if r.opts.Follow != "" {
		lag := 0.0
		if !s.behindSince.IsZero() {
			lag = time.Since(s.behindSince).Seconds()
		}
		f := map[string]any{"remote": r.opts.Follow, "origin_commit": s.origin, "behind": s.origin != "" && s.origin != s.commit && !s.behindSince.IsZero(),
			"lag_seconds": lag, "applied": s.applied, "last_apply_seconds": s.lastApply.Seconds()}
		if !s.lastFetch.IsZero() {
			f["fetched_at"] = s.lastFetch.UTC().Format(time.RFC3339)
			f["since_fetch_seconds"] = time.Since(s.lastFetch).Seconds()
		}
		if s.fetchErr != "" {
			f["fetch_error"] = s.fetchErr
		}
		if s.refused != "" {
			ps := s.problems
			if ps == nil {
				ps = study.Problems{}
			}
			f["refused"] = map[string]any{"commit": s.refused, "reason": s.reason, "problems": ps}
		}
		out["follow"] = f
	}
	return out
}

// Collector exposes the same figures to Prometheus.
func (r *Repo) Collector() prometheus.Collector { return (*collector)(r) }

type collector Repo

var (
	descAhead    = prometheus.NewDesc("litkb_git_commits_ahead_of_origin", "Commits the push remote does not have yet.", nil, nil)
	descBehind   = prometheus.NewDesc("litkb_git_behind_origin", "1 while origin has commits that are not served.", nil, nil)
	descLag      = prometheus.NewDesc("litkb_git_lag_seconds", "How long origin has had commits that are not served.", nil, nil)
	descRefused  = prometheus.NewDesc("litkb_git_refused", "1 while origin's head is refused (invalid files or not a fast-forward).", nil, nil)
	descRefusals = prometheus.NewDesc("litkb_git_refusals_total", "Commits of origin refused.", nil, nil)
	descApplied  = prometheus.NewDesc("litkb_git_applied_total", "Commits of origin applied.", nil, nil)
	descApply    = prometheus.NewDesc("litkb_git_last_apply_seconds", "Time the last apply took.", nil, nil)
	descFails    = prometheus.NewDesc("litkb_git_commit_failures_total", "Writes whose commit failed.", nil, nil)
)

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descAhead, descBehind, descLag, descRefused, descRefusals, descApplied, descApply, descFails} {
		ch <- d
	}
}

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	s := &c.st
	s.mu.Lock()
	defer s.mu.Unlock()
	b2f := func(b bool) float64 {
		if b {
			return 1
		}
		return 0
	}
	lag := 0.0
	if !s.behindSince.IsZero() {
		lag = time.Since(s.behindSince).Seconds()
	}
	ch <- prometheus.MustNewConstMetric(descAhead, prometheus.GaugeValue, float64(s.ahead))
	ch <- prometheus.MustNewConstMetric(descBehind, prometheus.GaugeValue, b2f(!s.behindSince.IsZero()))
	ch <- prometheus.MustNewConstMetric(descLag, prometheus.GaugeValue, lag)
	ch <- prometheus.MustNewConstMetric(descRefused, prometheus.GaugeValue, b2f(s.refused != ""))
	ch <- prometheus.MustNewConstMetric(descRefusals, prometheus.CounterValue, float64(s.refusals))
	ch <- prometheus.MustNewConstMetric(descApplied, prometheus.CounterValue, float64(s.applied))
	ch <- prometheus.MustNewConstMetric(descApply, prometheus.GaugeValue, s.lastApply.Seconds())
	ch <- prometheus.MustNewConstMetric(descFails, prometheus.CounterValue, float64(s.commitFails))
}

package server

import (
	"sync"
	"time"

	"litkb/internal/corpus"
	"litkb/internal/study"
)

// noticeFreshness is how recently a registry was asked about retractions
// and corrections, over the studies that have a DOI (a registry can only
// be asked about those): the oldest and newest notices_checked, and how
// many were never checked. /readyz and /metrics report it, so an operator
// sees a refresh that stopped running.
type noticeFreshness struct {
	WithDOI      int    `json:"with_doi"`
	NeverChecked int    `json:"never_checked"`
	Oldest       string `json:"oldest_check,omitempty"` // YYYY-MM-DD
	Newest       string `json:"newest_check,omitempty"`
	Unsafe       int    `json:"retracted_or_withdrawn"` // public studies unsafe to cite
	Caution      int    `json:"corrected_or_concern"`   // public studies with a lesser notice
}

// freshnessCache keeps the last answer: a corpus never changes, and a
// pass reads a field of every study (out of the mapped snapshot).
var freshnessCache struct {
	sync.Mutex
	c *corpus.Corpus
	f noticeFreshness
}

func noticesFreshness(c *corpus.Corpus) noticeFreshness {
	freshnessCache.Lock()
	defer freshnessCache.Unlock()
	if freshnessCache.c == c {
		return freshnessCache.f
	}
	var f noticeFreshness
	for i := range c.Studies {
		st := c.Studies[i]
		if st.Public() {
			switch w := st.Warning(); {
			case w.Unsafe():
				f.Unsafe++
			case w != nil:
				f.Caution++
			}
		}
		if st.DOI == "" || st.Status == "withdrawn" {
			continue
		}
		f.WithDOI++
		d := st.NoticesChecked
		if d == "" {
			f.NeverChecked++
			continue
		}
		if f.Oldest == "" || d < f.Oldest {
			f.Oldest = d
		}
		if d > f.Newest {
			f.Newest = d
		}
	}
	freshnessCache.c, freshnessCache.f = c, f
	return f
}

// studyWarning is the template function warning: what is known against a
// study, whether a page holds it by pointer or by value.
func studyWarning(v any) *study.Warning {
	switch st := v.(type) {
	case *study.Study:
		return st.Warning()
	case study.Study:
		return st.Warning()
	}
	return nil
}

// unixDay is a YYYY-MM-DD day as Unix seconds at its start (UTC), for a
// Prometheus gauge; 0 when there is none.
func unixDay(d string) float64 {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return 0
	}
	return float64(t.Unix())
}

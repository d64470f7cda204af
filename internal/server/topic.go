package server

import (
	"net/http"
	"slices"

	"litkb/internal/study"
)

type topicJSON struct {
	study.Topic
	Count int    `json:"count"`
	URL   string `json:"url"`
}

// topicCounts is how many published studies have each topic. Like
// topicStudies, it reads the corpus in place: Published copies every
// study, 50 MB a call at 100,000 studies.
func (s *Server) topicCounts() map[string]int {
	counts := map[string]int{}
	c := s.Corpus()
	for i := range c.Studies {
		if st := c.Studies[i]; st.Status == "published" {
			for _, t := range st.Topics {
				counts[t]++
			}
		}
	}
	return counts
}

func (s *Server) handleTopicsAPI(w http.ResponseWriter, r *http.Request) error {
	counts := s.topicCounts()
	out := []topicJSON{}
	for _, t := range s.Corpus().Topics {
		out = append(out, topicJSON{Topic: t, Count: counts[t.ID], URL: "/topics/" + t.ID})
	}
	writeJSON(w, http.StatusOK, map[string]any{"topics": out})
	return nil
}

// topicStudies are the published studies tagged with a topic, newest first.
func (s *Server) topicStudies(id string) []*study.Study {
	var out []*study.Study
	c := s.Corpus()
	for i := range c.Studies {
		if st := c.Studies[i]; st.Status == "published" && slices.Contains(st.Topics, id) {
			out = append(out, st)
		}
	}
	slices.SortStableFunc(out, func(a, b *study.Study) int { return b.Year - a.Year })
	return out
}

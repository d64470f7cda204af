package server

import (
	"net/http"
	"sort"
	"strconv"

	"litkb/internal/study"
)

// studyURL is a study's permalink.
func studyURL(id string) string { return "/studies/" + id }

// publicStudy finds a study the public may see: drafts are for curators.
func (s *Server) publicStudy(id string) (*study.Study, error) {
	if err := cleanText(id); err != nil || !study.ValidID(id) {
		return nil, errorf(codeNotFound, "no study has the id %q", id)
	}
	st, ok := s.Corpus().Study(id)
	if !ok || !st.Public() {
		return nil, errorf(codeNotFound, "no study has the id %q", id)
	}
	return st, nil
}

type studyJSON struct {
	study.Study
	SourceURL string `json:"source_url,omitempty"`
	URL       string `json:"url"`
}

// visibleStudy is publicStudy, except that a curator's token also shows drafts.
func (s *Server) visibleStudy(r *http.Request, id string) (*study.Study, error) {
	if _, ok := s.bearer(r); ok && study.ValidID(id) {
		if st, found := s.Corpus().Study(id); found {
			return st, nil
		}
	}
	return s.publicStudy(id)
}

func (s *Server) handleStudyAPI(w http.ResponseWriter, r *http.Request) error {
	st, err := s.visibleStudy(r, param(r, "id"))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", strconv.Quote(s.Corpus().ETag(st.ID)))
	writeJSON(w, http.StatusOK, studyJSON{Study: *st, SourceURL: st.SourceURL(), URL: studyURL(st.ID)})
	return nil
}

// related are other published studies sharing the most topics and
// constructs with st, best first.
func (s *Server) related(st *study.Study, n int) []*study.Study {
	c := s.Corpus()
	mine := map[string]bool{}
	for _, t := range st.Topics {
		mine["t:"+t] = true
	}
	for _, f := range st.Findings {
		mine["c:"+f.Construct] = true
	}
	type scored struct {
		s     *study.Study
		score int
	}
	var all []scored
	for i := range c.Studies {
		o := &c.Studies[i]
		if o.ID == st.ID || o.Status != "published" {
			continue
		}
		score := 0
		seen := map[string]bool{}
		for _, t := range o.Topics {
			if mine["t:"+t] && !seen["t:"+t] {
				score += 2
				seen["t:"+t] = true
			}
		}
		for _, f := range o.Findings {
			if mine["c:"+f.Construct] && !seen["c:"+f.Construct] {
				score += 3
				seen["c:"+f.Construct] = true
			}
		}
		if score > 0 {
			all = append(all, scored{o, score})
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].score != all[j].score {
			return all[i].score > all[j].score
		}
		return all[i].s.Year > all[j].s.Year
	})
	var out []*study.Study
	for i := 0; i < len(all) && i < n; i++ {
		out = append(out, all[i].s)
	}
	return out
}

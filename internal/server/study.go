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

// studyJSON is the study resource: the stored fields exactly as in the
// study's file, so that what a GET answers can be PUT back unchanged, and
// what the server derives under the one read-only key links. A derived
// value beside the stored ones would shadow or look like one of them: the
// permalink once answered as "url" and hid the stored link to the
// original, so a client that sent the study back erased it.
type studyJSON struct {
	study.Study
	Links studyLinks `json:"links"`
}

// studyLinks are the links derived from a study; writes ignore them.
type studyLinks struct {
	Self    string `json:"self"`             // this resource in the API
	Page    string `json:"page"`             // the permalink people cite
	Source  string `json:"source,omitempty"` // the original: doi.org for a DOI, else the stored url
	Find    string `json:"find,omitempty"`   // a Crossref search, only when there is no source
	PubMed  string `json:"pubmed,omitempty"` // the PubMed record, for a PMID
	PMC     string `json:"pmc,omitempty"`    // the full text in PubMed Central, for a PMCID
	History string `json:"history"`
}

func toStudyJSON(st *study.Study) studyJSON {
	return studyJSON{Study: *st, Links: studyLinks{
		Self: studyAPIURL(st.ID), Page: studyURL(st.ID), Source: st.SourceURL(), Find: st.FindURL(),
		PubMed: st.PubMedURL(), PMC: st.PMCURL(),
		History: studyAPIURL(st.ID) + "/history",
	}}
}

// studyAPIURL is a study's address in the API.
func studyAPIURL(id string) string { return "/api/v1/studies/" + id }

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
	out := toStudyJSON(st)
	if _, curator := s.bearer(r); !curator {
		// Curator notes and to-do items are working text, not for readers.
		out.Provenance = st.Provenance.Public()
	}
	writeJSON(w, http.StatusOK, out)
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
		o := c.Studies[i]
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

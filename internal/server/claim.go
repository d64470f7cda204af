package server

import (
	"net/http"

	"litkb/internal/study"
)

type evidenceJSON struct {
	Relation   string      `json:"relation"`
	Note       string      `json:"note,omitempty"`
	Study      string      `json:"study"`
	StudyTitle string      `json:"study_title"`
	Year       int         `json:"year"`
	Authors    string      `json:"authors"`
	SourceURL  string      `json:"source_url,omitempty"`
	Confidence string      `json:"confidence"`
	Finding    findingJSON `json:"finding"`
}

type claimJSON struct {
	study.Claim
	URL      string         `json:"url"`
	Evidence []evidenceJSON `json:"evidence"`
}

func (s *Server) claimJSON(cl *study.Claim) claimJSON {
	out := claimJSON{Claim: *cl, URL: "/claims/" + cl.ID, Evidence: []evidenceJSON{}}
	c := s.Corpus()
	for _, e := range cl.Evidence {
		st, ok := c.Study(e.Study)
		if !ok || !st.Public() {
			continue
		}
		f, ok := st.Finding(e.Finding)
		if !ok {
			continue
		}
		out.Evidence = append(out.Evidence, evidenceJSON{
			Relation: e.Relation, Note: e.Note, Study: st.ID, StudyTitle: st.Title, Year: st.Year,
			Authors: shortAuthors(st.Authors), SourceURL: st.SourceURL(), Confidence: st.Provenance.Confidence,
			Finding: toFindingJSON(st, f),
		})
	}
	return out
}

func (s *Server) claim(id string) (*study.Claim, error) {
	cl, ok := s.Corpus().Claim(id)
	if !ok || cleanText(id) != nil {
		return nil, errorf(codeNotFound, "no claim has the id %q", id)
	}
	return cl, nil
}

func (s *Server) handleClaimsAPI(w http.ResponseWriter, r *http.Request) error {
	out := []claimJSON{}
	for i := range s.Corpus().Claims {
		out = append(out, s.claimJSON(&s.Corpus().Claims[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"claims": out})
	return nil
}

func (s *Server) handleClaimAPI(w http.ResponseWriter, r *http.Request) error {
	cl, err := s.claim(param(r, "id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.claimJSON(cl))
	return nil
}

// shortAuthors is "Roisman et al." / "Bakermans-Kranenburg & van IJzendoorn".
func shortAuthors(ps []study.Person) string {
	name := func(p study.Person) string {
		if p.Literal != "" {
			return p.Literal
		}
		return p.Family
	}
	switch len(ps) {
	case 0:
		return ""
	case 1:
		return name(ps[0])
	case 2:
		return name(ps[0]) + " & " + name(ps[1])
	}
	return name(ps[0]) + " et al."
}

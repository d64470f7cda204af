package server

import (
	"net/http"
	"net/url"
	"slices"

	"litkb/internal/cite"
	"litkb/internal/evidence"
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
	// Warning: the study is retracted, withdrawn, corrected or under an
	// expression of concern.
	Warning *study.Warning `json:"warning,omitempty"`
}

type claimJSON struct {
	study.Claim
	URL      string         `json:"url"`
	Evidence []evidenceJSON `json:"evidence"`
}

func (s *Server) claimJSON(cl *study.Claim) claimJSON {
	out := claimJSON{Claim: *cl, URL: "/claims/" + cl.ID, Evidence: []evidenceJSON{}}
	for _, it := range evidence.ClaimItems(s.Corpus(), cl) {
		st, e := it.Study, it.Evidence
		out.Evidence = append(out.Evidence, evidenceJSON{
			Relation: e.Relation, Note: e.Note, Study: st.ID, StudyTitle: st.Title, Year: st.Year,
			Authors: evidence.ShortAuthors(st.Byline()), SourceURL: st.SourceURL(), Confidence: st.Provenance.Confidence,
			Finding: toFindingJSON(st, it.Finding), Warning: st.Warning(),
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

// The claim page: the plot of its findings, then the findings grouped by
// how they bear on it, each ready to cite.

type claimFinding struct {
	Study   *study.Study
	Finding findingRow
	Rel     string
	Note    string
	Ref     cite.Reference  // the study's reference in the page's style, with the finding's page
	Cite    findingCitation // cite this finding
}

type claimPage struct {
	Page
	Claim    *study.Claim
	Groups   []evidenceGroup
	Topics   []study.Topic
	Total    int
	Studies  int
	Designs  []link // findings by design
	Evidence evidenceView
	Style    cite.Style
	Styles   []link
	// Warned are the studies behind the evidence that something is known
	// against, each once: retracted or withdrawn ones first.
	Warned []warnedStudy
}

// warnedStudy is a study behind a claim with what is known against it.
type warnedStudy struct {
	Study    *study.Study
	Warning  *study.Warning
	Findings int // of the claim's findings, how many are from it
}

// warnedStudies lists the studies of items that carry a warning.
func warnedStudies(items []evidence.Item) []warnedStudy {
	var out []warnedStudy
	at := map[string]int{}
	for _, it := range items {
		if i, ok := at[it.Study.ID]; ok {
			out[i].Findings++
			continue
		}
		if w := it.Study.Warning(); w != nil {
			at[it.Study.ID] = len(out)
			out = append(out, warnedStudy{Study: it.Study, Warning: w, Findings: 1})
		}
	}
	slices.SortStableFunc(out, func(a, b warnedStudy) int {
		switch {
		case a.Warning.Unsafe() == b.Warning.Unsafe():
			return 0
		case a.Warning.Unsafe():
			return -1
		}
		return 1
	})
	return out
}

// evidenceGroup is the findings that bear on a claim in one way.
type evidenceGroup struct {
	Relation, Title, Blurb string
	Items                  []claimFinding
}

var relationGroups = []struct{ rel, title, blurb string }{
	{"supports", "Supports", "Findings consistent with the claim."},
	{"complicates", "Complicates", "Findings that qualify the claim: a different definition, population or base rate."},
	{"contradicts", "Contradicts", "Findings that go against the claim."},
}

func (s *Server) handleClaimPage(w http.ResponseWriter, r *http.Request) error {
	cl, err := s.claim(param(r, "id"))
	if err != nil {
		return err
	}
	c := s.Corpus()
	d := claimPage{Page: s.page(r, "Claim: "+cl.Statement), Claim: cl}
	d.Printable = true
	d.Description = "Verdict: " + cl.Verdict + ". " + summaryLine(cl.Rationale, 180)
	d.Style = pageStyle(r)
	d.Styles = styleLinks(r, d.Style, "evidence-h")
	d.Evidence = newEvidenceView(evidence.ForClaim(c, cl), "plot", url.Values{"claim": {cl.ID}})
	base := s.origin(r)
	items := evidence.ClaimItems(c, cl)
	d.Warned = warnedStudies(items)
	var shown []evidence.Item
	for _, rg := range relationGroups {
		g := evidenceGroup{Relation: rg.rel, Title: rg.title, Blurb: rg.blurb}
		for _, it := range items {
			if it.Evidence.Relation != rg.rel {
				continue
			}
			item := claimFinding{Study: it.Study, Finding: s.findingRow(*it.Finding), Rel: it.Evidence.Relation, Note: it.Evidence.Note}
			if item.Cite, err = citeFinding(base, it.Study, it.Finding, d.Style); err != nil {
				return err
			}
			item.Ref = item.Cite.Reference
			g.Items = append(g.Items, item)
			shown = append(shown, it)
		}
		d.Groups = append(d.Groups, g)
	}
	tally := evidence.Count(shown)
	d.Total, d.Studies = tally.Findings, tally.Studies
	for _, ds := range study.Designs {
		if n := tally.ByDesign[ds]; n > 0 {
			d.Designs = append(d.Designs, link{Label: upperFirst(ds), Count: n})
		}
	}
	for _, t := range cl.Topics {
		if tp, ok := c.Topic(t); ok {
			d.Topics = append(d.Topics, tp)
		}
	}
	return s.render(w, r, "claim", d)
}

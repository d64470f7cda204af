package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"litkb/internal/cite"
	"litkb/internal/study"
)

// Cite this finding: one action that gives the finding's statement, its
// numbers, the study's reference in a chosen style with the page as
// locator, and the finding's permalink, as text to copy and as CSL-JSON
// with locator, label and note. Pages show it (findingCitation), and
// /api/v1/studies/{id}/findings/{fid}/cite answers it as JSON.

// findingCitation is one finding, ready to cite.
type findingCitation struct {
	StudyID   string `json:"study"`
	FindingID string `json:"finding"`
	Statement string `json:"statement"`
	Display   string `json:"display,omitempty"` // "51.4% (95% CI …)"
	// Numbers are what the citation adds to the statement in parentheses:
	// "51.4%, n = 37", or only "n = 37" when the statement gives the value;
	// empty when the statement states them all (see cite.CiteFinding).
	Numbers   string         `json:"numbers,omitempty"`
	N         *int           `json:"n,omitempty"`
	K         *int           `json:"k,omitempty"`
	CILow     *float64       `json:"ci_low,omitempty"`
	CIHigh    *float64       `json:"ci_high,omitempty"`
	Page      string         `json:"page,omitempty"` // the locator; empty when the page is not recorded
	Reference cite.Reference `json:"reference"`
	Permalink string         `json:"permalink"`
	// Text is the passage to paste: cite.CiteFinding's statement with its
	// numbers, in-text citation and reference, then the permalink.
	Text string    `json:"text"`
	CSL  cite.Item `json:"csl"`
	// Warning: the study is retracted, withdrawn, corrected or under an
	// expression of concern; absent when nothing is known against it.
	Warning *study.Warning `json:"warning,omitempty"`
	// CSLJSON is CSL above as a one-item CSL-JSON file, for pages to show.
	CSLJSON string `json:"-"`
}

// citeFinding builds the citation of finding f of st in style sty; base is
// the origin for the permalink ("" for a relative one, see Server.origin).
func citeFinding(base string, st *study.Study, f *study.Finding, sty cite.Style) (findingCitation, error) {
	fc := findingCitation{
		StudyID: st.ID, FindingID: f.ID, Display: f.Display(),
		N: f.N, K: f.K, CILow: f.CILow, CIHigh: f.CIHigh, Page: strings.TrimSpace(f.Page),
		Permalink: base + studyURL(st.ID) + "#" + f.ID, Warning: st.Warning(),
	}
	c, err := cite.CiteFinding(*st, *f, sty)
	if err != nil {
		return fc, fmt.Errorf("cite finding %s#%s: %w", st.ID, f.ID, err)
	}
	fc.Statement, fc.Numbers, fc.Reference = c.Statement, c.Numbers, c.Reference
	fc.Text = c.Text + "\nFinding " + f.ID + " in litkb: " + fc.Permalink
	if fc.Warning.Unsafe() {
		// The text is pasted on its own: the warning goes with it.
		fc.Text += "\n" + fc.Warning.Label + ": " + fc.Warning.Message
	}

	item := c.Item
	item.Note = "Finding " + f.ID + ": " + c.Claim + ". " + fc.Permalink
	fc.CSL = item
	b, err := cite.MarshalCSLJSON([]cite.Item{item})
	if err != nil {
		return fc, fmt.Errorf("cite finding %s#%s as CSL-JSON: %w", st.ID, f.ID, err)
	}
	fc.CSLJSON = strings.TrimSpace(string(b))
	return fc, nil
}

// pageStyle is the citation style a page was asked for (?style=), APA
// when none or an unknown one is given: a page never fails over a style.
func pageStyle(r *http.Request) cite.Style {
	if st, err := cite.ParseStyle(r.URL.Query().Get("style")); err == nil {
		return st
	}
	return cite.APA
}

// styleLinks are the style switcher: the same page in each style, other
// parameters kept, landing on fragment. APA, the default, has no parameter.
func styleLinks(r *http.Request, current cite.Style, fragment string) []link {
	var out []link
	for _, st := range cite.Styles {
		q := clone(r.URL.Query())
		q.Del("style")
		if st != cite.APA {
			q.Set("style", string(st))
		}
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode(), Fragment: fragment}
		out = append(out, link{Label: styleName(st), URL: u.String(), Current: st == current})
	}
	return out
}

// styleName is the short name a switcher shows.
func styleName(st cite.Style) string {
	switch st {
	case cite.APA:
		return "APA"
	case cite.MLA:
		return "MLA"
	}
	return upperFirst(string(st))
}

// handleFindingCiteAPI answers /api/v1/studies/{id}/findings/{fid}/cite?style=.
func (s *Server) handleFindingCiteAPI(w http.ResponseWriter, r *http.Request) error {
	st, err := s.visibleStudy(r, param(r, "id"))
	if err != nil {
		return err
	}
	fid := param(r, "fid")
	f, ok := st.Finding(fid)
	if !ok || cleanText(fid) != nil {
		return errorf(codeNotFound, "study %q has no finding %q", st.ID, fid)
	}
	sty, err := cite.ParseStyle(orDefault(r.URL.Query().Get("style"), "apa"))
	if err != nil {
		return &Error{Code: codeInvalid, Message: err.Error(), Fields: []FieldProblem{{Field: "style", Problem: "unknown style"}}}
	}
	fc, err := citeFinding(s.origin(r), st, f, sty)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, fc)
	return nil
}

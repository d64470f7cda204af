package server

import (
	"cmp"
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"litkb/internal/evidence"
	"litkb/internal/plot"
	"litkb/internal/study"
)

// Evidence views: any set of findings (a claim's, a construct's, a topic's
// or a search's) shown as the comparison plot, the table of the same
// numbers and a CSV of them. One function (selectFindings) reads the
// request and asks package evidence for the findings, for the pages and
// for /api/v1/findings alike, so a page and its download can never
// disagree; evidence groups them and package plot draws them.

// evidenceView is what a page shows of a selection.
type evidenceView struct {
	ID        string // prefix of element ids
	Layout    evidence.Layout
	Plot      template.HTML
	CSV       string // URL of the same numbers as CSV
	JSON      string // and as JSON
	Relations bool   // the findings bear on a claim
	Without   int
	Truncated int
	Summary   string // "4 findings from 4 studies under 4 constructs; n is given per construct, not added across them"
	// HasCI and HasPage say whether any finding has a CI or a page, so
	// the table shows no column of blanks; Cols is its column count.
	HasCI, HasPage bool
	Cols           int
}

// selectFindings reads which findings a request is about: claim=ID,
// construct=ID, or the search parameters (q, topic, design, type,
// year_from, year_to; none: every published study). construct:ID terms in
// q keep only the findings under those constructs.
func (s *Server) selectFindings(ctx context.Context, q url.Values) (evidence.Selection, error) {
	c := s.Corpus()
	if id := q.Get("claim"); id != "" {
		cl, err := s.claim(id)
		if err != nil {
			return evidence.Selection{}, err
		}
		return evidence.ForClaim(c, cl), nil
	}
	if id := q.Get("construct"); id != "" {
		k, ok := c.Construct(id)
		if !ok || cleanText(id) != nil {
			return evidence.Selection{}, errorf(codeNotFound, "no construct has the id %q", id)
		}
		return evidence.ForConstruct(c, c.Published(), k), nil
	}
	if t, ok := topicOnly(q); ok {
		// One topic and nothing else is a topic page's set: read it from
		// the corpus, as the topic page lists its studies, not the index.
		tp, found := c.Topic(t)
		if !found || cleanText(t) != nil {
			return evidence.Selection{}, errorf(codeNotFound, "no topic has the id %q", t)
		}
		return evidence.ForStudies(c, "the topic “"+tp.Label+"”", s.topicStudies(t), nil), nil
	}
	studies, err := s.matching(ctx, q)
	if err != nil {
		return evidence.Selection{}, err
	}
	return evidence.ForStudies(c, searchTitle(c, q), studies, queryConstructs(q.Get("q"))), nil
}

// topicOnly reports whether the search parameters are one topic alone.
func topicOnly(q url.Values) (string, bool) {
	for _, k := range searchParams {
		if k != "topic" && q.Get(k) != "" {
			return "", false
		}
	}
	if len(q["topic"]) != 1 {
		return "", false
	}
	return q["topic"][0], true
}

// searchTitle names a search in words: "the search “earned security”,
// topic Earned security, design longitudinal".
func searchTitle(c interface {
	Topic(string) (study.Topic, bool)
}, q url.Values) string {
	var parts []string
	if w := strings.TrimSpace(q.Get("q")); w != "" {
		parts = append(parts, "“"+w+"”")
	}
	for _, t := range q["topic"] {
		if tp, ok := c.Topic(t); ok {
			t = tp.Label
		}
		parts = append(parts, "topic "+t)
	}
	if v := q.Get("design"); v != "" {
		parts = append(parts, "design "+v)
	}
	if v := q.Get("type"); v != "" {
		parts = append(parts, "type "+typeLabel(v))
	}
	from, to := q.Get("year_from"), q.Get("year_to")
	if from != "" || to != "" {
		parts = append(parts, "years "+cmp.Or(from, "…")+"–"+cmp.Or(to, "…"))
	}
	if len(parts) == 0 {
		return "every published study"
	}
	return "the search " + strings.Join(parts, ", ")
}

// newEvidenceView draws a selection; query is the selection's parameters,
// for the download links.
func newEvidenceView(sel evidence.Selection, id string, query url.Values) evidenceView {
	v := evidenceView{ID: id, Layout: evidence.NewLayout(sel.Points), Without: sel.Without, Truncated: sel.Truncated}
	for _, p := range sel.Points {
		v.Relations = v.Relations || p.Relation != ""
	}
	v.Plot = plot.Render(id, "Findings for "+sel.Title, v.Layout)
	v.Summary = v.Layout.CountPhrase()
	for _, p := range sel.Points {
		v.HasCI = v.HasCI || (p.Low != nil && p.High != nil)
		v.HasPage = v.HasPage || p.Page != ""
	}
	v.Cols = 4
	for _, on := range []bool{v.Relations, v.HasCI, v.HasPage} {
		if on {
			v.Cols++
		}
	}
	q := clone(query)
	for k := range q {
		if k != "claim" && k != "construct" && !slices.Contains(searchParams, k) {
			q.Del(k)
		}
	}
	q.Set("format", "csv")
	v.CSV = "/api/v1/findings?" + q.Encode()
	q.Del("format")
	v.JSON = "/api/v1/findings?" + q.Encode()
	return v
}

// handleFindingsAPI answers /api/v1/findings?claim=|construct=|<search
// parameters>&format=json|csv: the findings with a number, in the order
// the comparison plot draws them.
func (s *Server) handleFindingsAPI(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	format := orDefault(q.Get("format"), "json")
	if format != "json" && format != "csv" {
		return &Error{Code: codeInvalid, Message: "format: " + strconv.Quote(format) + " is not a format of this route (expected json or csv)",
			Fields: []FieldProblem{{Field: "format", Problem: "unknown format"}}}
	}
	sel, err := s.selectFindings(r.Context(), q)
	if err != nil {
		return err
	}
	l := evidence.NewLayout(sel.Points)
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="litkb-findings.csv"`)
		_, _ = w.Write(evidence.CSV(l, s.origin(r)))
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"title": "Findings for " + sel.Title, "findings": evidence.JSONRows(l), "studies": l.Studies, "total_n": l.TotalN,
		"studies_without_n": l.NoN, "without_number": sel.Without, "left_out": sel.Truncated,
	})
	return nil
}

// evidencePage is /evidence?<search parameters>: the numbers behind a
// search, plotted.
type evidencePage struct {
	Page
	Heading  string
	Evidence evidenceView
	Search   string // back to the search
	Chips    []link
}

func (s *Server) handleEvidencePage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if _, err := searchRequest(q); err != nil {
		return err
	}
	sel, err := s.selectFindings(r.Context(), q)
	if err != nil {
		return err
	}
	sq := url.Values{}
	for _, k := range searchParams {
		if v, ok := q[k]; ok {
			sq[k] = v
		}
	}
	d := evidencePage{Page: s.page(r, "Numbers for "+sel.Title), Heading: "Findings for " + sel.Title, Search: searchURL(clone(sq))}
	d.Query = q.Get("q")
	d.Printable = true
	d.Canonical = s.absURL(r, "/evidence")
	if enc := sq.Encode(); enc != "" {
		d.Canonical += "?" + enc
	}
	d.Description = "Every finding with a number among the studies of " + sel.Title + ", plotted by construct and design, with a table and a CSV."
	d.Evidence = newEvidenceView(sel, "plot", sq)
	d.Chips = s.chips(sq)
	return s.render(w, r, "evidence", d)
}

// constructPage is /constructs/{id}: a definition and every finding
// measured under it.
type constructPage struct {
	Page
	Construct study.Construct
	Evidence  evidenceView
	Studies   []*study.Study
	Claims    []study.Claim
	Search    string
}

func (s *Server) handleConstructPage(w http.ResponseWriter, r *http.Request) error {
	id := param(r, "id")
	c := s.Corpus()
	k, ok := c.Construct(id)
	if !ok || cleanText(id) != nil {
		return errorf(codeNotFound, "no construct has the id %q", id)
	}
	d := constructPage{Page: s.page(r, k.Label+" – construct"), Construct: k}
	d.Query = ""
	d.Printable = true
	d.Description = summaryLine(k.Definition, 200)
	d.Search = searchURL(url.Values{"q": {"construct:" + id}})
	q := url.Values{"construct": {id}}
	d.Evidence = newEvidenceView(evidence.ForConstruct(c, c.Published(), k), "plot", q)
	d.Studies = evidence.StudiesUnder(c.Studies, id)
	d.Claims = evidence.ClaimsUsing(c, c.Claims, id)
	return s.render(w, r, "construct", d)
}

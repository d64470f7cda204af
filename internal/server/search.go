package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"litkb/index"
	"litkb/internal/corpus"
	"litkb/internal/study"
)

// searchRequest reads the search parameters shared by the API and the
// pages, and checks them.
func searchRequest(q url.Values) (index.Request, error) {
	r, err := readSearch(q)
	if err != nil {
		return r, err
	}
	return r, r.Normalize()
}

// readSearch reads the search parameters shared by the API and the
// pages, unchecked: the API adds its cursor first.
func readSearch(q url.Values) (index.Request, error) {
	r := index.Request{
		Query:  strings.TrimSpace(q.Get("q")),
		Topics: q["topic"],
		Design: q.Get("design"),
		Type:   q.Get("type"),
		Sort:   q.Get("sort"),
	}
	for _, v := range append([]string{r.Query, r.Design, r.Type, r.Sort}, r.Topics...) {
		if err := cleanText(v); err != nil {
			return r, err
		}
	}
	var err error
	if r.Size, err = intParam(q, "size", 1, math.MaxInt, "a page holds 1 to "+strconv.Itoa(index.MaxSize)+" hits (more is capped at "+strconv.Itoa(index.MaxSize)+")"); err != nil {
		return r, err
	}
	// The deepest numbered page is checked here, before index.Request
	// multiplies page by size: a page number near the largest int wrapped
	// round to a small offset, or to a negative one and a panic.
	size := cmp.Or(min(r.Size, index.MaxSize), index.DefaultSize)
	last := index.MaxFrom/size + 1
	if r.Page, err = intParam(q, "page", 1, last, fmt.Sprintf("pages count from 1, and numbered pages reach the first %d hits: page %d at size %d; "+
		"narrow the search, or page on through the API with cursor: send cursor= (empty) with the first request, then each answer's next", index.MaxFrom, last, size)); err != nil {
		return r, err
	}
	years := fmt.Sprintf("a year is from %d to %d", minYear, maxYear)
	if r.YearFrom, err = intParam(q, "year_from", minYear, maxYear, years); err != nil {
		return r, err
	}
	if r.YearTo, err = intParam(q, "year_to", minYear, maxYear, years); err != nil {
		return r, err
	}
	return r, nil
}

// The years a search may filter by: four digits, as people write them;
// 0 is what index.Request takes for no bound.
const minYear, maxYear = 1, 9999

// intParam reads the query parameter name: absent or empty is 0 (the
// default), anything else must be a whole number from lo to hi. Numbers
// too large for an int are refused like any other out of range, so what
// reaches the index is always in range; limit says what the range is.
func intParam(q url.Values, name string, lo, hi int, limit string) (int, error) {
	v := q.Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, &Error{Code: codeInvalid, Message: fmt.Sprintf("%s: %q is not a whole number; %s", name, clip(v), limit),
			Fields: []FieldProblem{{Field: name, Problem: "not a whole number"}}}
	}
	if err != nil || n < lo || n > hi {
		return 0, &Error{Code: codeInvalid, Message: fmt.Sprintf("%s: %s is out of range; %s", name, clip(v), limit),
			Fields: []FieldProblem{{Field: name, Problem: fmt.Sprintf("out of range %d-%d", lo, hi)}}}
	}
	return n, nil
}

// cleanText rejects input no person types: invalid UTF-8, NUL and other
// control characters.
func cleanText(s string) error {
	if !utf8.ValidString(s) {
		return errorf(codeInvalid, "the request is not valid UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' {
			return errorf(codeInvalid, "control characters are not allowed in a query")
		}
	}
	return nil
}

// search runs a request with the server's deadline.
func (s *Server) search(ctx context.Context, req index.Request) (*index.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.SearchTimeout)
	defer cancel()
	start := time.Now()
	res, err := s.index.Search(ctx, req)
	s.metrics.search.Observe(time.Since(start).Seconds())
	if err != nil && (errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil) {
		return nil, errDeadline
	}
	return res, err
}

// Search result JSON, as in the API contract.
type searchJSON struct {
	Query      string                 `json:"query"`
	Total      uint64                 `json:"total"`
	Page       int                    `json:"page,omitempty"` // absent on a page reached through a cursor
	Size       int                    `json:"size"`
	TookMS     float64                `json:"took_ms"`
	Hits       []hitJSON              `json:"hits"`
	Facets     map[string][]facetJSON `json:"facets"`
	Suggestion *string                `json:"suggestion"`
	Fuzzy      bool                   `json:"fuzzy"`
	Next       *string                `json:"next,omitempty"`     // the cursor of the following page, when one was asked for and there is one
	NextURL    *string                `json:"next_url,omitempty"` // this search with that cursor
}

type hitJSON struct {
	ID         string         `json:"id"`
	Type       string         `json:"type"`
	Title      string         `json:"title"`
	TitleHTML  string         `json:"title_html"`
	Year       int            `json:"year"`
	Authors    []study.Person `json:"authors"`
	Editors    []study.Person `json:"editors,omitempty"` // an edited work's, named when it has no authors
	Container  string         `json:"container,omitempty"`
	DOI        string         `json:"doi,omitempty"`
	SourceURL  string         `json:"source_url,omitempty"`
	FindURL    string         `json:"find_url,omitempty"` // a Crossref search, when no source is verified
	URL        string         `json:"url"`
	Snippet    string         `json:"snippet"`
	Topics     []string       `json:"topics"`
	Design     string         `json:"design"`
	Sample     string         `json:"sample,omitempty"`
	Confidence string         `json:"confidence"`
	Score      float64        `json:"score"`
	Finding    *findingJSON   `json:"finding,omitempty"`
	// Warning: retracted, withdrawn, corrected or under an expression of
	// concern; absent when nothing is known against the study.
	Warning *study.Warning `json:"warning,omitempty"`
}

type findingJSON struct {
	ID        string   `json:"id"`
	Text      string   `json:"text"`
	Snippet   string   `json:"snippet,omitempty"`
	Construct string   `json:"construct"`
	Measure   string   `json:"measure,omitempty"`
	Value     *float64 `json:"value,omitempty"`
	Display   string   `json:"display,omitempty"`
	N         *int     `json:"n,omitempty"`
	Page      string   `json:"page,omitempty"`
	URL       string   `json:"url"`
}

type facetJSON struct {
	Value string `json:"value"`
	Label string `json:"label,omitempty"`
	Count int    `json:"count"`
}

func (s *Server) handleSearchAPI(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	req, err := readSearch(q)
	if err != nil {
		return err
	}
	// Numbered pages stop at index.MaxFrom hits; cursors go on from there.
	// A cursor needs a total order, a tiebreaker that costs every search
	// about a tenth of its time, so only a walk that asks for one (cursor
	// present, empty to start) pays for it. Numbered pages keep the plain
	// order: pages 1 and 2 must break ties the same way.
	req.Cursor, req.WantNext = q.Get("cursor"), q.Has("cursor")
	if err := req.Normalize(); err != nil {
		return err
	}
	if q.Get("drafts") == "true" {
		// Curators search their queue too; everyone else gets a clear no.
		if _, ok := s.bearer(r); !ok {
			return errorf(codeUnauthorized, "drafts=true needs a curator token (Authorization: Bearer <token>)")
		}
		req.Drafts = true
	}
	res, err := s.search(r.Context(), req)
	if err != nil {
		return err
	}
	out := toSearchJSON(s.Corpus(), req, res)
	if res.Next != "" {
		q.Del("page")
		q.Set("cursor", res.Next)
		next := r.URL.Path + "?" + q.Encode()
		out.NextURL = &next
		w.Header().Set("Link", "<"+next+`>; rel="next"`)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func toSearchJSON(c *corpus.Corpus, req index.Request, res *index.Result) searchJSON {
	out := searchJSON{
		Query: req.Query, Total: res.Total, Page: res.Page, Size: res.Size,
		TookMS: float64(res.Took.Microseconds()) / 1000, Hits: []hitJSON{},
		Facets: map[string][]facetJSON{}, Fuzzy: res.Fuzzy,
	}
	if res.Suggestion != "" {
		out.Suggestion = &res.Suggestion
	}
	if res.Next != "" {
		out.Next = &res.Next
	}
	for _, h := range res.Hits {
		st, ok := c.Study(h.ID)
		if !ok {
			continue // the index is a moment ahead of or behind the corpus
		}
		hj := hitJSON{
			ID: st.ID, Type: st.Type, Title: st.Title, TitleHTML: h.TitleHTML, Year: st.Year, Authors: st.Authors, Editors: st.Editors,
			Container: container(st), DOI: st.DOI, SourceURL: st.SourceURL(), FindURL: st.FindURL(), URL: studyURL(st.ID),
			Snippet: h.Snippet, Topics: st.Topics, Design: st.Design, Sample: st.Sample,
			Confidence: st.Provenance.Confidence, Score: h.Score, Warning: st.Warning(),
		}
		if h.Finding != nil {
			if f, ok := st.Finding(h.Finding.ID); ok {
				fj := toFindingJSON(st, f)
				fj.Snippet = h.Finding.Snippet
				hj.Finding = &fj
			}
		}
		out.Hits = append(out.Hits, hj)
	}
	for name, vals := range res.Facets {
		fs := []facetJSON{}
		for _, v := range vals {
			fs = append(fs, facetJSON{Value: v.Value, Label: facetLabel(c, name, v.Value), Count: v.Count})
		}
		out.Facets[name] = fs
	}
	return out
}

func toFindingJSON(st *study.Study, f *study.Finding) findingJSON {
	return findingJSON{
		ID: f.ID, Text: f.Text, Construct: f.Construct, Measure: f.Measure, Value: f.Value,
		Display: f.Display(), N: f.N, Page: f.Page, URL: studyURL(st.ID) + "#" + f.ID,
	}
}

func facetLabel(c *corpus.Corpus, facet, value string) string {
	switch facet {
	case "topics":
		if t, ok := c.Topic(value); ok {
			return t.Label
		}
	case "construct":
		if k, ok := c.Construct(value); ok {
			return k.Label
		}
	}
	return ""
}

func container(st *study.Study) string {
	if st.Journal != "" {
		return st.Journal
	}
	return st.Container
}

package server

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"litkb/index"
	"litkb/internal/cite"
	"litkb/internal/evidence"
	"litkb/internal/study"
)

// searchPage is / and /search: the API's answer plus the links the page
// offers (facets, chips, sorts, pages, suggestions).
type searchPage struct {
	Page
	Result   *searchJSON
	Err      *Error
	Sorts    []link
	Facets   []facetGroup
	Chips    []link // selected filters; each link removes one
	Clear    string // removes every filter, keeps the words
	Pager    *pager
	From, To int // the hits shown: 11–20 of 69
	Examples []link
	Asked    []link // the landing page's questions, each a search
	Suggest  string // link to the suggested spelling
	Landing  bool   // no query and no filters
	Newest   bool   // sorted newest first
	Words    string // the query without the construct filters, for the heading
	// Unfiltered counts the hits of the same words without any filter, when
	// the filters left none: the empty page offers them.
	Unfiltered    uint64
	UnfilteredURL string
	Claims        []study.Claim
	Topics        []topicCount
	// Answer is the claim the query asks about, shown above the results;
	// Questions are other claims it may be about.
	Answer    *answerCard
	Questions []study.Claim
	// Exports download every study the search matches; Numbers plots
	// their findings. Page.Feed follows the search.
	Exports []link
	Numbers string
	// Compare is the comparison being built from the results, and
	// CompareLinks the add or remove link of each hit, by study id.
	Compare      *compareBar
	CompareLinks map[string]link
}

type topicCount struct {
	study.Topic
	Count int
}

var exampleQueries = []string{
	"earned security", "AAI stability", "transmission gap", `"reflective functioning"`,
	"therapy AND year:2000..2020", "author:roisman",
}

// landingQuestions are questions as students and clinicians ask them; the
// landing page offers each as a search, so a first visit starts from a
// question rather than from syntax.
var landingQuestions = []string{
	"how common is earned security", "can a parent's AAI predict their baby's attachment",
	"how stable is attachment from infancy to adulthood", "does psychotherapy change attachment",
	"prevalence of secure attachment",
}

// searchParams are the query parameters that change what a search finds.
var searchParams = []string{"q", "topic", "design", "type", "year_from", "year_to"}

func (s *Server) handleSearchPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	c := s.Corpus()
	data := searchPage{Page: s.page(r, "Search attachment research")}
	data.Description = "Search curated summaries of adult attachment research, with each finding's number, sample and page, and a link to the original source."
	if r.URL.RawQuery != "" {
		cq := clone(q)
		cq.Del("compare") // a reader's picks are not part of the page's identity
		data.Canonical = s.absURL(r, searchURL(cq))
	}
	data.Words = wordsOnly(strings.TrimSpace(q.Get("q")))
	data.Landing = !slices.ContainsFunc(searchParams, func(p string) bool { return q.Get(p) != "" })
	for _, e := range exampleQueries {
		data.Examples = append(data.Examples, link{Label: e, URL: searchURL(url.Values{"q": {e}})})
	}
	if data.Landing {
		for _, e := range landingQuestions {
			data.Asked = append(data.Asked, link{Label: e, URL: searchURL(url.Values{"q": {e}})})
		}
		// Without words relevance ranks nothing, and fell back to putting
		// low-confidence studies first: a first visit sees the newest.
		if q.Get("sort") == "" {
			q = clone(q)
			q.Set("sort", "newest")
		}
		data.Claims = c.Claims
		counts := s.topicCounts()
		for _, t := range c.Topics {
			if counts[t.ID] > 0 {
				data.Topics = append(data.Topics, topicCount{Topic: t, Count: counts[t.ID]})
			}
		}
	}
	req, err := searchRequest(q)
	data.Newest = req.Sort == "newest"
	if err == nil {
		var res *index.Result
		res, err = s.search(r.Context(), req)
		if err == nil {
			j := toSearchJSON(c, req, res)
			data.Result = &j
			s.decorate(&data, q, req, &j)
			if j.Total == 0 && len(data.Chips) > 0 {
				s.countUnfiltered(r, &data, req)
			}
			s.evidenceLinks(&data, q, &j)
		}
	}
	if err != nil {
		pe := s.logError(r, err)
		if pe.Code == codeInternal || errors.Is(err, index.ErrNotReady) {
			return err
		}
		data.Err = pe
		data.Title = "Search not understood"
		// A question the parser cannot read ("… earned security?") may
		// still be one a claim answers.
		data.Answer, data.Questions = s.answerFor(data.Words)
		s.renderStatus(w, r, statusOf[pe.Code], "search", data)
		return nil
	}
	switch {
	case data.Query != "" && data.Result.Page > 1:
		data.Title = "“" + data.Query + "”, page " + strconv.Itoa(data.Result.Page) + " – search"
	case data.Query != "":
		data.Title = "“" + data.Query + "” – search"
	case !data.Landing:
		data.Title = "Filtered studies – search"
	}
	return s.render(w, r, "search", data)
}

// evidenceLinks adds what the search page offers beyond its hits: the
// claim a question asks about, exports of the results, their numbers
// plotted, a feed, and the comparison being built.
func (s *Server) evidenceLinks(d *searchPage, q url.Values, res *searchJSON) {
	if d.Words != "" && res.Page <= 1 {
		d.Answer, d.Questions = s.answerFor(d.Words)
	}
	sq := url.Values{}
	for _, k := range searchParams {
		if v, ok := q[k]; ok && len(v) > 0 && v[0] != "" {
			sq[k] = v
		}
	}
	if res.Total > 0 {
		for _, f := range []struct{ format, label string }{{"bibtex", "BibTeX"}, {"ris", "RIS"}, {"csljson", "CSL-JSON"}} {
			e := clone(sq)
			e.Set("format", f.format)
			if srt := q.Get("sort"); srt != "" {
				e.Set("sort", srt) // the file lists the studies in the page's order
			}
			d.Exports = append(d.Exports, link{Label: f.label, URL: "/api/v1/export?" + e.Encode()})
		}
		d.Numbers = "/evidence"
		if enc := sq.Encode(); enc != "" {
			d.Numbers += "?" + enc
		}
	}
	if enc := sq.Encode(); enc != "" {
		d.Page.Feed = "/feed.atom?" + enc
	}
	ids := s.compareIDs(q)
	d.Compare = s.compareBar(q, ids)
	d.CompareLinks = map[string]link{}
	for _, h := range res.Hits {
		if l := compareToggle(q, ids, h.ID); l.URL != "" {
			d.CompareLinks[h.ID] = l
		}
	}
}

// countUnfiltered runs the words of a search that found nothing without
// its filters, so the empty page can say how many studies dropping them
// would give. A failure only leaves the hint out.
func (s *Server) countUnfiltered(r *http.Request, d *searchPage, req index.Request) {
	words := wordsOnly(req.Query)
	bare := index.Request{Query: words, Sort: req.Sort, Size: 1}
	res, err := s.search(r.Context(), bare)
	if err != nil || res.Total == 0 {
		return
	}
	d.Unfiltered = res.Total
	d.UnfilteredURL = searchURL(url.Values{"q": {words}, "sort": {r.URL.Query().Get("sort")}})
}

type findingRow struct {
	study.Finding
	Display   string
	Construct study.Construct
	CiteURL   string // on a study page: the page citing this finding
}

func (s *Server) findingRow(f study.Finding) findingRow {
	k, ok := s.Corpus().Construct(f.Construct)
	if !ok {
		k = study.Construct{ID: f.Construct, Label: f.Construct}
	}
	return findingRow{Finding: f, Display: f.Display(), Construct: k}
}

type studyPage struct {
	Page
	Study       *study.Study
	SourceURL   string
	SourceHost  string // doi.org, or the publisher's host
	Topics      []study.Topic
	Findings    []findingRow
	Constructs  []study.Construct // the definitions the findings use, once each
	Related     []*study.Study
	Claims      []study.Claim
	Permalink   string        // absolute
	Checks      []publicCheck // the provenance checks in reader words
	Unconfirmed []string      // reference parts not checked against the publisher or a registry
	Cols        findingCols
	// The citation block: the reference in the chosen style (?style=),
	// the switcher, the exports, and the finding being cited (?cite=).
	Style       cite.Style
	Styles      []link
	Ref         cite.Reference
	Exports     []link
	CiteFinding *findingCitation
	JSONLD      map[string]any
}

// findingCols says which optional columns of a findings table have any
// value, so a study without numbers shows no empty columns.
type findingCols struct{ Value, N, Population, Page bool }

func colsOf(rows []findingRow) findingCols {
	var c findingCols
	for _, f := range rows {
		c.Value = c.Value || f.Display != ""
		c.N = c.N || f.N != nil || f.K != nil
		c.Population = c.Population || f.Population != ""
		c.Page = c.Page || f.Page != ""
	}
	return c
}

func (s *Server) handleStudyPage(w http.ResponseWriter, r *http.Request) error {
	st, err := s.publicStudy(param(r, "id"))
	if err != nil {
		return err
	}
	c := s.Corpus()
	d := studyPage{Page: s.page(r, st.Title), Study: st, SourceURL: st.SourceURL(), Related: s.related(st, 5)}
	d.Query = ""
	d.Printable = true
	d.Permalink = d.Canonical
	d.Description = summaryLine(st.Summary, 200)
	d.Meta = citationMeta(st, d.Canonical)
	d.Title = st.Title + " (" + evidence.ShortAuthors(st.Byline()) + ", " + strconv.Itoa(st.Year) + ")"
	if u, err := url.Parse(d.SourceURL); err == nil {
		d.SourceHost = strings.TrimPrefix(u.Host, "www.")
	}
	for _, t := range st.Topics {
		if tp, ok := c.Topic(t); ok {
			d.Topics = append(d.Topics, tp)
		}
	}
	d.Style = pageStyle(r)
	d.Styles = styleLinks(r, d.Style, "cite")
	if d.Ref, err = cite.Format(cite.FromStudy(*st), d.Style); err != nil {
		return err
	}
	for _, f := range cite.ExportFormats {
		d.Exports = append(d.Exports, link{Label: exportLabel(f), URL: "/api/v1/studies/" + st.ID + "/export?format=" + string(f)})
	}
	if fid := r.URL.Query().Get("cite"); fid != "" {
		if f, ok := st.Finding(fid); ok {
			fc, err := citeFinding(s.origin(r), st, f, d.Style)
			if err != nil {
				return err
			}
			d.CiteFinding = &fc
		}
	}
	seen := map[string]bool{}
	for _, f := range st.Findings {
		row := s.findingRow(f)
		cq := url.Values{"cite": {f.ID}}
		if d.Style != cite.APA {
			cq.Set("style", string(d.Style))
		}
		row.CiteURL = "?" + cq.Encode() + "#cite-finding"
		d.Findings = append(d.Findings, row)
		if !seen[row.Construct.ID] && row.Construct.Definition != "" {
			seen[row.Construct.ID] = true
			d.Constructs = append(d.Constructs, row.Construct)
		}
	}
	d.Cols = colsOf(d.Findings)
	d.JSONLD = studyJSONLD(st, d.Canonical, d.Topics)
	for _, cl := range c.Claims {
		if slices.ContainsFunc(cl.Evidence, func(e study.Evidence) bool { return e.Study == st.ID }) {
			d.Claims = append(d.Claims, cl)
		}
	}
	// Readers get field labels, never data names (article_number, url).
	for _, ch := range st.Provenance.Checks {
		pc := publicCheck{Source: ch.Source, Kind: checkKindLabels[ch.Kind]}
		for _, f := range ch.Fields {
			pc.Fields = append(pc.Fields, study.FieldLabel(f))
		}
		d.Checks = append(d.Checks, pc)
	}
	for _, f := range st.Unconfirmed() {
		d.Unconfirmed = append(d.Unconfirmed, study.FieldLabel(f))
	}
	return s.render(w, r, "study", d)
}

// publicCheck is one provenance check as readers see it.
type publicCheck struct {
	Fields []string
	Kind   string
	Source string
}

// checkKindLabels say what each kind of source is, for readers.
var checkKindLabels = map[string]string{
	"publisher":      "the publisher or the published work",
	"registry":       "a bibliographic registry or index",
	"repository":     "a repository or pre-print copy",
	"reference list": "other works' reference lists",
	"secondary":      "a secondary source",
}

// exportLabel names an export format for a link.
func exportLabel(f cite.ExportFormat) string {
	switch f {
	case cite.BibTeX:
		return "BibTeX"
	case cite.RIS:
		return "RIS"
	case cite.CSLJSON:
		return "CSL-JSON"
	}
	return string(f)
}

// summaryLine is the first n characters of a summary, cut at a word.
func summaryLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	return strings.TrimRight(s[:cut], ",;:") + "…"
}

type topicPage struct {
	Page
	Topic    study.Topic
	Studies  []*study.Study // the newest topicListMax
	Total    int            // studies with the topic
	Evidence evidenceView
	Claims   []study.Claim
	Search   string
	Newest   string // the search of all of them, newest first
}

// topicListMax is the most studies a topic page lists; the rest are a
// search away. At 100,000 studies a topic page listing every study of a
// broad topic was 6.8 MB of HTML. A variable so tests can lower it.
var topicListMax = 100

func (s *Server) handleTopicPage(w http.ResponseWriter, r *http.Request) error {
	id := param(r, "id")
	c := s.Corpus()
	t, ok := c.Topic(id)
	if !ok {
		return errorf(codeNotFound, "no topic has the id %q", id)
	}
	studies := s.topicStudies(id)
	d := topicPage{Page: s.page(r, t.Label+" – topic"), Topic: t, Studies: studies[:min(len(studies), topicListMax)], Total: len(studies),
		Search: add(url.Values{}, "topic", id), Newest: add(url.Values{"sort": {"newest"}}, "topic", id)}
	d.Description = summaryLine(t.Definition, 200)
	d.Printable = true
	sel, err := s.selectFindings(r.Context(), url.Values{"topic": {id}})
	if err != nil {
		return err
	}
	d.Evidence = newEvidenceView(sel, "plot", url.Values{"topic": {id}})
	for _, cl := range c.Claims {
		if slices.Contains(cl.Topics, id) {
			d.Claims = append(d.Claims, cl)
		}
	}
	return s.render(w, r, "topic", d)
}

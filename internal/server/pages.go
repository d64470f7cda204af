package server

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"litkb/index"
	"litkb/internal/study"
)

type searchPage struct {
	Page
	Result   *searchJSON
	Err      *Error
	Sort     string
	Sorts    []link
	Facets   []facetGroup
	Chips    []link // selected filters; the link removes it
	Pages    []link
	Examples []link
	Suggest  string // link to the suggested query
	Empty    bool   // no query and no filters: the landing page
	Claims   []study.Claim
}

type link struct {
	Label   string
	URL     string
	Count   int
	Current bool
}

type facetGroup struct {
	Name  string
	Links []link
}

var exampleQueries = []string{
	"earned security", "AAI stability", "transmission gap", `"reflective functioning"`,
	"therapy AND year:2000..2020", "author:roisman",
}

func (s *Server) handleSearchPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	data := searchPage{Page: s.page(r, "Search"), Sort: q.Get("sort")}
	if data.Sort == "" {
		data.Sort = "relevance"
	}
	data.Empty = q.Get("q") == "" && len(q["topic"]) == 0 && q.Get("design") == "" && q.Get("type") == "" && q.Get("year_from") == "" && q.Get("year_to") == ""
	for _, e := range exampleQueries {
		data.Examples = append(data.Examples, link{Label: e, URL: "/search?" + url.Values{"q": {e}}.Encode()})
	}
	data.Claims = s.Corpus().Claims
	req, err := searchRequest(q)
	if err == nil {
		var res *index.Result
		res, err = s.search(r.Context(), req)
		if err == nil {
			j := toSearchJSON(s.Corpus(), req, res)
			data.Result = &j
			s.decorate(&data, q, req, &j)
		}
	}
	if err != nil {
		pe := s.logError(r, err)
		if pe.Code == codeInternal || errors.Is(err, index.ErrNotReady) {
			return err
		}
		data.Err = pe
		s.renderStatus(w, r, statusOf[pe.Code], "search", data)
		return nil
	}
	if data.Query != "" {
		data.Title = data.Query + " – Search"
	}
	return s.render(w, r, "search", data)
}

// decorate adds what the page needs beyond the API's answer: facet links,
// removable chips, sort links and page numbers, all as plain URLs.
func (s *Server) decorate(d *searchPage, q url.Values, req index.Request, res *searchJSON) {
	for _, srt := range index.Sorts {
		d.Sorts = append(d.Sorts, link{Label: srt, URL: with(q, "sort", srt), Current: srt == req.Sort})
	}
	groups := []struct{ key, param, title string }{
		{"topics", "topic", "Topic"}, {"design", "design", "Design"}, {"type", "type", "Type"}, {"year", "year", "Decade"}, {"construct", "", "Construct"},
	}
	for _, g := range groups {
		fg := facetGroup{Name: g.title}
		for _, v := range res.Facets[g.key] {
			label := v.Label
			if label == "" {
				label = v.Value
			}
			var u string
			switch g.param {
			case "topic":
				if slices.Contains(q["topic"], v.Value) {
					continue
				}
				u = add(q, "topic", v.Value)
			case "year":
				from, to, _ := index.DecadeRange(v.Value)
				u = with(with2(q, "year_from", strconv.Itoa(from)), "year_to", strconv.Itoa(to))
			case "":
				u = with(q, "q", join(q.Get("q"), "construct:"+v.Value))
			default:
				if q.Get(g.param) == v.Value {
					continue
				}
				u = with(q, g.param, v.Value)
			}
			fg.Links = append(fg.Links, link{Label: label, URL: u, Count: v.Count})
		}
		if len(fg.Links) > 0 {
			d.Facets = append(d.Facets, fg)
		}
	}
	for _, t := range q["topic"] {
		label := t
		if tp, ok := s.Corpus().Topic(t); ok {
			label = tp.Label
		}
		d.Chips = append(d.Chips, link{Label: "topic: " + label, URL: remove(q, "topic", t)})
	}
	for _, p := range []string{"design", "type", "year_from", "year_to"} {
		if v := q.Get(p); v != "" {
			d.Chips = append(d.Chips, link{Label: p + ": " + v, URL: remove(q, p, v)})
		}
	}
	if res.Suggestion != nil {
		d.Suggest = with(q, "q", *res.Suggestion)
	}
	pages := int((res.Total + uint64(res.Size) - 1) / uint64(res.Size))
	pages = min(pages, index.MaxFrom/res.Size)
	if pages > 1 {
		for p := max(1, res.Page-4); p <= min(pages, res.Page+4); p++ {
			d.Pages = append(d.Pages, link{Label: strconv.Itoa(p), URL: with(q, "page", strconv.Itoa(p)), Current: p == res.Page})
		}
	}
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// with returns the search URL with key set to v and the page reset.
func with(q url.Values, key, v string) string { return "/search?" + withValues(q, key, v).Encode() }

func with2(q url.Values, key, v string) url.Values { return withValues(q, key, v) }

func withValues(q url.Values, key, v string) url.Values {
	c := clone(q)
	c.Set(key, v)
	if key != "page" {
		c.Del("page")
	}
	return c
}

func add(q url.Values, key, v string) string {
	c := clone(q)
	c.Add(key, v)
	c.Del("page")
	return "/search?" + c.Encode()
}

func remove(q url.Values, key, v string) string {
	c := clone(q)
	var keep []string
	for _, x := range c[key] {
		if x != v {
			keep = append(keep, x)
		}
	}
	c.Del(key)
	for _, x := range keep {
		c.Add(key, x)
	}
	c.Del("page")
	return "/search?" + c.Encode()
}

func clone(q url.Values) url.Values {
	c := url.Values{}
	for k, v := range q {
		c[k] = slices.Clone(v)
	}
	return c
}

type findingRow struct {
	study.Finding
	Display   string
	Construct study.Construct
}

type studyPage struct {
	Page
	Study     *study.Study
	SourceURL string
	Topics    []study.Topic
	Findings  []findingRow
	Related   []*study.Study
	Claims    []study.Claim
	Permalink string
}

func (s *Server) handleStudyPage(w http.ResponseWriter, r *http.Request) error {
	st, err := s.publicStudy(param(r, "id"))
	if err != nil {
		return err
	}
	c := s.Corpus()
	d := studyPage{Page: s.page(r, st.Title), Study: st, SourceURL: st.SourceURL(), Related: s.related(st, 5), Permalink: studyURL(st.ID)}
	d.Query = ""
	for _, t := range st.Topics {
		if tp, ok := c.Topic(t); ok {
			d.Topics = append(d.Topics, tp)
		}
	}
	for _, f := range st.Findings {
		k, _ := c.Construct(f.Construct)
		d.Findings = append(d.Findings, findingRow{Finding: f, Display: f.Display(), Construct: k})
	}
	for _, cl := range c.Claims {
		if slices.ContainsFunc(cl.Evidence, func(e study.Evidence) bool { return e.Study == st.ID }) {
			d.Claims = append(d.Claims, cl)
		}
	}
	return s.render(w, r, "study", d)
}

type topicPage struct {
	Page
	Topic    study.Topic
	Studies  []study.Study
	Findings []claimFinding
	Search   string
}

type claimFinding struct {
	Study   *study.Study
	Finding findingRow
	Rel     string
	Note    string
}

func (s *Server) handleTopicPage(w http.ResponseWriter, r *http.Request) error {
	id := param(r, "id")
	t, ok := s.Corpus().Topic(id)
	if !ok {
		return errorf(codeNotFound, "no topic has the id %q", id)
	}
	d := topicPage{Page: s.page(r, t.Label), Topic: t, Studies: s.topicStudies(id), Search: add(url.Values{}, "topic", id)}
	c := s.Corpus()
	for i := range d.Studies {
		st, _ := c.Study(d.Studies[i].ID)
		for _, f := range st.Findings {
			if f.Value == nil {
				continue
			}
			k, _ := c.Construct(f.Construct)
			d.Findings = append(d.Findings, claimFinding{Study: st, Finding: findingRow{Finding: f, Display: f.Display(), Construct: k}})
		}
	}
	return s.render(w, r, "topic", d)
}

type claimPage struct {
	Page
	Claim    *study.Claim
	Evidence []claimFinding
	Counts   map[string]int
}

func (s *Server) handleClaimPage(w http.ResponseWriter, r *http.Request) error {
	cl, err := s.claim(param(r, "id"))
	if err != nil {
		return err
	}
	c := s.Corpus()
	d := claimPage{Page: s.page(r, cl.Statement), Claim: cl, Counts: map[string]int{}}
	for _, e := range cl.Evidence {
		st, ok := c.Study(e.Study)
		if !ok || !st.Public() {
			continue
		}
		f, ok := st.Finding(e.Finding)
		if !ok {
			continue
		}
		k, _ := c.Construct(f.Construct)
		d.Evidence = append(d.Evidence, claimFinding{Study: st, Finding: findingRow{Finding: *f, Display: f.Display(), Construct: k}, Rel: e.Relation, Note: e.Note})
		d.Counts[e.Relation]++
	}
	return s.render(w, r, "claim", d)
}

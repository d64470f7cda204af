package server

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"litkb/index"
)

// This file turns a search result into what the search page links to:
// facet values that add or remove a filter, removable chips, sort links and
// numbered pages. Every one is a plain URL, so the page works without
// JavaScript and every state can be bookmarked.

// link is one thing a page links to. Current marks the selected facet
// value, sort or page: templates show it by more than colour.
type link struct {
	Label   string
	URL     string
	Count   int
	Current bool
}

// facetGroup is one facet: its first values shown, the rest behind "more".
type facetGroup struct {
	ID, Name string
	Top      []link
	More     []link
}

// facetTop is how many values of a facet show before "more".
const facetTop = 6

var sortLabels = map[string]string{"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}

// pager is numbered pagination: a window around the current page with the
// first and last pages always reachable.
type pager struct {
	Prev, Next string
	Items      []pageItem
}

type pageItem struct {
	link
	Gap bool // an ellipsis between numbers
}

// decorate adds what the page needs beyond the API's answer.
func (s *Server) decorate(d *searchPage, q url.Values, req index.Request, res *searchJSON) {
	for _, srt := range index.Sorts {
		d.Sorts = append(d.Sorts, link{Label: sortLabels[srt], URL: with(q, "sort", srt), Current: srt == req.Sort})
	}
	d.Facets = s.facetGroups(q, res)
	d.Chips = s.chips(q)
	if len(d.Chips) > 1 {
		d.Clear = searchURL(url.Values{"q": {wordsOnly(q.Get("q"))}, "sort": {q.Get("sort")}})
	}
	if res.Suggestion != nil && *res.Suggestion != req.Query {
		d.Suggest = with(q, "q", *res.Suggestion)
	}
	d.Pager = newPager(q, res)
	if d.Pager != nil {
		d.Prev, d.Next = d.Pager.Prev, d.Pager.Next
	}
	if len(res.Hits) > 0 {
		d.From = (res.Page-1)*res.Size + 1
		d.To = d.From + len(res.Hits) - 1
	}
}

func (s *Server) facetGroups(q url.Values, res *searchJSON) []facetGroup {
	constructs := queryConstructs(q.Get("q"))
	groups := []struct{ key, id, title string }{
		{"topics", "f-topic", "Topic"}, {"design", "f-design", "Design"}, {"year", "f-year", "Decade"},
		{"type", "f-type", "Type of work"}, {"construct", "f-construct", "Construct"},
	}
	var out []facetGroup
	for _, g := range groups {
		var sel, rest []link
		vals := res.Facets[g.key]
		if g.key == "year" {
			vals = byDecade(vals)
		}
		for _, v := range vals {
			l := link{Label: v.Label, Count: v.Count}
			if l.Label == "" {
				l.Label = upperFirst(v.Value)
			}
			switch g.key {
			case "topics":
				l.Current = slices.Contains(q["topic"], v.Value)
				if l.Current {
					l.URL = remove(q, "topic", v.Value)
				} else {
					l.URL = add(q, "topic", v.Value)
				}
			case "year":
				l.Label = yearLabel(v.Value)
				from, to, _ := index.DecadeRange(v.Value)
				f, t := strconv.Itoa(from), strconv.Itoa(to)
				if from == 0 {
					f = ""
				}
				l.Current = q.Get("year_from") == f && q.Get("year_to") == t
				if l.Current {
					l.URL = without(q, "year_from", "year_to")
				} else {
					l.URL = withAll(q, map[string]string{"year_from": f, "year_to": t})
				}
			case "construct":
				l.Current = slices.Contains(constructs, v.Value)
				if l.Current {
					l.URL = with(q, "q", dropToken(q.Get("q"), "construct:"+v.Value))
				} else {
					l.URL = with(q, "q", join(q.Get("q"), "construct:"+v.Value))
				}
			default: // design, type: one value at a time
				param := g.key
				if g.key == "type" {
					l.Label = typeLabel(v.Value)
				}
				l.Current = q.Get(param) == v.Value
				if l.Current {
					l.URL = without(q, param)
				} else {
					l.URL = with(q, param, v.Value)
				}
			}
			if l.Current {
				sel = append(sel, l)
			} else {
				rest = append(rest, l)
			}
		}
		all := append(sel, rest...)
		if len(all) == 0 {
			continue
		}
		fg := facetGroup{ID: g.id, Name: g.title}
		n := max(facetTop, len(sel))
		if len(all) <= n+2 { // "2 more" is not worth a click
			n = len(all)
		}
		fg.Top, fg.More = all[:n], all[n:]
		out = append(out, fg)
	}
	return out
}

// byDecade orders decades newest first with "before 1960" last.
func byDecade(vals []facetJSON) []facetJSON {
	out := slices.Clone(vals)
	slices.SortStableFunc(out, func(a, b facetJSON) int {
		fa, _, _ := index.DecadeRange(a.Value)
		fb, _, _ := index.DecadeRange(b.Value)
		return fb - fa
	})
	return out
}

// chips are the filters in force, each a link that removes it.
func (s *Server) chips(q url.Values) []link {
	c := s.Corpus()
	var out []link
	for _, t := range q["topic"] {
		label := t
		if tp, ok := c.Topic(t); ok {
			label = tp.Label
		}
		out = append(out, link{Label: "Topic: " + label, URL: remove(q, "topic", t)})
	}
	if v := q.Get("design"); v != "" {
		out = append(out, link{Label: "Design: " + upperFirst(v), URL: without(q, "design")})
	}
	if v := q.Get("type"); v != "" {
		out = append(out, link{Label: "Type: " + typeLabel(v), URL: without(q, "type")})
	}
	if from, to := q.Get("year_from"), q.Get("year_to"); from != "" || to != "" {
		var label string
		switch {
		case from == "":
			label = "Years: up to " + to
		case to == "":
			label = "Years: " + from + " on"
		case from == to:
			label = "Year: " + from
		default:
			label = "Years: " + from + "–" + to
		}
		out = append(out, link{Label: label, URL: without(q, "year_from", "year_to")})
	}
	for _, k := range queryConstructs(q.Get("q")) {
		label := k
		if ck, ok := c.Construct(k); ok {
			label = ck.Label
		}
		out = append(out, link{Label: "Construct: " + label, URL: with(q, "q", dropToken(q.Get("q"), "construct:"+k))})
	}
	return out
}

func newPager(q url.Values, res *searchJSON) *pager {
	if res.Size <= 0 {
		return nil
	}
	pages := int((res.Total + uint64(res.Size) - 1) / uint64(res.Size))
	pages = min(pages, index.MaxFrom/res.Size+1)
	if pages <= 1 {
		return nil
	}
	p := &pager{}
	cur := res.Page
	if cur > 1 {
		p.Prev = with(q, "page", strconv.Itoa(min(cur-1, pages)))
	}
	if cur < pages {
		p.Next = with(q, "page", strconv.Itoa(cur+1))
	}
	num := func(n int) pageItem {
		return pageItem{link: link{Label: strconv.Itoa(n), URL: with(q, "page", strconv.Itoa(n)), Current: n == cur}}
	}
	lo, hi := max(1, cur-2), min(pages, cur+2)
	if lo > 1 {
		p.Items = append(p.Items, num(1))
		if lo > 2 {
			p.Items = append(p.Items, pageItem{Gap: true})
		}
	}
	for n := lo; n <= hi; n++ {
		p.Items = append(p.Items, num(n))
	}
	if hi < pages {
		if hi < pages-1 {
			p.Items = append(p.Items, pageItem{Gap: true})
		}
		p.Items = append(p.Items, num(pages))
	}
	return p
}

// queryConstructs are the construct ids the query names as construct:id,
// the way the construct facet adds them.
func queryConstructs(q string) []string {
	var out []string
	for _, tok := range strings.Fields(q) {
		if v, ok := strings.CutPrefix(tok, "construct:"); ok && v != "" && !strings.ContainsAny(v, `()"`) {
			out = append(out, v)
		}
	}
	return out
}

// wordsOnly is a query without the construct filters the facets added.
func wordsOnly(q string) string {
	for _, k := range queryConstructs(q) {
		q = dropToken(q, "construct:"+k)
	}
	return q
}

// dropToken removes one whitespace-separated token from a query.
func dropToken(q, tok string) string {
	var keep []string
	for _, f := range strings.Fields(q) {
		if f != tok {
			keep = append(keep, f)
		}
	}
	return strings.Join(keep, " ")
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// with returns the search URL with key set to v (removed when v is empty);
// any change but the page number starts again at page 1.
func with(q url.Values, key, v string) string {
	return withAll(q, map[string]string{key: v})
}

func withAll(q url.Values, set map[string]string) string {
	c := clone(q)
	_, paging := set["page"]
	for k, v := range set {
		if v == "" {
			c.Del(k)
		} else {
			c.Set(k, v)
		}
	}
	if !paging {
		c.Del("page")
	}
	return searchURL(c)
}

func add(q url.Values, key, v string) string {
	c := clone(q)
	c.Add(key, v)
	c.Del("page")
	return searchURL(c)
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
	return searchURL(c)
}

func without(q url.Values, keys ...string) string {
	c := clone(q)
	for _, k := range keys {
		c.Del(k)
	}
	c.Del("page")
	return searchURL(c)
}

// searchURL drops empty parameters, so URLs stay short and shareable.
func searchURL(c url.Values) string {
	for k, v := range c {
		if len(v) == 0 || (len(v) == 1 && v[0] == "") {
			c.Del(k)
		}
	}
	if len(c) == 0 {
		return "/search"
	}
	return "/search?" + c.Encode()
}

func clone(q url.Values) url.Values {
	c := url.Values{}
	for k, v := range q {
		c[k] = slices.Clone(v)
	}
	return c
}

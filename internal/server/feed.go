package server

import (
	"cmp"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"litkb/internal/corpus"
	"litkb/internal/evidence"
	"litkb/internal/study"
)

// Feeds and crawling: an Atom feed of new and changed studies (all of
// them, or those a search matches), sitemap.xml and robots.txt.

// feedSize is how many entries a feed carries, most recently changed first.
const feedSize = 50

// studyTime is when a study was first recorded and last changed.
type studyTime struct {
	etag               string
	published, updated time.Time
}

// timeCache keeps study times by file version, so a feed request reads
// each study's history once per change, not once per request.
type timeCache struct {
	mu sync.Mutex
	m  map[string]studyTime
}

var studyTimes = timeCache{m: map[string]studyTime{}}

// times are a study's dates: from its change history when it has one
// (first and last entry), else from its file's modification time, which
// for a study that predates the history is the best record there is.
func (s *Server) times(c *corpus.Corpus, st *study.Study) (published, updated time.Time) {
	etag := c.ETag(st.ID)
	key := c.Dir + "\x00" + st.ID
	studyTimes.mu.Lock()
	t, ok := studyTimes.m[key]
	studyTimes.mu.Unlock()
	if ok && t.etag == etag {
		return t.published, t.updated
	}
	t = studyTime{etag: etag}
	if vs, err := s.store.History(st.ID); err == nil && len(vs) > 0 {
		t.published, t.updated = vs[0].Time, vs[len(vs)-1].Time
	}
	if t.updated.IsZero() {
		t.updated = c.Modified(st.ID)
	}
	studyTimes.mu.Lock()
	studyTimes.m[key] = t
	studyTimes.mu.Unlock()
	return t.published, t.updated
}

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	ID        string      `xml:"id"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel   string `xml:"rel,attr,omitempty"`
	Href  string `xml:"href,attr"`
	Type  string `xml:"type,attr,omitempty"`
	Title string `xml:"title,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Authors    []atomPerson   `xml:"author"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    atomText       `xml:"summary"`
}

// handleFeed answers /feed.atom[?<search parameters>].
func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) error {
	// Atom ids must be absolute IRIs (RFC 4287): no trusted origin, no feed.
	base, err := s.absOrigin(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	sq := url.Values{}
	for _, k := range searchParams {
		if v, ok := q[k]; ok && len(v) > 0 && v[0] != "" {
			sq[k] = v
		}
	}
	c := s.Corpus()
	studies := c.Studies // read in place: a copy is 50 MB at 100,000 studies
	if len(sq) > 0 {
		if _, err := searchRequest(sq); err != nil {
			return err
		}
		found, err := s.matching(r.Context(), sq)
		if err != nil {
			return err
		}
		studies = found
	}
	type dated struct {
		st                 *study.Study
		published, updated time.Time
	}
	var all []dated
	for i := range studies {
		if st := studies[i]; st.Public() {
			p, u := s.times(c, st)
			all = append(all, dated{st, p, u})
		}
	}
	slices.SortStableFunc(all, func(a, b dated) int {
		return cmp.Or(b.updated.Compare(a.updated), cmp.Compare(a.st.ID, b.st.ID))
	})
	all = all[:min(len(all), feedSize)]

	self := base + "/feed.atom"
	if len(sq) > 0 {
		self += "?" + sq.Encode()
	}
	f := atomFeed{
		Title:     "litkb: new and changed studies",
		Subtitle:  "Curated summaries of attachment research, newest changes first.",
		ID:        self,
		Links:     []atomLink{{Rel: "self", Href: self, Type: "application/atom+xml"}, {Rel: "alternate", Href: base + "/", Type: "text/html"}},
		Author:    atomPerson{Name: "litkb curators"},
		Generator: "litkb",
	}
	if len(sq) > 0 {
		f.Title = "litkb: " + searchTitle(c, sq)
		f.Links[1].Href = base + searchURL(clone(sq))
	}
	var newest time.Time
	for _, d := range all {
		st := d.st
		e := atomEntry{
			Title:   st.Title + " (" + evidence.ShortAuthors(st.Byline()) + ", " + strconv.Itoa(st.Year) + ")",
			ID:      base + studyURL(st.ID),
			Updated: d.updated.UTC().Format(time.RFC3339),
			Links:   []atomLink{{Rel: "alternate", Href: base + studyURL(st.ID), Type: "text/html"}},
			Summary: atomText{Type: "text", Body: st.Summary},
		}
		if w := st.Warning(); w != nil {
			// A reader of the feed sees the warning before the summary.
			e.Title = w.Label + ": " + e.Title
			e.Summary.Body = w.Text() + "\n\n" + st.Summary
		}
		if !d.published.IsZero() {
			e.Published = d.published.UTC().Format(time.RFC3339)
		}
		if src := st.SourceURL(); src != "" {
			e.Links = append(e.Links, atomLink{Rel: "related", Href: src, Title: "The original"})
		}
		for _, a := range st.Byline() {
			e.Authors = append(e.Authors, atomPerson{Name: byline([]study.Person{a})})
		}
		for _, t := range st.Topics {
			cat := atomCategory{Term: t}
			if tp, ok := c.Topic(t); ok {
				cat.Label = tp.Label
			}
			e.Categories = append(e.Categories, cat)
		}
		if d.updated.After(newest) {
			newest = d.updated
		}
		f.Entries = append(f.Entries, e)
	}
	if newest.IsZero() {
		newest = time.Unix(0, 0)
	}
	f.Updated = newest.UTC().Format(time.RFC3339)
	return writeXML(w, r, "application/atom+xml; charset=utf-8", f)
}

func writeXML(w http.ResponseWriter, r *http.Request, contentType string, v any) error {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "public, max-age=300")
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(xml.Header))
		_, _ = w.Write(b)
		_, _ = w.Write([]byte("\n"))
	}
	return nil
}

type sitemap struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// sitemapMax is the most URLs one sitemap may list (sitemaps.org; crawlers
// ignore the rest). A variable so tests can lower it.
var sitemapMax = 50000

// handleSitemap answers /sitemap.xml: every public page worth a crawl. A
// corpus with more pages than one sitemap may list gets a sitemap index
// there instead, naming /sitemap.xml?page=1, 2, … of sitemapMax pages each.
func (s *Server) handleSitemap(w http.ResponseWriter, r *http.Request) error {
	// Sitemap locations must be absolute URLs (sitemaps.org).
	base, err := s.absOrigin(r)
	if err != nil {
		return err
	}
	c := s.Corpus()
	urls := []sitemapURL{{Loc: base + "/"}, {Loc: base + "/help"}}
	for i := range c.Studies {
		st := c.Studies[i]
		if !st.Public() {
			continue
		}
		_, u := s.times(c, st)
		e := sitemapURL{Loc: base + studyURL(st.ID)}
		if !u.IsZero() {
			e.LastMod = u.UTC().Format(time.RFC3339)
		}
		urls = append(urls, e)
	}
	counts := s.topicCounts()
	for _, t := range c.Topics {
		if counts[t.ID] > 0 {
			urls = append(urls, sitemapURL{Loc: base + "/topics/" + t.ID})
		}
	}
	for _, cl := range c.Claims {
		urls = append(urls, sitemapURL{Loc: base + "/claims/" + cl.ID})
	}
	for _, k := range c.Constructs {
		urls = append(urls, sitemapURL{Loc: base + "/constructs/" + k.ID})
	}
	pages := (len(urls) + sitemapMax - 1) / sitemapMax
	p := r.URL.Query().Get("page")
	if p == "" && pages <= 1 {
		return writeXML(w, r, "application/xml; charset=utf-8", sitemap{URLs: urls})
	}
	if p == "" {
		var idx sitemapIndex
		for n := 1; n <= pages; n++ {
			idx.Sitemaps = append(idx.Sitemaps, sitemapURL{Loc: base + "/sitemap.xml?page=" + strconv.Itoa(n)})
		}
		return writeXML(w, r, "application/xml; charset=utf-8", idx)
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > pages || strconv.Itoa(n) != p { // one URL per page
		return errorf(codeNotFound, "sitemap page %q does not exist: there are %d, listed at /sitemap.xml", p, pages)
	}
	return writeXML(w, r, "application/xml; charset=utf-8", sitemap{URLs: urls[(n-1)*sitemapMax : min(n*sitemapMax, len(urls))]})
}

// handleRobots answers /robots.txt: crawl the public pages, not the
// curator pages or the API, and here is the sitemap, when litkb knows its
// absolute address (the Sitemap line must be absolute).
func (s *Server) handleRobots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	body := "User-agent: *\nDisallow: /curate/\nDisallow: /api/\n"
	if o := s.origin(r); o != "" {
		body += "Sitemap: " + o + "/sitemap.xml\n"
	}
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(body))
	}
}

package server_test

import (
	"encoding/xml"
	"strconv"
	"strings"
	"testing"

	"litkb/internal/server"
)

// The feeds, robots.txt and the sitemap over the bundled corpus.

func TestFeedsAndSitemap(t *testing.T) {
	ts, c := MustOpenServer(t)
	type feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Updated string   `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Authors []struct {
				Name string `xml:"name"`
			} `xml:"author"`
			Links []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	code, h, body := get(t, ts, "/feed.atom")
	var all feed
	if err := xml.Unmarshal(body, &all); code != 200 || err != nil || !strings.HasPrefix(h.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed: %d %s %v", code, h.Get("Content-Type"), err)
	}
	if len(all.Entries) == 0 || len(all.Entries) > 50 || all.Updated == "" {
		t.Fatalf("%d entries, updated %q", len(all.Entries), all.Updated)
	}
	for i, e := range all.Entries {
		if !strings.HasPrefix(e.ID, ts.URL+"/studies/") || e.Updated == "" {
			t.Errorf("entry %s updated %q", e.ID, e.Updated)
		}
		if i > 0 && e.Updated > all.Entries[i-1].Updated {
			t.Error("entries are not newest first")
		}
	}
	var one feed
	_, _, body = get(t, ts, "/feed.atom?q=author%3Aroisman")
	if err := xml.Unmarshal(body, &one); err != nil || len(one.Entries) == 0 || len(one.Entries) >= len(all.Entries) {
		t.Errorf("per-search feed: %d entries, %v", len(one.Entries), err)
	}
	for _, e := range one.Entries {
		// Roisman among the authors, first or not ("Haydon et al.").
		found := false
		for _, a := range e.Authors {
			found = found || strings.Contains(strings.ToLower(a.Name), "roisman")
		}
		if !found {
			t.Errorf("feed for author:roisman has %q, by %v", e.Title, e.Authors)
		}
	}
	if code, _, _ := get(t, ts, "/feed.atom?q=%28oops"); code != 400 {
		t.Errorf("broken query feed: %d", code)
	}

	code, _, body = get(t, ts, "/sitemap.xml")
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(body, &sm); code != 200 || err != nil {
		t.Fatalf("sitemap: %d %v", code, err)
	}
	locs := map[string]bool{}
	for _, u := range sm.URLs {
		locs[u.Loc] = true
	}
	for _, st := range c.Studies {
		if want := ts.URL + "/studies/" + st.ID; locs[want] != st.Public() {
			t.Errorf("sitemap has %s: %v, public %v", want, locs[want], st.Public())
		}
	}
	for _, want := range []string{"/claims/" + prevalenceClaim, "/constructs/aai-ssp-transmission", "/topics/aai", "/"} {
		if !locs[ts.URL+want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	_, _, body = get(t, ts, "/robots.txt")
	if !strings.Contains(string(body), "Sitemap: "+ts.URL+"/sitemap.xml") {
		t.Errorf("robots.txt: %s", body)
	}
}

// TestSitemapSplitsPastItsLimit: a corpus with more pages than one sitemap
// may list gets a sitemap index whose pages list every URL once, none over
// the limit; a page that does not exist is a 404.
func TestSitemapSplitsPastItsLimit(t *testing.T) {
	ts, _ := MustOpenServer(t)
	type urlset struct {
		XMLName xml.Name
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	fetch := func(path string) urlset {
		t.Helper()
		code, _, body := get(t, ts, path)
		var u urlset
		if err := xml.Unmarshal(body, &u); code != 200 || err != nil {
			t.Fatalf("%s: %d %v", path, code, err)
		}
		return u
	}
	whole := fetch("/sitemap.xml")
	if whole.XMLName.Local != "urlset" || len(whole.URLs) < 40 {
		t.Fatalf("sitemap under the limit: <%s> with %d URLs, want a urlset of every page", whole.XMLName.Local, len(whole.URLs))
	}

	defer server.SetSitemapMax(15)()
	idx := fetch("/sitemap.xml")
	if want := (len(whole.URLs) + 14) / 15; idx.XMLName.Local != "sitemapindex" || idx.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || len(idx.Sitemaps) != want {
		t.Fatalf("sitemap over the limit: <%s> naming %d sitemaps, want a sitemapindex of %d", idx.XMLName.Local, len(idx.Sitemaps), want)
	}
	seen := map[string]bool{}
	for _, sm := range idx.Sitemaps {
		page := fetch(strings.TrimPrefix(sm.Loc, ts.URL))
		if page.XMLName.Local != "urlset" || len(page.URLs) == 0 || len(page.URLs) > 15 {
			t.Errorf("%s: <%s> with %d URLs, want a urlset of 1 to 15", sm.Loc, page.XMLName.Local, len(page.URLs))
		}
		for _, u := range page.URLs {
			if seen[u.Loc] {
				t.Errorf("%s listed twice", u.Loc)
			}
			seen[u.Loc] = true
		}
	}
	for _, u := range whole.URLs {
		if !seen[u.Loc] {
			t.Errorf("%s is on no sitemap page", u.Loc)
		}
	}
	for _, bad := range []string{"0", strconv.Itoa(len(idx.Sitemaps) + 1), "x", "01", "+1"} {
		if code, _, _ := get(t, ts, "/sitemap.xml?page="+bad); code != 404 {
			t.Errorf("sitemap page %s: %d, want 404", bad, code)
		}
	}
}

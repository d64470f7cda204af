package server_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"litkb/internal/server"
)

// The browser tests in cmd/litkb drive these pages in chromium; these
// check the HTML the server sends, quickly and without a browser.

func TestSearchPageFiltersAndPaging(t *testing.T) {
	ts, _ := MustOpenServer(t)

	t.Run("a chosen facet is marked and its chip removes it", func(t *testing.T) {
		_, _, body := get(t, ts, "/search?q=earned+security&design=longitudinal")
		page := string(body)
		for _, want := range []string{
			`<a class="chip" href="/search?q=earned&#43;security">`,
			`aria-current="true"`,
			`(selected; remove this filter)`,
			`Design: Longitudinal`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %q", want)
			}
		}
	})

	t.Run("numbered pages with previous and next", func(t *testing.T) {
		_, _, body := get(t, ts, "/search?q=attachment&page=2")
		page := string(body)
		for _, want := range []string{`rel="prev"`, `rel="next"`, `aria-current="page"><span class="visually-hidden">Page </span>2</a>`, `<link rel="next" href="/search?page=3&amp;q=attachment">`} {
			if !strings.Contains(page, want) {
				t.Errorf("page 2 lacks %q", want)
			}
		}
	})

	t.Run("an empty result offers the search without its filters", func(t *testing.T) {
		_, _, body := get(t, ts, "/search?q=roisman&design=meta-analysis")
		page := string(body)
		if !strings.Contains(page, "No studies match") || !regexp.MustCompile(`\d+ stud(y matches|ies match) “roisman” without the filters`).MatchString(page) {
			t.Errorf("empty page does not offer the unfiltered search:\n%s", page)
		}
	})

	t.Run("a misspelling is answered from the suggestion", func(t *testing.T) {
		_, _, body := get(t, ts, "/search?q="+url.QueryEscape("erned securty"))
		if !strings.Contains(string(body), "for “earned security”") || !strings.Contains(string(body), "No exact matches for “erned securty”") {
			t.Error("fuzzy page does not say what it searched for")
		}
	})
}

func TestStudyPageForReferenceManagers(t *testing.T) {
	ts, _ := MustOpenServer(t)
	_, _, body := get(t, ts, "/studies/roisman-2002-earned-secure")
	page := string(body)
	for _, want := range []string{
		`<meta name="citation_title" content="Earned-secure attachment status in retrospect and prospect">`,
		`<meta name="citation_author" content="Roisman, Glenn I.">`,
		`<meta name="citation_journal_title" content="Child Development">`,
		`<meta name="citation_firstpage" content="1204">`,
		`<meta name="citation_lastpage" content="1219">`,
		`<meta name="citation_doi" content="10.1111/1467-8624.00467">`,
		`<link rel="canonical" href="` + ts.URL + `/studies/roisman-2002-earned-secure">`,
		`<section id="cite"`,
		`Glenn I. Roisman, Elena Padrón, L. Alan Sroufe and Byron Egeland`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("study page lacks %q", want)
		}
	}
	if n := strings.Count(page, `name="citation_author"`); n != 4 {
		t.Errorf("%d citation_author tags, want 4", n)
	}
}

func TestHelpAndOpenSearch(t *testing.T) {
	ts, _ := MustOpenServer(t)
	code, _, body := get(t, ts, "/help")
	if code != 200 || !strings.Contains(string(body), "How to search") || !strings.Contains(string(body), `href="/search?q=year%3A1990..2005"`) {
		t.Errorf("help: %d\n%s", code, body)
	}
	code, h, body := get(t, ts, "/opensearch.xml")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/opensearchdescription+xml") {
		t.Fatalf("opensearch: %d %s", code, h.Get("Content-Type"))
	}
	if want := `template="` + ts.URL + `/search?q={searchTerms}"`; !strings.Contains(string(body), want) {
		t.Errorf("opensearch description lacks %s:\n%s", want, body)
	}
	_, _, page := get(t, ts, "/")
	if !strings.Contains(string(page), `<link rel="search" type="application/opensearchdescription+xml"`) {
		t.Error("pages do not link the OpenSearch description")
	}
}

// TestPagesHaveNoInlineCode: the CSP allows no inline script or style, so
// a page that had one would silently lose it.
func TestPagesHaveNoInlineCode(t *testing.T) {
	ts, _ := MustOpenServer(t)
	inline := regexp.MustCompile(`(?i)<script>|<script [^>]*>[^<]|<style|\sstyle=|\son[a-z]+=`)
	// JSON-LD is a data block, not a script: the CSP does not apply to it.
	jsonLD := regexp.MustCompile(`<script type="application/ld\+json">[^<]*</script>`)
	for _, p := range []string{"/", "/search?q=earned+security", "/search?q=how+common+is+earned+security&compare=roisman-2002-earned-secure",
		"/studies/roisman-2002-earned-secure", "/studies/bowlby-1969-attachment-and-loss-vol1?cite=f2", "/topics/aai",
		"/claims/earned-security-quarter-to-third", "/constructs/aai-ssp-transmission", "/evidence?q=transmission",
		"/compare?compare=roisman-2002-earned-secure&compare=waters-2000-twenty-year-longitudinal", "/help", "/studies/nope"} {
		_, _, body := get(t, ts, p)
		body = jsonLD.ReplaceAll(body, nil)
		if m := inline.Find(body); m != nil {
			t.Errorf("%s: inline code %q", p, m)
		}
	}
}

func TestStaticAssetsAreCompressed(t *testing.T) {
	ts, _ := MustOpenServer(t)
	_, _, page := get(t, ts, "/")
	href := regexp.MustCompile(`/static/[0-9a-f]+/style\.css`).Find(page)
	if href == nil {
		t.Fatal("no stylesheet link")
	}
	fetch := func(enc string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", ts.URL+string(href), nil)
		req.Header.Set("Accept-Encoding", enc)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	plainResp, plain := fetch("identity")
	zipResp, zipped := fetch("gzip, deflate")
	if plainResp.Header.Get("Content-Encoding") != "" || zipResp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("encodings %q and %q", plainResp.Header.Get("Content-Encoding"), zipResp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, plain) {
		t.Error("the gzip body is not the file")
	}
	if !strings.Contains(zipResp.Header.Get("Vary"), "Accept-Encoding") {
		t.Error("no Vary: Accept-Encoding")
	}
}

// TestTopicPageListsTheNewest: a topic page lists at most its limit of
// studies, the newest, counts all of them, and links to the search of all
// of them newest first; under the limit it lists every one and no link.
func TestTopicPageListsTheNewest(t *testing.T) {
	ts, c := MustOpenServer(t)
	var years []int
	for _, st := range c.Published() {
		if slices.Contains(st.Topics, "aai") {
			years = append(years, st.Year)
		}
	}
	slices.Sort(years)
	if len(years) < 5 {
		t.Fatalf("the bundled corpus has %d published AAI studies; the test needs 5", len(years))
	}
	listed := regexp.MustCompile(`<li><a href="/studies/[^"]+">[^<]*</a> <span class="entry-meta">[^<]*, (\d{4}) ·`)
	page := func() string {
		t.Helper()
		code, _, body := get(t, ts, "/topics/aai")
		if code != 200 {
			t.Fatalf("/topics/aai: %d", code)
		}
		return string(body)
	}
	heading := fmt.Sprintf("Studies (%d)", len(years))

	all := page()
	if got := len(listed.FindAllString(all, -1)); got != len(years) || !strings.Contains(all, heading) || strings.Contains(all, "newest first</a>") {
		t.Errorf("under the limit: %d listed, heading %v, a link to more %v; want all %d, no link", got, strings.Contains(all, heading), strings.Contains(all, "newest first</a>"), len(years))
	}

	defer server.SetTopicListMax(3)()
	some := page()
	var shown []int
	for _, m := range listed.FindAllStringSubmatch(some, -1) {
		y, _ := strconv.Atoi(m[1])
		shown = append(shown, y)
	}
	if len(shown) != 3 || slices.Min(shown) < years[len(years)-3] {
		t.Errorf("over the limit: years listed %v, want the 3 newest of %v", shown, years)
	}
	link := fmt.Sprintf(`<a href="/search?sort=newest&amp;topic=aai">All %d studies, newest first</a>`, len(years))
	if !strings.Contains(some, heading) || !strings.Contains(some, link) {
		t.Errorf("over the limit: want %q and %q on the page", heading, link)
	}
}

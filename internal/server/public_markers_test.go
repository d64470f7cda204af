package server_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"litkb/internal/server"
	"litkb/internal/study"
)

// internalMarkers are words that belong to data/ and the curators' working
// documents; a reader never needs them, so no public page may show them.
var internalMarkers = []string{
	"sample_size", "to_check", "how_checked", "design_detail", "article_number", "ci_low", "ci_high",
	"provenance", "bibliography-notes", "bibliography", "crossref check",
}

// TestPublicPagesShowNoInternalText renders every public page of the
// bundled corpus as an anonymous reader and fails on internal markers,
// on a curator note, and on "High confidence" beside a reference part
// that was not checked against the publisher or a registry.
func TestPublicPagesShowNoInternalText(t *testing.T) {
	ts, store, _ := openServerWith(t, filepath.Join("..", "..", "data"), server.Options{})
	c := store.Corpus()

	// Curator text the public must not see: each note's distinctive
	// sentences and each to-check item.
	var private []string
	for i := range c.Studies {
		p := c.Studies[i].Provenance
		for _, s := range strings.Split(p.Notes, ". ") {
			if len(s) > 40 && !strings.Contains(p.HowChecked, s) {
				private = append(private, s)
			}
		}
		for _, s := range p.ToCheck {
			if !strings.Contains(p.HowChecked, s) {
				private = append(private, s)
			}
		}
	}

	pages := []string{"/", "/search?q=earned+security", "/search?q=how+common+is+earned+security", "/help", "/feed.atom"}
	var compare url.Values = url.Values{}
	for i := range c.Studies {
		st := c.Studies[i]
		if !st.Public() {
			continue
		}
		pages = append(pages, "/studies/"+st.ID, "/api/v1/studies/"+st.ID)
		if len(compare["compare"]) < 4 {
			compare.Add("compare", st.ID)
		}
	}
	pages = append(pages, "/compare?"+compare.Encode(), "/evidence?q=earned+security")
	for _, tp := range c.Topics {
		pages = append(pages, "/topics/"+tp.ID)
	}
	for _, cl := range c.Claims {
		pages = append(pages, "/claims/"+cl.ID)
	}
	for _, co := range c.Constructs {
		pages = append(pages, "/constructs/"+co.ID)
	}

	for _, p := range pages {
		body, ok := fetchPage(t, ts.URL+p)
		if !ok {
			continue
		}
		text := readerText(t, p, body)
		lower := strings.ToLower(text)
		for _, m := range internalMarkers {
			if i := strings.Index(lower, m); i >= 0 {
				t.Errorf("%s shows %q: …%s…", p, m, excerpt(text, i))
			}
		}
		for _, s := range private {
			if strings.Contains(text, s) {
				t.Errorf("%s shows curator text %q", p, s)
			}
		}
	}

	for i := range c.Studies {
		st := c.Studies[i]
		if !st.Public() || st.Provenance.Confidence != "high" {
			continue
		}
		body, _ := fetchPage(t, ts.URL+"/studies/"+st.ID)
		if !strings.Contains(body, "High confidence.") {
			t.Errorf("%s: confidence is high but the page does not say so", st.ID)
		}
		// Independent of study.Unconfirmed: every part of the reference
		// the study shows must be listed by a publisher or registry check.
		for name, shown := range map[string]bool{
			"title": st.Title != "", "authors": len(st.Authors) > 0, "editors": len(st.Editors) > 0,
			"year": st.Year != 0, "journal": st.Journal != "", "container": st.Container != "",
			"publisher": st.Publisher != "", "place": st.Place != "", "edition": st.Edition != "",
			"volume": st.Volume != "", "issue": st.Issue != "", "pages": st.Pages != "",
			"article_number": st.ArticleNumber != "", "chapter": st.Chapter != "", "doi": st.DOI != "", "url": st.URL != "",
		} {
			if shown && !checkedAtSource(st, name) {
				t.Errorf("%s shows High confidence beside %s, which no publisher or registry check lists", st.ID, name)
			}
		}
	}
}

func checkedAtSource(st *study.Study, field string) bool {
	for _, ch := range st.Provenance.Checks {
		if ch.Kind != "publisher" && ch.Kind != "registry" {
			continue
		}
		for _, f := range ch.Fields {
			if f == field {
				return true
			}
		}
	}
	return false
}

func fetchPage(t *testing.T, u string) (string, bool) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %s", u, resp.Status)
		return "", false
	}
	return string(b), true
}

var (
	tagRE    = regexp.MustCompile(`(?s)<[^>]*>`)
	scriptRE = regexp.MustCompile(`(?s)<script[^>]*>.*?</script>|<style[^>]*>.*?</style>`)
)

// readerText is what a reader can see: an HTML page's text (not its
// markup, whose class names are ours), or a JSON answer's string values
// (its keys are the API's field names, documented for programmers).
func readerText(t *testing.T, path, body string) string {
	if strings.HasPrefix(path, "/api/") {
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var b strings.Builder
		jsonStrings(v, "", &b)
		return b.String()
	}
	s := scriptRE.ReplaceAllString(body, " ")
	return html.UnescapeString(tagRE.ReplaceAllString(s, " "))
}

// jsonStrings collects the string values of v, except the checked field
// names of provenance checks, which are the API's own vocabulary.
func jsonStrings(v any, key string, b *strings.Builder) {
	switch x := v.(type) {
	case string:
		b.WriteString(x + "\n")
	case []any:
		if key == "fields" {
			return
		}
		for _, e := range x {
			jsonStrings(e, key, b)
		}
	case map[string]any:
		for k, e := range x {
			jsonStrings(e, k, b)
		}
	}
}

func excerpt(s string, i int) string {
	lo, hi := max(0, i-60), min(len(s), i+60)
	return strings.Join(strings.Fields(s[lo:hi]), " ")
}

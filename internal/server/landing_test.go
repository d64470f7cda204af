package server_test

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"litkb/internal/study"
)

// The landing page starts from what people ask: questions that run as
// searches, the claims with what their verdicts mean, and the newest
// studies (not every study by a relevance that, without words, put
// low-confidence studies first). Help explains every label the pages use.

var (
	askedLink = regexp.MustCompile(`<li><a href="/search\?q=([^"]+)">([^<]+)</a></li>`)
	hitYear   = regexp.MustCompile(`<p class="meta">[^<]* · (\d{4})`)
)

// section is the HTML of the section labelled by the heading id.
func section(t *testing.T, page, headingID string) string {
	t.Helper()
	start := strings.Index(page, `aria-labelledby="`+headingID+`"`)
	if start < 0 {
		t.Fatalf("no section labelled %s", headingID)
	}
	end := strings.Index(page[start:], "</section>")
	return page[start : start+end]
}

func TestLandingShowsQuestionsClaimsAndTheNewest(t *testing.T) {
	ts, c := MustOpenServer(t)
	code, _, body := get(t, ts, "/")
	if code != 200 {
		t.Fatalf("/: %d", code)
	}
	page := string(body)

	t.Run("questions people ask, each a search that finds studies", func(t *testing.T) {
		asked := askedLink.FindAllStringSubmatch(section(t, page, "asked-h"), -1)
		if len(asked) < 3 {
			t.Fatalf("%d questions on the landing page", len(asked))
		}
		for _, m := range asked {
			q, err := url.QueryUnescape(html.UnescapeString(m[1]))
			if err != nil || len(strings.Fields(q)) < 3 || q != html.UnescapeString(m[2]) {
				t.Errorf("question link %q reads %q: not a question run as written", m[1], m[2])
				continue
			}
			if r := searchAPI(t, ts, "q="+url.QueryEscape(q)); r.Total == 0 {
				t.Errorf("the question %q finds nothing", q)
			}
		}
	})

	t.Run("every claim with its verdict explained", func(t *testing.T) {
		claims := section(t, page, "claims-h")
		for _, cl := range c.Claims {
			if !strings.Contains(claims, `href="/claims/`+cl.ID+`"`) {
				t.Errorf("claim %s is not listed", cl.ID)
			}
		}
		gloss := regexp.MustCompile(`<span class="verdict v-([a-z-]+)">.*?</span> <span class="gloss">([^<]*)</span>`)
		badges := gloss.FindAllStringSubmatch(claims, -1)
		if len(badges) != len(c.Claims) {
			t.Fatalf("%d verdict badges with a meaning beside them, %d claims", len(badges), len(c.Claims))
		}
		for _, b := range badges {
			if len(b[2]) < 10 {
				t.Errorf("verdict %s is explained as %q", b[1], b[2])
			}
		}
	})

	t.Run("the newest studies, newest first", func(t *testing.T) {
		pub := c.Published()
		newest := 0
		for _, st := range pub {
			newest = max(newest, st.Year)
		}
		if want := fmt.Sprintf("The newest of %d studies", len(pub)); !strings.Contains(page, want) {
			t.Errorf("no heading %q", want)
		}
		var years []int
		for _, m := range hitYear.FindAllStringSubmatch(page, -1) {
			y, _ := strconv.Atoi(m[1])
			years = append(years, y)
		}
		if len(years) == 0 || years[0] != newest {
			t.Fatalf("years listed %v; the newest published study is from %d", years, newest)
		}
		if !slices.IsSortedFunc(years, func(a, b int) int { return b - a }) {
			t.Errorf("years listed %v are not newest first", years)
		}
		if !strings.Contains(page, `aria-current="true" class="current"><span class="visually-hidden">Sorted by </span>Newest first`) {
			t.Error("the sort links do not say the list is newest first")
		}
	})

	t.Run("an explicit sort is kept", func(t *testing.T) {
		_, _, body := get(t, ts, "/?sort=oldest")
		if strings.Contains(string(body), "The newest of") {
			t.Error("sort=oldest still reads as the newest")
		}
	})
}

func TestHelpGlossaryExplainsTheLabels(t *testing.T) {
	ts, _ := MustOpenServer(t)
	code, _, body := get(t, ts, "/help")
	if code != 200 {
		t.Fatalf("/help: %d", code)
	}
	g := section(t, string(body), "glossary-h")
	for _, id := range []string{"glossary-finding", "glossary-n", "glossary-construct", "glossary-measures", "glossary-confidence", "glossary-relations", "glossary-verdicts"} {
		if !strings.Contains(g, `id="`+id+`"`) {
			t.Errorf("no glossary entry %s", id)
		}
	}
	words := strings.ToLower(g)
	for _, w := range append(append([]string{"finding f3", "high, medium and low confidence", "supports", "complicates", "contradicts"}, study.Verdicts...), study.Measures...) {
		if !strings.Contains(words, w) {
			t.Errorf("the glossary does not explain %q", w)
		}
	}
	if !strings.Contains(words, "unverifiable</strong>: no checked source gives the evidence") || !strings.Contains(words, "does not mean the claim is false") {
		t.Error("the glossary does not say that unverifiable is not false")
	}
}

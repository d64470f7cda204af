package server_test

import (
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"litkb/internal/corpus"
	"litkb/internal/server"
)

// TestImportPreviewAgreesWithWrite imports every exporter's fixture twice
// against its own copy of data/: as a dry run, then for real. The preview
// must say of every record what the write then does — same status, same
// error, same duplicate, same fields not kept — and write nothing itself.
func TestImportPreviewAgreesWithWrite(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "ingest", "testdata", "*.*"))
	if err != nil || len(files) < 10 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	formats := map[string]string{".bib": "bibtex", ".ris": "ris", ".nbib": "ris", ".json": "csljson"}
	who := corpus.Actor{Name: "Ada", Role: corpus.RoleCurator}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			dir := copyData(t)
			store, err := corpus.OpenStore(t.Context(), dir, corpus.StoreOptions{})
			if err != nil {
				t.Fatal(err)
			}
			before := dirHash(t, dir)
			preview, err := server.Import(t.Context(), store, body, "", formats[filepath.Ext(path)], true, who)
			if err != nil {
				t.Fatal(err)
			}
			if dirHash(t, dir) != before {
				t.Fatal("the dry run changed data/")
			}
			studiesBefore := countFiles(t, filepath.Join(dir, corpus.StudiesDir))
			written, err := server.Import(t.Context(), store, body, "", formats[filepath.Ext(path)], false, who)
			if err != nil {
				t.Fatal(err)
			}
			if len(preview.Records) != len(written.Records) {
				t.Fatalf("preview %d records, write %d", len(preview.Records), len(written.Records))
			}
			for i, p := range preview.Records {
				w := written.Records[i]
				if p.Status != w.Status || p.Error != w.Error || p.DuplicateOf != w.DuplicateOf {
					t.Errorf("line %d: preview %s %q %s, write %s %q %s", p.Line, p.Status, p.Error, p.DuplicateOf, w.Status, w.Error, w.DuplicateOf)
				}
				if !reflect.DeepEqual(p.NotKept, w.NotKept) {
					t.Errorf("line %d: preview lists %q as not kept, write %q", p.Line, p.NotKept, w.NotKept)
				}
			}
			if p, w := [3]int{preview.New, preview.Duplicates, preview.Errors}, [3]int{written.New, written.Duplicates, written.Errors}; p != w {
				t.Errorf("counts new, duplicates, errors: preview %v, write %v", p, w)
			}
			if got := countFiles(t, filepath.Join(dir, corpus.StudiesDir)) - studiesBefore; got != written.New {
				t.Errorf("%d study files written, the report says %d new", got, written.New)
			}
		})
	}
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// TestCuratorImportPageListsNotKept: the preview page shows, under each
// record, the fields it does not keep and why.
func TestCuratorImportPageListsNotKept(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, _ := addTokens(t, tokens)
	c := mustSignIn(t, ts, cur)
	c.get("/curate/import")
	const rec = "@article{q, author = {Quill, Ada}, title = {Yarrow attachment in zebrafinches}, journal = {Journal of Tests},\n" +
		"  year = 2025, month = aug, day = {3}, abstract = {Their words.}, pages = {1--9}}"
	r := c.post("/curate/import", url.Values{"csrf": {c.csrf}, "format": {"bibtex"}, "paste": {rec}})
	if r.code != 200 {
		t.Fatalf("preview: %d\n%s", r.code, r.body)
	}
	for _, want := range []string{"2 fields not kept", "<code>day</code>: litkb reads the month and day of issue from month and date, not from day",
		"<code>abstract</code>: litkb keeps summaries in its own words, never the abstract"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
}

// TestImportEditedBooks: an edited book (editors, no author) is kept as a
// draft like any other work (issue 17), so the preview calls it new, or a
// duplicate when data/ already holds it, never an error.
func TestImportEditedBooks(t *testing.T) {
	tests := []struct {
		file, key, status, duplicateOf string
	}{
		{"biblatex.bib", "grossmann2005", "duplicate", "grossmann-waters-2005-attachment-infancy-adulthood"},
		{"strings-and-crossref.bib", "grossmann05", "duplicate", "grossmann-waters-2005-attachment-infancy-adulthood"},
		{"strings-and-crossref.bib", "cassidy99", "new", ""},
	}
	who := corpus.Actor{Name: "Ada", Role: corpus.RoleCurator}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.key, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("..", "ingest", "testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			store, err := corpus.OpenStore(t.Context(), copyData(t), corpus.StoreOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, dryRun := range []bool{true, false} {
				rep, err := server.Import(t.Context(), store, body, "", "bibtex", dryRun, who)
				if err != nil {
					t.Fatal(err)
				}
				var rec *server.ImportRecord
				for i := range rep.Records {
					if rep.Records[i].Key == tt.key {
						rec = &rep.Records[i]
					}
				}
				if rec == nil {
					t.Fatalf("no record %s in %s", tt.key, tt.file)
				}
				if rec.Status != tt.status || rec.DuplicateOf != tt.duplicateOf || rec.Error != "" {
					t.Errorf("dry run %v: %s %q %s, want %s %s", dryRun, rec.Status, rec.Error, rec.DuplicateOf, tt.status, tt.duplicateOf)
				}
				if dryRun || tt.status != "new" {
					continue
				}
				s, ok := store.Corpus().Study(rec.ID)
				if !ok {
					t.Fatalf("%s was not saved", rec.ID)
				}
				if len(s.Authors) != 0 || len(s.Editors) == 0 || s.Status != "draft" {
					t.Errorf("saved %s: authors %v, editors %v, status %s; want editors only, as a draft", rec.ID, s.Authors, s.Editors, s.Status)
				}
			}
		})
	}
}

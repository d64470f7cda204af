package server_test

import (
	"os"
	"path/filepath"
	"reflect"
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
			store, err := corpus.OpenStore(dir, corpus.StoreOptions{})
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

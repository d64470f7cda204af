package server_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"litkb/internal/corpus"
	"litkb/internal/server"
)

// sameBaseBib is n records whose ids all derive to crash-2024-crash-test.
func sameBaseBib(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "@article{k%d, author = {Crash, Ada}, title = {Crash test number %d}, journal = {Journal of Tests}, year = {2024}}\n", i, i)
	}
	return b.String()
}

// Records whose ids derive alike each get their own, the report names
// the id each was saved under, and each file holds its own record.
func TestImportOfRecordsWithOneDerivedID(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, _ := tokens.Add("Ada", "curator")
	const n = 60
	code, rep := postImport(t, ts.URL, cur, "dry_run=false", sameBaseBib(n))
	if code != 200 || rep["new"] != float64(n) {
		t.Fatalf("import: %d %v", code, rep)
	}
	seen := map[string]bool{}
	for i, r := range rep["records"].([]any) {
		id := r.(map[string]any)["id"].(string)
		if seen[id] {
			t.Fatalf("record %d: id %s reported twice", i, id)
		}
		seen[id] = true
		b, err := os.ReadFile(filepath.Join(dir, "studies", id+".toml"))
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		if want := fmt.Sprintf("Crash test number %d\"", i); !strings.Contains(string(b), want) {
			t.Errorf("record %d is reported as %s, whose file holds another record", i, id)
		}
	}
}

// An import whose request has ended writes nothing.
func TestImportStopsWithItsRequest(t *testing.T) {
	dir := copyData(t)
	store, err := corpus.OpenStore(dir, corpus.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	before := dirHash(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = server.Import(ctx, store, []byte(sameBaseBib(2000)), "application/x-bibtex", "", false, corpus.Actor{Name: "Ada", Role: "curator"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("import with an ended request: %v; want context.Canceled", err)
	}
	if dirHash(t, dir) != before {
		t.Error("an import whose request had ended changed data/")
	}
}

func TestImportRefusesOtherCharsets(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, _ := tokens.Add("Ada", "curator")
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/import?dry_run=true", strings.NewReader(bib))
	req.Header.Set("Authorization", "Bearer "+cur)
	req.Header.Set("Content-Type", "application/x-bibtex; charset=iso-8859-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("latin-1 import: %d; want 415", resp.StatusCode)
	}
}

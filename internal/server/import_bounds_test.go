package server_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

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
	store, err := corpus.OpenStore(t.Context(), dir, corpus.StoreOptions{})
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

// TestImportBombsOverHTTP sends the importer bombs through the API as a
// client would: each ends with an answer that names the problem, and the
// figures (time, allocation) are logged for the closing note, not asserted.
func TestImportBombsOverHTTP(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, _ := tokens.Add("Ada", "curator")
	expansion, err := os.ReadFile(filepath.Join("..", "ingest", "testdata", "bombs", "string-expansion.bib"))
	if err != nil {
		t.Fatal(err)
	}
	var many strings.Builder
	for i := 0; many.Len() < 15<<20; i++ {
		fmt.Fprintf(&many, "@article{k%d, author = {Doe, Jane}, title = {Near-identical %d}, year = 2024}\n", i, i)
	}
	field := "@article{k, author = {Doe, Jane}, year = 2024, title = {" + strings.Repeat("a", 16<<20-200) + "}}\n"
	before := dirHash(t, dir)
	tests := []struct {
		name, body string
		code       int
		want       string // in the body
	}{
		{"string expansion", string(expansion), 200, "64 KiB"},
		{"100k near-identical entries", many.String(), 413, "more than 5,000 records"},
		{"16 MiB in one field", field, 200, "64 KiB"},
		{"over the body limit", field + field, 413, "larger than 16 MiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			start := time.Now()
			req, _ := http.NewRequest("POST", ts.URL+"/api/v1/import?dry_run=false", strings.NewReader(tc.body))
			req.Header.Set("Authorization", "Bearer "+cur)
			req.Header.Set("Content-Type", "application/x-bibtex")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			took := time.Since(start)
			runtime.ReadMemStats(&m1)
			t.Logf("%s (%d bytes): %d in %v, %.1f MiB allocated by the test process (client and server)",
				tc.name, len(tc.body), resp.StatusCode, took.Round(time.Millisecond), float64(m1.TotalAlloc-m0.TotalAlloc)/(1<<20))
			if resp.StatusCode != tc.code || !strings.Contains(string(body), tc.want) {
				t.Errorf("answered %d %.300s; want %d mentioning %q", resp.StatusCode, body, tc.code, tc.want)
			}
		})
	}
	if dirHash(t, dir) != before {
		t.Error("a bomb left something in data/")
	}
}

// An imported record keeps the identifiers it brings: its provenance
// check lists them (as taken from the file), so the write accepts them.
func TestImportKeepsIdentifiers(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, _ := tokens.Add("Ada", "curator")
	const rec = `@book{k, author = {Doe, Jane}, title = {A book with identifiers}, publisher = {Example Press}, year = {2020},
  isbn = {978-0-306-40615-7}, pmid = {12345678}}`
	for _, dry := range []string{"true", "false"} {
		code, rep := postImport(t, ts.URL, cur, "dry_run="+dry, rec)
		if code != 200 || rep["new"] != 1.0 {
			t.Fatalf("dry_run=%s: %d %v", dry, code, rep)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "studies", "doe-2020-book-identifiers.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`isbn = "9780306406157"`, `pmid = "12345678"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the saved draft lacks %s:\n%s", want, b)
		}
	}
}

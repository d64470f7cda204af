package server_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const bib = `@article{roisman2002,
  author = {Roisman, Glenn I. and Padr{\'o}n, Elena and Sroufe, L. Alan and Egeland, Byron},
  title = {Earned-secure attachment status in retrospect and prospect},
  journal = {Child Development}, year = {2002}, volume = {73}, number = {4}, pages = {1204--1219},
  doi = {10.1111/1467-8624.00467}
}

@article{quill2025,
  author = {Quill, Ada and {World Health Organization}},
  title = {Yarrow attachment in zebrafinches},
  journal = {Journal of Tests}, year = {2025}, volume = {1}, pages = {1--9},
  doi = {10.9999/yarrow}
}

@article{broken,
  author = {Nobody},
  title = {Unbalanced {braces,
  year = 2020
}
`

func postImport(t *testing.T, url, tok, query, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", url+"/api/v1/import?"+query, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/x-bibtex")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = decodeJSON(resp, &out)
	return resp.StatusCode, out
}

func TestImport(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, _ := tokens.Add("Ada", "curator")
	ed, _ := tokens.Add("Eve", "editor")

	before := dirHash(t, dir)
	code, rep := postImport(t, ts.URL, cur, "dry_run=true", bib)
	if code != 200 {
		t.Fatalf("dry run: %d %v", code, rep)
	}
	recs := rep["records"].([]any)
	if len(recs) != 3 || rep["new"] != 1.0 || rep["duplicates"] != 1.0 || rep["errors"] != 1.0 || rep["dry_run"] != true {
		t.Fatalf("report: %v", rep)
	}
	first, second, third := recs[0].(map[string]any), recs[1].(map[string]any), recs[2].(map[string]any)
	if first["status"] != "duplicate" || first["duplicate_of"] != "roisman-2002-earned-secure" {
		t.Errorf("the bundled Roisman 2002 was not found as a duplicate: %v", first)
	}
	if second["status"] != "new" || second["csl"].(map[string]any)["title"] != "Yarrow attachment in zebrafinches" {
		t.Errorf("new record: %v", second)
	}
	if third["status"] != "error" || !strings.Contains(third["error"].(string), "line") {
		t.Errorf("broken record: %v", third)
	}
	if dirHash(t, dir) != before {
		t.Fatal("a dry run changed data/")
	}

	code, rep = postImport(t, ts.URL, cur, "dry_run=false", bib)
	if code != 200 || rep["new"] != 1.0 {
		t.Fatalf("import: %d %v", code, rep)
	}
	id := rep["records"].([]any)[1].(map[string]any)["id"].(string)
	if _, err := os.Stat(filepath.Join(dir, "studies", id+".toml")); err != nil {
		t.Fatalf("imported study not written: %v", err)
	}
	// An imported draft rests on the file, not on a check: it cannot be
	// published until a curator records what they checked.
	if code, _, body := do(t, ts, "POST", "/api/v1/studies/"+id+"/publish", ed, nil); code != 400 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "imported") {
		t.Errorf("publishing an unchecked import: %d %v", code, body)
	}
	// Importing the same file again finds it as a duplicate.
	if _, rep = postImport(t, ts.URL, cur, "dry_run=true", bib); rep["new"] != 0.0 || rep["duplicates"] != 2.0 {
		t.Errorf("second import: %v", rep)
	}
	if code, _ := postImport(t, ts.URL, "", "dry_run=false", bib); code != 401 {
		t.Errorf("import without a token: %d", code)
	}
}

func decodeJSON(resp *http.Response, v any) error { return json.NewDecoder(resp.Body).Decode(v) }

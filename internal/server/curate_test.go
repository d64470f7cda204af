package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyData copies the bundled corpus into a temp dir a test may write to.
func copyData(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func dirHash(t *testing.T, dir string) [32]byte {
	t.Helper()
	h := sha256.New()
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	var s [32]byte
	copy(s[:], h.Sum(nil))
	return s
}

func do(t *testing.T, ts *httptest.Server, method, path, tok string, body any, hdr ...string) (int, http.Header, map[string]any) {
	t.Helper()
	var b []byte
	switch v := body.(type) {
	case nil:
	case string:
		b = []byte(v)
	default:
		b, _ = json.Marshal(v)
	}
	code, h, answer := raw(t, ts, method, path, tok, b, hdr...)
	var out map[string]any
	_ = json.Unmarshal(answer, &out)
	return code, h, out
}

func newStudy(title, doi string) map[string]any {
	return map[string]any{
		"type": "article", "title": title, "year": 2024, "journal": "Journal of Tests",
		"doi": doi, "topics": []string{"aai", "earned-security"}, "design": "cross-sectional",
		"sample": "120 adults", "summary": strings.Repeat("A curator summary in our own words about zebrafinch attachment. ", 8),
		"authors":    []map[string]string{{"family": "Quill", "given": "Ada"}, {"family": "van Berg", "given": "Jan"}},
		"findings":   []map[string]any{{"id": "f1", "text": "Half were secure.", "construct": "aai-secure-3way", "measure": "proportion", "value": 0.5, "n": 120}},
		"provenance": map[string]any{"confidence": "medium", "checks": []map[string]any{{"fields": []string{"title", "doi"}, "source": "publisher page"}}},
	}
}

func TestCuratorWrites(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, err := tokens.Add("Ada", "curator")
	if err != nil {
		t.Fatal(err)
	}
	ed, _ := tokens.Add("Eve", "editor")

	t.Run("without a valid token nothing changes", func(t *testing.T) {
		before := dirHash(t, dir)
		for _, tok := range []string{"", "lk_wrong"} {
			code, h, body := do(t, ts, "POST", "/api/v1/studies", tok, newStudy("Unauthorised zebrafinch study", "10.9999/unauth"))
			if code != 401 || h.Get("WWW-Authenticate") == "" {
				t.Errorf("token %q: %d %v, want 401", tok, code, body)
			}
		}
		revoked, _ := tokens.Add("Mallory", "curator")
		if err := tokens.Revoke("Mallory"); err != nil {
			t.Fatal(err)
		}
		if code, _, _ := do(t, ts, "POST", "/api/v1/studies", revoked, newStudy("Revoked zebrafinch study", "10.9999/revoked")); code != 401 {
			t.Errorf("revoked token: %d, want 401", code)
		}
		if dirHash(t, dir) != before {
			t.Error("data/ changed after refused writes")
		}
	})

	var id, etag string
	t.Run("create, then the next search finds it", func(t *testing.T) {
		code, h, body := do(t, ts, "POST", "/api/v1/studies", cur, newStudy("Zebrafinch attachment in adults", "https://doi.org/10.9999/ZEBRA.1"))
		if code != 201 {
			t.Fatalf("create: %d %v", code, body)
		}
		id, etag = body["id"].(string), h.Get("ETag")
		if h.Get("Location") != "/api/v1/studies/"+id || body["status"] != "draft" || body["doi"] != "10.9999/ZEBRA.1" {
			t.Errorf("create answered %v %v", h, body)
		}
		if _, err := os.Stat(filepath.Join(dir, "studies", id+".toml")); err != nil {
			t.Errorf("file not written: %v", err)
		}
		// A draft: curators find it, the public does not.
		code, _, _ = do(t, ts, "GET", "/api/v1/studies/"+id, "", nil)
		if code != 404 {
			t.Errorf("public GET of a draft: %d", code)
		}
		if code, _, _ = do(t, ts, "GET", "/api/v1/studies/"+id, cur, nil); code != 200 {
			t.Errorf("curator GET of a draft: %d", code)
		}
		if code, _, body := do(t, ts, "POST", "/api/v1/studies/"+id+"/publish", cur, nil); code != 403 {
			t.Errorf("curator publish: %d %v, want 403 (editors publish)", code, body)
		}
		code, h, body = do(t, ts, "POST", "/api/v1/studies/"+id+"/publish", ed, nil)
		if code != 200 || body["status"] != "published" {
			t.Fatalf("editor publish: %d %v", code, body)
		}
		etag = h.Get("ETag")
		r := searchAPI(t, ts, "q=zebrafinch")
		if r.Total != 1 || r.Hits[0].ID != id {
			t.Errorf("search after publish: %+v", r)
		}
	})

	t.Run("invalid body lists each field", func(t *testing.T) {
		bad := newStudy("Another zebrafinch study", "10.1234")
		bad["year"] = 3000
		bad["topics"] = []string{"astrology"}
		code, _, body := do(t, ts, "POST", "/api/v1/studies", cur, bad)
		e, _ := body["error"].(map[string]any)
		fields, _ := e["fields"].([]any)
		got := map[string]bool{}
		for _, f := range fields {
			got[f.(map[string]any)["field"].(string)] = true
		}
		if code != 400 || !got["doi"] || !got["year"] || !got["topics[1]"] {
			t.Errorf("%d %v", code, body)
		}
		code, _, body = do(t, ts, "POST", "/api/v1/studies", cur, `{"title": "x", "colour": "red"}`)
		if code != 400 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "colour") {
			t.Errorf("unknown field: %d %v", code, body)
		}
	})

	t.Run("duplicates are refused, naming the existing study", func(t *testing.T) {
		code, _, body := do(t, ts, "POST", "/api/v1/studies", cur, newStudy("A different title", "10.9999/zebra.1"))
		e, _ := body["error"].(map[string]any)
		if code != 409 || e["existing"] != id {
			t.Errorf("same DOI: %d %v", code, body)
		}
		code, _, body = do(t, ts, "POST", "/api/v1/studies", cur, newStudy("Yet another title", "https://doi.org/10.9999/ZEBRA.1"))
		e, _ = body["error"].(map[string]any)
		if code != 409 || e["existing"] != id {
			t.Errorf("same DOI as a link, other case: %d %v", code, body)
		}
		code, _, body = do(t, ts, "POST", "/api/v1/studies", cur, newStudy("Zebrafinch attachment in adults!", ""))
		e, _ = body["error"].(map[string]any)
		if code != 409 || e["code"] != "possible_duplicate" || e["existing"] != id {
			t.Errorf("near title: %d %v", code, body)
		}
		if code, _, _ = do(t, ts, "POST", "/api/v1/studies?confirm=true", cur, newStudy("Zebrafinch attachment in adults!", "")); code != 201 {
			t.Errorf("confirmed near title: %d", code)
		}
	})

	t.Run("a stale If-Match is refused and the file unchanged", func(t *testing.T) {
		file := filepath.Join(dir, "studies", id+".toml")
		edit := newStudy("Zebrafinch attachment in adults, revised", "10.9999/ZEBRA.1")
		code, h, body := do(t, ts, "PUT", "/api/v1/studies/"+id, cur, edit, "If-Match", etag)
		if code != 200 || body["title"] != "Zebrafinch attachment in adults, revised" || body["status"] != "published" {
			t.Fatalf("update: %d %v", code, body)
		}
		before, _ := os.ReadFile(file)
		edit["title"] = "Someone else's older edit"
		code, _, body = do(t, ts, "PUT", "/api/v1/studies/"+id, cur, edit, "If-Match", etag)
		if code != 412 {
			t.Errorf("stale update: %d %v", code, body)
		}
		if code, _, _ = do(t, ts, "PUT", "/api/v1/studies/"+id, cur, edit); code != 428 {
			t.Errorf("update without If-Match: %d", code)
		}
		after, _ := os.ReadFile(file)
		if !bytes.Equal(before, after) {
			t.Error("a refused update changed the file")
		}
		etag = h.Get("ETag")
	})

	t.Run("history records who changed what, and restores", func(t *testing.T) {
		code, _, body := do(t, ts, "GET", "/api/v1/studies/"+id+"/history", "", nil)
		vs, _ := body["versions"].([]any)
		if code != 200 || len(vs) != 3 {
			t.Fatalf("history: %d %v", code, body)
		}
		last := vs[2].(map[string]any)
		changes := last["changes"].([]any)
		if last["who"] != "Ada" || last["action"] != "update" || len(changes) != 1 || changes[0].(map[string]any)["field"] != "title" {
			t.Errorf("last version: %v", last)
		}
		code, h, body := do(t, ts, "POST", "/api/v1/studies/"+id+"/restore?version=2", cur, nil, "If-Match", etag)
		if code != 200 || body["title"] != "Zebrafinch attachment in adults" {
			t.Errorf("restore: %d %v", code, body)
		}
		etag = h.Get("ETag")
	})

	t.Run("retract keeps the file and shows the notice", func(t *testing.T) {
		code, _, body := do(t, ts, "DELETE", "/api/v1/studies/"+id+"?reason="+url.QueryEscape("fabricated data"), cur, nil)
		if code != 200 || body["status"] != "retracted" {
			t.Fatalf("retract: %d %v", code, body)
		}
		if _, err := os.Stat(filepath.Join(dir, "studies", id+".toml")); err != nil {
			t.Error("retracting removed the file")
		}
		for _, h := range searchAPI(t, ts, "q=zebrafinch").Hits {
			if h.ID == id {
				t.Errorf("retracted study %s still in public search", id)
			}
		}
		_, _, page := get(t, ts, "/studies/"+id)
		if !strings.Contains(string(page), "fabricated data") {
			t.Error("the study page does not show why it was retracted")
		}
	})

	t.Run("oversized and non-JSON bodies", func(t *testing.T) {
		big := `{"title": "` + strings.Repeat("x", 2<<20) + `"}`
		if code, _, _ := do(t, ts, "POST", "/api/v1/studies", cur, big); code != 413 {
			t.Errorf("oversized: %d, want 413", code)
		}
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/studies", strings.NewReader("title = 'x'"))
		req.Header.Set("Authorization", "Bearer "+cur)
		req.Header.Set("Content-Type", "application/toml")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 415 {
			t.Errorf("TOML body: %d, want 415", resp.StatusCode)
		}
	})
}

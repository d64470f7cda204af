package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// payloads are stored-XSS attempts; none may come back unescaped.
var payloads = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`'><svg onload=alert(1)>`,
	`</textarea><script>alert(1)</script>`,
}

// TestHostileInput: XSS in every stored field, dangerous URLs, odd ids,
// malformed bodies and wrong content types: no 5xx, no unescaped payload,
// and refused writes change nothing.
func TestHostileInput(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, _ := tokens.Add("Ada", "curator")
	ed, _ := tokens.Add("Eve", "editor")
	requests := 0
	check := func(what string, code int, body string) {
		t.Helper()
		requests++
		if code >= 500 {
			t.Errorf("%s: status %d", what, code)
		}
		for _, p := range payloads {
			if strings.Contains(body, p) {
				t.Errorf("%s: unescaped payload %q in the response", what, p)
			}
		}
	}

	var ids []string
	for i, p := range payloads {
		st := newStudy("Hostile xenolith study "+p, "")
		st["id"] = "hostile-2024-x" + string(rune('a'+i))
		st["summary"] = strings.Repeat("xenolith "+p+" ", 35)
		st["sample"] = p
		st["journal"] = p
		st["authors"] = []map[string]string{{"family": p, "given": p}}
		st["findings"] = []map[string]any{{"id": "f1", "text": "xenolith " + p, "construct": "aai-secure-3way", "population": p, "page": "1"}}
		st["provenance"] = map[string]any{"confidence": "low", "notes": p, "to_check": []string{p}, "checks": []map[string]any{{"fields": []string{"title"}, "source": p}}}
		code, _, body := do(t, ts, "POST", "/api/v1/studies", cur, st)
		if code != 201 {
			t.Fatalf("create with payload %q: %d %v", p, code, body)
		}
		id := body["id"].(string)
		if code, _, body := do(t, ts, "POST", "/api/v1/studies/"+id+"/publish", ed, nil); code != 200 {
			t.Fatalf("publish: %d %v", code, body)
		}
		ids = append(ids, id)
	}
	pages := []string{"/", "/search?q=xenolith", "/search?q=" + url.QueryEscape(payloads[0]), "/search?q=" + url.QueryEscape(payloads[1]),
		"/search?topic=" + url.QueryEscape(payloads[1]), "/search?design=" + url.QueryEscape(payloads[0]), "/topics/aai", "/help"}
	for _, id := range ids {
		pages = append(pages, "/studies/"+id, "/api/v1/studies/"+id+"/cite?style=apa", "/api/v1/studies/"+id+"/cite?style=mla",
			"/api/v1/studies/"+id+"/export?format=bibtex", "/api/v1/studies/"+id+"/export?format=ris")
	}
	for _, p := range pages {
		code, h, body := get(t, ts, p)
		if strings.HasPrefix(h.Get("Content-Type"), "text/html") || strings.Contains(p, "cite") {
			check(p, code, string(body))
		} else {
			requests++
			if code >= 500 {
				t.Errorf("%s: status %d", p, code)
			}
		}
	}

	before := dirHash(t, dir)
	for _, u := range []string{"javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example/x", "ftp://x/y"} {
		st := newStudy("A study with a bad link", "")
		st["url"] = u
		code, _, body := do(t, ts, "POST", "/api/v1/studies", cur, st)
		requests++
		if code != 400 {
			t.Errorf("url %q: %d %v, want 400", u, code, body)
		}
	}
	odd := []string{"/studies/..%2f..%2fetc%2fpasswd", "/studies/%00", "/studies/" + strings.Repeat("a", 5000), "/studies/%E2%80%AE",
		"/api/v1/studies/..%2fdata", "/api/v1/studies/%ff", "/topics/%3Cscript%3E", "/claims/%2e%2e%2fx", "/static/../go.mod", "/static/x/../../data/topics.toml"}
	for _, p := range odd {
		code, _, body := get(t, ts, p)
		check(p, code, string(body))
		if code != 404 && code != 400 && code != 301 {
			t.Errorf("%s: status %d, want 404 or 400", p, code)
		}
	}
	bodies := []struct{ ct, body string }{
		{"application/json", `{"title": `},
		{"application/json", `[1,2,3]`},
		{"application/json", `{"year": "twenty"}`},
		{"application/json", strings.Repeat(`{"a":`, 100000)},
		{"text/plain", `{"title": "x"}`},
		{"", `{"title": "x"}`},
		{"application/json", "\x00\x01\x02"},
	}
	for _, b := range bodies {
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/studies", strings.NewReader(b.body))
		req.Header.Set("Authorization", "Bearer "+cur)
		if b.ct != "" {
			req.Header.Set("Content-Type", b.ct)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		requests++
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("body %.30q (%s): status %d, want a 4xx", b.body, b.ct, resp.StatusCode)
		}
	}
	if dirHash(t, dir) != before {
		t.Error("refused writes changed data/")
	}
	t.Logf("%d hostile requests", requests)
}

package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// raw sends body as it is and returns the answer's bytes, for tests that
// must send back exactly what the server answered.
func raw(t *testing.T, ts *httptest.Server, method, path, tok string, body []byte, hdr ...string) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// errorMessage is the message of an API error, or the body when it is
// not one.
func errorMessage(body []byte) string {
	var e errorResp
	if json.Unmarshal(body, &e) != nil || e.Error.Message == "" {
		return string(body)
	}
	return e.Error.Message
}

// TestStudyRoundTrip: what GET answers for a study can be PUT back
// unchanged, for every study in data/, drafts included, and the file is
// left byte for byte as it was.
func TestStudyRoundTrip(t *testing.T) {
	dir := copyData(t)
	ts, st, tokens := openServer(t, dir)
	tok, err := tokens.Add("Ada", "curator")
	if err != nil {
		t.Fatal(err)
	}
	studies := st.Corpus().Studies
	if len(studies) < 10 {
		t.Fatalf("%d studies in data/: the test needs the bundled corpus", len(studies))
	}
	for _, s := range studies {
		file := filepath.Join(dir, "studies", s.ID+".toml")
		before, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		code, h, body := raw(t, ts, "GET", "/api/v1/studies/"+s.ID, tok, nil)
		if code != 200 || h.Get("ETag") == "" {
			t.Fatalf("GET %s: %d %s", s.ID, code, body)
		}
		code, h2, put := raw(t, ts, "PUT", "/api/v1/studies/"+s.ID, tok, body, "If-Match", h.Get("ETag"))
		if code != 200 {
			t.Errorf("PUT back %s (%s): %d %s", s.ID, s.Status, code, put)
			continue
		}
		if h2.Get("ETag") != h.Get("ETag") || !bytes.Equal(put, body) {
			t.Errorf("PUT back %s answered another study or ETag:\n%s\nwant\n%s", s.ID, put, body)
		}
		after, _ := os.ReadFile(file)
		if !bytes.Equal(before, after) {
			t.Errorf("%s: the file changed on a PUT of what GET answered", s.ID)
		}
	}
}

// TestStudyLinks: the stored url keeps its one meaning; what the server
// derives is under links, which writes ignore.
func TestStudyLinks(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	tok, _ := tokens.Add("Ada", "curator")
	const src = "https://example.org/reports/zebrafinch.pdf"
	in := newStudy("Zebrafinch attachment report without a DOI", "")
	delete(in, "doi")
	in["url"] = src
	code, h, body := do(t, ts, "POST", "/api/v1/studies", tok, in)
	if code != 201 {
		t.Fatalf("create: %d %v", code, body)
	}
	id := body["id"].(string)
	file := filepath.Join(dir, "studies", id+".toml")
	links, _ := body["links"].(map[string]any)
	want := map[string]any{"self": "/api/v1/studies/" + id, "page": "/studies/" + id, "source": src, "history": "/api/v1/studies/" + id + "/history"}
	if body["url"] != src || len(links) != len(want) {
		t.Fatalf("url %v, links %v; want the stored url and %v", body["url"], links, want)
	}
	for k, v := range want {
		if links[k] != v {
			t.Errorf("links.%s = %v, want %v", k, links[k], v)
		}
	}
	if _, ok := body["source_url"]; ok {
		t.Error("the study still carries source_url beside links.source")
	}

	// A GET sent back keeps the url; links sent back change nothing.
	_, _, got := raw(t, ts, "GET", "/api/v1/studies/"+id, tok, nil)
	before, _ := os.ReadFile(file)
	forged := bytes.Replace(got, []byte(`"source": "`+src), []byte(`"source": "https://evil.example/`), 1)
	forged = bytes.Replace(forged, []byte(`"page": "/studies/`), []byte(`"page": "/elsewhere/`), 1)
	if bytes.Equal(forged, got) {
		t.Fatalf("links not found in %s", got)
	}
	code, _, put := raw(t, ts, "PUT", "/api/v1/studies/"+id, tok, forged, "If-Match", h.Get("ETag"))
	if after, _ := os.ReadFile(file); code != 200 || !bytes.Equal(before, after) || !bytes.Equal(put, got) {
		t.Errorf("PUT with other links: %d %s; file changed: %v", code, put, !bytes.Equal(before, after))
	}

	// Leaving url out is how it is removed, and links cannot stand in for it.
	var edit map[string]any
	if err := json.Unmarshal(got, &edit); err != nil {
		t.Fatal(err)
	}
	delete(edit, "url")
	code, h, body = do(t, ts, "PUT", "/api/v1/studies/"+id, tok, edit, "If-Match", h.Get("ETag"))
	if _, has := body["url"]; code != 200 || has {
		t.Fatalf("PUT without url: %d %v", code, body)
	}
	if links, _ := body["links"].(map[string]any); links["source"] != nil || links["find"] == nil {
		t.Errorf("links after removing the url: %v, want find and no source", links)
	}
	if b, _ := os.ReadFile(file); strings.Contains(string(b), "url") {
		t.Errorf("the file still has a url:\n%s", b)
	}

	// Derived or unknown fields are still refused; so is a url that is not one.
	for _, tt := range []struct{ field, value, want string }{
		{"source_url", `"` + src + `"`, "unknown field"},
		{"colour", `"red"`, "unknown field"},
		{"url", `"/studies/` + id + `"`, "url"},
		{"links", `"` + src + `"`, "links"},
	} {
		edit := map[string]json.RawMessage{}
		_ = json.Unmarshal(got, &edit)
		edit[tt.field] = json.RawMessage(tt.value)
		code, _, body := do(t, ts, "PUT", "/api/v1/studies/"+id, tok, edit, "If-Match", h.Get("ETag"))
		e, _ := body["error"].(map[string]any)
		if msg, _ := e["message"].(string); code != 400 || !strings.Contains(msg, tt.want) {
			t.Errorf("%s: %s: %d %v, want 400 naming %q", tt.field, tt.value, code, body, tt.want)
		}
	}
}

// TestWriteCharset: bodies are UTF-8; a body that says otherwise is a
// 415 naming its charset, before anything is read or written.
func TestWriteCharset(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	tok, _ := tokens.Add("Ada", "curator")
	tests := []struct {
		ct   string
		code int
		want string
	}{
		{"application/json; charset=iso-8859-1", 415, `charset "iso-8859-1"`},
		{"application/json; charset=windows-1252", 415, `charset "windows-1252"`},
		{"application/json; charset=utf-16", 415, `charset "utf-16"`},
		{"application/json; charset", 415, "cannot be read"},
		{"application/json; charset=UTF-8", 201, ""},
		{`application/json; charset="utf-8"`, 201, ""},
		{"application/json;charset=Utf-8", 201, ""},
		{"application/json", 201, ""},
	}
	for i, tt := range tests {
		before := dirHash(t, dir)
		b, _ := json.Marshal(newStudy("Zebrafinch charset study number "+strings.Repeat("I", i+1), ""))
		code, _, body := raw(t, ts, "POST", "/api/v1/studies?confirm=true", tok, b, "Content-Type", tt.ct)
		if code != tt.code || !strings.Contains(errorMessage(body), tt.want) {
			t.Errorf("%s: %d %s, want %d naming %s", tt.ct, code, body, tt.code, tt.want)
		}
		if code == 415 && dirHash(t, dir) != before {
			t.Errorf("%s: data/ changed on a refused write", tt.ct)
		}
	}
	// PUT goes through the same check.
	code, _, body := raw(t, ts, "PUT", "/api/v1/studies/roisman-2002-earned-secure", tok, []byte("{}"),
		"Content-Type", "application/json; charset=latin1", "If-Match", `"x"`)
	if code != 415 || !strings.Contains(errorMessage(body), `charset "latin1"`) {
		t.Errorf("PUT in latin1: %d %s", code, body)
	}
}

package server_test

import (
	"encoding/json"
	"html"
	"net/url"
	"strings"
	"testing"
)

// TestNumericParams: every number a query string carries is read within
// its range, and anything outside it, overflowing an int included, is a
// 400 that names the range, on every route that reads it.
func TestNumericParams(t *testing.T) {
	ts, _ := MustOpenServer(t)
	const (
		pages = "page 1001 at size 10"
		sizes = "a page holds 1 to 100 hits"
		years = "a year is from 1 to 9999"
	)
	tests := []struct{ params, want string }{
		{"page=9223372036854775807", pages},
		{"page=1844674407370955163&size=10", pages},
		{"page=922337203685477581&size=20", "page 501 at size 20"},
		{"page=99999999999999999999999", pages},
		{"page=1002", pages},
		{"page=102&size=100", "page 101 at size 100"},
		{"page=102&size=5000", "page 101 at size 100"}, // the cap is what counts
		{"page=0", pages},
		{"page=-1", pages},
		{"page=-9223372036854775808", pages},
		{"page=1e3", "not a whole number"},
		{"page=1.5", "not a whole number"},
		{"page=%201", "not a whole number"},
		{"size=0", sizes},
		{"size=-1", sizes},
		{"size=99999999999999999999", sizes},
		{"size=1e2", sizes},
		{"year_from=9223372036854775807", years},
		{"year_from=0", years},
		{"year_from=-2000", years},
		{"year_to=10000", years},
		{"year_to=99999999999999999999", years},
		{"year_to=2e3", years},
	}
	for _, tt := range tests {
		code, _, body := get(t, ts, "/api/v1/search?q=attachment&"+tt.params)
		var e errorResp
		if err := json.Unmarshal(body, &e); err != nil {
			t.Fatalf("%s: not JSON: %s", tt.params, body)
		}
		name, _, _ := strings.Cut(tt.params, "=")
		if code != 400 || e.Error.Code != "invalid" || !strings.HasPrefix(e.Error.Message, name+": ") || !strings.Contains(e.Error.Message, tt.want) {
			t.Errorf("API %s: %d %+v, want 400 naming %s and %q", tt.params, code, e.Error, name, tt.want)
		}
		// The search page reads the same parameters, and says the same.
		code, _, page := get(t, ts, "/search?q=attachment&"+tt.params)
		if code != 400 || !strings.Contains(html.UnescapeString(string(page)), tt.want) {
			t.Errorf("page %s: %d, want 400 with %q", tt.params, code, tt.want)
		}
	}

	// Other routes that read the search filters refuse them alike.
	for _, path := range []string{
		"/api/v1/export?format=bibtex&year_from=9223372036854775807",
		"/api/v1/findings?q=attachment&year_to=-1",
		"/evidence?q=attachment&year_from=0",
		"/feed.atom?q=attachment&year_to=99999999999999999999",
		"/?page=9223372036854775807",
	} {
		code, _, body := get(t, ts, path)
		text := html.UnescapeString(string(body))
		if code != 400 || !(strings.Contains(text, years) || strings.Contains(text, pages)) {
			t.Errorf("%s: %d %.300s, want 400 naming the range", path, code, body)
		}
	}

	// In range is served; a size over the cap is capped, as documented.
	for _, tt := range []struct {
		params     string
		page, size int
	}{
		{"page=1001", 1001, 10},
		{"page=101&size=100", 101, 100},
		{"size=1000", 1, 100},
		{"page=2&size=9223372036854775807", 2, 100},
		{"page=&size=&year_from=&year_to=", 1, 10},
		{"year_from=1&year_to=9999", 1, 10},
	} {
		r := searchAPI(t, ts, "q=attachment&"+tt.params)
		if r.Page != tt.page || r.Size != tt.size {
			t.Errorf("%s: page %d size %d, want %d and %d", tt.params, r.Page, r.Size, tt.page, tt.size)
		}
	}
}

// TestRestoreVersionParam: a version that is not one of the study's is a
// 400 naming the versions there are.
func TestRestoreVersionParam(t *testing.T) {
	ts, _, tokens := openServer(t, copyData(t))
	tok, _ := tokens.Add("Ada", "curator")
	code, h, body := do(t, ts, "POST", "/api/v1/studies", tok, newStudy("Zebrafinch versions study", "10.9999/versions"))
	if code != 201 {
		t.Fatalf("create: %d %v", code, body)
	}
	id := body["id"].(string)
	for _, v := range []string{"0", "-1", "abc", "1e3", "9223372036854775808", "", url.QueryEscape(" 1")} {
		code, _, body := do(t, ts, "POST", "/api/v1/studies/"+id+"/restore?version="+v, tok, nil, "If-Match", h.Get("ETag"))
		e, _ := body["error"].(map[string]any)
		msg, _ := e["message"].(string)
		if code != 400 || !strings.Contains(msg, "versions 1 to 1") || !strings.Contains(msg, "/api/v1/studies/"+id+"/history") {
			t.Errorf("version=%s: %d %v, want 400 naming versions 1 to 1", v, code, body)
		}
	}
	code, _, body = do(t, ts, "POST", "/api/v1/studies/"+id+"/restore?version=2", tok, nil, "If-Match", h.Get("ETag"))
	if code != 400 {
		t.Errorf("version=2 of 1: %d %v", code, body)
	}
}

package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"litkb/index"
	"litkb/internal/corpus"
	"litkb/internal/server"
	"litkb/internal/token"
)

// MustOpenServer serves the bundled corpus (read only) over a real index
// in a temp dir.
func MustOpenServer(tb testing.TB) (*httptest.Server, *corpus.Corpus) {
	tb.Helper()
	ts, st, _ := openServer(tb, filepath.Join("..", "..", "data"))
	return ts, st.Corpus()
}

// openServer serves dir with writes enabled; tokens live in a temp dir.
func openServer(tb testing.TB, dir string) (*httptest.Server, *corpus.Store, *token.Store) {
	tb.Helper()
	return openServerWith(tb, dir, server.Options{})
}

func openServerWith(tb testing.TB, dir string, opts server.Options) (*httptest.Server, *corpus.Store, *token.Store) {
	tb.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	opts.Logger = log
	ix, err := index.Open(context.Background(), tb.TempDir(), index.Options{Logger: log})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	sync := func(ctx context.Context, c *corpus.Corpus) error {
		_, err := ix.Sync(ctx, index.Source{Fingerprint: c.Fingerprint, Studies: c.Studies, Topics: c.Topics, Intents: c.Intents})
		return err
	}
	st, err := corpus.OpenStore(tb.Context(), dir, corpus.StoreOptions{AfterWrite: sync})
	if err != nil {
		tb.Fatal(err)
	}
	if err := sync(context.Background(), st.Corpus()); err != nil {
		tb.Fatal(err)
	}
	tokens := token.Open(filepath.Join(tb.TempDir(), "tokens.json"))
	s, err := server.New(st, ix, tokens, opts)
	if err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	tb.Cleanup(ts.Close)
	return ts, st, tokens
}

func get(t *testing.T, ts *httptest.Server, path string) (int, http.Header, []byte) {
	t.Helper()
	resp, err := http.Get(ts.URL + path)
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

type searchResp struct {
	Query string `json:"query"`
	Total int    `json:"total"`
	Page  int    `json:"page"`
	Size  int    `json:"size"`
	Hits  []struct {
		ID        string `json:"id"`
		SourceURL string `json:"source_url"`
		URL       string `json:"url"`
		Snippet   string `json:"snippet"`
		DOI       string `json:"doi"`
	} `json:"hits"`
	Facets map[string][]struct {
		Value string
		Count int
	} `json:"facets"`
	Suggestion *string `json:"suggestion"`
}

type errorResp struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func searchAPI(t *testing.T, ts *httptest.Server, params string) searchResp {
	t.Helper()
	code, h, body := get(t, ts, "/api/v1/search?"+params)
	if code != 200 {
		t.Fatalf("search %s: status %d: %s", params, code, body)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	var r searchResp
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSearchAPI(t *testing.T) {
	ts, _ := MustOpenServer(t)

	t.Run("hits link to the original over https", func(t *testing.T) {
		r := searchAPI(t, ts, "q="+url.QueryEscape("earned security"))
		if r.Total == 0 || len(r.Hits) == 0 {
			t.Fatal("no hits for earned security")
		}
		withSource := 0
		for _, h := range r.Hits {
			if h.DOI != "" && h.SourceURL != "https://doi.org/"+h.DOI {
				t.Errorf("%s: source_url %q, want https://doi.org/%s", h.ID, h.SourceURL, h.DOI)
			}
			if h.SourceURL != "" {
				withSource++
				if !strings.HasPrefix(h.SourceURL, "https://") {
					t.Errorf("%s: source_url %q is not https", h.ID, h.SourceURL)
				}
			}
			if h.URL != "/studies/"+h.ID {
				t.Errorf("%s: url %q", h.ID, h.URL)
			}
		}
		if withSource == 0 {
			t.Error("no hit has a source link")
		}
		if len(r.Facets["topics"]) == 0 || len(r.Facets["design"]) == 0 || len(r.Facets["year"]) == 0 {
			t.Errorf("facets missing: %v", r.Facets)
		}
	})

	t.Run("AAI and its spelled-out form find the same studies", func(t *testing.T) {
		a := searchAPI(t, ts, "q=AAI&size=100")
		b := searchAPI(t, ts, "q="+url.QueryEscape("adult attachment interview")+"&size=100")
		if a.Total == 0 || a.Total != b.Total {
			t.Errorf("AAI: %d, adult attachment interview: %d", a.Total, b.Total)
		}
	})

	t.Run("a typo is answered and corrected", func(t *testing.T) {
		r := searchAPI(t, ts, "q="+url.QueryEscape("erned securty"))
		if r.Suggestion == nil || *r.Suggestion != "earned security" {
			t.Errorf("suggestion = %v, want earned security", r.Suggestion)
		}
		if r.Total == 0 {
			t.Error("no hits for the misspelt query")
		}
	})

	t.Run("size is capped and deep pages are empty", func(t *testing.T) {
		r := searchAPI(t, ts, "size=1000")
		if r.Size != 100 {
			t.Errorf("size = %d, want the cap 100", r.Size)
		}
		r = searchAPI(t, ts, "q=attachment&page=50")
		if len(r.Hits) != 0 || r.Page != 50 {
			t.Errorf("page 50: %d hits", len(r.Hits))
		}
	})
}

func TestSearchAPIErrors(t *testing.T) {
	ts, _ := MustOpenServer(t)
	tests := []struct {
		params, want string
		status       int
	}{
		{"q=" + url.QueryEscape("title:(attachment"), "unbalanced parenthesis", 400},
		{"q=" + url.QueryEscape(`"open`), "unbalanced quote", 400},
		{"q=" + url.QueryEscape("*tach"), "wildcard", 400},
		{"q=" + url.QueryEscape("colour:red"), "unknown field", 400},
		{"page=abc", "page", 400},
		{"sort=random", "sort", 400},
		{"q=%00nul", "control characters", 400},
		{"q=%ff%fe", "UTF-8", 400},
		{"year_from=2010&year_to=2000", "after", 400},
	}
	for _, tt := range tests {
		code, _, body := get(t, ts, "/api/v1/search?"+tt.params)
		var e errorResp
		if err := json.Unmarshal(body, &e); err != nil {
			t.Fatalf("%s: not JSON: %s", tt.params, body)
		}
		if code != tt.status || e.Error.Code != "invalid" || !strings.Contains(e.Error.Message, tt.want) {
			t.Errorf("%s: %d %+v, want %d with %q", tt.params, code, e.Error, tt.status, tt.want)
		}
	}
	if code, _, body := get(t, ts, "/api/v1/search?q="+url.QueryEscape("title:(attachment")); code == 400 && !strings.Contains(string(body), "character 7") {
		t.Errorf("the error does not point at the parenthesis: %s", body)
	}
}

func TestStudyAPI(t *testing.T) {
	ts, c := MustOpenServer(t)
	code, _, body := get(t, ts, "/api/v1/studies/roisman-2002-earned-secure")
	if code != 200 {
		t.Fatalf("status %d", code)
	}
	var st struct {
		ID       string                  `json:"id"`
		DOI      string                  `json:"doi"`
		Links    struct{ Source string } `json:"links"`
		Findings []struct{ ID string }   `json:"findings"`
	}
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatal(err)
	}
	if st.Links.Source != "https://doi.org/10.1111/1467-8624.00467" || len(st.Findings) == 0 {
		t.Errorf("got %+v", st)
	}
	var draft string
	for _, s := range c.Studies {
		if s.Status == "draft" {
			draft = s.ID
			break
		}
	}
	for _, id := range []string{"no-such-study", draft, "..%2f..%2fetc"} {
		code, _, body := get(t, ts, "/api/v1/studies/"+id)
		var e errorResp
		_ = json.Unmarshal(body, &e)
		if code != 404 || e.Error.Code != "not_found" {
			t.Errorf("%s: %d %s, want a JSON 404", id, code, body)
		}
	}
}

func TestTopicsAndClaimsAPI(t *testing.T) {
	ts, c := MustOpenServer(t)
	code, _, body := get(t, ts, "/api/v1/topics")
	var topics struct {
		Topics []struct {
			ID    string `json:"id"`
			Count int    `json:"count"`
		} `json:"topics"`
	}
	if err := json.Unmarshal(body, &topics); err != nil || code != 200 || len(topics.Topics) != len(c.Topics) {
		t.Fatalf("topics: %d %v (%d topics)", code, err, len(topics.Topics))
	}
	for _, cl := range c.Claims {
		code, _, body := get(t, ts, "/api/v1/claims/"+cl.ID)
		var got struct {
			Verdict   string `json:"verdict"`
			Rationale string `json:"rationale"`
			Evidence  []struct {
				Study     string                    `json:"study"`
				SourceURL string                    `json:"source_url"`
				Finding   struct{ ID, Text string } `json:"finding"`
			} `json:"evidence"`
		}
		if err := json.Unmarshal(body, &got); err != nil || code != 200 {
			t.Fatalf("claim %s: %d %v", cl.ID, code, err)
		}
		if got.Verdict == "" || got.Rationale == "" || len(got.Evidence) != len(cl.Evidence) {
			t.Errorf("claim %s: verdict %q, %d of %d findings", cl.ID, got.Verdict, len(got.Evidence), len(cl.Evidence))
		}
		for _, e := range got.Evidence {
			if e.Finding.Text == "" || e.Study == "" {
				t.Errorf("claim %s: evidence without its finding or study: %+v", cl.ID, e)
			}
		}
	}
}

func TestPages(t *testing.T) {
	ts, _ := MustOpenServer(t)
	tests := []struct {
		path   string
		status int
		want   []string
	}{
		{"/", 200, []string{"<form", "Questions people ask"}},
		{"/search?q=" + url.QueryEscape("earned security"), 200, []string{"<mark>", "https://doi.org/10.1111/1467-8624.00467", "/studies/roisman-2002-earned-secure"}},
		{"/search?q=" + url.QueryEscape("title:(attachment"), 400, []string{"unbalanced parenthesis"}},
		{"/search?q=" + url.QueryEscape("<script>alert(1)</script>"), 200, []string{"&lt;script&gt;"}},
		{"/studies/verhage-2016-narrowing-transmission-gap", 200, []string{"Findings", `id="f1"`, "https://doi.org/"}},
		{"/topics/aai", 200, []string{"Adult Attachment Interview"}},
		// No link to the original (an unpublished manuscript has none): no invented link, but a way to look for it.
		{"/studies/george-kaplan-main-1996-aai-protocol", 200, []string{"No verified link to the original", "https://search.crossref.org/search/works?from_ui=yes&amp;q=Adult"}},
		{"/claims/earned-security-quarter-to-third", 200, []string{"unverifiable", "thomson-jaque-2017-aces-aai"}},
		{"/studies/nope", 404, []string{"Not found"}},
	}
	for _, tt := range tests {
		code, h, body := get(t, ts, tt.path)
		if code != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, code, tt.status)
		}
		if !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Errorf("%s: content type %q", tt.path, h.Get("Content-Type"))
		}
		for _, w := range tt.want {
			if !strings.Contains(string(body), w) {
				t.Errorf("%s: page lacks %q", tt.path, w)
			}
		}
		if strings.Contains(string(body), "<script>alert") {
			t.Errorf("%s: unescaped script in page", tt.path)
		}
	}
}

func TestStaticAssetsAreCacheable(t *testing.T) {
	ts, _ := MustOpenServer(t)
	_, _, page := get(t, ts, "/")
	i := strings.Index(string(page), "/static/")
	if i < 0 {
		t.Fatal("page links no static file")
	}
	href := string(page[i:])
	href = href[:strings.IndexByte(href, '"')]
	code, h, _ := get(t, ts, href)
	if code != 200 || !strings.Contains(h.Get("Cache-Control"), "immutable") {
		t.Errorf("%s: %d %q", href, code, h.Get("Cache-Control"))
	}
}

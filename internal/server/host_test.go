package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"litkb/internal/corpus"
	"litkb/internal/server"
)

// The Host header is the client's to choose: it must never become the
// address in a canonical link, permalink, JSON-LD, feed, sitemap,
// robots.txt, OpenSearch description, CSV or API answer.

const evil = "evil.example"

// hostGet asks ts for path as if it had been reached as host, with the
// forwarding headers a client can add at will.
func hostGet(t *testing.T, ts *httptest.Server, host, path string, hdr map[string]string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	for k, v := range hdr {
		req.Header.Set(k, v)
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
	return resp.StatusCode, resp.Header, string(b)
}

var forged = map[string]string{"X-Forwarded-Host": evil, "X-Forwarded-Proto": "https", "Forwarded": "host=" + evil}

// hostPaths are every route that writes a URL, from the bundled corpus;
// abs marks the documents that need absolute URLs.
func hostPaths(c *corpus.Corpus) []struct {
	path string
	abs  bool
} {
	id := "roisman-2002-earned-secure"
	st, _ := c.Study(id)
	f := st.Findings[0]
	return []struct {
		path string
		abs  bool
	}{
		{"/", false},
		{"/search?q=earned+security", false},
		{"/studies/" + id, false},
		{"/studies/" + id + "?cite=" + f.ID, false},
		{"/claims/" + c.Claims[0].ID, false},
		{"/topics/" + st.Topics[0], false},
		{"/constructs/" + f.Construct, false},
		{"/evidence?q=AAI", false},
		{"/help", false},
		{"/no-such-page", false},
		{"/robots.txt", false},
		{"/api/v1/search?q=attachment&size=1&cursor=", false},
		{"/api/v1/studies/" + id, false},
		{"/api/v1/studies/" + id + "/findings/" + f.ID + "/cite", false},
		{"/api/v1/findings?q=AAI", false},
		{"/api/v1/findings?q=AAI&format=csv", false},
		{"/feed.atom", true},
		{"/feed.atom?q=AAI", true},
		{"/sitemap.xml", true},
		{"/opensearch.xml", true},
	}
}

func noEvil(t *testing.T, path string, h http.Header, body string) {
	t.Helper()
	if strings.Contains(strings.ToLower(body), evil) {
		t.Errorf("%s: body names %s", path, evil)
	}
	for k, vs := range h {
		for _, v := range vs {
			if strings.Contains(strings.ToLower(v), evil) {
				t.Errorf("%s: header %s: %s", path, k, v)
			}
		}
	}
}

func TestHostHeaderWithoutBaseURL(t *testing.T) {
	ts, store, _ := openServerWith(t, filepath.Join("..", "..", "data"), server.Options{})
	for _, p := range hostPaths(store.Corpus()) {
		t.Run(p.path, func(t *testing.T) {
			code, h, body := hostGet(t, ts, evil, p.path, forged)
			noEvil(t, p.path, h, body)
			switch {
			case p.abs:
				if code != http.StatusServiceUnavailable || !strings.Contains(body, "base_url") {
					t.Errorf("%d, want 503 telling the operator to set base_url:\n%.300s", code, body)
				}
			case p.path == "/no-such-page":
				if code != http.StatusNotFound {
					t.Errorf("%d, want 404", code)
				}
			case code != http.StatusOK:
				t.Errorf("%d, want 200:\n%.300s", code, body)
			}
			if abs := regexp.MustCompile(`https?://(127\.0\.0\.1|localhost)`).FindString(body); abs != "" {
				t.Errorf("an unknown host got the absolute URL %s", abs)
			}
		})
	}
	// What the pages say instead: the same links, relative.
	id := "roisman-2002-earned-secure"
	_, _, page := hostGet(t, ts, evil, "/studies/"+id, nil)
	for _, want := range []string{
		`<link rel="canonical" href="/studies/` + id + `">`,
		`<meta name="citation_abstract_html_url" content="/studies/` + id + `">`,
		`"@id":"/studies/` + id + `#work"`,
		`class="permalink" href="/studies/` + id + `"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("study page lacks %s", want)
		}
	}
	_, h, _ := hostGet(t, ts, evil, "/api/v1/search?q=attachment&size=1&cursor=", nil)
	if l := h.Get("Link"); !strings.HasPrefix(l, "</api/v1/search?") {
		t.Errorf("Link %q, want a relative next link", l)
	}
	if _, _, robots := hostGet(t, ts, evil, "/robots.txt", nil); strings.Contains(robots, "Sitemap:") || !strings.Contains(robots, "Disallow: /api/") {
		t.Errorf("robots.txt for an unknown host:\n%s", robots)
	}
}

func TestBaseURLMakesEveryAbsoluteURL(t *testing.T) {
	const base = "https://kb.example.org"
	ts, store, _ := openServerWith(t, filepath.Join("..", "..", "data"), server.Options{BaseURL: base + "/"})
	self := strings.TrimPrefix(ts.URL, "http://")
	absURL := regexp.MustCompile(`https?://[^\s"'<>\\]+`)
	for _, host := range []string{evil, self, "localhost"} {
		for _, p := range hostPaths(store.Corpus()) {
			t.Run(host+p.path, func(t *testing.T) {
				code, h, body := hostGet(t, ts, host, p.path, forged)
				noEvil(t, p.path, h, body)
				if code != http.StatusOK && p.path != "/no-such-page" {
					t.Errorf("%d:\n%.300s", code, body)
				}
				for _, u := range absURL.FindAllString(body, -1) {
					pu, err := url.Parse(u)
					if err == nil && (pu.Hostname() == "127.0.0.1" || pu.Hostname() == "localhost" || pu.Scheme == "http" && pu.Host == "kb.example.org") {
						t.Errorf("absolute URL %s does not start with %s", u, base)
					}
				}
			})
		}
	}
	id := "roisman-2002-earned-secure"
	for path, want := range map[string][]string{
		"/studies/" + id: {`<link rel="canonical" href="` + base + `/studies/` + id + `">`, `"@id":"` + base + `/studies/` + id + `#work"`,
			`"mainEntityOfPage":"` + base + `/studies/` + id + `"`},
		"/robots.txt":     {"Sitemap: " + base + "/sitemap.xml\n"},
		"/opensearch.xml": {`template="` + base + `/search?q={searchTerms}"`, `template="` + base + `/api/v1/search?q={searchTerms}"`},
		"/feed.atom":      {`<id>` + base + `/feed.atom</id>`, `<id>` + base + `/studies/`, `href="` + base + `/studies/`},
		"/sitemap.xml":    {`<loc>` + base + `/</loc>`, `<loc>` + base + `/studies/` + id + `</loc>`},
		"/search?q=AAI":   {`<link rel="canonical" href="` + base + `/search?q=AAI">`},
	} {
		_, _, body := hostGet(t, ts, evil, path, nil)
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %s", path, w)
			}
		}
	}
	// Every location in the sitemap and every id in the feed starts with it.
	for path, re := range map[string]*regexp.Regexp{"/sitemap.xml": regexp.MustCompile(`<loc>([^<]*)</loc>`), "/feed.atom": regexp.MustCompile(`<id>([^<]*)</id>`)} {
		_, _, body := hostGet(t, ts, evil, path, nil)
		ms := re.FindAllStringSubmatch(body, -1)
		if len(ms) < 2 {
			t.Errorf("%s: %d URLs", path, len(ms))
		}
		for _, m := range ms {
			if !strings.HasPrefix(m[1], base+"/") {
				t.Errorf("%s: %s does not start with %s", path, m[1], base)
			}
		}
	}
}

// TestAllowedHosts: without base_url, an allowed Host (any port, or the
// one port listed) gives absolute URLs on that host; forwarded headers
// count only from a trusted proxy, and X-Forwarded-Host never.
func TestAllowedHosts(t *testing.T) {
	path := "/studies/roisman-2002-earned-secure"
	canonical := func(origin string) string { return `<link rel="canonical" href="` + origin + path + `">` }
	ts, _, _ := openServerWith(t, filepath.Join("..", "..", "data"), server.Options{})
	self := strings.TrimPrefix(ts.URL, "http://")
	for _, tt := range []struct {
		host string
		hdr  map[string]string
		want string
	}{
		{self, forged, canonical("http://" + self)}, // the forged proto comes from no trusted proxy
		{"localhost:9999", nil, canonical("http://localhost:9999")},
		{"LOCALHOST.", nil, canonical("http://localhost")},
		{"[::1]:8080", nil, canonical("http://[::1]:8080")},
		{"localhost.evil.example", nil, canonical("")},
		{"127.0.0.1.evil.example:80", nil, canonical("")},
		{"localhost:http", nil, canonical("")},
	} {
		if _, _, body := hostGet(t, ts, tt.host, path, tt.hdr); !strings.Contains(body, tt.want) {
			t.Errorf("Host %s: page lacks %s", tt.host, tt.want)
		}
	}

	ts, _, _ = openServerWith(t, filepath.Join("..", "..", "data"), server.Options{
		AllowedHosts:   []string{"kb.internal:8080", "127.0.0.1"},
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
	})
	for _, tt := range []struct {
		host string
		hdr  map[string]string
		want string
	}{
		{"kb.internal:8080", nil, canonical("http://kb.internal:8080")},
		{"kb.internal:8081", nil, canonical("")},
		{"localhost", nil, canonical("")}, // a list replaces the defaults
		{"127.0.0.1:1", forged, canonical("https://127.0.0.1:1")},
	} {
		_, _, body := hostGet(t, ts, tt.host, path, tt.hdr)
		if !strings.Contains(body, tt.want) {
			t.Errorf("Host %s: page lacks %s", tt.host, tt.want)
		}
		noEvil(t, path, nil, body)
	}
	if code, _, _ := hostGet(t, ts, "kb.internal:8080", "/sitemap.xml", nil); code != http.StatusOK {
		t.Errorf("sitemap for an allowed host: %d", code)
	}
}

func TestNewRefusesBadURLSettings(t *testing.T) {
	for _, o := range []server.Options{
		{BaseURL: "kb.example.org"}, {BaseURL: "https://kb.example.org/kb"}, {BaseURL: "https://kb.example.org/?x=1"},
		{BaseURL: "ftp://kb.example.org"}, {BaseURL: "https://u@kb.example.org"}, {AllowedHosts: []string{"https://kb.example.org"}},
	} {
		if _, err := server.New(nil, nil, nil, o); err == nil {
			t.Errorf("New(%+v) accepted it", o)
		}
	}
}

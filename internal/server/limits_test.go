package server_test

import (
	"compress/gzip"
	"encoding/json"
	"net/http"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"

	"litkb/internal/server"
)

func TestRateLimits(t *testing.T) {
	ts, _, tokens := openServerWith(t, copyData(t), server.Options{SearchRate: 1, WriteRate: 1})
	limited := 0
	for range 10 {
		code, h, _ := get(t, ts, "/api/v1/search?q=attachment")
		if code == 429 {
			limited++
			if h.Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
		}
	}
	if limited == 0 {
		t.Error("10 searches at once from one client at 1/s were all served")
	}
	cur, _ := tokens.Add("Ada", "curator")
	writes := 0
	for range 6 {
		code, _, _ := do(t, ts, "POST", "/api/v1/studies", cur, map[string]any{"title": "x"})
		if code == 429 {
			writes++
		}
	}
	if writes == 0 {
		t.Error("6 writes at once at 1/s were all let through")
	}
	// Writes without a token are refused before they count against anyone.
	if code, _, _ := do(t, ts, "POST", "/api/v1/studies", "", map[string]any{"title": "x"}); code != 401 {
		t.Errorf("no token: %d", code)
	}
}

func TestForwardedForOnlyFromTrustedProxies(t *testing.T) {
	ts, _, _ := openServerWith(t, filepath.Join("..", "..", "data"),
		server.Options{SearchRate: 1, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	// Through the trusted proxy, two different clients have their own limits.
	for _, client := range []string{"203.0.113.1", "203.0.113.2"} {
		req, _ := http.NewRequest("GET", ts.URL+"/api/v1/search?q=aai", nil)
		req.Header.Set("X-Forwarded-For", client)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("first search of %s: %d", client, resp.StatusCode)
		}
	}
}

func TestMetricsAndHeaders(t *testing.T) {
	ts, _ := MustOpenServer(t)
	get(t, ts, "/api/v1/search?q=aai")
	get(t, ts, "/studies/roisman-2002-earned-secure")
	code, h, body := get(t, ts, "/metrics")
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`litkb_http_requests_total{code="200",method="GET",route="/api/v1/search"}`,
		`litkb_http_requests_total{code="200",method="GET",route="/studies/{id}"}`,
		"litkb_search_duration_seconds_count", "litkb_studies ",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for k, want := range map[string]string{
		"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin",
		"Content-Security-Policy": "frame-ancestors 'none'", "Permissions-Policy": "camera=()",
	} {
		if !strings.Contains(h.Get(k), want) {
			t.Errorf("%s = %q, want %q", k, h.Get(k), want)
		}
	}
	if strings.Contains(h.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows inline script or style")
	}
}

func TestReadyz(t *testing.T) {
	ts, _ := MustOpenServer(t)
	code, _, body := get(t, ts, "/readyz")
	if code != 200 || !strings.Contains(string(body), `"index_in_sync": true`) || !strings.Contains(string(body), `"problems": []`) {
		t.Errorf("/readyz: %d %s", code, body)
	}
}

func TestAPIAnswersAreGzipped(t *testing.T) {
	ts, _ := MustOpenServer(t)
	req, _ := http.NewRequest("GET", ts.URL+"/api/v1/search?q=attachment", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req) // no transparent decompression
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var r struct{ Total int }
	if err := json.NewDecoder(zr).Decode(&r); err != nil || r.Total == 0 {
		t.Errorf("decoded %+v, %v", r, err)
	}
}

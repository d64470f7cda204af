package registry

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// scripted answers each request with the next of its steps.
type scripted struct {
	mu    sync.Mutex
	steps []func(http.ResponseWriter, *http.Request)
	paths []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.paths = append(s.paths, r.URL.EscapedPath())
	var step func(http.ResponseWriter, *http.Request)
	if len(s.steps) > 0 {
		step, s.steps = s.steps[0], s.steps[1:]
	}
	s.mu.Unlock()
	if step == nil {
		http.Error(w, "no more steps", http.StatusTeapot)
		return
	}
	step(w, r)
}

func status(code int, header ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
	}
}

func file(name string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		b, _ := os.ReadFile(name)
		_, _ = w.Write(b)
	}
}

func TestErrorPaths(t *testing.T) {
	const roisman = "testdata/crossref/roisman-2002.json"
	full, _ := os.ReadFile(roisman)
	tests := []struct {
		name    string
		steps   []func(http.ResponseWriter, *http.Request)
		opts    func(*Options)
		want    string   // error text, "" for success
		waits   []string // the waits between attempts
		retries int
	}{
		{name: "404", steps: steps(status(404)), want: "crossref: 10.1111/1467-8624.00467: not found (404)"},
		{name: "429 with Retry-After, then the work", steps: steps(status(429, "Retry-After", "7"), file(roisman)), waits: []string{"7s"}},
		{name: "500 then the work", steps: steps(status(500), file(roisman)), waits: []string{"500ms"}},
		{name: "503 every time", steps: steps(status(503), status(503), status(503), status(503)),
			want: "crossref: 10.1111/1467-8624.00467: answered 503 Service Unavailable", waits: []string{"500ms", "1s", "2s"}},
		{name: "Retry-After capped", steps: steps(status(429, "Retry-After", "3600"), file(roisman)), waits: []string{"1m0s"}},
		{name: "403 is final", steps: steps(status(403)), want: "crossref: 10.1111/1467-8624.00467: answered 403 Forbidden"},
		{name: "malformed JSON", steps: steps(func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"status": "ok", "message-type": "work", "message": {"title": [`))
		}),
			want: "crossref: 10.1111/1467-8624.00467: the answer is not Crossref JSON"},
		{name: "not a work", steps: steps(func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"status": "failed", "message-type": "validation-failure", "message": []}`))
		}),
			want: "crossref: 10.1111/1467-8624.00467: the answer is not a Crossref work"},
		{name: "wrong schema", steps: steps(func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"status": "ok", "message-type": "work", "message": {"title": 5}}`))
		}),
			want: "crossref: 10.1111/1467-8624.00467: the Crossref work does not follow its schema"},
		{name: "truncated body", steps: steps(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100000")
			_, _ = w.Write(full[:200])
		}), want: "crossref: 10.1111/1467-8624.00467: reading the answer: unexpected EOF"},
		{name: "oversized body", steps: steps(file(roisman)), opts: func(o *Options) { o.MaxBody = 256 },
			want: "crossref: 10.1111/1467-8624.00467: the answer is larger than 256 bytes; refused"},
		{name: "timeout", steps: steps(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }), opts: func(o *Options) { o.Timeout = 50 * time.Millisecond },
			want: "crossref: 10.1111/1467-8624.00467: no answer in time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(&scripted{steps: tt.steps})
			defer srv.Close()
			var waits []string
			o := Options{CrossrefURL: srv.URL, Rate: 1000, Now: fixedNow, Sleep: func(_ context.Context, d time.Duration) error {
				waits = append(waits, d.String())
				return nil
			}}
			if tt.opts != nil {
				tt.opts(&o)
			}
			rec, err := New(o).CrossrefWork(context.Background(), "10.1111/1467-8624.00467")
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("err = %v", err)
			case tt.want == "" && rec.Volume != "73":
				t.Errorf("record %+v", rec)
			case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
				t.Errorf("err = %v, want %q", err, tt.want)
			}
			if strings.Join(waits, " ") != strings.Join(tt.waits, " ") {
				t.Errorf("waits %v, want %v", waits, tt.waits)
			}
		})
	}
}

func steps(s ...func(http.ResponseWriter, *http.Request)) []func(http.ResponseWriter, *http.Request) {
	return s
}

func TestRefusedNamesTheService(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there now
	for _, tt := range []struct {
		call func(*Client) error
		want string
	}{
		{func(c *Client) error { _, err := c.CrossrefWork(context.Background(), "10.1/x"); return err }, "crossref: 10.1/x: "},
		{func(c *Client) error { _, err := c.PubMedRecord(context.Background(), "123"); return err }, "pubmed: 123: "},
		{func(c *Client) error { _, err := c.ContentNegotiation(context.Background(), "10.1/x"); return err }, "doi.org: 10.1/x: "},
	} {
		err := tt.call(New(Options{CrossrefURL: url, PubMedURL: url, DOIURL: url, Rate: 1000}))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || !strings.Contains(err.Error(), "refused") {
			t.Errorf("err = %v, want it to start %q and say refused", err, tt.want)
		}
	}
}

func TestCancelled(t *testing.T) {
	srv := httptest.NewServer(&scripted{steps: steps(status(503), status(503))})
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c := New(Options{CrossrefURL: srv.URL, Rate: 1000, Sleep: func(ctx context.Context, d time.Duration) error {
		cancel()
		return sleep(ctx, d)
	}})
	_, err := c.CrossrefWork(ctx, "10.1/x")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestDOIsAreEscaped(t *testing.T) {
	tests := []struct{ doi, path string }{
		{"10.1002/(SICI)1097-0355(199821)19:2<159::AID-IMHJ6>3.0.CO;2-Y", "/works/10.1002/%28SICI%291097-0355%28199821%2919:2%3C159::AID-IMHJ6%3E3.0.CO%3B2-Y"},
		{"10.1000/a b;c", "/works/10.1000/a%20b%3Bc"},
		{"10.1000/x?y#z", "/works/10.1000/x%3Fy%23z"},
	}
	for _, tt := range tests {
		s := &scripted{steps: steps(status(404))}
		srv := httptest.NewServer(s)
		_, _ = New(Options{CrossrefURL: srv.URL, Rate: 1000}).CrossrefWork(context.Background(), tt.doi)
		srv.Close()
		if len(s.paths) != 1 || s.paths[0] != tt.path {
			t.Errorf("%s: requested %v, want %s", tt.doi, s.paths, tt.path)
		}
	}
}

func TestRetryAfterDate(t *testing.T) {
	now := fixedNow()
	if d := retryAfter(now.Add(90*time.Second).Format(http.TimeFormat), now); d != 90*time.Second {
		t.Errorf("HTTP date: %v", d)
	}
	if d := retryAfter("soon", now); d != 0 {
		t.Errorf("garbage: %v", d)
	}
}

func TestMalformedAnswers(t *testing.T) {
	esummary, _ := os.ReadFile("testdata/pubmed/lacour-esummary.json")
	tests := []struct {
		name string
		call func(*Client) error
		mux  map[string]string // path -> body
		want string
	}{
		{"efetch XML cut short", func(c *Client) error { _, err := c.PubMedRecord(context.Background(), "25504721"); return err },
			map[string]string{"/esummary.fcgi": string(esummary), "/efetch.fcgi": `<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>25504721</PMID>`},
			"pubmed: 25504721: the answer is not a PubmedArticleSet: XML syntax error"},
		{"efetch of another record", func(c *Client) error { _, err := c.PubMedRecord(context.Background(), "25504721"); return err },
			map[string]string{"/esummary.fcgi": string(esummary), "/efetch.fcgi": `<PubmedArticleSet></PubmedArticleSet>`},
			"pubmed: 25504721: not found"},
		{"esummary not JSON", func(c *Client) error { _, err := c.PubMedRecord(context.Background(), "25504721"); return err },
			map[string]string{"/esummary.fcgi": `<html>busy</html>`},
			"pubmed: 25504721: the answer is not esummary JSON"},
		{"CSL not JSON", func(c *Client) error { _, err := c.ContentNegotiation(context.Background(), "10.1/x"); return err },
			map[string]string{"/10.1/x": `<html>a landing page</html>`},
			"doi.org: 10.1/x: the answer is not CSL-JSON"},
		{"CSL without title or DOI", func(c *Client) error { _, err := c.ContentNegotiation(context.Background(), "10.1/x"); return err },
			map[string]string{"/10.1/x": `{"type": "article-journal"}`},
			"doi.org: 10.1/x: the answer is not a CSL-JSON item"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, ok := tt.mux[r.URL.Path]
				if !ok {
					http.NotFound(w, r)
					return
				}
				_, _ = w.Write([]byte(body))
			}))
			defer srv.Close()
			err := tt.call(New(Options{PubMedURL: srv.URL, DOIURL: srv.URL, Rate: 1000}))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

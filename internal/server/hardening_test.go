package server_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// liveness bounds every wait below: a refusal that has not arrived by then
// is stuck behind the body, not slow.
const liveness = 10 * time.Second

// TestAuthBeforeBody sends writes whose body never finishes, without a
// token or with a wrong one: the refusal must arrive while the client still
// holds the body open, and the server must not keep the connection to read
// the rest.
func TestAuthBeforeBody(t *testing.T) {
	ts, _ := MustOpenServer(t)
	for _, tc := range []struct {
		name, method, path, auth, ctype string
		want                            int
	}{
		{"create without token", "POST", "/api/v1/studies", "", "application/json", http.StatusUnauthorized},
		{"create with wrong token", "POST", "/api/v1/studies", "Bearer lk_wrong", "application/json", http.StatusUnauthorized},
		{"update with wrong scheme", "PUT", "/api/v1/studies/roisman-2002-earned-secure", "Basic YTpi", "application/json", http.StatusUnauthorized},
		{"import without token", "POST", "/api/v1/import", "", "application/x-bibtex", http.StatusUnauthorized},
		{"curator form without session", "POST", "/curate/new", "", "application/x-www-form-urlencoded", http.StatusSeeOther},
	} {
		t.Run(tc.name+"/chunked", func(t *testing.T) {
			pr, pw := io.Pipe()
			defer pw.Close() // only after the answer: the body stays open until then
			go func() { _, _ = pw.Write([]byte(`{"title": "a slow`)) }()
			req, _ := http.NewRequest(tc.method, ts.URL+tc.path, pr)
			req.Header.Set("Content-Type", tc.ctype)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			type answer struct {
				resp *http.Response
				err  error
			}
			done := make(chan answer, 1)
			go func() {
				resp, err := client.Do(req)
				done <- answer{resp, err}
			}()
			var resp *http.Response
			select {
			case a := <-done:
				if a.err != nil {
					t.Fatalf("no answer while the body was open: %v", a.err)
				}
				resp = a.resp
			case <-time.After(liveness):
				// A request context would not help: the client waits for its
				// body writer, which is blocked on the pipe.
				pw.CloseWithError(errors.New("gave up"))
				t.Fatalf("no answer within %s while the body was open", liveness)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.want)
			}
			if tc.want == http.StatusUnauthorized && resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("a 401 without WWW-Authenticate")
			}
		})
		t.Run(tc.name+"/short content-length", func(t *testing.T) {
			resp, closed := rawSlowWrite(t, ts.URL, tc.method, tc.path, tc.auth, tc.ctype)
			if resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.want)
			}
			if !resp.Close {
				t.Error("the refusal does not say Connection: close")
			}
			if !closed {
				t.Error("the server kept the connection open to read the refused body")
			}
		})
	}
}

// rawSlowWrite declares a 64 KiB body on a raw connection, sends a few
// bytes of it and reads the answer; closed reports whether the server then
// closed the connection (EOF or reset) within the liveness bound.
func rawSlowWrite(t *testing.T, base, method, path, auth, ctype string) (resp *http.Response, closed bool) {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := net.DialTimeout("tcp", u.Host, liveness)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(liveness))
	head := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: 65536\r\n", method, path, u.Host, ctype)
	if auth != "" {
		head += "Authorization: " + auth + "\r\n"
	}
	if _, err := io.WriteString(conn, head+"\r\n"+`{"title": "a slow`); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	resp, err = http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no answer while the body was open: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	_, err = br.ReadByte()
	closed = err != nil && !errors.Is(err, os.ErrDeadlineExceeded)
	return resp, closed
}

// TestCSPForbidsPlugins checks the policy on pages and API answers alike.
func TestCSPForbidsPlugins(t *testing.T) {
	ts, _ := MustOpenServer(t)
	for _, path := range []string{"/", "/api/v1/search?q=aai", "/curate/sign-in", "/no-such-page"} {
		_, h, _ := get(t, ts, path)
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"object-src 'none'", "default-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
	}
}

package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"litkb/internal/corpus"
	"litkb/internal/study"
)

// The cluster of replica_test.go: servers run from the real binary, and
// what the test asks of them and of git.

// postSync posts a webhook body signed with secret.
func postSync(t *testing.T, base, secret, body string) (*http.Response, string) {
	t.Helper()
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	req, err := http.NewRequest("POST", base+"/api/v1/sync", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// node is one litkb server of the cluster.
type node struct {
	name, data, state, url string
	args, env              []string
	logs                   *syncBuffer
	kill, term             func()
}

// stop ends the server as systemd does, with SIGTERM, and waits for it.
func (n *node) stop(t *testing.T) {
	t.Helper()
	done := make(chan struct{})
	go func() { n.term(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not stop on SIGTERM", n.name)
	}
}

// start runs the binary on a free port until it answers /healthz; its
// logs (kept across restarts) are in n.logs.
func (n *node) start(t *testing.T, bin string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	args := append([]string{"serve", "--addr", addr, "--data", n.data, "--state", n.state}, n.args...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "LITKB_WRITE_RATE=0", "LITKB_SEARCH_RATE=0")
	cmd.Env = append(cmd.Env, n.env...)
	if n.logs == nil {
		n.logs = &syncBuffer{}
	}
	cmd.Stdout, cmd.Stderr = n.logs, n.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	n.url = "http://" + addr
	n.kill = func() { _ = cmd.Process.Kill(); <-exited }
	n.term = func() { _ = cmd.Process.Signal(syscall.SIGTERM); <-exited }
	t.Cleanup(n.kill)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-exited:
			t.Fatalf("%s exited:\n%s", n.name, n.logs.String())
		default:
		}
		if resp, err := http.Get(n.url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
	}
	t.Fatalf("%s did not start:\n%s", n.name, n.logs.String())
}

// syncBuffer is a log buffer written by a process and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string { return b.From(0) }

func (b *syncBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

// From is what was written from offset on.
func (b *syncBuffer) From(offset int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf.Bytes()[offset:])
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Hand", "-c", "user.email=hand@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return strings.TrimSpace(string(out))
}

// waitFor polls cond until it holds; past a generous deadline the test fails.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting until %s", what)
}

// waitSameCommit waits until every node serves origin's head, in /readyz
// and in the X-Litkb-Commit header, and returns it.
func waitSameCommit(t *testing.T, origin string, nodes []*node) string {
	t.Helper()
	var head string
	waitFor(t, "every server serves origin's head", func() bool {
		head = git(t, origin, "rev-parse", "main")
		for _, n := range nodes {
			resp, _ := request(t, "GET", n.url+"/healthz", "", "")
			if servedCommit(t, n.url) != head || resp.Header.Get("X-Litkb-Commit") != head {
				return false
			}
		}
		return true
	})
	return head
}

func readyz(t *testing.T, base string) string {
	t.Helper()
	_, body := request(t, "GET", base+"/readyz", "", "")
	return body
}

// servedCommit is the commit /readyz reports.
func servedCommit(t *testing.T, base string) string {
	t.Helper()
	_, body := request(t, "GET", base+"/readyz", "", "")
	var r struct{ Git struct{ Commit string } }
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("readyz: %v: %s", err, body)
	}
	return r.Git.Commit
}

func request(t *testing.T, method, u, tok, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// createPublishable creates a draft that can be published: a bundled
// study's content under a new title holding word, without its
// identifiers (they belong to that work).
func createPublishable(t *testing.T, base, tok, word string) string {
	t.Helper()
	_, body := request(t, "GET", base+"/api/v1/studies/allen-2004-adolescent-stability-change", "", "")
	var st map[string]any
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "links", "doi", "pmid", "pmcid", "isbn", "status", "url"} {
		delete(st, k)
	}
	st["title"] = "Replication test " + word
	b, _ := json.Marshal(st)
	resp, out := request(t, "POST", base+"/api/v1/studies?confirm=true", tok, string(b))
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, out)
	}
	var created struct{ ID string }
	_ = json.Unmarshal([]byte(out), &created)
	return created.ID
}

func publishStudy(t *testing.T, base, tok, id string) {
	t.Helper()
	if resp, out := request(t, "POST", base+"/api/v1/studies/"+id+"/publish", tok, ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("publish: %d %s", resp.StatusCode, out)
	}
}

// findsPublic reports whether a public search for word lists id.
func findsPublic(base, word, id string) bool {
	resp, err := http.Get(base + "/api/v1/search?q=" + url.QueryEscape(word))
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var r struct{ Hits []struct{ ID string } }
	_ = json.NewDecoder(resp.Body).Decode(&r)
	for _, h := range r.Hits {
		if h.ID == id {
			return true
		}
	}
	return false
}

func editFile(t *testing.T, path, from, to string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(from)) {
		t.Fatalf("%s does not hold %q", path, from)
	}
	if err := os.WriteFile(path, bytes.ReplaceAll(b, []byte(from), []byte(to)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func loadStudy(t *testing.T, data, id string) study.Study {
	t.Helper()
	c, err := corpus.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	st, ok := c.Study(id)
	if !ok {
		t.Fatalf("%s not in %s", id, data)
	}
	return *st
}

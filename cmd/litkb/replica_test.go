package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"litkb/internal/corpus"
	"litkb/internal/gitrepo"
	"litkb/internal/study"
)

// The replica tests run the real binary: a primary that commits, pushes
// and follows, and two replicas that follow, over a bare repository on
// disk standing for origin, all on loopback.

const followEvery = 200 * time.Millisecond

// TestReplicasFollowThePrimary walks the acceptance of replication in one
// cluster (each step leaves the state the next starts from): a published
// study reaches both replicas; a hand commit pushed to origin reaches all;
// an invalid commit is refused with the file named, and a fix moves them
// on; a replica killed while it applies a commit restarts consistent and
// catches up; a primary killed between a write's acknowledgement and its
// commit commits and pushes it after a restart.
func TestReplicasFollowThePrimary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs the git command line")
	}
	tmp := t.TempDir()
	bin := buildBinary(t, tmp)
	origin := filepath.Join(tmp, "origin.git")
	git(t, tmp, "init", "--quiet", "--bare", "--initial-branch=main", origin)
	seed := filepath.Join(tmp, "seed")
	if err := os.CopyFS(seed, os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	git(t, seed, "init", "--quiet", "--initial-branch=main")
	git(t, seed, "add", "-A")
	git(t, seed, "commit", "--quiet", "-m", "the corpus")
	git(t, seed, "remote", "add", "origin", origin)
	git(t, seed, "push", "--quiet", "origin", "main")

	nodes := map[string]*node{}
	for _, name := range []string{"primary", "replica1", "replica2"} {
		dir := filepath.Join(tmp, name)
		git(t, tmp, "clone", "--quiet", origin, filepath.Join(dir, "data"))
		nodes[name] = &node{name: name, data: filepath.Join(dir, "data"), state: filepath.Join(dir, "state")}
	}
	p, r1, r2 := nodes["primary"], nodes["replica1"], nodes["replica2"]
	t.Cleanup(func() { // what each server said, when something failed
		if t.Failed() {
			for _, n := range []*node{p, r1, r2} {
				if n.logs != nil {
					var keep []string
					for _, l := range strings.Split(n.logs.String(), "\n") {
						if !strings.Contains(l, "msg=request") {
							keep = append(keep, l)
						}
					}
					t.Logf("%s's log but requests, the end:\n%s", n.name, strings.Join(keep[max(0, len(keep)-40):], "\n"))
				}
			}
		}
	})
	tok := addToken(t, bin, p.data, p.state)
	p.args = []string{"--git-commit", "--git-push", "origin", "--follow", "origin", "--follow-interval", followEvery.String()}
	p.start(t, bin)
	for _, r := range []*node{r1, r2} {
		r.args = []string{"--follow", "origin", "--follow-interval", followEvery.String(), "--primary-url", p.url}
		r.env = []string{"LITKB_SYNC_SECRET=s3cret"}
		r.start(t, bin)
	}
	all := []*node{p, r1, r2}

	// A study created and published on the primary is found on both replicas.
	id := createPublishable(t, p.url, tok, "zyxprimaryword")
	// The create is a commit of its own once origin has it (two saves of
	// one study before its first commit share one).
	waitFor(t, "origin has the create", func() bool { return git(t, origin, "log", "-1", "--format=%s", "main") == "create "+id })
	publishStudy(t, p.url, tok, id)
	acked := time.Now()
	for _, r := range []*node{r1, r2} {
		waitFor(t, r.name+" finds the published study", func() bool { return findsPublic(r.url, "zyxprimaryword", id) })
		lag := time.Since(acked)
		t.Logf("%s found the study %v after the publish was acknowledged (follow_interval %v; within 2x: %v)", r.name, lag.Round(time.Millisecond), followEvery, lag <= 2*followEvery)
	}
	head := waitSameCommit(t, origin, all)
	if got := git(t, origin, "log", "-2", "--format=%an <%ae>|%s", head); got != "tester <tester@litkb.invalid>|publish "+id+"\ntester <tester@litkb.invalid>|create "+id {
		t.Errorf("origin's last two commits are\n%s\nwant the create and the publish of %s by tester", got, id)
	}
	if files := git(t, origin, "show", "--name-only", "--format=", head); files != "history/"+id+".jsonl\nstudies/"+id+".toml" {
		t.Errorf("the publish commit holds\n%s\nwant the study's file and its history", files)
	}

	// /metrics says how far each is from origin.
	for _, n := range []*node{p, r1} {
		_, m := request(t, "GET", n.url+"/metrics", "", "")
		for _, want := range []string{"litkb_git_commits_ahead_of_origin 0", "litkb_git_behind_origin 0", "litkb_git_refused 0"} {
			if !strings.Contains(m, want) {
				t.Errorf("%s /metrics lacks %q", n.name, want)
			}
		}
	}

	// A replica takes no writes: the API names the primary, pages go there.
	resp, body := request(t, "POST", r1.url+"/api/v1/studies", tok, `{}`)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, p.url) {
		t.Errorf("a write to a replica: %d %s; want 503 naming the primary %s", resp.StatusCode, body, p.url)
	}
	resp, _ = request(t, "GET", r1.url+"/curate/drafts?x=1", "", "")
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != p.url+"/curate/drafts?x=1" {
		t.Errorf("a curator page on a replica: %d to %q; want 303 to the primary", resp.StatusCode, loc)
	}

	// A commit pushed to origin by hand (a merged pull request) reaches all.
	hand := filepath.Join(tmp, "hand")
	git(t, tmp, "clone", "--quiet", origin, hand)
	editFile(t, filepath.Join(hand, "studies", id+".toml"), "zyxprimaryword", "zyxhandword")
	git(t, hand, "commit", "--quiet", "-am", "a merged pull request")
	git(t, hand, "push", "--quiet", "origin", "main")
	for _, n := range all {
		waitFor(t, n.name+" serves the hand commit", func() bool { return findsPublic(n.url, "zyxhandword", id) })
	}
	good := waitSameCommit(t, origin, all)

	// An invalid study pushed to origin is not applied, and /readyz names it;
	// a fixing commit moves every server on.
	bad := filepath.Join(hand, "studies", "bad-2024-broken.toml")
	if err := os.WriteFile(bad, []byte("id = \"bad-2024-broken\"\ntitle = 12\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, hand, "add", "-A")
	git(t, hand, "commit", "--quiet", "-m", "an invalid study")
	git(t, hand, "push", "--quiet", "origin", "main")
	for _, n := range all {
		waitFor(t, n.name+" refuses the invalid commit", func() bool {
			return strings.Contains(readyz(t, n.url), "bad-2024-broken.toml")
		})
		if got := servedCommit(t, n.url); got != good {
			t.Errorf("%s serves %s after refusing; want the last good commit %s", n.name, got, good)
		}
		if _, m := request(t, "GET", n.url+"/metrics", "", ""); !strings.Contains(m, "litkb_git_refused 1") {
			t.Errorf("%s /metrics does not report the refused commit", n.name)
		}
		if !strings.Contains(n.logs.String(), "bad-2024-broken.toml") {
			t.Errorf("%s did not log the bad file", n.name)
		}
	}
	git(t, hand, "rm", "--quiet", "studies/bad-2024-broken.toml")
	git(t, hand, "commit", "--quiet", "-m", "remove the invalid study")
	git(t, hand, "push", "--quiet", "origin", "main")
	fixed := waitSameCommit(t, origin, all)
	if fixed == good {
		t.Fatal("the fixing commit was not applied")
	}
	for _, n := range all {
		if s := readyz(t, n.url); strings.Contains(s, "bad-2024-broken") {
			t.Errorf("%s still reports the invalid file after the fix: %s", n.name, s)
		}
	}

	// A replica killed while it applies a commit restarts consistent and
	// catches up. Each round changes 300 studies and kills replica2 at a
	// later point of its apply (checking, patching, fast-forwarding, indexing).
	st := loadStudy(t, p.data, id)
	for round, delay := range []time.Duration{0, 250 * time.Millisecond, 800 * time.Millisecond} {
		for i := range 300 {
			b := st
			b.ID, b.Title = fmt.Sprintf("bulk-2024-%03d", i), fmt.Sprintf("Bulk study zyxbulkword number %d round %d", i, round)
			data, err := study.EncodeStudy(b)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(hand, "studies", b.ID+".toml"), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		git(t, hand, "pull", "--quiet", "--ff-only")
		git(t, hand, "add", "-A")
		git(t, hand, "commit", "--quiet", "-m", fmt.Sprintf("300 studies, round %d", round))
		before := git(t, r2.data, "rev-parse", "HEAD")
		mark := r2.logs.Len()
		git(t, hand, "push", "--quiet", "origin", "main")
		waitFor(t, "replica2 starts applying", func() bool { return strings.Contains(r2.logs.From(mark), "applying origin's commit") })
		time.Sleep(delay)
		r2.kill()
		t.Logf("round %d: replica2 killed %v into an apply; its folder then: HEAD moved %v, %d changed files", round, delay,
			git(t, r2.data, "rev-parse", "HEAD") != before, strings.Count(git(t, r2.data, "status", "--porcelain", "-z")+"\x00", "\x00")-1)
		r2.start(t, bin)
		if got, h := servedCommit(t, r2.url), git(t, r2.data, "rev-parse", "HEAD"); got != h {
			t.Errorf("replica2 restarted serving %s, its folder is at %s", got, h)
		}
		waitSameCommit(t, origin, all)
		phrase := fmt.Sprintf(`"zyxbulkword number 299 round %d"`, round)
		waitFor(t, "replica2 finds the bulk studies", func() bool { return findsPublic(r2.url, phrase, "bulk-2024-299") })
		if s := git(t, r2.data, "status", "--porcelain"); s != "" {
			t.Errorf("replica2's folder differs from its commit:\n%s", s)
		}
	}
	if m := regexp.MustCompile(`applied origin's commit.*files=300 took=(\S+ checking=\S+)`).FindStringSubmatch(r1.logs.String()); m != nil {
		t.Logf("replica1 applied a commit of 300 changed studies in %s", m[1])
	}

	// A primary killed between a write's acknowledgement and its commit
	// commits and pushes the write after a restart.
	p.kill()
	p.env = []string{gitrepo.HoldCommitsEnv + "=1"}
	p.start(t, bin)
	before := git(t, origin, "rev-parse", "main")
	held := createPublishable(t, p.url, tok, "zyxheldword")
	if got := git(t, origin, "rev-parse", "main"); got != before {
		t.Fatalf("origin moved to %s while commits were held", got)
	}
	p.kill()
	p.env = nil
	p.start(t, bin)
	waitFor(t, "the held write reaches origin", func() bool {
		return git(t, origin, "log", "--format=%s", "main", "--", "studies/"+held+".toml") != ""
	})
	if s := git(t, origin, "log", "-1", "--format=%s", "main"); !strings.HasPrefix(s, "recovered") {
		t.Errorf("origin's last commit is %q; want the recovered one", s)
	}
	if !strings.Contains(p.logs.String(), "never committed") {
		t.Error("the primary did not log the recovery")
	}
	waitSameCommit(t, origin, all)

	// A pull request merged on origin while the primary writes: the
	// primary's push is refused, so it fetches at once, merges origin (the
	// files differ) and pushes the merge. Its own interval is an hour; the
	// signed webhook is checked on the way.
	p.kill()
	p.args = []string{"--git-commit", "--git-push", "origin", "--follow", "origin", "--follow-interval", "1h"}
	p.env = []string{"LITKB_SYNC_SECRET=s3cret"}
	p.start(t, bin)
	git(t, hand, "pull", "--quiet", "--ff-only")
	editFile(t, filepath.Join(hand, "studies", "bulk-2024-000.toml"), "zyxbulkword number 0", "zyxmergedword number 0")
	git(t, hand, "commit", "--quiet", "-am", "a pull request merged while the primary writes")
	git(t, hand, "push", "--quiet", "origin", "main")
	merged := git(t, hand, "rev-parse", "HEAD")
	local := createPublishable(t, p.url, tok, "zyxlocalword")
	waitFor(t, "the primary commits the write", func() bool {
		return git(t, p.data, "log", "-1", "--format=%s") == "create "+local
	})
	if resp, body := postSync(t, p.url, "wrong", "{}"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a sync request with a wrong signature: %d %s", resp.StatusCode, body)
	}
	if resp, body := postSync(t, p.url, "s3cret", `{"ref":"refs/heads/main"}`); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("a signed sync request: %d %s", resp.StatusCode, body)
	}
	head = waitSameCommit(t, origin, all)
	if err := exec.Command("git", "-C", origin, "merge-base", "--is-ancestor", merged, head).Run(); err != nil {
		t.Errorf("origin's head %s does not hold the merged pull request %s", head, merged)
	}
	if parents := strings.Fields(git(t, origin, "log", "-1", "--format=%p", head)); len(parents) != 2 {
		t.Errorf("origin's head %s has parents %v; want the primary's merge", head, parents)
	}
	for _, n := range all {
		if !findsPublic(n.url, "zyxmergedword", "bulk-2024-000") {
			t.Errorf("%s does not serve the merged pull request", n.name)
		}
		if _, err := os.Stat(filepath.Join(n.data, "studies", local+".toml")); err != nil {
			t.Errorf("%s does not have the primary's write (a draft): %v", n.name, err)
		}
	}

	// A primary stopped (SIGTERM) right after a write commits and pushes
	// it as its curator's before it exits.
	last := createPublishable(t, p.url, tok, "zyxlastword")
	p.stop(t)
	if got := git(t, origin, "log", "-1", "--format=%an|%s", "main"); got != "tester|create "+last {
		t.Errorf("origin's last commit after a stop is %q, want the create of %s by tester", got, last)
	}
}

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

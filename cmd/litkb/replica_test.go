package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

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
					keep := loggedOnce(strings.Split(n.logs.String(), "\n"))
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
	waitFor(t, "the primary commits the write", func() bool { // the merge may already be on top of it
		return slices.Contains(strings.Split(git(t, p.data, "log", "-5", "--format=%s"), "\n"), "create "+local)
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

// loggedOnce is a server's log lines without its requests, a run of lines
// that differ only in their time shown once with its count: a server that
// retries every interval would otherwise fill the end of its log with one
// line and hide the error that started the run.
func loggedOnce(lines []string) []string {
	var keep []string
	last, repeats := "", 0
	flush := func() {
		if repeats > 0 {
			keep = append(keep, fmt.Sprintf("        (and %d more like it)", repeats))
		}
		repeats = 0
	}
	for _, l := range lines {
		if strings.Contains(l, "msg=request") {
			continue
		}
		msg := l
		if i := strings.Index(l, " level="); strings.HasPrefix(l, "time=") && i > 0 {
			msg = l[i:]
		}
		if msg == last {
			repeats++
			continue
		}
		flush()
		keep, last = append(keep, l), msg
	}
	flush()
	return keep
}

func TestLoggedOnce(t *testing.T) {
	for _, c := range []struct {
		in, want []string
	}{
		{[]string{"time=1 level=INFO msg=a", "time=2 level=INFO msg=a", "time=3 level=INFO msg=a"},
			[]string{"time=1 level=INFO msg=a", "        (and 2 more like it)"}},
		{[]string{"time=1 level=WARN msg=b", "time=2 level=INFO msg=request x", "time=3 level=INFO msg=a", "time=4 level=INFO msg=a"},
			[]string{"time=1 level=WARN msg=b", "time=3 level=INFO msg=a", "        (and 1 more like it)"}},
		{[]string{"litkb: serving", "litkb: serving", "time=5 level=INFO msg=c"},
			[]string{"litkb: serving", "        (and 1 more like it)", "time=5 level=INFO msg=c"}},
	} {
		if got := loggedOnce(c.in); !slices.Equal(got, c.want) {
			t.Errorf("loggedOnce(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

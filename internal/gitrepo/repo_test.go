package gitrepo

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"litkb/internal/corpus"
	"litkb/internal/study"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func run(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Hand", "-c", "user.email=hand@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// repoWithData makes a repository holding the bundled corpus in sub
// (the repository's root when ""), and returns the data folder.
func repoWithData(t *testing.T, sub string) (top, data string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs the git command line")
	}
	top = t.TempDir()
	data = filepath.Join(top, sub)
	if err := os.CopyFS(data, os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	run(t, top, "init", "--quiet", "--initial-branch=main")
	run(t, top, "add", "-A")
	run(t, top, "commit", "--quiet", "-m", "the corpus")
	return top, data
}

func draft(title string) study.Study {
	return study.Study{Type: "article", Title: title, Year: 2010,
		Authors: []study.Person{{Family: "Tester", Given: "Ada"}}, Provenance: study.Provenance{Confidence: "low"}}
}

// TestCommitsEveryWrite: each write is a commit of its study's file and
// history, by its curator, whether the data folder is the repository or
// a folder in it.
func TestCommitsEveryWrite(t *testing.T) {
	for _, sub := range []string{"", "data"} {
		t.Run("folder "+sub, func(t *testing.T) {
			ctx := context.Background()
			top, data := repoWithData(t, sub)
			r, err := Open(ctx, Options{Dir: data, Commit: true, Log: quiet})
			if err != nil {
				t.Fatal(err)
			}
			st, err := corpus.OpenStore(t.Context(), data, corpus.StoreOptions{OnWrite: r.Written})
			if err != nil {
				t.Fatal(err)
			}
			r.Attach(st)
			ada, bo := corpus.Actor{Name: "Ada Lovelace", Role: corpus.RoleEditor}, corpus.Actor{Name: "Bo", Role: corpus.RoleEditor}
			s, err := st.Create(ctx, draft("A draft to commit"), ada, false)
			if err != nil {
				t.Fatal(err)
			}
			r.Flush(ctx)
			if _, err := st.Retract(ctx, s.ID, "entered by mistake", bo); err != nil {
				t.Fatal(err)
			}
			r.Flush(ctx)
			log := run(t, top, "log", "-2", "--format=%an <%ae>|%s|%b")
			want := "Bo <bo@litkb.invalid>|withdraw " + s.ID + "|fields: retraction, status\nnote: entered by mistake\nby: Bo\n\n" +
				"Ada Lovelace <ada.lovelace@litkb.invalid>|create " + s.ID + "|"
			if !strings.HasPrefix(log, want) {
				t.Errorf("log:\n%s\nwant it to start\n%s", log, want)
			}
			prefix := filepath.ToSlash(sub)
			if prefix != "" {
				prefix += "/"
			}
			if files := run(t, top, "show", "--name-only", "--format=", "HEAD"); files != prefix+"history/"+s.ID+".jsonl\n"+prefix+"studies/"+s.ID+".toml" {
				t.Errorf("the commit holds\n%s", files)
			}
			if status := run(t, top, "status", "--porcelain"); status != "" {
				t.Errorf("left uncommitted:\n%s", status)
			}
			if r.Commit() != run(t, top, "rev-parse", "HEAD") {
				t.Errorf("serves %s, HEAD is %s", r.Commit(), run(t, top, "rev-parse", "HEAD"))
			}
		})
	}
}

// TestOpenRecoversUncommittedWrites: files written but never committed
// (a crash after the acknowledgement) are committed at start, and a
// stale index lock does not stop it; temporary files are left out.
func TestOpenRecoversUncommittedWrites(t *testing.T) {
	ctx := context.Background()
	top, data := repoWithData(t, "data")
	st, err := corpus.OpenStore(t.Context(), data, corpus.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.Create(ctx, draft("Written before a crash"), corpus.Actor{Name: "Ada", Role: corpus.RoleCurator}, false)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(data, "studies", ".x.toml.tmp-123")
	if err := os.WriteFile(tmp, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(top, ".git", "index.lock"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	defer func(w time.Duration) { lockWait = w }(lockWait)
	lockWait = 0 // nothing else runs git here
	if _, err := Open(ctx, Options{Dir: data, Commit: true, Log: quiet}); err != nil {
		t.Fatal(err)
	}
	if subject := run(t, top, "log", "-1", "--format=%s"); !strings.HasPrefix(subject, "recovered") {
		t.Errorf("last commit %q, want the recovered one", subject)
	}
	files := run(t, top, "show", "--name-only", "--format=", "HEAD")
	if !strings.Contains(files, "data/studies/"+s.ID+".toml") || strings.Contains(files, "tmp-") {
		t.Errorf("the recovered commit holds\n%s", files)
	}
}

// TestReplicaOpenRestoresItsCommit: a replica killed during a
// fast-forward can leave files of the next commit; Open puts the folder
// back to its commit.
func TestReplicaOpenRestoresItsCommit(t *testing.T) {
	ctx := context.Background()
	top, data := repoWithData(t, "")
	origin := filepath.Join(t.TempDir(), "origin.git")
	run(t, top, "clone", "--quiet", "--bare", top, origin)
	run(t, top, "remote", "add", "origin", origin)
	f := filepath.Join(data, "studies", "allen-2004-adolescent-stability-change.toml")
	if err := os.WriteFile(f, []byte("half written"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "studies", "new-2020-half.toml"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, Options{Dir: data, Follow: "origin", Log: quiet}); err != nil {
		t.Fatal(err)
	}
	if status := run(t, top, "status", "--porcelain"); status != "" {
		t.Errorf("the folder still differs from its commit:\n%s", status)
	}
}

// handAndReplica makes a repository of the bundled corpus (hand), a bare
// origin it pushes to, and a clone of origin (replica).
func handAndReplica(t *testing.T) (hand, replica string) {
	t.Helper()
	hand, _ = repoWithData(t, "")
	origin := filepath.Join(t.TempDir(), "origin.git")
	run(t, hand, "clone", "--quiet", "--bare", hand, origin)
	run(t, hand, "remote", "add", "origin", origin)
	replica = filepath.Join(t.TempDir(), "replica")
	run(t, hand, "clone", "--quiet", origin, replica)
	return hand, replica
}

// TestFollowRefuses: a commit whose files do not load, and a history
// that is not a fast-forward, are not applied; the served commit stays
// and the status says why.
func TestFollowRefuses(t *testing.T) {
	ctx := context.Background()
	hand, replica := handAndReplica(t)
	r, err := Open(ctx, Options{Dir: replica, Follow: "origin", Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	st, err := corpus.OpenStore(t.Context(), replica, corpus.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r.Attach(st)
	served := r.Commit()

	tests := []struct {
		name, want string
		commit     func()
	}{
		{"a study that does not load", "bad-2020-x.toml", func() {
			if err := os.WriteFile(filepath.Join(hand, "studies", "bad-2020-x.toml"), []byte("title = 1\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			run(t, hand, "add", "-A")
			run(t, hand, "commit", "--quiet", "-m", "bad")
			run(t, hand, "push", "--quiet", "origin", "main")
		}},
		{"a rewritten history", "not a fast-forward", func() {
			run(t, hand, "reset", "--quiet", "--hard", "HEAD~1")
			run(t, hand, "commit", "--quiet", "--amend", "-m", "the served commit, rewritten")
			run(t, hand, "push", "--quiet", "--force", "origin", "main")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.commit()
			if err := r.FollowOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if r.Commit() != served {
				t.Errorf("serves %s, want %s still", r.Commit(), served)
			}
			f := r.Status().(map[string]any)["follow"].(map[string]any)
			refused, ok := f["refused"].(map[string]any)
			if !ok || !strings.Contains(refused["reason"].(string)+problemsText(refused["problems"]), tt.want) {
				t.Errorf("status %v does not say %q", f, tt.want)
			}
			if f["behind"] != true {
				t.Errorf("status %v: want behind", f)
			}
		})
	}
}

func problemsText(v any) string {
	ps, _ := v.(study.Problems)
	return ps.Error()
}

// TestFollowVocabularyChange: a change to the vocabulary is checked on a
// copy of the whole tree and applied by loading the folder again.
func TestFollowVocabularyChange(t *testing.T) {
	ctx := context.Background()
	hand, _ := repoWithData(t, "corpus")
	top := hand
	hand = filepath.Join(top, "corpus")
	origin := filepath.Join(t.TempDir(), "origin.git")
	run(t, top, "clone", "--quiet", "--bare", top, origin)
	run(t, top, "remote", "add", "origin", origin)
	replicaTop := filepath.Join(t.TempDir(), "replica")
	run(t, top, "clone", "--quiet", origin, replicaTop)
	replica := filepath.Join(replicaTop, "corpus")
	r, err := Open(ctx, Options{Dir: replica, Follow: "origin", Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	st, err := corpus.OpenStore(t.Context(), replica, corpus.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r.Attach(st)
	edit := func(text string) string {
		f, err := os.OpenFile(filepath.Join(hand, corpus.TopicsFile), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(text); err != nil {
			t.Fatal(err)
		}
		f.Close()
		run(t, top, "commit", "--quiet", "-am", "topics")
		run(t, top, "push", "--quiet", "origin", "main")
		if err := r.FollowOnce(ctx); err != nil {
			t.Fatal(err)
		}
		return run(t, top, "rev-parse", "HEAD")
	}

	good := edit("\n# a comment a pull request added\n")
	if r.Commit() != good {
		t.Fatalf("serves %s, want %s: %v", r.Commit(), good, r.Status())
	}
	loaded, err := corpus.Load(replica)
	if err != nil {
		t.Fatal(err)
	}
	if st.Corpus().Fingerprint != loaded.Fingerprint {
		t.Error("the served corpus is not the folder's")
	}

	edit("\n[[topic]\n")
	if r.Commit() != good {
		t.Errorf("serves %s after a broken vocabulary, want %s", r.Commit(), good)
	}
	f := r.Status().(map[string]any)["follow"].(map[string]any)
	refused, _ := f["refused"].(map[string]any)
	if refused == nil || !strings.Contains(problemsText(refused["problems"]), filepath.Join(replica, corpus.TopicsFile)) {
		t.Errorf("status %v does not name %s in the replica's folder", f, corpus.TopicsFile)
	}
}

// TestPrimaryMergesOrRefuses: a primary whose writes origin lacks merges
// origin's commits that changed other files, and refuses those that
// changed a file it wrote too.
func TestPrimaryMergesOrRefuses(t *testing.T) {
	ctx := context.Background()
	hand, _ := repoWithData(t, "")
	origin := filepath.Join(t.TempDir(), "origin.git")
	run(t, hand, "clone", "--quiet", "--bare", hand, origin)
	run(t, hand, "remote", "add", "origin", origin)
	primary := filepath.Join(t.TempDir(), "primary")
	run(t, hand, "clone", "--quiet", origin, primary)
	r, err := Open(ctx, Options{Dir: primary, Commit: true, Follow: "origin", Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	st, err := corpus.OpenStore(t.Context(), primary, corpus.StoreOptions{OnWrite: r.Written})
	if err != nil {
		t.Fatal(err)
	}
	r.Attach(st)
	ada := corpus.Actor{Name: "Ada", Role: corpus.RoleEditor}
	const some, other = "allen-2004-adolescent-stability-change", "ainsworth-1978-patterns-of-attachment"
	if _, err := st.Retract(ctx, some, "a test", ada); err != nil {
		t.Fatal(err)
	}
	r.Flush(ctx) // committed here, not pushed: there is no push remote

	edit := func(id string) {
		f := filepath.Join(hand, "studies", id+".toml")
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, append(b, "\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		run(t, hand, "commit", "--quiet", "-am", "edit "+id)
		run(t, hand, "push", "--quiet", "origin", "main")
	}

	edit(other)
	if err := r.FollowOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if parents := strings.Fields(run(t, primary, "log", "-1", "--format=%p")); len(parents) != 2 {
		t.Fatalf("HEAD has parents %v, want a merge", parents)
	}
	if r.Commit() != run(t, primary, "rev-parse", "HEAD") {
		t.Error("the merge is not the served commit")
	}
	if _, err := st.Retract(ctx, other, "another test", ada); err != nil {
		t.Fatalf("a write after the merge: %v", err)
	}
	r.Flush(ctx)

	edit(other) // the primary changed it too, after the merge
	if err := r.FollowOnce(ctx); err != nil {
		t.Fatal(err)
	}
	f := r.Status().(map[string]any)["follow"].(map[string]any)
	refused, _ := f["refused"].(map[string]any)
	if refused == nil || !strings.Contains(refused["reason"].(string), "both changed studies/"+other+".toml") {
		t.Errorf("status %v: want the shared file named", f)
	}
	if status := run(t, primary, "status", "--porcelain"); status != "" {
		t.Errorf("the primary's folder is left changed:\n%s", status)
	}
}

// TestOpenRemovesStaleLocks: a replica killed as git moved its branch
// leaves ref locks, on which every later fast-forward failed; Open removes
// them, and the next commit of origin is applied.
func TestOpenRemovesStaleLocks(t *testing.T) {
	ctx := context.Background()
	hand, replica := handAndReplica(t)
	locks := []string{"ORIG_HEAD.lock", "HEAD.lock", "index.lock", "refs/heads/main.lock", "refs/remotes/origin/main.lock"}
	for _, l := range locks {
		if err := os.WriteFile(filepath.Join(replica, ".git", l), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	defer func(w time.Duration) { lockWait = w }(lockWait)
	lockWait = 0 // nothing else runs git here
	r, err := Open(ctx, Options{Dir: replica, Follow: "origin", Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range locks {
		if _, err := os.Stat(filepath.Join(replica, ".git", l)); err == nil {
			t.Errorf("%s is still there", l)
		}
	}
	st, err := corpus.OpenStore(t.Context(), replica, corpus.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r.Attach(st)
	f := filepath.Join(hand, "studies", "allen-2004-adolescent-stability-change.toml")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), "across adolescence", "across adolescence, edited", 1))
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, hand, "commit", "--quiet", "-am", "an edit")
	run(t, hand, "push", "--quiet", "origin", "main")
	if err := r.FollowOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if want := run(t, hand, "rev-parse", "HEAD"); r.Commit() != want {
		t.Errorf("serves %s, want origin's %s", r.Commit(), want)
	}
	if s, ok := st.Corpus().Study("allen-2004-adolescent-stability-change"); !ok || !strings.HasSuffix(s.Title, "edited") {
		t.Error("the replica's corpus does not have origin's edit")
	}
}

package gitrepo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"litkb/index"
	"litkb/internal/corpus"
	"litkb/internal/synth"
)

// The replica benchmarks run on a generated corpus of LITKB_REPLICA_BENCH_N
// studies (default 5,000; the figure is at 100,000, which takes
// this machine many minutes to generate, commit and index):
//
//	LITKB_REPLICA_BENCH_N=100000 go test ./internal/gitrepo -run '^$' -bench Replica -benchtime 3x

func benchSize(b *testing.B) int {
	// Git packs a repository past a few thousand loose objects, by default
	// in a process of its own that outlives the command: it ran beside the
	// timed applies (0.44-0.53 s each at 20,000 studies, 0.24-0.29 s
	// without it) and was still writing when the test removed its folders.
	b.Setenv("GIT_CONFIG_COUNT", "1")
	b.Setenv("GIT_CONFIG_KEY_0", "gc.autoDetach")
	b.Setenv("GIT_CONFIG_VALUE_0", "false")
	n := 5000
	if v := os.Getenv("LITKB_REPLICA_BENCH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	return n
}

// benchOrigin generates a corpus of n studies, commits it and returns a
// working clone (to commit changes in) and the bare origin.
func benchOrigin(b *testing.B, n int) (hand, origin string) {
	b.Helper()
	ctx := context.Background()
	vocab, err := corpus.Load(filepath.Join("..", "..", "data"))
	if err != nil {
		b.Fatal(err)
	}
	hand = filepath.Join(b.TempDir(), "hand")
	if err := synth.Generate(ctx, hand, synth.Options{N: n, Seed: 1, Topics: vocab.Topics, Constructs: vocab.Constructs}); err != nil {
		b.Fatal(err)
	}
	for _, f := range []string{corpus.TopicsFile, corpus.ConstructsFile, corpus.IntentsFile} {
		data, err := os.ReadFile(filepath.Join("..", "..", "data", f))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(hand, f), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	run(b, hand, "init", "--quiet", "--initial-branch=main")
	run(b, hand, "add", "-A")
	run(b, hand, "commit", "--quiet", "-m", "generated")
	origin = filepath.Join(b.TempDir(), "origin.git")
	run(b, hand, "clone", "--quiet", "--bare", hand, origin)
	run(b, hand, "remote", "add", "origin", origin)
	return hand, origin
}

// replica is a started replica: clone, repository, store and index.
type replica struct {
	r  *Repo
	st *corpus.Store
	ix *index.Index
}

// startReplica clones origin and opens it as litkb serve --follow does,
// timing each part.
func startReplica(b *testing.B, origin string) (*replica, map[string]time.Duration) {
	b.Helper()
	ctx := context.Background()
	took := map[string]time.Duration{}
	t0 := time.Now()
	dir := filepath.Join(b.TempDir(), "replica")
	run(b, filepath.Dir(dir), "clone", "--quiet", origin, dir)
	took["clone"] = time.Since(t0)
	t0 = time.Now()
	r, err := Open(ctx, Options{Dir: dir, Follow: "origin", Log: quiet})
	if err != nil {
		b.Fatal(err)
	}
	ix, err := index.Open(ctx, b.TempDir(), index.Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	sync := func(ctx context.Context, c *corpus.Corpus) error {
		_, err := ix.Sync(ctx, index.Source{Fingerprint: c.Fingerprint, Studies: c.Studies, Topics: c.Topics, Intents: c.Intents, Hashes: c.StudyHashes()})
		return err
	}
	st, err := corpus.OpenStore(ctx, dir, corpus.StoreOptions{AfterWrite: sync})
	if err != nil {
		b.Fatal(err)
	}
	took["load"] = time.Since(t0)
	t0 = time.Now()
	if err := sync(ctx, st.Corpus()); err != nil {
		b.Fatal(err)
	}
	took["index"] = time.Since(t0)
	r.Attach(st)
	return &replica{r: r, st: st, ix: ix}, took
}

var titleLine = regexp.MustCompile(`(?m)^title\s*=\s*"`)

// BenchmarkReplicaApply is one commit changing 1 or 1,000 studies, from
// the fetch to the index holding them.
func BenchmarkReplicaApply(b *testing.B) {
	n := benchSize(b)
	hand, origin := benchOrigin(b, n)
	rep, _ := startReplica(b, origin)
	ctx := context.Background()
	files, err := filepath.Glob(filepath.Join(hand, "studies", "*.toml"))
	if err != nil {
		b.Fatal(err)
	}
	round := 0
	for _, k := range []int{1, 1000} {
		k = min(k, len(files))
		b.Run(fmt.Sprintf("studies=%d/changed=%d", n, k), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				round++
				for _, f := range files[:k] {
					data, err := os.ReadFile(f)
					if err != nil {
						b.Fatal(err)
					}
					data = titleLine.ReplaceAll(data, fmt.Appendf(nil, `title = "Edition %d of `, round))
					if err := os.WriteFile(f, data, 0o644); err != nil {
						b.Fatal(err)
					}
				}
				run(b, hand, "commit", "--quiet", "-am", "edit")
				run(b, hand, "push", "--quiet", "origin", "main")
				want := run(b, hand, "rev-parse", "HEAD")
				b.StartTimer()
				if err := rep.r.FollowOnce(ctx); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if rep.r.Commit() != want {
					b.Fatalf("serves %s, want %s: %v", rep.r.Commit(), want, rep.r.Status())
				}
				b.StartTimer()
			}
		})
	}
}

// BenchmarkReplicaColdStart is a new replica: clone, load, build the index.
func BenchmarkReplicaColdStart(b *testing.B) {
	n := benchSize(b)
	_, origin := benchOrigin(b, n)
	b.Run(fmt.Sprintf("studies=%d", n), func(b *testing.B) {
		var sum map[string]time.Duration
		for b.Loop() {
			_, took := startReplica(b, origin)
			if sum == nil {
				sum = map[string]time.Duration{}
			}
			for k, v := range took {
				sum[k] += v
			}
		}
		for k, v := range sum {
			b.ReportMetric(v.Seconds()/float64(b.N), k+"-s/op")
		}
	})
}

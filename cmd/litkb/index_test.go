package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"litkb/internal/config"
)

// A build from a fresh state reads every file once, and keeps the studies
// off the heap (where the build would carry them) as a build from the
// snapshot it wrote does.
func TestLoadForBuildKeepsStudiesOffHeap(t *testing.T) {
	data := agedCorpus(t, 30)
	cfg := config.Default()
	cfg.Data, cfg.State = data, t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, tc := range []struct {
		name              string
		snapshot, decoded int // studies the corpus took from the snapshot, and from their files
	}{
		{"fresh state", 0, 30},
		{"with a snapshot", 30, 0},
	} {
		c, err := loadForBuild(t.Context(), cfg, log, nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(c.Studies) != 30 || c.Stats.FromSnapshot != tc.snapshot || c.Stats.Decoded != tc.decoded {
			t.Errorf("%s: %d studies, %d from the snapshot, %d decoded; want 30, %d, %d", tc.name, len(c.Studies), c.Stats.FromSnapshot, c.Stats.Decoded, tc.snapshot, tc.decoded)
		}
		if runtime.GOOS == "linux" && c.Stats.OffHeap == 0 {
			t.Errorf("%s: the studies are on the heap", tc.name)
		}
	}
}

// litkb index builds from a fresh state (the studies decoded from their
// files) and again from the snapshot it wrote; either way it lets the
// studies go before the build's merge (index.Build), and leaves an index
// that a search then uses as it is, with no rebuild.
func TestIndexCommand(t *testing.T) {
	data, state := agedCorpus(t, 30), t.TempDir()
	for _, from := range []string{"decoded=30", "from_snapshot=30"} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), []string{"index", "--data", data, "--state", state}, &out, &errOut); code != 0 || !strings.Contains(errOut.String(), from) {
			t.Fatalf("litkb index: exit %d, want 0 and a load with %s:\n%s", code, from, errOut.String())
		}
		if !regexp.MustCompile(`^indexed 30 studies \(\d+ published\) from `).MatchString(out.String()) {
			t.Errorf("litkb index printed %q", out.String())
		}
		current, err := os.ReadFile(filepath.Join(state, "index", "CURRENT"))
		if err != nil {
			t.Fatal(err)
		}
		out.Reset()
		errOut.Reset()
		if code := run(context.Background(), []string{"search", "--data", data, "--state", state, "attachment"}, &out, &errOut); code != 0 {
			t.Fatalf("litkb search: exit %d:\n%s", code, errOut.String())
		}
		if !regexp.MustCompile(`^[1-9]\d* studies for "attachment"`).MatchString(out.String()) {
			t.Errorf("litkb search after litkb index printed %q", out.String())
		}
		if after, _ := os.ReadFile(filepath.Join(state, "index", "CURRENT")); !bytes.Equal(after, current) {
			t.Errorf("litkb search rebuilt the index litkb index left (%q, then %q)", current, after)
		}
	}
}

// agedCorpus is a generated corpus of n studies whose files are an hour
// old: a snapshot keeps no file written in the last moments.
func agedCorpus(t *testing.T, n int) string {
	t.Helper()
	data := filepath.Join(t.TempDir(), "corpus")
	if err := benchGenerate(context.Background(), data, n, 1, filepath.Join("..", "..", "data"), nil); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	err := filepath.Walk(data, func(path string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(path, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Away from a terminal (a pipe, a log, a test) the bar writes nothing.
func TestProgressBarQuietOffTerminal(t *testing.T) {
	var out bytes.Buffer
	bar := progressBar(&out, 10, "indexing")
	for i := range 10 {
		_ = bar.Set(i + 1)
	}
	_ = bar.Finish()
	if out.Len() > 0 {
		t.Errorf("wrote %q off a terminal", out.String())
	}
}

package registry

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"litkb/internal/corpus"
	"litkb/internal/study"
)

func TestRefresherStoresNotices(t *testing.T) {
	s := replay(t)
	c := clientFor(s)
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	store, err := corpus.OpenStore(t.Context(), dir, corpus.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// A study of the retracted paper saved before the retraction was known.
	rec, err := c.CrossrefWork(context.Background(), "10.1126/science.1256151")
	if err != nil {
		t.Fatal(err)
	}
	draft := Draft(rec)
	draft.Notices, draft.NoticesChecked = nil, ""
	saved, err := store.Create(context.Background(), draft, corpus.Actor{Name: "Ada", Role: corpus.RoleCurator}, false)
	if err != nil {
		t.Fatal(err)
	}
	r := NewRefresher(c, store, 0, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if !r.LastRun().IsZero() {
		t.Error("LastRun before any run")
	}
	checked, written, err := r.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The replay holds two of the corpus's DOIs: LaCour, and Roisman
	// (whose check is recorded for the first time); the rest are unknown to it.
	if checked != 2 || written != 2 {
		t.Errorf("checked %d, written %d; want 2 and 2", checked, written)
	}
	st, _ := store.Corpus().Study(saved.ID)
	want := study.Notice{Kind: "retraction", DOI: "10.1126/science.aac6638", Date: "2015-06-05", Source: "Crossref, retrieved 2026-12-05"}
	if len(st.Notices) != 1 || st.Notices[0] != want || st.NoticesChecked != "2026-12-05" {
		t.Errorf("notices %+v checked %q", st.Notices, st.NoticesChecked)
	}
	hist, _ := store.History(saved.ID)
	if last := hist[len(hist)-1]; last.Who != "registry" {
		t.Errorf("last history entry by %q, want registry", last.Who)
	}
	if got := r.LastRun(); !got.Equal(fixedNow()) {
		t.Errorf("LastRun %v", got)
	}
	// Nothing new the same day: nothing written.
	if _, written, _ := r.RunOnce(context.Background()); written != 0 {
		t.Errorf("a second run wrote %d studies", written)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "studies", saved.ID+".toml"))
	if !strings.Contains(string(b), "[[notices]]") {
		t.Errorf("the notice is not in the file:\n%s", b)
	}
}

func TestRefresherRunsUntilCancelled(t *testing.T) {
	s := replay(t)
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	store, err := corpus.OpenStore(t.Context(), dir, corpus.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := NewRefresher(clientFor(s), store, time.Hour, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.Run(ctx, 0) }()
	for r.LastRun().IsZero() {
		runtime.Gosched()
	}
	cancel()
	<-done // Run returns once its context ends
}

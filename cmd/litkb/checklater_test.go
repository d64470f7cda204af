package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"litkb/internal/config"
	"litkb/internal/corpus"
)

// A restart takes the corpus from its snapshot when no study file was
// added, removed or renamed since, and answers at once; a study edited in
// place while the server was down is read in by the check that follows,
// and until then /readyz says the files are not checked.
func TestRestartReadsAStudyEditedInPlace(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(data, os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	studies := filepath.Join(data, corpus.StudiesDir)
	entries, err := os.ReadDir(studies)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := os.Chtimes(filepath.Join(studies, e.Name()), old, old); err != nil {
			t.Fatal(err)
		}
	}
	// The folder's last change must be older than a snapshot's racy
	// window for a start to trust it (see corpus.RacyWindow).
	time.Sleep(corpus.RacyWindow + 100*time.Millisecond)

	cfg := config.Default()
	cfg.Addr, cfg.Data, cfg.State = "127.0.0.1:0", data, t.TempDir()
	open := func() *App {
		t.Helper()
		app := &App{Config: cfg, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		if err := app.Open(context.Background(), true); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { app.Close(context.Background()) })
		return app
	}
	first := open() // writes the snapshot
	if first.Corpus().Stats.CheckLater {
		t.Fatal("a start without a snapshot took the files on trust")
	}
	if err := first.Close(context.Background()); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(studies, "allen-2004-adolescent-stability-change.toml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const was = "Stability and change in attachment security across adolescence"
	edited := strings.Replace(string(b), was, "Stability and change in attachment security across adolescence, quokkaword", 1)
	if edited == string(b) {
		t.Fatalf("%s has no title %q", path, was)
	}
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil { // in place: the folder does not change
		t.Fatal(err)
	}

	app := open()
	if !app.Corpus().Stats.CheckLater {
		t.Fatal("the restart read the folder: want it taken from the snapshot")
	}
	base := app.Server.URL()
	var ready struct {
		FilesChecked bool `json:"files_checked"`
	}
	deadline := time.Now().Add(time.Minute)
	var status int
	for !ready.FilesChecked {
		if time.Now().After(deadline) {
			t.Fatal("/readyz never said the files were checked")
		}
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		status = resp.StatusCode
		err = json.NewDecoder(resp.Body).Decode(&ready)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !ready.FilesChecked && status != http.StatusServiceUnavailable {
			t.Fatalf("/readyz %d before the files were checked, want 503", status)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if status != http.StatusOK {
		t.Errorf("/readyz %d once checked, want 200", status)
	}
	resp, err := http.Get(base + "/api/v1/search?q=" + url.QueryEscape("quokkaword"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Total int
		Hits  []struct{ ID string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	if r.Total != 1 || len(r.Hits) != 1 || r.Hits[0].ID != "allen-2004-adolescent-stability-change" {
		t.Errorf("search for the edited title: %+v, want the edited study", r)
	}
}

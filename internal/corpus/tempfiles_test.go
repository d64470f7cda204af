package corpus

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRemoveStaleTemps(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-staleAfter - time.Minute)
	for _, tc := range []struct {
		name   string
		dir    bool // a folder, not a file
		link   bool // a symlink
		fresh  bool // written just now: maybe in use
		remove bool
	}{
		{name: ".roisman-2002-earned-secure.toml.tmp-3850921743", remove: true},
		{name: ".snapshot-12", remove: true},
		{name: ".tokens-4294967295", remove: true},
		{name: ".sessions-7", remove: true},
		{name: ".x.toml.tmp-99", fresh: true},
		{name: ".snapshot-5", fresh: true},
		{name: "roisman-2002-earned-secure.toml"},
		{name: "corpus.snapshot"},
		{name: "tokens.json"},
		{name: "sessions.json"},
		{name: ".x.toml.tmp-"},
		{name: ".x.toml.tmp-12a"},
		{name: ".x.toml.tmp-12345678901"}, // more digits than CreateTemp gives
		{name: ".tokens-1.bak"},
		{name: "x.toml.tmp-1"},
		{name: ".tmp-1"},
		{name: "CURRENT.tmp123"},
		{name: ".snapshot-6", dir: true},
		{name: ".tokens-8", link: true},
	} {
		p := filepath.Join(dir, tc.name)
		var err error
		switch {
		case tc.dir:
			err = os.Mkdir(p, 0o755)
		case tc.link:
			err = os.Symlink("tokens.json", p)
		default:
			err = os.WriteFile(p, []byte("x"), 0o600)
		}
		if err != nil {
			t.Fatal(err)
		}
		if !tc.fresh && !tc.link {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
		t.Cleanup(func() {
			_, err := os.Lstat(p)
			if gone := os.IsNotExist(err); gone != tc.remove {
				t.Errorf("%s: removed %v, want %v", tc.name, gone, tc.remove)
			}
		})
	}
	removed, err := RemoveStaleTemps(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 4 {
		t.Errorf("removed %v", removed)
	}
	if again, err := RemoveStaleTemps(dir); err != nil || len(again) != 0 {
		t.Errorf("a second pass: %v %v", again, err)
	}
	if got, err := RemoveStaleTemps(filepath.Join(dir, "missing")); err != nil || got != nil {
		t.Errorf("a missing folder: %v %v", got, err)
	}
}

// TestTempNamesMatchWriters makes temporary files the way each writer does
// (same os.CreateTemp patterns), so a change of pattern or of CreateTemp's
// naming shows here.
func TestTempNamesMatchWriters(t *testing.T) {
	dir := t.TempDir()
	for _, pattern := range []string{
		"." + filepath.Base("data/studies/x.toml") + ".tmp-*", // writeFileDurable
		snapshotTemp,
		".tokens-*", ".sessions-*", // internal/token
	} {
		f, err := os.CreateTemp(dir, pattern)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if !isTempName(filepath.Base(f.Name())) {
			t.Errorf("%s (from %q) is not recognised", f.Name(), pattern)
		}
	}
	// A completed write leaves nothing for the cleanup to find.
	if err := writeFileDurable(filepath.Join(dir, "studies", "y.toml"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "studies")); len(entries) != 1 || entries[0].Name() != "y.toml" {
		t.Errorf("after a durable write: %v", entries)
	}
}

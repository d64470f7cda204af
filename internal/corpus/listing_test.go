package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"litkb/internal/study"
)

// mixedFolder holds what a studies folder may hold: study files, a file of
// another kind, a temporary file, a folder and a symlink named like study
// files, and a dot file.
func mixedFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"b.toml", "a-b.toml", "a.toml", "notes.txt", ".a.toml.tmp-12", ".hidden.toml"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.toml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.toml", filepath.Join(dir, "link.toml")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The shared listing names the same study files, in the same order, as a
// listing of the folder by os.ReadDir.
func TestListingTOMLFilesMatchReadDir(t *testing.T) {
	dir := mixedFolder(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".toml") {
			want = append(want, filepath.Join("sub", e.Name()))
		}
	}
	l := listDir(dir)
	if l.err != nil {
		t.Fatal(l.err)
	}
	if got := l.tomlFiles("sub"); !slices.Equal(got, want) {
		t.Errorf("tomlFiles = %q, want %q", got, want)
	}
}

// Every name os.ReadDir gives, in its order, with its type.
func TestListingHasEveryName(t *testing.T) {
	dir := mixedFolder(t)
	for i := range 500 {
		name := fmt.Sprintf("study-%04d-with-a-longer-name-%s.toml", i, strings.Repeat("x", i%40))
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	l := listDir(dir)
	if l.err != nil {
		t.Fatal(l.err)
	}
	if len(l.entries) != len(entries) {
		t.Fatalf("%d entries, want %d", len(l.entries), len(entries))
	}
	for i, e := range entries {
		if got := l.entries[i]; got.name != e.Name() || got.typ != e.Type() {
			t.Errorf("entry %d: %q %v, want %q %v", i, got.name, got.typ, e.Name(), e.Type())
		}
	}
}

func TestListingOfAMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "none")
	l := listDir(dir)
	if !errors.Is(l.err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want not exist", l.err)
	}
	var ps study.Problems
	if got := tomlFilesIn(l, filepath.Dir(dir), "none", &ps); got != nil || ps != nil {
		t.Errorf("got %q and problems %v from a missing folder", got, ps)
	}
	if removed, err := removeStaleTempsIn(l, time.Now()); removed != nil || err != nil {
		t.Errorf("removed %q, %v from a missing folder", removed, err)
	}
}

// The ids reserved are those with a study file (valid or not, of any
// type) or a history log on disk when asked, never a dot file's, and those
// reserved since; a file that appears later reserves its id too.
func TestReservedIDsAreFilesOnDisk(t *testing.T) {
	data := t.TempDir()
	studies := filepath.Join(data, StudiesDir)
	if err := os.Rename(mixedFolder(t), studies); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(data, HistoryDir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, HistoryDir, "gone.jsonl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := newIDs(data)
	check := func(want map[string]bool) {
		t.Helper()
		for id, want := range want {
			if got := r.reserved(id); got != want {
				t.Errorf("reserved(%q) = %v, want %v", id, got, want)
			}
		}
	}
	check(map[string]bool{
		"a": true, "a-b": true, "b": true, "dir": true, "link": true, "gone": true,
		"hidden": false, ".hidden": false, "notes": false, "c": false, ".a.toml.tmp-12": false,
		"a-": false, "": false, "zz": false, "gon": false, "../studies/a": false, "x/../a": false,
	})
	r.reserve("c")
	if err := os.WriteFile(filepath.Join(studies, "new.toml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, HistoryDir, "newer.jsonl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	check(map[string]bool{"c": true, "new": true, "newer": true, "new-b": false})
}

// A stamp taken relative to the folder is the one os.Stat gives, symlinks
// followed; a missing file is an error.
func TestStatDirStampIsStat(t *testing.T) {
	dir := mixedFolder(t)
	when := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
	if err := os.Chtimes(filepath.Join(dir, "a.toml"), when, when); err != nil {
		t.Fatal(err)
	}
	sd, err := openStatDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer sd.close()
	for _, name := range []string{"a.toml", "b.toml", "link.toml"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := sd.stamp(name)
		if err != nil || got != stampOf(fi) {
			t.Errorf("stamp(%s) = %+v, %v; want %+v", name, got, err, stampOf(fi))
		}
	}
	if _, err := sd.stamp("missing.toml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stamp of a missing file: %v, want not exist", err)
	}
}

// The fingerprint summed while the study files are read is the one
// combined from every file's hash afterwards.
func TestFingerprintOfALoadIsOfItsFiles(t *testing.T) {
	c, err := Load(filepath.Join("..", "..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	var want setHash
	n := 0
	for rel, hash := range c.files.all {
		want.toggle(rel, hash)
		if isStudyFile(filepath.ToSlash(rel)) {
			n++
		}
	}
	if n == 0 {
		t.Fatal("no study files")
	}
	if c.Fingerprint != want.String() {
		t.Errorf("fingerprint %s, want %s", c.Fingerprint, want.String())
	}
}

//go:build linux

package corpus

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"litkb/internal/synth"
)

// TestDiskOrder: a load of many files from the disk into an arena takes
// them by inode number (as stat tells it), each study still at its own
// file's index; a load of a few keeps name order.
func TestDiskOrder(t *testing.T) {
	vocab, err := Load(filepath.Join("..", "..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const n = aheadWindow + 200
	if err := synth.Generate(context.Background(), dir, synth.Options{N: n, Seed: 3, Topics: vocab.Topics, Constructs: vocab.Constructs}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{TopicsFile, ConstructsFile} {
		data, err := os.ReadFile(filepath.Join("..", "..", "data", name))
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name), data, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	rels := listDir(filepath.Join(dir, StudiesDir)).tomlFiles(StudiesDir)
	if len(rels) != n {
		t.Fatalf("%d files, want %d", len(rels), n)
	}
	ino := func(rel string) uint64 {
		t.Helper()
		fi, err := os.Stat(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Sys().(*syscall.Stat_t).Ino
	}

	order := diskOrder(dir, rels, func(int) bool { return true })
	if len(order) != n {
		t.Fatalf("an order of %d, want %d", len(order), n)
	}
	seen := make([]bool, n)
	for k, i := range order {
		if seen[i] {
			t.Fatalf("file %d twice in the order", i)
		}
		seen[i] = true
		if k > 0 && ino(rels[order[k-1]]) > ino(rels[i]) {
			t.Fatalf("at %d: %s (inode %d) after %s (inode %d)", k, rels[i], ino(rels[i]), rels[order[k-1]], ino(rels[order[k-1]]))
		}
	}
	if slices.IsSortedFunc(order, func(a, b int32) int { return int(a - b) }) {
		t.Fatal("the generated files' inodes are in name order: the test shows nothing")
	}
	if diskOrder(dir, rels, func(i int) bool { return i < aheadWindow-1 }) != nil {
		t.Error("a load of fewer files than the read-ahead's window is ordered")
	}

	// With a snapshot, studies go into an arena, and only those are
	// decoded in disk order.
	c, err := LoadWith(context.Background(), dir, LoadOptions{Cache: filepath.Join(t.TempDir(), "snapshot")})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Studies) != n {
		t.Fatalf("%d studies, want %d", len(c.Studies), n)
	}
	for i, s := range c.Studies {
		if want := filepath.Base(rels[i]); s.ID+".toml" != want {
			t.Fatalf("study %d is %s, from %s", i, s.ID, want)
		}
	}
}

// TestParseDirents: a record that does not fit is refused, not read past.
func TestParseDirents(t *testing.T) {
	rec := func(ino uint64, name string, reclen int) []byte {
		b := make([]byte, max(reclen, 24)) // room for the header and a name
		copy(b, []byte{byte(ino), byte(ino >> 8), 0, 0, 0, 0, 0, 0})
		b[16], b[17] = byte(reclen), byte(reclen>>8)
		copy(b[19:], name)
		return b
	}
	m := map[string]uint64{}
	good := append(rec(7, "a.toml", 32), rec(300, "b.toml", 32)...)
	// cut short; a length below the header's; a length past the buffer
	if !parseDirents(good, m) || m["a.toml"] != 7 || m["b.toml"] != 300 || len(m) != 2 {
		t.Errorf("parsed %v", m)
	}
	for _, bad := range [][]byte{good[:40], rec(1, "x", 8), rec(1, "x", 24)[:20]} {
		if parseDirents(bad, map[string]uint64{}) {
			t.Errorf("took %v", bad)
		}
	}
}

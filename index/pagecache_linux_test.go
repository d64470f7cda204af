//go:build linux

package index_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"unsafe"

	"litkb/index"
	"litkb/internal/corpus"
)

// cachedPages counts the pages of the file at path in the page cache
// (mincore over a mapping of it).
func cachedPages(t *testing.T, path string) (cached, pages int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return 0, 0
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(mem)
	vec := make([]byte, (len(mem)+os.Getpagesize()-1)/os.Getpagesize())
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, uintptr(unsafe.Pointer(&mem[0])), uintptr(len(mem)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Skipf("mincore: %v", errno)
	}
	for _, v := range vec {
		cached += int(v & 1)
	}
	return cached, len(vec)
}

// A build leaves none of the index it wrote in the page cache (see
// dropCached): a server reads back only what it searches. (What Build
// does next, opening the index, reads some of it again: all of an index
// this small.)
func TestBuildLeavesNothingCached(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "idx")
	src := index.Source{Fingerprint: c.Fingerprint, Studies: c.Studies, Topics: c.Topics, Hashes: c.StudyHashes()}
	if err := index.BuildAt(context.Background(), root, src); err != nil {
		t.Fatal(err)
	}
	total, cached := 0, 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || filepath.Ext(p) != ".zap" {
			return err
		}
		n, all := cachedPages(t, p)
		cached, total = cached+n, total+all
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total == 0 {
		t.Fatal("the build wrote no segment")
	}
	if cached > total/10 {
		t.Errorf("%d of the index's %d pages are cached after the build", cached, total)
	}
}

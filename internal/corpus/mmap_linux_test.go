//go:build linux

package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"litkb/internal/study"
)

// resident counts the pages of b in the page cache (mincore).
func resident(t *testing.T, b []byte) int {
	t.Helper()
	vec := make([]byte, (len(b)+os.Getpagesize()-1)/os.Getpagesize())
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)), uintptr(unsafe.Pointer(unsafe.SliceData(vec)))); errno != 0 {
		t.Skipf("mincore: %v", errno)
	}
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n
}

// mappedFile writes 1 MiB of zeros to path and maps it, its pages clean
// (synced), so that the kernel may drop them.
func mappedFile(t *testing.T, path string) []byte {
	t.Helper()
	if err := os.WriteFile(path, make([]byte, 1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	mem, err := mapFile(f, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unmapFile(mem) })
	return mem
}

// After a load, a snapshot's pages leave the page cache too: a page left
// there is mapped again beside every study a search shows (fault-around),
// which brought most of the snapshot back into a server's resident set.
func TestDropPagesLeavesPageCache(t *testing.T) {
	mem := mappedFile(t, filepath.Join(t.TempDir(), "snap"))
	sum := 0
	for i := 0; i < len(mem); i += os.Getpagesize() {
		sum += int(mem[i])
	}
	before := resident(t, mem)
	if before == 0 {
		t.Skip("the pages were never cached here")
	}
	// Pages this fresh may still wait in the kernel's per-CPU lists,
	// where it cannot page them out yet: a few tries, then the verdict.
	after := before
	for range 5 {
		dropPages(mem)
		if after = resident(t, mem); after <= before/4 {
			break
		}
		for i := 0; i < len(mem); i += os.Getpagesize() {
			sum += int(mem[i])
		}
	}
	if after > before/4 {
		t.Errorf("%d of %d pages still cached after dropPages (sum %d)", after, before, sum)
	}
}

// A load for a build keeps the snapshot's pages: the build reads every
// study next, and each page dropped was read back from the disk alone. A
// server's load lets them go (see above); both are done the same way here,
// so that what stays is the keeping, not the kernel.
func TestDoneKeepsPagesForABuild(t *testing.T) {
	dir := t.TempDir()
	sum := 0
	touch := func(mem []byte) {
		for i := 0; i < len(mem); i += os.Getpagesize() {
			sum += int(mem[i])
		}
	}
	build, serve := mappedFile(t, filepath.Join(dir, "build")), mappedFile(t, filepath.Join(dir, "serve"))
	touch(build)
	touch(serve)
	before := resident(t, build)
	if before == 0 || resident(t, serve) == 0 {
		t.Skip("the pages were never cached here")
	}
	for range 5 { // as in TestDropPagesLeavesPageCache
		(&snapshot{mem: build}).done(1, true)
		(&snapshot{mem: serve}).done(1, false)
		if resident(t, serve) <= before/4 {
			break
		}
		touch(build)
		touch(serve)
	}
	if resident(t, serve) > before/4 {
		t.Skip("the kernel here keeps dropped pages cached")
	}
	if after := resident(t, build); after < before {
		t.Errorf("%d of %d pages left after a load for a build (sum %d)", after, before, sum)
	}
}

// mappedKiB is how much of the mapping b begins at this process has
// resident (/proc/self/smaps).
func mappedKiB(t *testing.T, b []byte) int {
	t.Helper()
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	at := fmt.Sprintf("%x-", uintptr(unsafe.Pointer(unsafe.SliceData(b))))
	in := false
	for _, line := range strings.Split(string(smaps), "\n") {
		if strings.Contains(line, "-") && !strings.Contains(line, ":") || strings.HasPrefix(line, at) {
			in = strings.HasPrefix(line, at)
		}
		var kib int
		if in && strings.HasPrefix(line, "Rss:") {
			if _, err := fmt.Sscanf(line, "Rss: %d kB", &kib); err != nil {
				t.Fatal(err)
			}
			return kib
		}
	}
	t.Fatalf("no mapping at %s", at)
	return 0
}

// A server's load takes its image out of its resident set once it is
// checked, and leaves it cached for the next start's check; a build's
// load keeps it mapped, as it does the snapshot.
func TestDoneLetsTheImageGo(t *testing.T) {
	dir := t.TempDir()
	sum := 0
	for _, keep := range []bool{false, true} {
		snap, studies, tables := mappedFile(t, filepath.Join(dir, fmt.Sprint(keep, ".snapshot"))), mappedFile(t, filepath.Join(dir, fmt.Sprint(keep, ".studies"))), mappedFile(t, filepath.Join(dir, fmt.Sprint(keep, ".tables")))
		for _, m := range [][]byte{studies, tables} {
			for i := 0; i < len(m); i += os.Getpagesize() {
				sum += int(m[i])
			}
		}
		pages := resident(t, studies)
		if pages == 0 || mappedKiB(t, studies) == 0 {
			t.Skip("the pages were never cached here")
		}
		(&snapshot{mem: snap, imageMaps: [][]byte{studies, tables}}).done(1, keep)
		for _, m := range [][]byte{studies, tables} {
			got, want := mappedKiB(t, m), 0
			if keep {
				want = len(m) / 1024
			}
			if got != want {
				t.Errorf("keep %v: %d KiB of the image resident, want %d (sum %d)", keep, got, want, sum)
			}
			if got := resident(t, m); got < pages {
				t.Errorf("keep %v: %d of %d pages of the image left the page cache", keep, pages-got, pages)
			}
		}
	}
}

// TestDecodeLeavesTextUnread: decoding a study from its snapshot record,
// and copying out what passes over every study read, never reads the
// study's text: a trusting start reads only the records, a quarter of the
// snapshot, and the check reads the texts afterwards (checklater.go). The
// text is put where a read faults.
func TestDecodeLeavesTextUnread(t *testing.T) {
	c, err := Load(filepath.Join("..", "..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	var full study.Study
	fill(reflect.ValueOf(&full).Elem(), 5)
	names := snapshotNames(c.Topics, c.Constructs, nil)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	page := os.Getpagesize()
	for _, s := range append([]*study.Study{&full}, c.Studies...) {
		var e encoder
		e.study(s)
		mem, err := mapAnon((len(e.t)+page)&^(page-1), false)
		if err != nil {
			t.Fatal(err)
		}
		copy(mem, e.t)
		if err := syscall.Mprotect(mem, syscall.PROT_NONE); err != nil {
			t.Fatal(err)
		}
		got := new(study.Study)
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: decoding read the text: %v", s.ID, r)
				}
			}()
			if err := decodeEntry(snapEntry{blob: string(e.b), text: unsafe.String(&mem[0], len(e.t))}, names, nil, got); err != nil {
				t.Errorf("%s: %v", s.ID, err)
			}
		}()
		if err := syscall.Mprotect(mem, syscall.PROT_READ); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, *s) {
			t.Errorf("%s: decoded study differs", s.ID)
		}
		_ = syscall.Munmap(mem)
	}
}

func TestFreeHuge(t *testing.T) {
	tests := []struct {
		name, buddyinfo string
		want            int
	}{
		{"this machine's, busy", `Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3
Node 0, zone    DMA32      1      2      2      2      1      2      0      3      3      1    753
Node 0, zone   Normal  39328  42793  68744  47239   7240   6374   2942   1451    636    178    589
`, 1 + 3*2 + 1 + 753*2 + 178 + 589*2},
		{"full of page cache", "Node 0, zone   Normal  9000  800  12  3  0  0  0  0  0  0  0\n", 0},
		{"empty", "", 0},
		{"not buddyinfo", "MemTotal: 24683520 kB\n", 0},
	}
	for _, tt := range tests {
		if got := freeHuge(tt.buddyinfo); got != tt.want {
			t.Errorf("%s: %d free 2 MiB blocks, want %d", tt.name, got, tt.want)
		}
	}
}

// mapOver puts a file's pages in the place of equal anonymous memory, at
// its address, and leaves memory that differs from the file as it was.
func TestMapOver(t *testing.T) {
	page := os.Getpagesize()
	b, err := mapAnon(3*page, false)
	if err != nil {
		t.Fatal(err)
	}
	defer unmapFile(b)
	for i := range b {
		b[i] = byte(i * 7)
	}
	protectRead(b)
	want := slices.Clone(b)
	path := filepath.Join(t.TempDir(), "image")
	write := func(body []byte) *os.File {
		t.Helper()
		// The file's first page is something else: b is mapped from an offset.
		if err := os.WriteFile(path, append(make([]byte, page), body...), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	other := slices.Clone(want)
	other[2*page+5] ^= 1
	if mapOver(write(other), int64(page), b) {
		t.Fatal("mapped over memory a file differs from")
	}
	if got := MappedFrom(t, unsafe.Pointer(&b[0])); got != "" || !slices.Equal(b, want) {
		t.Fatalf("memory left mapped from %q, or changed", got)
	}
	if !mapOver(write(want), int64(page), b) {
		t.Fatal("not mapped over memory equal to the file")
	}
	for _, at := range []int{0, page, 3*page - 1} {
		if got := MappedFrom(t, unsafe.Pointer(&b[at])); got != path {
			t.Errorf("byte %d mapped from %q, want %s", at, got, path)
		}
	}
	if !slices.Equal(b, want) {
		t.Error("the bytes changed")
	}
}

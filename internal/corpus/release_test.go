package corpus

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

// TestReleaseUnmapsTheStudies: after Release, the arena's chunks and the
// snapshot are no longer mapped, the corpus holds no studies, and a slice
// of them handed out before holds no pointer into what was unmapped.
func TestReleaseUnmapsTheStudies(t *testing.T) {
	if !offHeap {
		t.Skip("studies are on the heap here")
	}
	for name, pick := range map[string]func(a, b *Corpus) *Corpus{
		"loaded from the files":  func(a, _ *Corpus) *Corpus { return a },
		"loaded from a snapshot": func(_, b *Corpus) *Corpus { return b },
	} {
		t.Run(name, func(t *testing.T) {
			c := pick(snapshotLoaded(t))
			regions := append([][]byte(nil), c.arena.chunks...)
			if c.mapped != nil {
				regions = append(regions, c.mapped)
			}
			if len(regions) == 0 {
				t.Fatal("nothing mapped: the test would check nothing")
			}
			for _, r := range regions {
				if !mapped(t, r) {
					t.Fatalf("%p is not mapped before Release", unsafe.SliceData(r))
				}
			}
			shared := c.Studies
			c.Release()
			for _, r := range regions {
				if mapped(t, r) {
					t.Errorf("%p (%d bytes) is still mapped after Release", unsafe.SliceData(r), len(r))
				}
			}
			if c.Studies != nil || c.arena != nil || c.mapped != nil || c.ETag("x") != "" {
				t.Errorf("after Release the corpus still holds studies (%d), an arena (%v) or a mapping (%d bytes)", len(c.Studies), c.arena != nil, len(c.mapped))
			}
			for i, s := range shared {
				if s != nil {
					t.Fatalf("the shared slice still points at study %d", i)
				}
			}
			runtime.GC() // nothing reachable points into the unmapped memory
		})
	}
}

// mapped says whether b's first page is in this process's memory map.
func mapped(t *testing.T, b []byte) bool {
	t.Helper()
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Skip("no /proc/self/maps:", err)
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	for line := range strings.Lines(string(maps)) {
		var lo, hi uintptr
		if _, err := fmt.Sscanf(line, "%x-%x", &lo, &hi); err == nil && lo <= p && p < hi {
			return true
		}
	}
	return false
}

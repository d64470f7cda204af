//go:build !linux

package corpus

import (
	"io"
	"os"
)

// mapFile reads f where memory mapping is not used: the same bytes, on
// the heap.
func mapFile(f *os.File, size int) ([]byte, error) {
	b := make([]byte, size)
	_, err := io.ReadFull(f, b)
	return b, err
}

func unmapFile([]byte) {}

func mapAt(*os.File, int64, int, uint64, bool) []byte { return nil }

func dropPages([]byte) {}

func releasePages([]byte) {}

func mapOver(*os.File, int64, []byte) bool { return false }

func dropCached(*os.File, int, int) {}

func startWriteback(*os.File) {}

func prefetch(*os.File, []byte, [][2]int) {}

// offHeap: the snapshot is on the heap, and so are its studies.
const offHeap = false

func mapAnon(int, bool) ([]byte, error) { return nil, errArena }

func hugeArena(int) bool { return false }

func protectRead([]byte) {}

func dropUnused([]byte) {}

func noHugePages([]byte) {}

//go:build linux

package corpus

import (
	"os"
	"syscall"
)

// mapFile maps f's size bytes read-only. Nothing is copied: the pages are
// the kernel's page cache, which it can drop under memory pressure and
// read again, and the collector neither sees nor doubles them.
func mapFile(f *os.File, size int) ([]byte, error) {
	return syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
}

func unmapFile(b []byte) { _ = syscall.Munmap(b) }

// dropPages takes b's pages out of this process's resident set; the next
// read of one maps it again from the page cache (or the disk).
func dropPages(b []byte) { _ = syscall.Madvise(b, syscall.MADV_DONTNEED) }

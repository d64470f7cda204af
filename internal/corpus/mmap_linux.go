//go:build linux

package corpus

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// mapFile maps f's size bytes read-only. Nothing is copied: the pages are
// the kernel's page cache, which it can drop under memory pressure and
// read again, and the collector neither sees nor doubles them.
func mapFile(f *os.File, size int) ([]byte, error) {
	return mmap(f, 0, size, nil, unix.MAP_SHARED)
}

// mmap maps size bytes of f from off read-only, or fresh memory for a nil
// f, read-write. Mappings are made and unmapped by the system calls
// themselves: package syscall's Munmap unmaps only what its Mmap mapped,
// and an image's mappings (mapAt) need an address.
func mmap(f *os.File, off int64, size int, addr unsafe.Pointer, flags int) ([]byte, error) {
	fd, prot := -1, unix.PROT_READ|unix.PROT_WRITE
	if f != nil {
		fd, prot = int(f.Fd()), unix.PROT_READ
	}
	p, err := unix.MmapPtr(fd, off, addr, uintptr(size), prot, flags)
	if err != nil {
		return nil, err
	}
	return unsafe.Slice((*byte)(p), size), nil
}

func unmapFile(b []byte) {
	if len(b) > 0 {
		_ = unix.MunmapPtr(unsafe.Pointer(unsafe.SliceData(b)), uintptr(len(b)))
	}
}

// mapAt maps size bytes of f from off read-only at addr exactly, or
// returns nil: something else is mapped there, or the kernel (before
// 4.17, which ignores MAP_FIXED_NOREPLACE) put the mapping elsewhere.
// populate maps every page at once, for a caller that reads them all
// next: one system call instead of a fault every 16 pages.
func mapAt(f *os.File, off int64, size int, addr uint64, populate bool) []byte {
	if addr == 0 || size <= 0 {
		return nil
	}
	flags := unix.MAP_SHARED | unix.MAP_FIXED_NOREPLACE
	if populate {
		flags |= unix.MAP_POPULATE
	}
	b, err := mmap(f, off, size, unsafe.Add(unsafe.Pointer(nil), addr), flags)
	if err != nil {
		return nil
	}
	if addrOf(b) != addr {
		unmapFile(b)
		return nil
	}
	return b
}

// madvPageout is MADV_PAGEOUT (Linux 5.4), which package syscall lacks.
const madvPageout = 21

// dropPages takes b's pages out of this process's resident set; the next
// read of one maps it again from the page cache (or the disk). The pages
// also leave the page cache (MADV_PAGEOUT: they are clean), and reads are
// marked random: otherwise each study a search shows maps the cached
// pages around it too (the kernel's fault-around), and a server's first
// few thousand hits brought 147 MiB of a 177 MiB snapshot back into its
// resident set at 100,000 studies. Kernels without MADV_PAGEOUT only drop.
func dropPages(b []byte) {
	_ = syscall.Madvise(b, madvPageout) // first: it finds pages through the mapping
	_ = syscall.Madvise(b, syscall.MADV_DONTNEED)
	_ = syscall.Madvise(b, syscall.MADV_RANDOM)
}

// releasePages takes b's pages out of this process's resident set and
// leaves them in the page cache, from which the next read of one maps it
// again without reading the disk.
func releasePages(b []byte) {
	_ = syscall.Madvise(b, syscall.MADV_DONTNEED)
}

// mapOver puts len(b) bytes of f from off in b's place, at b's address,
// once they are checked equal to b, and takes them out of the resident set
// (releasePages): b's memory is then the page cache's, which the kernel
// can take back and read again, not memory only this process holds. b
// must not change (a sealed arena's). False leaves b as it was.
func mapOver(f *os.File, off int64, b []byte) bool {
	m, err := mmap(f, off, len(b), nil, unix.MAP_SHARED)
	if err != nil {
		return false
	}
	if !bytes.Equal(m, b) {
		unmapFile(m)
		return false
	}
	// One system call replaces b's pages with m's: a reader of b meanwhile
	// sees the old bytes or the same new ones, never a hole.
	if _, err := unix.MremapPtr(unsafe.Pointer(unsafe.SliceData(m)), uintptr(len(m)), unsafe.Pointer(unsafe.SliceData(b)), uintptr(len(b)), unix.MREMAP_MAYMOVE|unix.MREMAP_FIXED); err != nil {
		unmapFile(m)
		return false
	}
	releasePages(b)
	return true
}

// dropCached takes n bytes of f from off out of the page cache, where this
// process has not mapped them.
func dropCached(f *os.File, off, n int) {
	_ = unix.Fadvise(int(f.Fd()), int64(off), int64(n), unix.FADV_DONTNEED)
}

// startWriteback has the kernel begin writing f's dirty pages to disk,
// without waiting for them. A load's snapshot is dropped from the page
// cache once a server has decoded it (dropPages), which the kernel can do
// only for pages already written back: a build that ended within the 30 s
// the kernel lets a page stay dirty (100,000 studies in 28 s) left the
// whole snapshot cached, in the large pieces it was written in, and the
// server that started next mapped 151 MiB of it instead of 15 (449 MiB
// resident against 317 after the bench's searches).
func startWriteback(f *os.File) {
	_ = unix.SyncFileRange(int(f.Fd()), 0, 0, unix.SYNC_FILE_RANGE_WRITE)
}

// prefetch has the kernel read the ranges of f (mapped as b) into the page
// cache in the background, ahead of a load that reads them: the pages are
// on disk after a server's start (see dropPages). A large file is read
// ahead in order, 8 MiB at a time; in a small one each range is asked for
// at once (MADV_WILLNEED). Measured on restarts, each way alternated: at
// 1,000,000 studies (a 1.86 GB snapshot) 3.5–4.0 s to the first answer
// read in order against 4.3–6.8 s all at once; at 100,000 (177 MB)
// 0.42–0.48 s against 0.38–0.43 s (once 0.59).
func prefetch(f *os.File, b []byte, ranges [][2]int) {
	if len(b) < prefetchInOrder {
		go func() {
			for _, r := range ranges {
				from := r[0] &^ (os.Getpagesize() - 1) // madvise wants a page's start
				_ = syscall.Madvise(b[from:r[1]], syscall.MADV_WILLNEED)
			}
		}()
		return
	}
	fd, err := syscall.Dup(int(f.Fd())) // f is closed once the snapshot is read
	if err != nil {
		return
	}
	go func() {
		defer syscall.Close(fd)
		const chunk = 8 << 20
		for _, r := range ranges {
			for off := r[0]; off < r[1]; off += chunk {
				if _, _, e := syscall.Syscall(syscall.SYS_READAHEAD, uintptr(fd), uintptr(off), uintptr(min(chunk, r[1]-off))); e != 0 {
					return
				}
			}
		}
	}()
}

// prefetchInOrder is the size from which prefetch reads in order.
const prefetchInOrder = 512 << 20

// offHeap: the snapshot is mapped, so its studies can be decoded into an
// arena (arena.go).
const offHeap = true

// mapAnon maps n bytes of fresh, zeroed memory for an arena; in huge
// pages when huge says so (see hugeArena).
func mapAnon(n int, huge bool) ([]byte, error) {
	b, err := mmap(nil, 0, n, nil, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err == nil && huge {
		_ = syscall.Madvise(b, unix.MADV_HUGEPAGE)
	}
	return b, err
}

// hugeArena says whether an arena of about size bytes should ask for
// transparent huge pages: only when the kernel has free 2 MiB blocks for
// twice that now (/proc/buddyinfo). A load writes its arena whole, once,
// and in 4 KiB pages each first write to a page is a fault: at 100,000
// studies 68,000 of them, 0.77-0.87 s to the first answer of a restart,
// against 23,000 and 0.52-0.61 s in huge pages (eight restarts each,
// alternated). But with the memory full of page cache and few free 2 MiB
// blocks the kernel compacts memory to make them, and restarts at
// 1,000,000 studies were slower with huge pages (5.9-10.4 s against
// 4.2-8.8 s, when they were asked for always).
func hugeArena(size int) bool {
	b, err := os.ReadFile("/proc/buddyinfo")
	return err == nil && pageSize == 4096 && freeHuge(string(b))<<21 >= 2*size
}

// freeHuge counts the free 2 MiB blocks in /proc/buddyinfo's text: its
// columns count free blocks of 2^order pages, order 9 being 2 MiB of
// 4 KiB pages.
func freeHuge(buddyinfo string) int {
	free := 0
	for _, line := range strings.Split(buddyinfo, "\n") {
		f := strings.Fields(line) // Node 0, zone Normal <counts by order>
		if len(f) < 5 || f[2] != "zone" {
			continue
		}
		for order, c := range f[4:] {
			if n, err := strconv.Atoi(c); err == nil && order >= 9 && order < 40 {
				free += n << (order - 9)
			}
		}
	}
	return free
}

// dropUnused gives back the whole pages of b, the unused end of an arena's
// chunk: in huge pages, the last one a load wrote into is resident whole.
func dropUnused(b []byte) {
	if from := -uintptr(unsafe.Pointer(unsafe.SliceData(b))) & uintptr(pageSize-1); from < uintptr(len(b)) {
		_ = syscall.Madvise(b[from:], syscall.MADV_DONTNEED)
	}
}

// noHugePages asks for no more huge pages in b, once an arena is written:
// the kernel's background collapsing (khugepaged) would otherwise make
// huge pages again of the pages given back (dropUnused), filling them.
// The huge pages made stay.
func noHugePages(b []byte) { _ = syscall.Madvise(b, unix.MADV_NOHUGEPAGE) }

// protectRead makes b read-only: a write faults.
func protectRead(b []byte) { _ = syscall.Mprotect(b, syscall.PROT_READ) }

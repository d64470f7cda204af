package corpus

import "unsafe"

// Release lets go of the studies, for a process that has no more use for
// them: a build, once it has read them all (see index.Build). The memory
// they hold outside the Go heap, the arena and the snapshot's mapping
// (3 GiB at 1,000,000 studies read from their files), goes back to the
// system at once, before the build's last step, rather than at its exit.
// After it the corpus holds no studies and knows no file's hash, and
// nothing a study held may be read: the slice of Studies it handed out,
// which others may share, is cleared first, so that no pointer into the
// unmapped memory stays reachable.
func (c *Corpus) Release() {
	if !mappedIn(unsafe.Pointer(unsafe.SliceData(c.Studies)), c.imaged) {
		clear(c.Studies) // an image's list is read-only, and stays mapped
	}
	c.Studies, c.hashes, c.files = nil, nil, fileHashes{base: &hashTable{}}
	c.arena.release()
	c.arena = nil
	// A load that took files on trust keeps the mapping for its check
	// (checklater.go); a build's does not.
	if c.mapped != nil && c.unchecked == nil {
		unmapFile(c.mapped)
		c.mapped = nil
	}
}

// mappedIn says whether p is in one of maps.
func mappedIn(p unsafe.Pointer, maps [][]byte) bool {
	for _, m := range maps {
		if a := uintptr(p); len(m) > 0 && a >= uintptr(unsafe.Pointer(&m[0])) && a < uintptr(unsafe.Pointer(&m[0]))+uintptr(len(m)) {
			return true
		}
	}
	return false
}

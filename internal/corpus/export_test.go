package corpus

import "time"

// OffHeap says whether loads decode into arenas here (see arena.go).
const OffHeap = offHeap

// Unmap unmaps what c's studies are in: its arena, its snapshot and its
// image, so that a later load in the same process may map an image where
// they were. Nothing of c may be used after.
func Unmap(c *Corpus) {
	c.arena.release()
	unmapFile(c.mapped)
	for _, m := range c.imaged {
		unmapFile(m)
	}
}

// SetFolderRacyWindow shortens the wait before a studies folder's stamp is
// trusted (see folderRacyWindow) for one test; the func returned restores it.
func SetFolderRacyWindow(d time.Duration) func() {
	old := folderRacyWindow
	folderRacyWindow = d
	return func() { folderRacyWindow = old }
}

package corpus

import (
	"time"
	"unsafe"
)

// OffHeap says whether loads decode into arenas here (see arena.go).
const OffHeap = offHeap

// SetFolderRacyWindow shortens the wait before a studies folder's stamp is
// trusted (see folderRacyWindow) for one test; the func returned restores it.
func SetFolderRacyWindow(d time.Duration) func() {
	old := folderRacyWindow
	folderRacyWindow = d
	return func() { folderRacyWindow = old }
}

// TablesFromImage says whether c's load took its tables from an image
// (loadTables): its list of studies is the image's.
func TablesFromImage(c *Corpus) bool {
	return mappedIn(unsafe.Pointer(unsafe.SliceData(c.Studies)), c.imaged)
}

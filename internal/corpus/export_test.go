package corpus

import "time"

// OffHeap says whether loads decode into arenas here (see arena.go).
const OffHeap = offHeap

// SetFolderRacyWindow shortens the wait before a studies folder's stamp is
// trusted (see folderRacyWindow) for one test; the func returned restores it.
func SetFolderRacyWindow(d time.Duration) func() {
	old := folderRacyWindow
	folderRacyWindow = d
	return func() { folderRacyWindow = old }
}

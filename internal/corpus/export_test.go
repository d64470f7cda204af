package corpus

import "time"

// SetFolderRacyWindow shortens the wait before a studies folder's stamp is
// trusted (see folderRacyWindow) for one test; the func returned restores it.
func SetFolderRacyWindow(d time.Duration) func() {
	old := folderRacyWindow
	folderRacyWindow = d
	return func() { folderRacyWindow = old }
}

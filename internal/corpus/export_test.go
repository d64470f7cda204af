package corpus

import (
	"fmt"
	"os"
	"strings"
	"testing"
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

// MappedFrom is the file /proc/self/maps says p is mapped from, "" for
// anonymous memory; the test is skipped where there is no such file.
func MappedFrom(t *testing.T, p unsafe.Pointer) string {
	t.Helper()
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Skipf("no /proc/self/maps: %v", err)
	}
	for _, line := range strings.Split(string(maps), "\n") {
		var from, to uintptr
		f := strings.Fields(line)
		if len(f) < 5 {
			continue
		}
		if _, err := fmt.Sscanf(f[0], "%x-%x", &from, &to); err != nil || uintptr(p) < from || uintptr(p) >= to {
			continue
		}
		if len(f) > 5 {
			return f[5]
		}
		return ""
	}
	t.Fatalf("%p is not mapped", p)
	return ""
}

package corpus

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// A build is named by its Go build ID where the program has one (ELF), and
// a file without one is not mistaken for a build.
func TestGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	id, ok := goBuildID(exe)
	if runtime.GOOS == "linux" && (!ok || id == "") {
		t.Errorf("no build ID in %s", exe)
	}
	if ok && strings.ContainsAny(id, "\x00\n") {
		t.Errorf("build ID %q is not the note's text", id)
	}
	if _, ok := goBuildID(filepath.Join("testdata", "topics.toml")); ok {
		t.Error("a TOML file has a build ID")
	}
	if _, ok := goBuildID(filepath.Join(t.TempDir(), "missing")); ok {
		t.Error("a missing file has a build ID")
	}
	if h, err := exeHash(); err != nil || h == "" {
		t.Errorf("exeHash = %q, %v", h, err)
	}
}

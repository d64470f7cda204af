package corpus

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"io"
	"os"
	"sync"
)

// exeHash identifies this program's build, computed once: its Go build ID
// where the file has one (an ELF note, read without reading the 30 MB
// file), else the SHA-256 of the file.
var exeHash = sync.OnceValues(func() (string, error) {
	path, err := os.Executable()
	if err != nil {
		return "", err
	}
	if id, ok := goBuildID(path); ok {
		return "go build id " + id, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
})

// goBuildID is the Go build ID of the ELF program at path: the linker
// derives it from every input of the build, so another build of other
// code has another. ok is false for a file without one (another format,
// or a build ID removed with -buildid=).
func goBuildID(path string) (id string, ok bool) {
	f, err := elf.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return "", false
	}
	note, err := sec.Data()
	// An ELF note: name size, description size, type, name ("Go\0\0"),
	// then the description, which is the build ID.
	const head = 16
	if err != nil || len(note) < head || string(note[12:head]) != "Go\x00\x00" {
		return "", false
	}
	n := f.ByteOrder.Uint32(note[4:8])
	if n == 0 || uint64(n) > uint64(len(note)-head) {
		return "", false
	}
	return string(note[head : head+int(n)]), true
}

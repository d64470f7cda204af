package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// A start reads data/studies once and shares the listing: the study files
// to load and the temporary files to remove both come from it. At 100,000 studies one listing is about a twentieth of a restart,
// and it used to be taken four times.

// dirEntry is one name in a folder with its type as the listing gives it
// (no stat).
type dirEntry struct {
	name string
	typ  fs.FileMode
}

// listing is one reading of a folder's names, sorted by name. err is what
// listing it failed with; the entries read before the failure are kept,
// as os.ReadDir keeps them.
type listing struct {
	dir     string
	entries []dirEntry
	err     error
	// stamp is the folder's, taken before it was read (see folderStamp);
	// zero when it could not be taken.
	stamp fileStamp
}

// listDir lists dir. The names are read unsorted and sorted as plain
// strings: os.ReadDir sorts interface values.
func listDir(dir string) *listing {
	l := &listing{dir: dir}
	l.stamp, _ = folderStamp(dir)
	f, err := os.Open(dir)
	if err != nil {
		l.err = err
		return l
	}
	defer f.Close()
	des, err := f.ReadDir(-1)
	l.err = err
	l.entries = make([]dirEntry, len(des))
	for i, e := range des {
		l.entries[i] = dirEntry{name: e.Name(), typ: e.Type()}
	}
	slices.SortFunc(l.entries, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
	return l
}

// tomlFiles are the regular files named *.toml, as paths relative to the
// folder above, sorted. Their strings share one allocation (100,000 of
// them are kept for as long as the corpus is).
func (l *listing) tomlFiles(sub string) []string {
	prefix := sub + string(filepath.Separator)
	n, size := 0, 0
	for _, e := range l.entries {
		if isTOMLFile(e) {
			n, size = n+1, size+len(prefix)+len(e.name)
		}
	}
	var b strings.Builder
	b.Grow(size)
	ends := make([]int, 0, n)
	for _, e := range l.entries {
		if isTOMLFile(e) {
			b.WriteString(prefix)
			b.WriteString(e.name)
			ends = append(ends, b.Len())
		}
	}
	all, out, start := b.String(), make([]string, n), 0
	for i, end := range ends {
		out[i], start = all[start:end], end
	}
	return out
}

func isTOMLFile(e dirEntry) bool { return e.typ.IsRegular() && strings.HasSuffix(e.name, ".toml") }

// listAsync lists dir in the background; the func returned waits for it.
func listAsync(dir string) func() *listing {
	done := make(chan struct{})
	var l *listing
	go func() {
		defer close(done)
		l = listDir(dir)
	}()
	return func() *listing {
		<-done
		return l
	}
}

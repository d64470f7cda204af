package corpus

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
	"unsafe"

	"litkb/internal/study"
)

// snapshotLoaded is the repository's corpus, copied and aged (a file changed
// moments ago is never cached), loaded once to write its snapshot and again
// from it: both loads.
func snapshotLoaded(t *testing.T) (fromFiles, fromSnapshot *Corpus) {
	t.Helper()
	dir := t.TempDir()
	old := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "data")))
	if err == nil {
		err = filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			return os.Chtimes(p, old, old)
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(t.TempDir(), "corpus.snapshot")
	first, err := LoadCached(dir, cache)
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadCached(dir, cache)
	if err != nil {
		t.Fatal(err)
	}
	if first.Stats.Decoded != len(first.Studies) || c.Stats.FromSnapshot != len(c.Studies) || len(c.Studies) < 20 {
		t.Fatalf("stats %+v then %+v for %d studies, want every study from its file, then from the snapshot", first.Stats, c.Stats, len(c.Studies))
	}
	return first, c
}

// heapPointers lists the places in v that point neither into the mapped
// snapshot nor into an arena: the pointers the collector could not see.
func heapPointers(c *Corpus, v reflect.Value, path string, found *[]string) {
	offHeap := func(p unsafe.Pointer) bool {
		a := uintptr(p)
		in := func(b []byte) bool {
			lo := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
			return a >= lo && a < lo+uintptr(len(b))
		}
		if c.mapped != nil && in(c.mapped) {
			return true
		}
		if c.arena != nil {
			for _, ch := range c.arena.chunks {
				if in(ch) {
					return true
				}
			}
		}
		return false
	}
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); s != "" && !offHeap(unsafe.Pointer(unsafe.StringData(s))) {
			*found = append(*found, path)
		}
	case reflect.Slice:
		if v.Len() > 0 && !offHeap(v.UnsafePointer()) {
			*found = append(*found, path)
		}
		for i := range v.Len() {
			heapPointers(c, v.Index(i), path+"[]", found)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			if !offHeap(v.UnsafePointer()) {
				*found = append(*found, path)
			}
			heapPointers(c, v.Elem(), path, found)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			heapPointers(c, v.Field(i), path+"."+v.Type().Field(i).Name, found)
		}
	case reflect.Int, reflect.Float64, reflect.Bool:
	default:
		panic("heapPointers: teach it " + v.Kind().String())
	}
}

// TestArenaStudiesPointOffTheHeap: every pointer of a study loaded with a
// snapshot (its own address, its strings, slices and numbers), whether
// decoded from its file or from the snapshot, is in the mapping or the
// arena, which the collector does not scan; a heap object that only an
// arena study pointed to would be freed under it.
func TestArenaStudiesPointOffTheHeap(t *testing.T) {
	if !offHeap {
		t.Skip("studies are decoded onto the heap where the snapshot is not mapped")
	}
	fromFiles, fromSnapshot := snapshotLoaded(t)
	for _, c := range []*Corpus{fromFiles, fromSnapshot} {
		if c.Stats.OffHeap == 0 {
			t.Fatalf("stats %+v: no arena", c.Stats)
		}
		fields := 0
		for _, s := range c.Studies {
			var found []string
			heapPointers(c, reflect.ValueOf(s), s.ID, &found)
			for _, f := range found {
				t.Errorf("%+v: %s points into the heap", c.Stats, f)
			}
			fields += len(s.Findings)
		}
		if fields == 0 {
			t.Fatal("no findings: the walk proved little")
		}
	}
	c := fromSnapshot
	// The same walk over studies decoded from their files finds the heap:
	// the check can fail.
	full, err := Load(c.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	heapPointers(c, reflect.ValueOf(full.Studies[0]), "", &found)
	if len(found) == 0 {
		t.Error("a study decoded from its file was taken for one in the arena")
	}
}

// TestArenaStudiesAreReadOnly: a write into a loaded study faults instead
// of changing what every version of the corpus shares.
func TestArenaStudiesAreReadOnly(t *testing.T) {
	if !offHeap {
		t.Skip("studies are decoded onto the heap where the snapshot is not mapped")
	}
	fromFiles, fromSnapshot := snapshotLoaded(t)
	for _, c := range []*Corpus{fromFiles, fromSnapshot} {
		s := c.Studies[0]
		year := s.Year
		func() {
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
			defer func() {
				r := recover()
				if _, ok := r.(interface{ Addr() uintptr }); !ok {
					t.Errorf("%+v: writing into a loaded study: recovered %v, want a fault", c.Stats, r)
				}
			}()
			s.Year = year + 1
			runtime.KeepAlive(s)
		}()
		if s.Year != year {
			t.Errorf("%+v: the year changed to %d", c.Stats, s.Year)
		}
	}
}

// TestArenaSharesRepeatedLists: in an arena, lists of strings encoded
// alike are decoded once per block and shared; any other list, a prefix of
// one too, is its own; and every study decodes as it was encoded, also
// past the number of lists a block remembers.
func TestArenaSharesRepeatedLists(t *testing.T) {
	if !offHeap {
		t.Skip("studies are decoded onto the heap where the snapshot is not mapped")
	}
	b := newArena(1 << 20).block()
	var keep []string // the encodings the decoded strings point into
	defer runtime.KeepAlive(&keep)
	decode := func(s study.Study) *study.Study {
		t.Helper()
		var e encoder
		e.study(&s)
		rec, text := string(e.b), string(e.t)
		keep = append(keep, rec, text)
		got := new(study.Study)
		if err := decodeEntry(snapEntry{blob: rec, text: text}, nil, b, got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, s) {
			t.Fatalf("decoded %+v\nwant %+v", *got, s)
		}
		return got
	}
	checked := func(source string, fields ...string) study.Provenance {
		return study.Provenance{Confidence: "high", Checks: []study.Check{{Fields: fields, Kind: "publisher", Source: source}}}
	}
	s1 := decode(study.Study{ID: "a", Topics: []string{"aai", "earned-security"}, Provenance: checked("one", "title", "authors", "year")})
	s2 := decode(study.Study{ID: "b", Topics: []string{"aai", "earned-security"}, Provenance: checked("two", "title", "authors", "year")})
	s3 := decode(study.Study{ID: "c", Topics: []string{"aai"}, Provenance: checked("one", "title", "authors")})
	same := func(x, y []string) bool { return unsafe.SliceData(x) == unsafe.SliceData(y) }
	if !same(s1.Topics, s2.Topics) || !same(s1.Provenance.Checks[0].Fields, s2.Provenance.Checks[0].Fields) {
		t.Error("two studies with the same topics and checked fields hold copies of them, want one list each, shared")
	}
	if same(s1.Topics, s3.Topics) || same(s1.Provenance.Checks[0].Fields, s3.Provenance.Checks[0].Fields) {
		t.Error("a list shares another's memory, want its own")
	}
	for i := range maxLists + 10 {
		decode(study.Study{ID: fmt.Sprint("d", i), Topics: []string{fmt.Sprint("topic ", i)}})
	}
	if len(b.lists) != maxLists {
		t.Errorf("the block remembers %d lists, want at most %d", len(b.lists), maxLists)
	}
	decode(study.Study{ID: "e", Topics: []string{fmt.Sprint("topic ", maxLists+9)}})
}

package corpus

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"litkb/internal/study"
)

// TestFileHashesFollowAMap: versions made by with read as a plain map
// changed the same way would, before and after their changes fold into a
// new base, and the version a change was made from stays as it was.
func TestFileHashesFollowAMap(t *testing.T) {
	for _, size := range []int{0, 10, 5000} {
		rng := rand.New(rand.NewPCG(uint64(size), 1))
		model := map[string]string{}
		for i := range size {
			model[testRel(i)] = testHash(fmt.Sprint("h", i))
		}
		f := newFileHashes(maps.Clone(model))
		folded := false
		for step := range 300 {
			before, beforeModel := f, maps.Clone(model)
			changes := map[string]string{}
			for range 1 + rng.IntN(20) {
				rel := testRel(rng.IntN(size + 50))
				if rng.IntN(3) == 0 {
					changes[rel] = ""
					delete(model, rel)
				} else {
					h := testHash(fmt.Sprint("h", step, rel))
					changes[rel] = h
					model[rel] = h
				}
			}
			f = f.with(changes)
			folded = folded || f.over == nil
			if step%8 != 0 && f.over != nil { // every few steps, and every fold
				continue
			}
			same(t, fmt.Sprintf("size %d step %d", size, step), f, model, true)
			same(t, fmt.Sprintf("size %d step %d, the version before", size, step), before, beforeModel, false)
		}
		if size >= foldAt(size) && !folded { // smaller ones never change enough files
			t.Errorf("size %d: 300 writes never folded the changes into a base", size)
		}
	}
}

// testRel is a path: a claim, a study file (x.toml, and x-b.toml which
// sorts before it), a file deeper in the studies folder, or one in a
// folder that sorts after it.
func testRel(i int) string {
	switch i % 5 {
	case 0:
		return filepath.Join("claims", fmt.Sprint("f", i))
	case 1:
		return filepath.Join("studies", fmt.Sprintf("f%d.toml", i/5))
	case 2:
		return filepath.Join("studies", fmt.Sprintf("f%d-b.toml", i/5))
	case 3:
		return filepath.Join("studies", "sub", fmt.Sprintf("f%d.toml", i))
	default:
		return filepath.Join("studiesx", fmt.Sprint("f", i))
	}
}

// testHash is a content hash, and one time in eight something else a
// table must keep as it is: a short string, or a hash in capitals.
func testHash(s string) string {
	switch h := contentHash([]byte(s)); h[0] {
	case '0':
		return s
	case '1':
		return strings.ToUpper(h)
	default:
		return h
	}
}

// same checks f against want; and its folders' listings, when folders.
func same(t *testing.T, what string, f fileHashes, want map[string]string, folders bool) {
	t.Helper()
	got := map[string]string{}
	for rel, h := range f.all {
		if _, dup := got[rel]; dup {
			t.Fatalf("%s: %s listed twice", what, rel)
		}
		got[rel] = h
	}
	if !maps.Equal(got, want) {
		t.Fatalf("%s: %d files listed, want %d", what, len(got), len(want))
	}
	for rel, h := range want {
		if f.get(rel) != h {
			t.Fatalf("%s: %s has %q, want %q", what, rel, f.get(rel), h)
		}
	}
	for _, dir := range []string{"claims", "studies"} {
		if !folders {
			break
		}
		var want []string
		for rel := range got {
			if strings.HasPrefix(rel, dir+string(filepath.Separator)) {
				want = append(want, rel)
			}
		}
		slices.Sort(want)
		if under := f.under(dir); !slices.Equal(under, want) {
			t.Fatalf("%s: under(%s) = %q, want %q", what, dir, under, want)
		}
	}
	if f.get("never-there") != "" {
		t.Fatalf("%s: a file never read has a hash", what)
	}
}

// A study file's key is its study's id, as the corpus holds it.
func TestStudyTableKeysAreTheIDs(t *testing.T) {
	ids := []string{"a-2000-x-b", "a-2000-x", "b-2001-y"} // in file order
	rels := make([]string, len(ids))
	files := make([]loadedFile, len(ids))
	studies := make([]*study.Study, len(ids))
	for i, id := range ids {
		rels[i] = filepath.Join(StudiesDir, id+".toml")
		files[i].hash = contentHash([]byte(id))
		studies[i] = &study.Study{ID: strings.Clone(id)}
	}
	studies[2] = nil // a file with problems has no study
	tab := studyTable(rels, files, studies)
	for i, rel := range rels {
		if got := tab.get(rel); got != files[i].hash {
			t.Errorf("%s: hash %q, want %q", rel, got, files[i].hash)
		}
	}
	for i, key := range tab.studies.keys[:2] {
		if unsafe.StringData(key) != unsafe.StringData(studies[i].ID) {
			t.Errorf("key %q is a copy, not the study's id", key)
		}
	}
	if key := tab.studies.keys[2]; unsafe.StringData(key) == unsafe.StringData(rels[2][len(StudiesDir)+1:]) {
		t.Errorf("key %q points into the listing's path", key)
	}
}

// FuzzCmpStem: stems compare as their paths do.
func FuzzCmpStem(f *testing.F) {
	for _, p := range [][2]string{{"x", "x-b"}, {"x", "x.toml"}, {"x.tom", "x"}, {"", "a"}, {"x/", "x"}, {"x", "x"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := cmpStem(a, b), strings.Compare(a+".toml", b+".toml"); got != want {
			t.Fatalf("cmpStem(%q, %q) = %d, want %d", a, b, got, want)
		}
	})
}

// FuzzDecodeSum: a hash decodes exactly when it is 64 lowercase hex
// digits, to the bytes encoding/hex reads from it.
func FuzzDecodeSum(f *testing.F) {
	for _, s := range []string{contentHash([]byte("x")), strings.ToUpper(contentHash(nil)), "h1", "", strings.Repeat("g", 64)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sum, ok := decodeSum(s)
		want, err := hex.DecodeString(s)
		wantOK := err == nil && len(want) == len(sum) && s == strings.ToLower(s)
		if ok != wantOK || (ok && !bytes.Equal(sum[:], want)) {
			t.Fatalf("decodeSum(%q) = %x, %v; want %x, %v", s, sum, ok, want, wantOK)
		}
	})
}

// FuzzHash64: hash64 is the first 16 hex digits as a number, 0 when they
// are not hex digits, as strconv reads them.
func FuzzHash64(f *testing.F) {
	for _, s := range []string{contentHash([]byte("x")), strings.ToUpper(contentHash(nil)), "0123456789abcdeF", "short", strings.Repeat("g", 64)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want uint64
		if len(s) >= 16 {
			want, _ = strconv.ParseUint(s[:16], 16, 64)
		}
		if got := hash64(s); got != want {
			t.Fatalf("hash64(%q) = %x, want %x", s, got, want)
		}
	})
}

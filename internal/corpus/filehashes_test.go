package corpus

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
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

// testRel is a path in one of three folders (claims, studies, another).
func testRel(i int) string {
	return filepath.Join([]string{"claims", "studies", "claimsx"}[i%3], fmt.Sprint("f", i))
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

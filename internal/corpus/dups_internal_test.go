package corpus

import (
	"fmt"
	"hash/maphash"
	"strings"
	"testing"

	"litkb/internal/study"
)

// TestSameDOIIsEqualFold: the quick test of the last byte never says
// "different" where strings.EqualFold says "same".
func TestSameDOIIsEqualFold(t *testing.T) {
	tests := []struct{ a, b string }{
		{"10.1000/abc", "10.1000/ABC"},
		{"10.1000/abc", "10.1000/abd"},
		{"10.1000/abk", "10.1000/ab\u212a"}, // k and the Kelvin sign fold together
		{"10.1000/abs", "10.1000/ab\u017f"}, // s and the long s
		{"10.1000/é", "10.1000/É"},
		{"10.1000/x1", "10.1000/x1"},
		{"10.1000/x1", "10.1000/x2"},
		{"10.1000/x", "10.1000/xx"},
		{"", "10.1000/x"},
		{"", ""},
	}
	for _, tt := range tests {
		for _, p := range [][2]string{{tt.a, tt.b}, {tt.b, tt.a}} {
			if got, want := sameDOI(p[0], p[1]), strings.EqualFold(p[0], p[1]); got != want {
				t.Errorf("sameDOI(%q, %q) = %v, EqualFold says %v", p[0], p[1], got, want)
			}
		}
	}
}

// TestDuplicateDOIsWhateverTheHash: keys that share a hash (here: all of
// them) are told apart by the keys themselves.
func TestDuplicateDOIsWhateverTheHash(t *testing.T) {
	dois := []string{"10.1000/a", "10.1000/b", "10.1000/A", "", "10.1000/c", "https://doi.org/10.1000/b", "10.1000/a"}
	var ss []*study.Study
	for i, d := range dois {
		ss = append(ss, &study.Study{ID: fmt.Sprintf("s%d", i), DOI: d})
	}
	problems := func(hash func(string) uint64) []string {
		c := &Corpus{Studies: ss}
		c.checkDuplicateDOIsBy(hash)
		var out []string
		for _, p := range c.Problems {
			out = append(out, p.String())
		}
		return out
	}
	want := []string{"s2 is also s0", "s5 is also s1", "s6 is also s0"}
	seed := maphash.MakeSeed()
	for name, hash := range map[string]func(string) uint64{
		"distinct": func(k string) uint64 { return maphash.String(seed, k) },
		"all one":  func(string) uint64 { return 1 },
	} {
		got := problems(hash)
		if len(got) != len(want) {
			t.Fatalf("%s: %q, want %d problems", name, got, len(want))
		}
		for i, w := range want {
			of, also, _ := strings.Cut(w, " is also ")
			if !strings.Contains(got[i], of+".toml") || !strings.Contains(got[i], "is also the DOI of "+also+":") {
				t.Errorf("%s: %q, want %s", name, got[i], w)
			}
		}
	}
}

// FuzzAppendDOIKey: the key made in a buffer is study.DOIKey's.
func FuzzAppendDOIKey(f *testing.F) {
	for _, s := range []string{"10.1000/ABC", " https://doi.org/10.1000/x ", "DOI:10.1/É", "10.1000/ab\u212a", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendDOIKey([]byte("x"), s)), "x"+study.DOIKey(s); got != want {
			t.Fatalf("appendDOIKey(%q) = %q, want %q", s, got, want)
		}
	})
}

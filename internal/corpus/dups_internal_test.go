package corpus

import (
	"strings"
	"testing"
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

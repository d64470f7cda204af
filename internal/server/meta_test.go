package server

import "testing"

func TestPageSpan(t *testing.T) {
	tests := []struct{ pages, first, last string }{
		{"1204-1219", "1204", "1219"},
		{"1204–1219", "1204", "1219"},
		{"10-14, 20-22", "10", "22"},
		{"10-14,20,33", "10", "33"},
		{"e123", "e123", ""},
		{"S1-S10", "S1", "S10"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if f, l := pageSpan(tt.pages); f != tt.first || l != tt.last {
			t.Errorf("pageSpan(%q) = %q, %q; want %q, %q", tt.pages, f, l, tt.first, tt.last)
		}
	}
}

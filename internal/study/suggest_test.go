package study

import "testing"

func TestFoldASCII(t *testing.T) {
	for in, want := range map[string]string{"Jańczak": "Janczak", "Feußner": "Feussner", "Østergaard": "Ostergaard",
		"Cárcamo": "Carcamo", "ǘ": "u", "Wałęsa": "Walesa", "Ærø": "AEro"} {
		if got := foldASCII(in); got != want {
			t.Errorf("foldASCII(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSuggestID(t *testing.T) {
	tests := []struct {
		name string
		s    Study
		want string
	}{
		{"particle run together", Study{Authors: []Person{{Family: "van IJzendoorn", Given: "Marinus H."}}, Year: 1995, Title: "Adult attachment representations"}, "vanijzendoorn-1995-adult-attachment"},
		{"accents folded", Study{Authors: []Person{{Family: "Jańczak"}}, Year: 2023, Title: "Mentalization, emotional dysregulation"}, "janczak-2023-mentalization-emotional"},
		{"corporate initials", Study{Authors: []Person{{Literal: "World Health Organization"}}, Year: 2022, Title: "World mental health report"}, "who-2022-world-mental"},
		{"editor when no author", Study{Editors: []Person{{Family: "Cassidy"}}, Year: 1999, Title: "Handbook of attachment"}, "cassidy-1999-handbook-attachment"},
		{"short and stop words skipped", Study{Authors: []Person{{Family: "Roisman"}}, Year: 2002, Title: "The earned-secure status in retrospect"}, "roisman-2002-earned-secure"},
		{"nothing to go on", Study{Title: "A"}, "untitled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SuggestID(&tt.s); got != tt.want {
				t.Errorf("SuggestID = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUniqueID(t *testing.T) {
	taken := map[string]bool{"smith-2001-x": true, "smith-2001-x-b": true}
	tests := []struct{ id, want string }{
		{"jones-2001-y", "jones-2001-y"},
		{"smith-2001-x", "smith-2001-x-c"},
	}
	for _, tt := range tests {
		if got := UniqueID(tt.id, func(id string) bool { return taken[id] }); got != tt.want {
			t.Errorf("UniqueID(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
	all := func(id string) bool { return len(id) < len("a-27") } // a and a-b … a-z taken
	if got := UniqueID("a", all); got != "a-27" {
		t.Errorf("after z: %q, want a-27", got)
	}
}

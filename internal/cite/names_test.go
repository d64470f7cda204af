package cite

import "testing"

func TestSplitParticle(t *testing.T) {
	tests := []struct{ in, particle, family string }{
		{"van IJzendoorn", "van", "IJzendoorn"},
		{"de Wolff", "de", "Wolff"},
		{"van der Berg", "van der", "Berg"},
		{"d'Almeida", "d'", "Almeida"},
		{"De Wolff", "", "De Wolff"},
		{"Bakermans-Kranenburg", "", "Bakermans-Kranenburg"},
		{"hooks", "", "hooks"}, // the last word is always the family name
		{"", "", ""},
	}
	for _, tt := range tests {
		p, f := splitParticle(tt.in)
		if p != tt.particle || f != tt.family {
			t.Errorf("splitParticle(%q) = %q, %q; want %q, %q", tt.in, p, f, tt.particle, tt.family)
		}
	}
}

func TestInitials(t *testing.T) {
	tests := []struct {
		given, with string
		hyphen      bool
		want        string
	}{
		{"Glenn I.", ". ", true, "G. I."},
		{"Glenn I.", ".", true, "G.I."},
		{"Glenn I.", "", false, "GI"},
		{"Jean-Pierre", ". ", true, "J.-P."},
		{"Jean-Pierre", ".", true, "J.-P."},
		{"Jean-Pierre", "", false, "JP"},
		{"Mary D. Salter", ". ", true, "M. D. S."},
		{"R. M. Pasco", ".", true, "R.M.P."},
		{"élodie", ". ", true, "É."},
	}
	for _, tt := range tests {
		if got := initials(tt.given, tt.with, tt.hyphen); got != tt.want {
			t.Errorf("initials(%q, %q) = %q, want %q", tt.given, tt.with, got, tt.want)
		}
	}
}

func TestNamesEtAl(t *testing.T) {
	ns := namesFromPeople(manyAuthors(8))
	tests := []struct {
		name string
		o    nameOpts
		n    int
		want string
	}{
		{"apa two", apaBibNames, 2, "Abbott, A., & Baker, B."},
		{"harvard three", harvardBibNames, 3, "Abbott, A., Baker, B. and Chen, C."},
		{"harvard four", harvardBibNames, 4, "Abbott, A. et al."},
		{"vancouver seven", vancouverNames, 7, "Abbott A, Baker B, Chen C, Diaz D, Evans E, Fischer F, et al."},
		{"mla three", mlaBibNames, 3, "Abbott, Alice, et al."},
		{"chicago cite three", chicagoCiteNames, 3, "Abbott, Baker, and Chen"},
	}
	for _, tt := range tests {
		if got := names(ns[:tt.n], tt.o).String(); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestNormalizeInitials: each want is what citeproc-js 2.4.63 prints for
// the given name in MLA's author list (initialize="false",
// initialize-with=". ").
func TestNormalizeInitials(t *testing.T) {
	tests := []struct{ given, want string }{
		{"J", "J."},
		{"J P", "J. P."},
		{"J.P.", "J. P."},
		{"J. P.", "J. P."},
		{"M.J", "M. J."},
		{"J R R", "J. R. R."},
		{"J.-P", "J. P."},
		{"Mary-J", "Mary-J."},
		{"É", "É."},
		{"J Alan", "J. Alan"},
		{"Jean P", "Jean P."},
		{"JP", "JP"},
		{"jr", "jr"},
		{"Ma. Teresa", "Ma. Teresa"},
		{"Wm.", "Wm."},
		{"Glenn I.", "Glenn I."},
		{"", ""},
	}
	for _, tt := range tests {
		if got := normalizeInitials(tt.given, ". "); got != tt.want {
			t.Errorf("normalizeInitials(%q) = %q, want %q", tt.given, got, tt.want)
		}
	}
}

package cite

import (
	"strings"
	"testing"
	"unicode/utf8"

	"litkb/internal/study"
)

// FuzzTitleCase: title-casing changes only the case of letters.
func FuzzTitleCase(f *testing.F) {
	for _, s := range []string{"Earned-secure attachment: A study", "In-depth \"earned\" (AAI) x-rays?", "a", "", "’s ‘q’ d'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		got := titleCase(s)
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(s) || !strings.EqualFold(got, s) {
			t.Errorf("titleCase(%q) = %q changes more than case", s, got)
		}
	})
}

// FuzzBibTeX: whatever a title or name holds, the BibTeX value has
// balanced braces, so the entry parses.
func FuzzBibTeX(f *testing.F) {
	for _, s := range []string{"Padrón & {IJzendoorn} 50% $x$ \\emph{y} ~^#_", "}{", "AAI: The {first}", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		for _, v := range []string{bibTitle(s), bibEscape(s), bibNames([]Name{{Literal: s}, {Family: s, Given: s}}), bibVerbatim(s)} {
			if !balanced(v) {
				t.Errorf("unbalanced braces for %q: %q", s, v)
			}
		}
		out := string(ExportBibTeX([]*study.Study{{ID: "x", Type: "article", Title: s, Journal: s, Year: 2000,
			Authors: []study.Person{{Family: s, Given: s}}}}))
		if !balanced(out) {
			t.Errorf("unbalanced entry for %q:\n%s", s, out)
		}
	})
}

// FuzzFormat: any text in any field renders without panicking, and the
// HTML carries no markup but litkb's own <i>.
func FuzzFormat(f *testing.F) {
	f.Add("Earned-secure <b>status</b> & \"more\"?", "van IJzendoorn", "Marinus H.", "Child & Development", "1204-1219")
	f.Add("", "", "", "", "")
	f.Fuzz(func(t *testing.T, title, family, given, journal, pages string) {
		for _, typ := range []string{"article", "book", "chapter", "report", "thesis"} {
			s := study.Study{ID: "x", Type: typ, Title: title, Year: 2001, Journal: journal, Container: journal,
				Pages: pages, Publisher: journal, Authors: []study.Person{{Family: family, Given: given}},
				Editors: []study.Person{{Family: given, Given: family}}}
			for _, st := range Styles {
				ref, err := Format(FromFinding(s, study.Finding{Page: pages}), st)
				if err != nil {
					t.Fatal(err)
				}
				html := strings.NewReplacer("<i>", "", "</i>", "").Replace(ref.HTML)
				if strings.ContainsAny(html, "<>") {
					t.Errorf("%s %s: unescaped markup in %q", st, typ, ref.HTML)
				}
			}
		}
	})
}

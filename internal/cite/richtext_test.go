package cite

import "testing"

// TestPunctuationAtQuotes: where a period or comma meets a closing quote,
// litkb does what citeproc-js does.
func TestPunctuationAtQuotes(t *testing.T) {
	for _, tt := range []struct{ left, right, want string }{
		// American quotes take the mark inside, merged with one there.
		{"“Title”", ".", "“Title.”"},
		{"“Why change?”", ".", "“Why change?”"},
		{"“Title”", ",", "“Title,”"},
		// British quotes keep it outside, but a mark the quoted title
		// ends with absorbs a period (Harvard, data/ study
		// davila-burge-hammen-1997-why-attachment-style-change).
		{"‘Why does attachment style change?’", ".", "‘Why does attachment style change?’"},
		{"‘Why does attachment style change?’", ",", "‘Why does attachment style change?’,"},
		{"‘Title’", ".", "‘Title’."},
		{"the parents’", ".", "the parents’."},
	} {
		if got := cat(txt(tt.left), txt(tt.right)).String(); got != tt.want {
			t.Errorf("%q + %q = %q, want %q", tt.left, tt.right, got, tt.want)
		}
	}
}

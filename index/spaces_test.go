package index

import (
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
)

// sameSpaceTokens fails t unless spaceWords cuts in exactly as Bleve's
// whitespace tokenizer does.
func sameSpaceTokens(t *testing.T, in []byte) {
	t.Helper()
	ws, err := whitespace.TokenizerConstructor(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameStreams(t, in, spaceWords{}.Tokenize(in), ws.Tokenize(in))
}

func TestSpaceWordsMatchWhitespace(t *testing.T) {
	for _, s := range []string{
		"",
		" ",
		"attachment",
		"earned security  is\tcommon\nin adults ",
		"  leading and trailing  ",
		"naïve façade ωμέγα fonagy's 3.5 10,000",
		"non\u00a0breaking\u2003em\u3000ideographic\u0085next",
		"stops at \xff an invalid byte",
		"stops at \ufffd the replacement rune",
		"\x00nul\x00bytes",
		distinctWords([]string{"Earned-secure adults (n = 1,234) were securely attached; e.g. Fonagy's mentalizing."}),
	} {
		sameSpaceTokens(t, []byte(s))
	}
}

func FuzzSpaceWords(f *testing.F) {
	for _, s := range []string{"a b  c", "\ta\u00a0b\n", "x\xffy z", "é ü"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		sameSpaceTokens(t, in)
	})
}

package index

import (
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"litkb/internal/corpus"
)

// sameTokens fails t unless the fast tokenizer cuts in exactly as the
// unicode tokenizer does: terms, offsets, positions and types.
func sameTokens(t *testing.T, in []byte) {
	t.Helper()
	sameStreams(t, in, asciiWords{general: unicode.NewUnicodeTokenizer()}.Tokenize(in), unicode.NewUnicodeTokenizer().Tokenize(in))
}

// sameStreams fails t unless got and want, the tokens of in, are the
// same: terms, offsets, positions and types.
func sameStreams(t *testing.T, in []byte, got, want analysis.TokenStream) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%q: %d tokens, want %d\ngot  %v\nwant %v", in, len(got), len(want), got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if string(g.Term) != string(w.Term) || g.Start != w.Start || g.End != w.End || g.Position != w.Position || g.Type != w.Type {
			t.Fatalf("%q: token %d is %q [%d,%d) pos %d type %d, want %q [%d,%d) pos %d type %d",
				in, i, g.Term, g.Start, g.End, g.Position, g.Type, w.Term, w.Start, w.End, w.Position, w.Type)
		}
	}
}

func TestWordsTokenizerMatchesUnicode(t *testing.T) {
	for _, s := range []string{
		"",
		"   ",
		"Earned security: 7.5% of the AAI sample (n = 1,234; 95% CI 0.3-0.5).",
		"e.g. a.b.c a..b a:b a::b don't 'quoted' o'clock 3'4 3,5;6 1.2.3 3.a a3.4",
		"x1 1x 1,a a,1 ,1 1, .5 5. a'",
		"line\r\nbreak\ttab\vvertical\fform",
		"Fonagy\u2019s mentalizing", // a curly apostrophe is not ASCII: the general path
		"snake_case and __init",     // underscore: the general path
		"\x00\x01 control",
	} {
		sameTokens(t, []byte(s))
	}
	// Every text the bundled corpus indexes.
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range c.Studies {
		texts := []string{st.Title, st.Summary, st.Sample, st.Journal, st.Container}
		for _, f := range st.Findings {
			texts = append(texts, f.Text)
		}
		for _, s := range texts {
			sameTokens(t, []byte(s))
		}
	}
}

func FuzzWordsTokenizer(f *testing.F) {
	for _, s := range []string{"e.g. 3,5 a:b don't", "1.2.3 x1 1x", "a'b'c 1'2'3", "...a...", "7.5% (n = 1,234)"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		sameTokens(t, in)
	})
}

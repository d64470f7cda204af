package index

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// spacesTokenizer cuts text at Unicode spaces exactly as Bleve's
// whitespace tokenizer does, for the words field (distinctWords' text,
// one word after another). Bleve's allocates every token on its own and a
// stream of 1,024 for every text; this one allocates the tokens in one
// block and the stream to their size. A differential fuzz test holds the
// two to the same tokens.
const spacesTokenizer = "litkb_spaces"

func init() {
	err := registry.RegisterTokenizer(spacesTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return spaceWords{}, nil
	})
	if err != nil {
		panic(err)
	}
}

type spaceWords struct{}

// Tokenize gives the runs of runes that are not spaces. As Bleve's
// character tokenizer, it stops at the first rune that does not decode
// (or is U+FFFD itself), ending the run before it.
func (spaceWords) Tokenize(in []byte) analysis.TokenStream {
	var toks []analysis.Token
	start, end := 0, 0
	for offset := 0; ; {
		r, size := rune(0), 1
		if offset < len(in) && in[offset] < utf8.RuneSelf {
			r = rune(in[offset])
		} else {
			r, size = utf8.DecodeRune(in[offset:])
			if r == utf8.RuneError {
				break
			}
		}
		if !unicode.IsSpace(r) {
			end = offset + size
		} else {
			if end > start {
				if toks == nil {
					toks = make([]analysis.Token, 0, len(in)/6+1)
				}
				toks = append(toks, analysis.Token{Term: in[start:end], Start: start, End: end, Position: len(toks) + 1, Type: analysis.AlphaNumeric})
			}
			start = offset + size
			end = start
		}
		offset += size
	}
	if end > start {
		toks = append(toks, analysis.Token{Term: in[start:end], Start: start, End: end, Position: len(toks) + 1, Type: analysis.AlphaNumeric})
	}
	out := make(analysis.TokenStream, len(toks))
	for i := range toks {
		out[i] = &toks[i]
	}
	return out
}

package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// wordsTokenizer cuts text into words exactly as Bleve's unicode tokenizer
// does (Unicode 8.0 word boundaries), with a fast path for plain ASCII
// text: a build at 100,000 studies spent an eighth of its time in the
// general state machine. Text with any other byte, or an underscore (whose
// rules the fast path leaves out), goes to the unicode tokenizer. A
// differential fuzz test holds the two to the same tokens.
const wordsTokenizer = "litkb_words"

func init() {
	err := registry.RegisterTokenizer(wordsTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return asciiWords{general: unicode.NewUnicodeTokenizer()}, nil
	})
	if err != nil {
		panic(err)
	}
}

type asciiWords struct{ general analysis.Tokenizer }

func (t asciiWords) Tokenize(in []byte) analysis.TokenStream {
	for _, c := range in {
		if c >= 0x80 || c == '_' {
			return t.general.Tokenize(in)
		}
	}
	var (
		out  analysis.TokenStream
		toks []analysis.Token // allocated in blocks, as the unicode tokenizer does
	)
	for i, n := 0, len(in); i < n; {
		if !isAlnum(in[i]) {
			i++
			continue
		}
		start, number := i, true
	word:
		for i < n {
			switch c := in[i]; {
			case isLetter(c):
				number = false
				i++
			case isDigit(c):
				i++
			case i+1 < n && joinsASCII(in[i-1], c, in[i+1]):
				i++
			default:
				break word
			}
		}
		if len(toks) == 0 {
			toks = make([]analysis.Token, max(1, min(256, (n-i)/8+1)))
		}
		tok := &toks[0]
		toks = toks[1:]
		tok.Term, tok.Start, tok.End, tok.Position = in[start:i], start, i, len(out)+1
		tok.Type = analysis.AlphaNumeric
		if number {
			tok.Type = analysis.Numeric
		}
		out = append(out, tok)
	}
	return out
}

// joinsASCII reports whether c, between prev and next, is inside a word
// (rules WB6, WB7, WB11 and WB12): a colon, point or apostrophe between
// letters; a comma, semicolon, point or apostrophe between digits.
func joinsASCII(prev, c, next byte) bool {
	switch {
	case isLetter(prev) && isLetter(next):
		return c == ':' || c == '.' || c == '\''
	case isDigit(prev) && isDigit(next):
		return c == ',' || c == ';' || c == '.' || c == '\''
	}
	return false
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isAlnum(c byte) bool  { return isLetter(c) || isDigit(c) }

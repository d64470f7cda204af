package cite

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// titleCase is CSL's text-case="title" for the item: citeproc-js applies
// it only when the item's language is English, or unset (the styles'
// locales are English). Like citeproc-js, it reads the language's first two
// letters, so "en-GB" is English and "de" or "x-klingon" are not.
func (it Item) titleCase(s string) string {
	if l := it.Language; l != "" && !(len(l) >= 2 && strings.EqualFold(l[:2], "en")) {
		return s
	}
	return titleCase(s)
}

// titleCase converts a sentence-case title to title case the way
// citeproc-js applies CSL's text-case="title" to English items:
//
//   - every all-lowercase word of two or more letters is capitalised unless
//     it is a stop word (skipWords);
//   - the first word, the word after a colon, question or exclamation mark,
//     and a stop word that ends the title are capitalised anyway;
//   - a word that already contains a capital (AAI, IJzendoorn, iPhone) is
//     left alone, so proper nouns and acronyms survive;
//   - hyphens, slashes, dashes, quotes, brackets and punctuation split
//     words, so each part of "earned-secure" is treated as a word.
//
// One quirk is kept for fidelity: citeproc-js capitalises a stop word before
// a hyphen only in the first segment of the title ("In-Depth" at the start,
// "in-Depth" later).
func titleCase(s string) string {
	segs, tags := splitTitle(s)
	tc := titleCaser{first: true, lastSeg: -1}
	tc.words(segs, 0, len(tags) > 0 && tags[0] == "-")
	for i, tag := range tags {
		if tag == "!" || tag == "?" || tag == ":" {
			tc.afterPunct = true
		}
		tc.words(segs, i+1, false)
	}
	if tc.lastSeg >= 0 {
		segs[tc.lastSeg] = mapWord(segs[tc.lastSeg], tc.lastWord, func(w string) string {
			if utf8.RuneCountInString(w) > 1 && skipWords[strings.ToLower(w)] {
				return capitalise(w)
			}
			return w
		})
	}
	var b strings.Builder
	for i, seg := range segs {
		b.WriteString(seg)
		if i < len(tags) {
			b.WriteString(tags[i])
		}
	}
	return b.String()
}

type titleCaser struct {
	first, afterPunct bool
	lastSeg, lastWord int
}

// words capitalises the words of segs[i].
func (tc *titleCaser) words(segs []string, i int, beforeHyphen bool) {
	seg := segs[i]
	if strings.TrimFunc(seg, isTitleSpace) == "" {
		return
	}
	n := len(strings.FieldsFunc(seg, isTitleSpace))
	j := 0
	segs[i] = mapWords(seg, func(w string) string {
		lower := strings.ToLower(w)
		up := (utf8.RuneCountInString(w) > 1 && !skipWords[lower]) ||
			(j == n-1 && beforeHyphen) || tc.first || tc.afterPunct
		if up && w == lower {
			w = capitalise(w)
		}
		tc.first, tc.afterPunct = false, false
		tc.lastSeg, tc.lastWord = i, j
		j++
		return w
	})
}

// splitTitle splits s at the characters citeproc-js treats as word
// boundaries for case changes, returning len(tags)+1 segments. A straight
// apostrophe followed by a letter stays inside its word.
func splitTitle(s string) (segs, tags []string) {
	var cur strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if isTitleTag(r) && !(r == '\'' && i+1 < len(rs) && !isTitleTag(rs[i+1])) {
			segs = append(segs, cur.String())
			cur.Reset()
			tags = append(tags, string(r))
			continue
		}
		cur.WriteRune(r)
	}
	return append(segs, cur.String()), tags
}

func isTitleTag(r rune) bool {
	return strings.ContainsRune("‘’“”\"'-–—/.,;?!:[]()", r)
}

func isTitleSpace(r rune) bool {
	return r == ' ' || r == '\u00a0' || (r >= '\u2000' && r <= '\u200b') || r == '\u205f' || r == '\u3000'
}

// mapWords applies f to each space-separated word of s, keeping the spaces.
func mapWords(s string, f func(string) string) string {
	var b strings.Builder
	start := -1
	for i, r := range s {
		if isTitleSpace(r) {
			if start >= 0 {
				b.WriteString(f(s[start:i]))
				start = -1
			}
			b.WriteRune(r)
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		b.WriteString(f(s[start:]))
	}
	return b.String()
}

// mapWord applies f to the n-th word of s only.
func mapWord(s string, n int, f func(string) string) string {
	j := 0
	return mapWords(s, func(w string) string {
		defer func() { j++ }()
		if j == n {
			return f(w)
		}
		return w
	})
}

// capitalise upper-cases the first letter, except a lone Greek letter
// (a symbol in a scientific title, as citeproc-js leaves it).
func capitalise(w string) string {
	r, size := utf8.DecodeRuneInString(w)
	if r == utf8.RuneError || (size == len(w) && r >= 0x370 && r <= 0x3ff) {
		return w
	}
	return string(unicode.ToUpper(r)) + w[size:]
}

// skipWords are the words citeproc-js keeps lowercase in title case
// (CSL.SKIP_WORDS in citeproc-js 1.4): articles, conjunctions, short and
// long prepositions, and name particles.
var skipWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`about above across afore after against al along alongside amid amidst
		among amongst anenst apropos apud around as aside astride at athwart atop barring before behind
		below beneath beside besides between beyond but by circa despite down during et except for
		forenenst from given in inside into lest like modulo near next notwithstanding of off on onto
		out over per plus pro qua sans since than through throughout thruout till to toward towards
		under underneath until unto up upon versus vs v via vis-à-vis with within without or yet so and
		nor a an the de d' von van c ca`) {
		m[w] = true
	}
	return m
}()

package index

import (
	"context"
	"strings"
	"unicode"

	bindex "github.com/blevesearch/bleve_index_api"
)

// suggest builds a "did you mean" from the index's own words: each word of
// the query that no document contains is replaced by the closest word that
// some do (fewest edits, then most documents). It returns "" when every
// word is known or nothing close exists. The caller holds the read lock.
func (ix *Index) suggest(ctx context.Context, q string) string {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return ""
	}
	r, err := adv.Reader()
	if err != nil {
		return ""
	}
	defer r.Close()
	fr, ok := r.(bindex.IndexReaderFuzzy)
	if !ok {
		return ""
	}
	// Most words are in the corpus: one dictionary lookup says so, where a
	// fuzzy walk of the dictionary costs milliseconds per word.
	var dict bindex.FieldDictContains
	if cr, ok := r.(bindex.IndexReaderContains); ok {
		if d, err := cr.FieldDictContains(fWords); err == nil {
			dict = d
		}
	}

	changed := false
	out := strings.FieldsFunc(q, unicode.IsSpace)
	for i, w := range out {
		if !suggestible(w) {
			continue
		}
		lw := strings.ToLower(w)
		if dict != nil {
			if known, err := dict.Contains([]byte(lw)); err == nil && known {
				continue
			}
		}
		if best := closest(ctx, r, fr, lw); best != "" {
			out[i] = best
			changed = true
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(out, " ")
}

// closest is the word of the words field fewest edits from w (one, two
// for words of six letters or more), the one in most documents on a tie;
// "" when none is that close or w itself is there.
func closest(ctx context.Context, r bindex.IndexReader, fr bindex.IndexReaderFuzzy, w string) string {
	fuzz := 1
	if len([]rune(w)) >= 6 {
		fuzz = 2
	}
	d, err := fr.FieldDictFuzzy(fWords, w, fuzz, "")
	if err != nil {
		return ""
	}
	defer d.Close()
	var nearest []string
	bestDist := fuzz + 1
	for e, err := d.Next(); err == nil && e != nil; e, err = d.Next() {
		if e.Term == w {
			return ""
		}
		switch dist := editDistance(w, e.Term); {
		case dist < bestDist:
			bestDist, nearest = dist, []string{e.Term}
		case dist == bestDist:
			nearest = append(nearest, e.Term)
		}
	}
	// A fuzzy walk of the dictionary gives no document counts (Bleve's
	// scorch leaves them out), so the ties are counted here.
	if len(nearest) == 1 {
		return nearest[0]
	}
	best, bestCount := "", uint64(0)
	for _, t := range nearest {
		n := uint64(0)
		if tfr, err := r.TermFieldReader(ctx, []byte(t), fWords, false, false, false); err == nil {
			n = tfr.Count()
			_ = tfr.Close()
		}
		if best == "" || n > bestCount {
			best, bestCount = t, n
		}
	}
	return best
}

// suggestible: plain words of three or more letters, not operators, fields,
// phrases or prefixes.
func suggestible(w string) bool {
	if len([]rune(w)) < 3 || w == "AND" || w == "OR" || w == "NOT" {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

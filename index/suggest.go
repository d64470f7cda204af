package index

import (
	"strings"
	"unicode"

	bindex "github.com/blevesearch/bleve_index_api"
)

// suggest builds a "did you mean" from the index's own words: each word of
// the query that no document contains is replaced by the closest word that
// some do (fewest edits, then most documents). It returns "" when every
// word is known or nothing close exists. The caller holds the read lock.
func (ix *Index) suggest(q string) string {
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
		dict, _ = cr.FieldDictContains(fWords)
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
		fuzz := 1
		if len([]rune(lw)) >= 6 {
			fuzz = 2
		}
		d, err := fr.FieldDictFuzzy(fWords, lw, fuzz, "")
		if err != nil {
			continue
		}
		best, bestDist, bestCount, known := "", 99, uint64(0), false
		for e, err := d.Next(); err == nil && e != nil; e, err = d.Next() {
			if e.Term == lw {
				known = true
				break
			}
			dist := editDistance(lw, e.Term)
			if dist < bestDist || (dist == bestDist && e.Count > bestCount) {
				best, bestDist, bestCount = e.Term, dist, e.Count
			}
		}
		_ = d.Close()
		if !known && best != "" {
			out[i] = best
			changed = true
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(out, " ")
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

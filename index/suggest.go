package index

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	bindex "github.com/blevesearch/bleve_index_api"

	"litkb/internal/study"
)

// suggest builds a "did you mean" from the index's own words: each word of
// the query that no document contains is replaced by the closest word
// that some do. Prose is indexed stemmed, so that takes two steps: the
// stems within an edit or two of the typed word's stem, then the words as
// written that the likeliest of those stems came from, cut out of a few
// studies' text where match locations point. The written word fewest
// edits from what was typed wins, then the commoner stem. It returns ""
// when every word is known or nothing is close. The caller holds the read
// lock.
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
	lx := &lexicon{ix: ix, r: r, fuzzy: fr, dicts: map[string]bindex.FieldDictContains{},
		en: ix.bi.Mapping().AnalyzerNamed(en.AnalyzerName), name: ix.bi.Mapping().AnalyzerNamed(nameAnalyzer)}
	if lx.en == nil || lx.name == nil {
		return ""
	}
	changed := false
	out := strings.FieldsFunc(q, unicode.IsSpace)
	for i, w := range out {
		if !suggestible(w) {
			continue
		}
		lw := strings.ToLower(w)
		if lx.known(lw) {
			continue
		}
		if best := lx.closest(ctx, lw); best != "" {
			out[i] = best
			changed = true
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(out, " ")
}

// writtenFields are the prose fields whose text a written word can be cut
// back out of; topic labels are in the vocabulary, not in a study.
var writtenFields = []string{fSummary, fTitle, fFinding, fSample, fJournal}

// lexicon answers questions about the words of one reader's documents.
type lexicon struct {
	ix       *Index
	r        bindex.IndexReader
	fuzzy    bindex.IndexReaderFuzzy
	dicts    map[string]bindex.FieldDictContains
	en, name analysis.Analyzer
}

// contains reports whether field holds term; most words are known, and
// one dictionary lookup says so where a fuzzy walk costs milliseconds.
func (lx *lexicon) contains(field, term string) bool {
	d, ok := lx.dicts[field]
	if !ok {
		if cr, isCR := lx.r.(bindex.IndexReaderContains); isCR {
			d, _ = cr.FieldDictContains(field)
		}
		lx.dicts[field] = d
	}
	if d == nil {
		return true // cannot tell: suggest nothing rather than something wrong
	}
	found, err := d.Contains([]byte(term))
	return err != nil || found
}

// known reports whether some document has the word w (lower case), as
// prose or as a name. Stopwords are known.
func (lx *lexicon) known(w string) bool {
	st := stemWith(lx.en, w)
	if st == "" {
		return true
	}
	for _, f := range append(writtenFields, fTopic) {
		if lx.contains(f, st) {
			return true
		}
	}
	return lx.contains(fAuthor, stemWith(lx.name, w))
}

// candidate is a term of the index near a typed word's.
type candidate struct {
	field, term string
	count       uint64 // documents with the term in field
	dist        int    // edits from the typed word's term
}

// closest is the written word nearest w, or "".
func (lx *lexicon) closest(ctx context.Context, w string) string {
	var prose, names []candidate
	if st := stemWith(lx.en, w); st != "" {
		for _, f := range writtenFields {
			prose = lx.near(prose, f, st)
		}
	}
	names = lx.near(names, fAuthor, stemWith(lx.name, w))
	byLikelihood := func(a, b candidate) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return cmp.Compare(b.count, a.count)
	}
	slices.SortFunc(prose, byLikelihood)
	best, bestDist, bestCount := "", fuzziness(w)+1, uint64(0)
	consider := func(written string, count uint64) {
		d := editDistance(w, written)
		if written != w && (d < bestDist || d == bestDist && count > bestCount) {
			best, bestDist, bestCount = written, d, count
		}
	}
	likeliest := slices.Clip(prose[:min(len(prose), 4)])
	if c, ok := lx.stemPrefix(w); ok {
		likeliest = append(likeliest, c)
	}
	for _, c := range likeliest {
		for _, written := range lx.written(ctx, c) {
			consider(written, c.count)
		}
	}
	for _, c := range names {
		consider(c.term, c.count) // names are indexed as written
	}
	return best
}

// stemPrefix is the longest stem of a written field that w begins with,
// down to half of w: stemming cuts long words short ("intergenerational"
// is indexed as "intergener"), so a typo near a long word's end is many
// edits from its stem.
func (lx *lexicon) stemPrefix(w string) (candidate, bool) {
	r := []rune(w)
	for n := len(r) - 1; n >= max(4, len(r)/2); n-- {
		p := string(r[:n])
		for _, f := range writtenFields {
			if lx.contains(f, p) {
				return candidate{field: f, term: p, dist: len(r) - n}, true
			}
		}
	}
	return candidate{}, false
}

// near adds the terms of field within fuzziness(term) edits of term to cs.
func (lx *lexicon) near(cs []candidate, field, term string) []candidate {
	if term == "" {
		return cs
	}
	d, err := lx.fuzzy.FieldDictFuzzy(field, term, fuzziness(term), "")
	if err != nil {
		return cs
	}
	defer d.Close()
	for e, err := d.Next(); err == nil && e != nil; e, err = d.Next() {
		if strings.HasPrefix(e.Term, mentionPrefix) {
			continue
		}
		cs = append(cs, candidate{field: field, term: e.Term, count: e.Count, dist: editDistance(term, e.Term)})
	}
	return cs
}

// written is how a few studies wrote the words that c's term was made
// from, in lower case: the term's first postings, whose term vectors
// point into the studies' own text. A search would score every study
// with the term to pick three.
func (lx *lexicon) written(ctx context.Context, c candidate) []string {
	tfr, err := lx.r.TermFieldReader(ctx, []byte(c.term), c.field, false, false, true)
	if err != nil {
		return nil
	}
	defer tfr.Close()
	var out []string
	for range 3 {
		d, err := tfr.Next(nil)
		if err != nil || d == nil {
			break
		}
		id, err := lx.r.ExternalID(d.ID)
		if err != nil {
			continue
		}
		st, ok := lx.ix.studies[strings.TrimPrefix(id, "s:")]
		if !ok {
			continue
		}
		for _, v := range d.Vectors {
			text := fieldText(st, c.field, v.ArrayPositions)
			if int(v.End) <= len(text) && v.Start < v.End {
				if w := strings.ToLower(text[v.Start:v.End]); !slices.Contains(out, w) {
					out = append(out, w)
				}
			}
		}
	}
	return out
}

// fieldText is the text documents() gave field of st; array positions
// pick a finding.
func fieldText(st *study.Study, field string, at []uint64) string {
	switch field {
	case fTitle:
		return st.Title
	case fSummary:
		return st.Summary
	case fSample:
		return st.Sample
	case fJournal:
		if st.Journal != "" {
			return st.Journal
		}
		return st.Container
	case fFinding:
		if len(at) > 0 && int(at[0]) < len(st.Findings) {
			return st.Findings[at[0]].Text
		}
	}
	return ""
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

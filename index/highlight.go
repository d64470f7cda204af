package index

import (
	"html"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"

	"litkb/internal/study"
)

// Snippets are built here from match locations and escaped by us: Bleve's
// HTML highlighter output is never sent to a page. The text comes from the
// studies the index was built from (Index.studies), not from Bleve: the
// index stores no text, which keeps it a fifth smaller.

const snippetLen = 240 // bytes of text around the matches

type span struct{ start, end int }

// spans are the byte ranges of field that matched, sorted and merged.
func spans(h *search.DocumentMatch, field string) []span {
	var out []span
	for _, locs := range h.Locations[field] {
		for _, l := range locs {
			out = append(out, span{int(l.Start), int(l.End)})
		}
	}
	return mergeSpans(out)
}

// mergeSpans sorts spans and merges those that overlap.
func mergeSpans(out []span) []span {
	slices.SortFunc(out, func(a, b span) int { return a.start - b.start })
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && s.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, s.end)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// bestFinding is the finding of st whose statement best matches: the
// most distinct query terms, then the most matches for its length (as a
// relevance score weighs a field, by the square root of its length); the
// first on a tie. For a question (qn), a finding that answers its intent
// (its measure or construct) comes first, and the question's own words,
// stemmed, count beside the terms matched: "how common is earned security"
// shows the 58% secure-autonomous, not the 19% preoccupied of the same
// distribution. It returns the finding's index and the spans of its
// matches, or -1.
func bestFinding(h *search.DocumentMatch, st *study.Study, qn *Question) (int, []span) {
	type tally struct {
		terms, hits int
		answers     bool
	}
	per := make([]tally, len(st.Findings))
	seen := make([]bool, len(per))
	for _, locs := range h.Locations[fFinding] {
		clear(seen)
		for _, l := range locs {
			if len(l.ArrayPositions) == 0 || int(l.ArrayPositions[0]) >= len(per) {
				continue
			}
			n := int(l.ArrayPositions[0])
			per[n].hits++
			if !seen[n] {
				seen[n] = true
				per[n].terms++
			}
		}
	}
	if qn != nil {
		for n := range per {
			f := &st.Findings[n]
			if in := qn.Intent; in != nil {
				per[n].answers = f.Measure != "" && slices.Contains(in.Measures, f.Measure) || slices.Contains(in.Constructs, f.Construct)
			}
			if len(qn.Stems) == 0 {
				continue
			}
			words := textStems(f.Text)
			for _, w := range qn.Stems {
				if words[w] {
					per[n].terms++
				}
			}
		}
	}
	density := func(n int) float64 { return float64(per[n].hits) / math.Sqrt(float64(len(st.Findings[n].Text)+1)) }
	better := func(n, best int) bool {
		a, b := per[n], per[best]
		if a.answers != b.answers {
			return a.answers
		}
		if a.terms != b.terms {
			return a.terms > b.terms
		}
		if qn != nil && len(qn.Stems) > 0 {
			// The same words of the question: the statement with least else
			// in it is the one about them.
			return len(st.Findings[n].Text) < len(st.Findings[best].Text)
		}
		return density(n) > density(best)
	}
	best := -1
	for n, t := range per {
		if (t.hits > 0 || t.terms > 0 || t.answers) && (best < 0 || better(n, best)) {
			best = n
		}
	}
	if best < 0 {
		return -1, nil
	}
	var out []span
	for _, locs := range h.Locations[fFinding] {
		for _, l := range locs {
			if len(l.ArrayPositions) > 0 && int(l.ArrayPositions[0]) == best {
				out = append(out, span{int(l.Start), int(l.End)})
			}
		}
	}
	return best, mergeSpans(out)
}

// bestSnippet picks the summary when it matched, else the sample, else the
// summary's opening.
func bestSnippet(h *search.DocumentMatch, st *study.Study) string {
	if sp := spans(h, fSummary); len(sp) > 0 {
		return highlight(st.Summary, sp, snippetLen)
	}
	if sp := spans(h, fSample); len(sp) > 0 {
		return highlight(st.Sample, sp, snippetLen)
	}
	return highlight(st.Summary, nil, snippetLen)
}

// highlight escapes text and wraps each span in <mark>. With limit > 0 it
// keeps a window of about limit bytes around the densest run of matches,
// cut at word boundaries, with an ellipsis where text was left out.
func highlight(text string, sp []span, limit int) string {
	from, to := 0, len(text)
	if limit > 0 && len(text) > limit {
		from, to = window(text, sp, limit)
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("… ")
	}
	pos := from
	for _, s := range sp {
		if s.start < 0 || s.end > len(text) || s.start >= s.end {
			continue
		}
		// Snap to whole characters: a span must never split a UTF-8 sequence.
		for s.start > 0 && !utf8.RuneStart(text[s.start]) {
			s.start--
		}
		for s.end < len(text) && !utf8.RuneStart(text[s.end]) {
			s.end++
		}
		if s.start < from || s.end > to || s.start < pos {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:s.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		pos = s.end
	}
	b.WriteString(html.EscapeString(text[pos:to]))
	if to < len(text) {
		b.WriteString(" …")
	}
	return b.String()
}

// window chooses [from, to) of about limit bytes holding the most spans.
func window(text string, sp []span, limit int) (int, int) {
	bestStart, bestCount := 0, 0
	for i := range sp {
		n := 0
		for j := i; j < len(sp) && sp[j].end-sp[i].start <= limit; j++ {
			n++
		}
		if n > bestCount {
			bestCount, bestStart = n, sp[i].start
		}
	}
	from := 0
	if bestCount > 0 {
		from = max(0, bestStart-limit/4)
	}
	to := min(len(text), from+limit)
	from, to = wordStart(text, from), wordEnd(text, to)
	return from, to
}

func wordStart(s string, i int) int {
	if i <= 0 {
		return 0
	}
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	if j := strings.LastIndexByte(s[:i], ' '); j >= 0 && i-j < 20 {
		return j + 1
	}
	return i
}

func wordEnd(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	if j := strings.IndexByte(s[i:], ' '); j >= 0 && j < 20 {
		return i + j
	}
	return i
}

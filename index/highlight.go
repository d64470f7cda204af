package index

import (
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// Snippets are built here from match locations and escaped by us: Bleve's
// HTML highlighter output is never sent to a page.

const snippetLen = 240 // bytes of text around the matches

type span struct{ start, end int }

func stored(h *search.DocumentMatch, field string) string {
	s, _ := h.Fields[field].(string)
	return s
}

// spans are the byte ranges of field that matched, sorted and merged.
func spans(h *search.DocumentMatch, field string) []span {
	var out []span
	for _, locs := range h.Locations[field] {
		for _, l := range locs {
			out = append(out, span{int(l.Start), int(l.End)})
		}
	}
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

// bestSnippet picks the summary when it matched, else the sample, else the
// summary's opening.
func bestSnippet(h *search.DocumentMatch) string {
	for _, f := range []string{fSummary, fSample} {
		if sp := spans(h, f); len(sp) > 0 {
			return highlight(stored(h, f), sp, snippetLen)
		}
	}
	return highlight(stored(h, fSummary), nil, snippetLen)
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

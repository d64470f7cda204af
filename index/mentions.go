package index

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"

	"litkb/internal/study"
)

// Topic mentions. Every form of a topic (label, abbreviation, variant) is
// a synonym of every other. Searching all of them as phrases in every
// prose field made a query for one topic word cost 30-60 Bleve searchers
// and most of a search's time. Instead, the prose analyzer marks each
// place a form occurs with one extra token, mentionPrefix+topic id, at the
// form's position and spanning its text; a query for any form is then one
// term per field, and the mark's span highlights the form that was found.
//
// The forms are analysed with the plain English analyzer, so "earned
// secure" also marks "earned security" (both stem to "earn secur"), just
// as a phrase query for it would. One-letter forms (E, U) are not marked:
// they would mark every stray letter.

const (
	mentionFilterType = "litkb_topic_mentions"
	mentionFilter     = "topic_mentions"
	proseAnalyzer     = "prose" // English plus topic mentions: what prose fields are indexed with
	mentionPrefix     = "~"     // no analyzer produces it, so no query text can match a mark
)

func init() {
	if err := registry.RegisterTokenFilter(mentionFilterType, newMentionFilter); err != nil {
		panic(err)
	}
}

// mentionConfig is the filter's configuration as the mapping stores it:
// topic id -> forms, as written in the vocabulary.
func mentionConfig(topics []study.Topic) map[string]any {
	forms := map[string]any{}
	for _, t := range topics {
		var fs []any
		for _, f := range append([]string{t.Label}, t.Synonyms...) {
			if f = strings.TrimSpace(f); len([]rune(f)) >= 2 {
				fs = append(fs, f)
			}
		}
		forms[t.ID] = fs
	}
	return map[string]any{"type": mentionFilterType, "forms": forms}
}

// mentionPattern is one analysed form: its terms and their positions
// relative to the first (stopwords leave gaps, as in a phrase query).
type mentionPattern struct {
	mark  []byte
	terms [][]byte
	gaps  []int // gaps[i] = position of terms[i] - position of terms[0]
}

// mentionFilterImpl appends a mark token wherever a form's terms occur.
type mentionFilterImpl struct {
	byFirst map[string][]mentionPattern
}

func newMentionFilter(config map[string]any, cache *registry.Cache) (analysis.TokenFilter, error) {
	enA, err := cache.AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		return nil, err
	}
	f := &mentionFilterImpl{byFirst: map[string][]mentionPattern{}}
	forms, _ := config["forms"].(map[string]any)
	for id, v := range forms {
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("index: topic mentions: forms of %q are %T", id, v)
		}
		seen := map[string]bool{}
		for _, x := range list {
			form, _ := x.(string)
			toks := enA.Analyze([]byte(form))
			if len(toks) == 0 {
				continue
			}
			p := mentionPattern{mark: []byte(mentionPrefix + id)}
			var key strings.Builder
			for _, t := range toks {
				p.terms = append(p.terms, t.Term)
				p.gaps = append(p.gaps, t.Position-toks[0].Position)
				fmt.Fprintf(&key, "%s/%d ", t.Term, t.Position-toks[0].Position)
			}
			if seen[key.String()] { // "earned secure" and "earned-secure" analyse alike
				continue
			}
			seen[key.String()] = true
			first := string(p.terms[0])
			f.byFirst[first] = append(f.byFirst[first], p)
		}
	}
	return f, nil
}

// Filter keeps every token and appends one mark per form occurrence (one
// per topic and position, however many of its forms match there).
func (f *mentionFilterImpl) Filter(input analysis.TokenStream) analysis.TokenStream {
	if len(f.byFirst) == 0 {
		return input
	}
	out := input
	for i, tok := range input {
		ps := f.byFirst[string(tok.Term)]
		var marked []string
		for _, p := range ps {
			end, ok := matchAt(input, i, p)
			if !ok || containsBytes(marked, p.mark) {
				continue
			}
			marked = append(marked, string(p.mark))
			out = append(out, &analysis.Token{
				Start: tok.Start, End: end, Term: p.mark,
				Position: tok.Position, Type: analysis.AlphaNumeric,
			})
		}
	}
	return out
}

// matchAt reports whether pattern p occurs at input[i], and where its last
// term ends.
func matchAt(input analysis.TokenStream, i int, p mentionPattern) (int, bool) {
	base := input[i].Position
	j := i
	end := input[i].End
	for k := 1; k < len(p.terms); k++ {
		want := base + p.gaps[k]
		for j < len(input) && input[j].Position < want {
			j++
		}
		if j == len(input) || input[j].Position != want || string(input[j].Term) != string(p.terms[k]) {
			return 0, false
		}
		end = input[j].End
	}
	return end, true
}

func containsBytes(list []string, b []byte) bool {
	for _, s := range list {
		if s == string(b) {
			return true
		}
	}
	return false
}

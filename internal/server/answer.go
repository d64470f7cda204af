package server

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"litkb/internal/evidence"
	"litkb/internal/study"
)

// Answer cards: a search that asks a question a claim answers ("how common
// is earned security?") shows that claim's verdict above the results. The
// match is deterministic and inspectable, with no model: every content
// word of the query must be covered by the claim (its statement, or the
// labels and synonyms of its topics), and the claim whose topics the query
// names most, then whose statement shares most words, wins. A tie shows no
// card, only the tied questions as links.

// answerCard is one claim, summarised for the search page.
type answerCard struct {
	Claim     *study.Claim
	Rationale string // the first sentences of the rationale
	Counts    []link // findings by relation: "complicates", 7
	Designs   []link // and by design: "cross-sectional", 3
	Findings  int
	Studies   int
}

// claimMatch is a claim and how well a query matches it.
type claimMatch struct {
	claim  *study.Claim
	topics int // topics of the claim the query names
	words  int // query words found in the statement
}

// stopwords are the words a question adds around its subject.
var stopwords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "by": true, "can": true,
	"do": true, "does": true, "for": true, "from": true, "has": true, "have": true, "how": true, "in": true,
	"into": true, "is": true, "it": true, "its": true, "of": true, "on": true, "or": true, "the": true, "their": true,
	"them": true, "there": true, "they": true, "this": true, "to": true, "was": true, "what": true, "when": true,
	"which": true, "who": true, "why": true, "will": true, "with": true, "people": true, "true": true, "really": true,
	"much": true, "many": true, "often": true,
}

// words splits text into lowercase words; hyphens and punctuation split.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// stem folds the plural and a few endings so "adults" meets "adult" and
// "securely" meets "secure".
func stem(w string) string {
	for _, suf := range []string{"ies", "ly", "es", "s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return strings.TrimSuffix(w, suf)
		}
	}
	return w
}

// contentWords are the query's words that carry meaning, stemmed. A query
// with field syntax or operators is a search, not a question: nil.
func contentWords(q string) []string {
	if strings.ContainsAny(q, ":*()\"") || strings.Contains(q, " AND ") || strings.Contains(q, " OR ") || strings.Contains(q, "NOT ") {
		return nil
	}
	var out []string
	for _, w := range words(q) {
		if !stopwords[w] && !slices.Contains(out, stem(w)) {
			out = append(out, stem(w))
		}
	}
	return out
}

// containsPhrase reports whether the words of phrase occur together in q.
func containsPhrase(q []string, phrase string) bool {
	p := words(phrase)
	if len(p) == 0 {
		return false
	}
	for i := 0; i+len(p) <= len(q); i++ {
		if slices.Equal(q[i:i+len(p)], p) {
			return true
		}
	}
	return false
}

// matchClaims ranks the claims a query asks about, best first.
func matchClaims(query string, claims []study.Claim, topic func(string) (study.Topic, bool)) []claimMatch {
	content := contentWords(query)
	if len(content) == 0 {
		return nil
	}
	qwords := words(query)
	var out []claimMatch
	for i := range claims {
		cl := &claims[i]
		covered := map[string]bool{}
		statement := map[string]bool{}
		for _, w := range words(cl.Statement) {
			statement[stem(w)] = true
			covered[stem(w)] = true
		}
		m := claimMatch{claim: cl}
		for _, id := range cl.Topics {
			t, ok := topic(id)
			if !ok {
				continue
			}
			named := false
			for _, phrase := range append([]string{t.Label}, t.Synonyms...) {
				if containsPhrase(qwords, phrase) {
					named = true
					for _, w := range words(phrase) {
						covered[stem(w)] = true
					}
				}
			}
			if named {
				m.topics++
			}
		}
		all := true
		for _, w := range content {
			if !covered[w] {
				all = false
				break
			}
			if statement[w] {
				m.words++
			}
		}
		if all && (m.topics > 0 || m.words >= 2) {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, func(a, b claimMatch) int {
		if a.topics != b.topics {
			return b.topics - a.topics
		}
		return b.words - a.words
	})
	return out
}

// answerFor is the answer card for a query and the other claims it may be
// asking about (at most three). No card when the best two tie.
func (s *Server) answerFor(query string) (*answerCard, []study.Claim) {
	c := s.Corpus()
	ms := matchClaims(query, c.Claims, c.Topic)
	if len(ms) == 0 {
		return nil, nil
	}
	var others []study.Claim
	var card *answerCard
	first := 0
	if len(ms) == 1 || ms[0].topics > ms[1].topics || ms[0].words > ms[1].words {
		card = s.answerCard(ms[0].claim)
		first = 1
	}
	for _, m := range ms[first:] {
		if len(others) == 3 {
			break
		}
		others = append(others, *m.claim)
	}
	return card, others
}

func (s *Server) answerCard(cl *study.Claim) *answerCard {
	a := &answerCard{Claim: cl, Rationale: summaryLine(firstSentences(cl.Rationale, 2), 240)}
	t := evidence.Count(evidence.ClaimItems(s.Corpus(), cl))
	a.Findings, a.Studies = t.Findings, t.Studies
	for _, rg := range relationGroups {
		a.Counts = append(a.Counts, link{Label: rg.rel, Count: t.ByRelation[rg.rel], URL: "/claims/" + cl.ID + "#" + rg.rel})
	}
	for _, d := range study.Designs {
		if t.ByDesign[d] > 0 {
			a.Designs = append(a.Designs, link{Label: d, Count: t.ByDesign[d]})
		}
	}
	return a
}

// firstSentences is the first n sentences of prose. A sentence ends at
// ". " before a capital, except after "et al." and "e.g.".
func firstSentences(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	end := 0
	for n > 0 {
		j := strings.Index(s[end:], ". ")
		if j < 0 {
			return s
		}
		at := end + j
		end = at + 2
		next, _ := utf8.DecodeRuneInString(s[end:])
		if strings.HasSuffix(s[:at], " al") || strings.HasSuffix(s[:at], "e.g") || strings.HasSuffix(s[:at], "i.e") || !unicode.IsUpper(next) {
			continue
		}
		n--
	}
	return strings.TrimSpace(s[:end])
}

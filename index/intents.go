package index

import (
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"

	"litkb/internal/study"
)

// Questions. A query typed as plain words is read against the question
// vocabulary (data/intents.toml): words that only make it a question are
// dropped, phrases that say what kind of answer is wanted ("how common",
// "predict") become optional, and what answers that intent (a measure, a
// topic, a construct) raises a study's score and chooses the finding shown.
// Queries with operators, fields or wildcards are taken as written.

// Question is a query read as a question.
type Question struct {
	Must   Node     // what the question is about: matched as any query is
	Should []Node   // the intent's phrases as written: they score, never exclude
	Intent *Intent  // what answers it; nil when only question words were dropped
	Stems  []string // stems of Must's plain words, to choose the finding shown
}

func (Question) node() {}

// Intent is one kind of question and what answers it.
type Intent struct {
	ID                           string
	Measures, Topics, Constructs []string
}

// intentBoost weighs each thing that answers the intent, beside the words'
// scores: enough to order studies that match the words alike, not enough
// to lift a study that matches them poorly. At 1, a study whose title
// shares the question's words but that has no figure ("In search of
// security…" for "how many adults are securely attached") outranked the
// distributions the question asks for once the corpus grew; 2 answers all
// the relevance questions in the top 3, 3 starts lifting weak matches.
const intentBoost = 2

type intentPhrase struct {
	stems  []string
	intent *Intent
}

// intentTable is the vocabulary in the form reading a query needs.
type intentTable struct {
	question map[string]bool // stems of question words
	phrases  []intentPhrase  // longest first
}

func newIntentTable(in study.Intents) *intentTable {
	t := &intentTable{question: map[string]bool{}}
	for _, w := range in.QuestionWords {
		t.question[stem(w)] = true
	}
	for _, it := range in.Intent {
		x := &Intent{ID: it.ID, Measures: it.Measures, Topics: it.Topics, Constructs: it.Constructs}
		for _, p := range it.Phrases {
			var stems []string
			for _, w := range strings.Fields(p) {
				stems = append(stems, stem(w))
			}
			if len(stems) > 0 {
				t.phrases = append(t.phrases, intentPhrase{stems, x})
			}
		}
	}
	slices.SortStableFunc(t.phrases, func(a, b intentPhrase) int { return len(b.stems) - len(a.stems) })
	if len(t.question) == 0 && len(t.phrases) == 0 {
		return nil
	}
	return t
}

// read turns n, the parse of a query of plain words and phrases, into a
// Question when it has question words or an intent phrase. A run of words
// that spells a longer topic form stays that topic ("internal working
// models" is not the "work" of "does MBT work"). Nothing is dropped when
// nothing would be left to search for.
func (t *intentTable) read(n Node, topics *synonyms) Node {
	if t == nil {
		return n
	}
	var nodes []Node
	loose := false
	switch v := n.(type) {
	case Term:
		nodes = []Node{v}
	case And:
		nodes = v
	case Loose:
		nodes, loose = v, true
	default:
		return n
	}
	words := make([]string, len(nodes)) // stem of each plain word; "" for anything else
	for i, x := range nodes {
		if w, ok := x.(Term); ok && w.Field == "" && !w.Phrase && !w.Prefix {
			words[i] = stem(w.Text)
		}
	}
	var must, should []Node
	var intent *Intent
	var stems []string
	for i := 0; i < len(nodes); {
		topicLen := topics.formAt(nodes[i:])
		if p, ok := t.phraseAt(words[i:]); ok && len(p.stems) >= topicLen {
			if intent == nil {
				intent = p.intent
			}
			run := And(slices.Clone(nodes[i : i+len(p.stems)]))
			if len(run) == 1 {
				should = append(should, run[0])
			} else {
				should = append(should, run)
			}
			i += len(p.stems)
			continue
		}
		if topicLen == 0 && words[i] != "" && t.question[words[i]] {
			i++
			continue
		}
		for _, x := range nodes[i : i+max(1, topicLen)] {
			must = append(must, x)
			if w, ok := x.(Term); ok && w.Field == "" && !w.Phrase && !w.Prefix {
				stems = append(stems, stem(w.Text))
			}
		}
		i += max(1, topicLen)
	}
	if len(must) == len(nodes) {
		return n // nothing read as a question
	}
	var m Node
	switch {
	case len(must) == 0:
		// Only intent phrases ("prevalence"): they are what to search for.
		return Question{Must: n, Intent: intent, Stems: stems}
	case len(must) == 1:
		m = must[0]
	case loose && len(must) >= 3:
		m = Loose(must)
	default:
		m = And(must)
	}
	return Question{Must: m, Should: should, Intent: intent, Stems: stems}
}

// phraseAt is the longest intent phrase that words start with.
func (t *intentTable) phraseAt(words []string) (intentPhrase, bool) {
	for _, p := range t.phrases {
		if len(p.stems) <= len(words) && slices.Equal(p.stems, words[:len(p.stems)]) {
			return p, true
		}
	}
	return intentPhrase{}, false
}

// formAt is how many plain words at the start of nodes spell a topic form
// of two or more words (as expandRun finds them), or 0.
func (s *synonyms) formAt(nodes []Node) int {
	if s == nil {
		return 0
	}
	for n := min(s.maxLen, len(nodes)); n >= 2; n-- {
		if words, ok := plainWords(nodes[:n]); ok {
			if _, found := s.forms[strings.ToLower(strings.Join(words, " "))]; found {
				return n
			}
		}
	}
	return 0
}

// plainQuery reports whether q is written in plain words and phrases only:
// operators, fields, groups and wildcards say the person wants exactly
// what they typed.
func plainQuery(q string) bool {
	toks, err := lex(q)
	if err != nil {
		return false
	}
	for _, t := range toks {
		if (t.kind != "word" && t.kind != "phrase") || strings.HasSuffix(t.text, "*") {
			return false
		}
	}
	return true
}

var stemmer = porter.NewPorterStemmer()

// stem is a word as the prose fields index it: lower case, without a
// possessive, Porter-stemmed.
func stem(w string) string {
	w = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
	for _, s := range []string{"'s", "\u2019s"} {
		w = strings.TrimSuffix(w, s)
	}
	if w == "" {
		return ""
	}
	ts := stemmer.Filter(analysis.TokenStream{{Term: []byte(w)}})
	return string(ts[0].Term)
}

// textStems is every word of text, stemmed, for matching a finding against
// the question's words.
func textStems(text string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' }) {
		if s := stem(w); s != "" {
			out[s] = true
		}
	}
	return out
}

// question is the Question n was read as, if any.
func question(n Node) *Question {
	if q, ok := n.(Question); ok {
		return &q
	}
	return nil
}

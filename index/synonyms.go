package index

import (
	"strings"

	"litkb/internal/study"
)

// synonyms maps every form of a topic (label, abbreviation, variant) to all
// of its forms. Bleve's synonym sources hold one-word forms only, so forms
// of several words ("adult attachment interview" for AAI) are expanded here,
// before the query reaches Bleve.
type synonyms struct {
	forms  map[string][]string // lowercased form -> every form of its topic
	topic  map[string]string   // lowercased form -> topic id
	maxLen int                 // most words in any form
}

func newSynonyms(topics []study.Topic) *synonyms {
	s := &synonyms{forms: map[string][]string{}, topic: map[string]string{}}
	for _, t := range topics {
		var all []string
		for _, f := range append([]string{t.Label}, t.Synonyms...) {
			f = strings.ToLower(strings.TrimSpace(f))
			if f != "" && !contains(all, f) {
				all = append(all, f)
			}
		}
		for _, f := range all {
			s.forms[f] = all
			s.topic[f] = t.ID
			if n := len(strings.Fields(f)); n > s.maxLen {
				s.maxLen = n
			}
		}
	}
	return s
}

// expand rewrites runs of plain words that spell a topic form into an OR of
// all its forms, so "AAI" also finds "adult attachment interview" and the
// reverse. One-letter forms (U, E) expand only in topic:, where they cannot
// be mistaken for ordinary words.
func (s *synonyms) expand(n Node) Node {
	if s == nil {
		return n
	}
	switch v := n.(type) {
	case Term:
		if alts := s.alternatives(v); alts != nil {
			return alts
		}
		return v
	case And:
		return s.expandRun(v)
	case Loose:
		switch e := s.expandRun(And(v)).(type) {
		case And:
			if len(e) >= 3 {
				return Loose(e)
			}
			return e
		default:
			return e
		}
	case Or:
		out := make(Or, len(v))
		for i, c := range v {
			out[i] = s.expand(c)
		}
		return out
	case Not:
		return Not{Node: s.expand(v.Node)}
	case Question:
		should := make([]Node, len(v.Should))
		for i, c := range v.Should {
			should[i] = s.expand(c)
		}
		v.Must, v.Should = s.expand(v.Must), should
		return v
	}
	return n
}

func (s *synonyms) alternatives(t Term) Node {
	if t.Prefix || (t.Field != "" && t.Field != "topic" && t.Field != "title" && t.Field != "journal") {
		return nil
	}
	key := strings.ToLower(t.Text)
	forms, ok := s.forms[key]
	if !ok || (len([]rune(key)) < 2 && t.Field != "topic") {
		return nil
	}
	switch t.Field {
	case "":
		// Any form of the topic, wherever the prose has one (see
		// mentions.go), or a study tagged with it. Tagged studies weigh as
		// much as all the spellings together, so a tagged study is not
		// outranked by one that merely repeats a form of the words.
		return Or{Mention{Topic: s.topic[key]}, Term{Field: "topic", Text: s.topic[key]}}
	case "title", "journal":
		return Mention{Topic: s.topic[key], Field: t.Field}
	}
	var or Or
	for _, f := range forms {
		or = append(or, Term{Field: t.Field, Text: f, Phrase: strings.Contains(f, " ")})
	}
	return or
}

// Mention matches prose where any form of a topic occurs: in every prose
// field, or in one (Field: title or journal).
type Mention struct{ Topic, Field string }

func (Mention) node() {}

// expandRun looks for the longest topic form spelled by consecutive plain
// words of an AND, e.g. adult attachment interview.
func (s *synonyms) expandRun(and And) Node {
	var out And
	for i := 0; i < len(and); {
		matched := false
		for n := min(s.maxLen, len(and)-i); n >= 2; n-- {
			words, ok := plainWords(and[i : i+n])
			if !ok {
				continue
			}
			if _, found := s.forms[strings.ToLower(strings.Join(words, " "))]; found {
				out = append(out, s.alternatives(Term{Text: strings.Join(words, " ")}))
				i += n
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, s.expand(and[i]))
			i++
		}
	}
	if len(out) == 1 {
		return out[0]
	}
	return out
}

func plainWords(nodes []Node) ([]string, bool) {
	words := make([]string, len(nodes))
	for i, n := range nodes {
		t, ok := n.(Term)
		if !ok || t.Field != "" || t.Phrase || t.Prefix {
			return nil, false
		}
		words[i] = t.Text
	}
	return words, true
}

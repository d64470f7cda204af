package study

import (
	"fmt"
	"slices"
	"strings"
)

// Intents is the question vocabulary (data/intents.toml): what a phrasing
// in a question asks for, and the words that only make a sentence a
// question. Search reads it to rank and to choose the finding it shows;
// none of it is in code, so curators can teach it a new phrasing.
type Intents struct {
	// QuestionWords carry no subject ("can", "does", "much"): a question
	// is not required to match them.
	QuestionWords []string `toml:"question_words,omitempty" json:"question_words,omitempty"`
	Intent        []Intent `toml:"intent" json:"intent"`
}

// Intent is one kind of question and the evidence that answers it.
type Intent struct {
	ID    string `toml:"id" json:"id"`
	Label string `toml:"label" json:"label"`
	// Phrases are what people write ("how common", "predict"); they are
	// compared word by word after stemming, so "predicts" is "predict".
	Phrases []string `toml:"phrases" json:"phrases"`
	// What answers it: findings with one of these measures or constructs,
	// studies with one of these topics.
	Measures   []string `toml:"measures,omitempty" json:"measures,omitempty"`
	Topics     []string `toml:"topics,omitempty" json:"topics,omitempty"`
	Constructs []string `toml:"constructs,omitempty" json:"constructs,omitempty"`
}

// DecodeIntents parses and checks data/intents.toml against the topic and
// construct vocabulary v.
func DecodeIntents(name string, data []byte, v *Vocabulary) (Intents, Problems) {
	var f Intents
	ps := decodeStrict(data, &f)
	if !hasSyntaxError(ps) {
		ps = append(ps, f.Validate(v)...)
	}
	return f, locate(data, ps).inFile(name)
}

// Validate reports every problem of in, with field paths as in the file
// ("intent[2].measures"). A phrase belongs to one intent only, and a
// question word is never a phrase, or a question would ask for two things.
func (in Intents) Validate(v *Vocabulary) Problems {
	var ps Problems
	seen := map[string]string{} // lower-cased phrase or word -> where it was first given
	for i, w := range in.QuestionWords {
		at := fmt.Sprintf("question_words[%d]", i+1)
		k := strings.ToLower(strings.TrimSpace(w))
		switch {
		case k == "" || strings.ContainsAny(k, " \t"):
			ps.add(at, "%q: a question word is one word", w)
		case seen[k] != "":
			ps.add(at, "%q is listed twice", w)
		}
		seen[k] = "question_words"
	}
	ids := map[string]bool{}
	for i, it := range in.Intent {
		at := fmt.Sprintf("intent[%d]", i+1)
		if !ValidID(it.ID) {
			ps.add(at+".id", "%q is not a slug (a-z, 0-9 and single hyphens)", it.ID)
		}
		if ids[it.ID] {
			ps.add(at+".id", "%q is defined twice", it.ID)
		}
		ids[it.ID] = true
		if strings.TrimSpace(it.Label) == "" {
			ps.add(at+".label", "missing")
		}
		if len(it.Phrases) == 0 {
			ps.add(at+".phrases", "missing: list what people write when they ask this")
		}
		for _, p := range it.Phrases {
			k := strings.ToLower(strings.Join(strings.Fields(p), " "))
			if k == "" {
				ps.add(at+".phrases", "an empty phrase")
				continue
			}
			if other := seen[k]; other != "" {
				ps.add(at+".phrases", "%q is also in %s: a phrase can ask for one thing only", p, other)
			}
			seen[k] = "intent " + it.ID
		}
		if len(it.Measures)+len(it.Topics)+len(it.Constructs) == 0 {
			ps.add(at, "says nothing about what answers it: give measures, topics or constructs")
		}
		for _, m := range it.Measures {
			if !slices.Contains(Measures, m) {
				ps.add(at+".measures", "%q is not a measure (%s)", m, strings.Join(Measures, ", "))
			}
		}
		for _, t := range it.Topics {
			if _, ok := v.Topics[t]; v != nil && !ok {
				ps.add(at+".topics", "%q is not a topic id in topics.toml", t)
			}
		}
		for _, c := range it.Constructs {
			if _, ok := v.Constructs[c]; v != nil && !ok {
				ps.add(at+".constructs", "%q is not a construct id in constructs.toml", c)
			}
		}
	}
	return ps
}

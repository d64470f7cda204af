package study

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDecodeIntents: every problem of an intents file is named with its
// line and field, and a good file has none.
func TestDecodeIntents(t *testing.T) {
	v := NewVocabulary([]Topic{{ID: "prevalence", Label: "Prevalence"}}, []Construct{{ID: "aai-test-retest", Label: "Retest", Definition: "d"}})
	const good = `question_words = ["can", "much"]

[[intent]]
id       = "prevalence"
label    = "How common"
phrases  = ["how common", "rate"]
measures = ["proportion"]
topics   = ["prevalence"]
`
	tests := []struct {
		name, file string
		want       []string // "line: field: part of the message"
	}{
		{"good", good, nil},
		{"unknown measure", strings.Replace(good, `"proportion"`, `"percent"`, 1), []string{`7: intent[1].measures: "percent" is not a measure`}},
		{"unknown topic", strings.Replace(good, `topics   = ["prevalence"]`, `topics   = ["prevalance"]`, 1), []string{`8: intent[1].topics: "prevalance" is not a topic id`}},
		{"unknown construct", good + `constructs = ["retest"]` + "\n", []string{`9: intent[1].constructs: "retest" is not a construct id`}},
		{"phrase twice", good + "\n[[intent]]\nid = \"rates\"\nlabel = \"x\"\nphrases = [\"Rate\"]\nmeasures = [\"count\"]\n", []string{`13: intent[2].phrases: "Rate" is also in intent prevalence`}},
		{"question word is a phrase", strings.Replace(good, `"can", "much"`, `"can", "rate"`, 1), []string{`6: intent[1].phrases: "rate" is also in question_words`}},
		{"question word of two words", strings.Replace(good, `"can", "much"`, `"can", "how much"`, 1), []string{`1: question_words[2]: "how much": a question word is one word`}},
		{"nothing answers", strings.Replace(strings.Replace(good, "measures = [\"proportion\"]\n", "", 1), "topics   = [\"prevalence\"]\n", "", 1), []string{`3: intent[1]: says nothing about what answers it`}},
		{"bad id, no label, no phrases", "[[intent]]\nid = \"How Common\"\nmeasures = [\"count\"]\n", []string{
			`2: intent[1].id: "How Common" is not a slug`, `1: intent[1].label: missing`, `1: intent[1].phrases: missing`,
		}},
		{"unknown key", good + "synonyms = [\"x\"]\n", []string{`9: intent.synonyms: unknown field`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := DecodeIntents("intents.toml", []byte(tt.file), v)
			var got []string
			for _, p := range ps {
				got = append(got, p.String())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("problems:\n%s\nwant %d: %v", strings.Join(got, "\n"), len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

// TestBundledIntents: data/intents.toml decodes against the bundled
// vocabulary without problems.
func TestBundledIntents(t *testing.T) {
	dir := filepath.Join("..", "..", "data")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	topics, ps1 := DecodeTopics("topics.toml", read("topics.toml"))
	constructs, ps2 := DecodeConstructs("constructs.toml", read("constructs.toml"))
	in, ps := DecodeIntents("intents.toml", read("intents.toml"), NewVocabulary(topics, constructs))
	if all := append(append(ps1, ps2...), ps...); len(all) > 0 {
		t.Fatal(all)
	}
	if len(in.Intent) == 0 {
		t.Error("no intents decoded")
	}
}

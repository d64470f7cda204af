package index

import (
	"encoding/json"
	"reflect"
	"testing"
)

// testCommon are the words the test mapping pairs (see pairs.go).
var testCommon = []string{"earn", "secur", "state", "mind"}

// mustCompile parses q and compiles it with the real mapping, without typo
// tolerance, returning the Bleve query as generic JSON (nil for no query).
func mustCompile(t *testing.T, q string) any {
	t.Helper()
	m, err := Mapping(nil, testCommon...)
	if err != nil {
		t.Fatal(err)
	}
	n, err := Parse(q)
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	bq, err := newCompiler(m, false).compile(n)
	if err != nil {
		t.Fatalf("compile(%q): %v", q, err)
	}
	if bq == nil {
		return nil
	}
	b, err := json.Marshal(bq)
	if err != nil {
		t.Fatalf("marshal %q: %v", q, err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// obj asserts v is a JSON object and returns it.
func obj(t *testing.T, v any, what string) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s is %T (%v), want an object", what, v, v)
	}
	return m
}

// list asserts m[key] is a JSON array and returns it.
func list(t *testing.T, m map[string]any, key string) []any {
	t.Helper()
	l, ok := m[key].([]any)
	if !ok {
		t.Fatalf("%q is %T (%v), want an array in %v", key, m[key], m[key], m)
	}
	return l
}

// musts are the clauses of a boolean query's must: one clause stands
// alone, more are a conjunction.
func musts(t *testing.T, q map[string]any) []any {
	t.Helper()
	must := obj(t, q["must"], "must")
	if _, ok := must["conjuncts"]; ok {
		return list(t, must, "conjuncts")
	}
	return []any{must}
}

// TestCompileWord: a word is searched in every prose field with its boost;
// a word that is one term after analysis is that term's query (stemmed in
// prose, as written in names), one that is more (a hyphenated word) all of
// its terms.
func TestCompileWord(t *testing.T) {
	tests := []struct {
		word  string
		prose map[string]any // the disjunct of a prose field, less field and boost
		names map[string]any // the author field's
	}{
		{"attachment", map[string]any{"term": "attach"}, map[string]any{"term": "attachment"}},
		{"Padrón", map[string]any{"term": "padrón"}, map[string]any{"term": "padron"}},
		{"co-parenting", map[string]any{"match": "co-parenting", "operator": "and"}, map[string]any{"match": "co-parenting", "operator": "and"}},
	}
	for _, tt := range tests {
		q := obj(t, mustCompile(t, tt.word), "query")
		fields := map[string]float64{}
		for _, d := range list(t, q, "disjuncts") {
			m := obj(t, d, "disjunct")
			field, boost := m["field"].(string), m["boost"].(float64)
			fields[field] = boost
			for _, k := range []string{"field", "boost", "analyzer", "fuzziness", "prefix_length"} {
				delete(m, k)
			}
			want := tt.prose
			if field == "author" {
				want = tt.names
			}
			if !reflect.DeepEqual(m, want) {
				t.Errorf("%s: %s disjunct %v, want %v", tt.word, field, m, want)
			}
		}
		want := map[string]float64{"title": 3, "topic": 2, "author": 2, "finding": 1.2, "summary": 1, "sample": 0.6, "journal": 0.6}
		if !reflect.DeepEqual(fields, want) {
			t.Errorf("%s: prose fields and boosts = %v, want %v", tt.word, fields, want)
		}
	}
}

func TestCompileStopwords(t *testing.T) {
	t.Run("a stopword inside an AND is dropped", func(t *testing.T) {
		word := mustCompile(t, "attachment")
		q := obj(t, mustCompile(t, "attachment AND the"), "query")
		if _, ok := q["must_not"]; ok {
			t.Errorf("unexpected must_not in %v", q)
		}
		must := musts(t, q)
		if len(must) != 1 || !reflect.DeepEqual(must[0], word) {
			t.Errorf("must = %v, want exactly the query for attachment alone: %v", must, word)
		}
	})
	t.Run("a stopword in an OR is dropped", func(t *testing.T) {
		if got, want := mustCompile(t, "attachment OR the"), mustCompile(t, "attachment"); !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("a negated stopword is dropped", func(t *testing.T) {
		q := obj(t, mustCompile(t, "attachment -the"), "query")
		if _, ok := q["must_not"]; ok {
			t.Errorf("unexpected must_not in %v", q)
		}
	})
	for _, q := range []string{"the", "the of", "the of and", "NOT the", "the OR a", `"of the"`, "title:the"} {
		t.Run("only stopwords: "+q, func(t *testing.T) {
			if got := mustCompile(t, q); got != nil {
				t.Errorf("compile(%q) = %v, want nil", q, got)
			}
		})
	}
}

func TestCompileYear(t *testing.T) {
	tests := []struct {
		q    string
		want map[string]any
	}{
		{"year:1990..2005", map[string]any{"field": "year", "min": 1990.0, "max": 2005.0, "inclusive_min": true, "inclusive_max": true}},
		{"year:2002", map[string]any{"field": "year", "min": 2002.0, "max": 2002.0, "inclusive_min": true, "inclusive_max": true}},
		{"year:..2005", map[string]any{"field": "year", "max": 2005.0, "inclusive_min": true, "inclusive_max": true}},
		{"year:1990..", map[string]any{"field": "year", "min": 1990.0, "inclusive_min": true, "inclusive_max": true}},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			got := obj(t, mustCompile(t, tc.q), "query")
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("compile(%q) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
}

func TestCompileKeywordFields(t *testing.T) {
	tests := []struct {
		q    string
		want map[string]any
	}{
		{"design:review", map[string]any{"term": "review", "field": "design"}},
		{"type:Article", map[string]any{"term": "article", "field": "type"}}, // keyword values are lower case
		{"construct:aai-coherence", map[string]any{"term": "aai-coherence", "field": "construct"}},
		{"design:meta*", map[string]any{"prefix": "meta", "field": "design", "boost": 1.0}},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			got := obj(t, mustCompile(t, tc.q), "query")
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("compile(%q) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
	t.Run("topic:aai matches the id or the label", func(t *testing.T) {
		ds := list(t, obj(t, mustCompile(t, "topic:aai"), "query"), "disjuncts")
		if len(ds) != 2 {
			t.Fatalf("disjuncts = %v, want 2", ds)
		}
		if id := obj(t, ds[0], "disjunct"); id["term"] != "aai" || id["field"] != "topic_id" {
			t.Errorf("first disjunct %v, want term aai on topic_id", id)
		}
		if lbl := obj(t, ds[1], "disjunct"); lbl["term"] != "aai" || lbl["field"] != "topic" { // a phrase of one word is the word
			t.Errorf("second disjunct %v, want the word aai on topic", lbl)
		}
	})
	t.Run("title phrase takes its candidates from its word pair", func(t *testing.T) {
		got := obj(t, mustCompile(t, `title:"earned secure"`), "query")
		if p := obj(t, got["paired_phrase"], "phrase"); p["match_phrase"] != "earned secure" || p["field"] != "title" {
			t.Errorf("phrase %v, want match_phrase on title", p)
		}
		pairs := list(t, got, "pairs")
		if len(pairs) != 1 {
			t.Fatalf("pairs = %v, want one", pairs)
		}
		if p := obj(t, pairs[0], "pair"); p["term"] != "title"+pairPrefix+"earn secur" || p["field"] != fPairs {
			t.Errorf("pair %v, want the term earn secur in the pairs of title", p)
		}
	})
	t.Run("words apart have no pair", func(t *testing.T) {
		got := obj(t, mustCompile(t, `title:"state of mind"`), "query")
		if got["match_phrase"] != "state of mind" {
			t.Errorf("got %v, want a plain phrase", got)
		}
	})
	t.Run("a phrase with an uncommon word has no pairs", func(t *testing.T) {
		got := obj(t, mustCompile(t, `title:"earned autonomy"`), "query")
		if got["match_phrase"] != "earned autonomy" {
			t.Errorf("got %v, want a plain phrase", got)
		}
	})
	t.Run("names have no pairs", func(t *testing.T) {
		got := obj(t, mustCompile(t, `author:"van ijzendoorn"`), "query")
		if got["match_phrase"] != "van ijzendoorn" {
			t.Errorf("got %v, want a plain phrase on author", got)
		}
	})
}

func TestCompileNot(t *testing.T) {
	t.Run("NOT alone excludes from everything", func(t *testing.T) {
		q := obj(t, mustCompile(t, "NOT design:review"), "query")
		must := musts(t, q)
		if len(must) != 1 || obj(t, must[0], "must[0]")["match_all"] == nil {
			t.Errorf("must = %v, want match_all", must)
		}
		not := list(t, obj(t, q["must_not"], "must_not"), "disjuncts")
		if len(not) != 1 || !reflect.DeepEqual(not[0], mustCompile(t, "design:review")) {
			t.Errorf("must_not = %v, want design:review", not)
		}
	})
	t.Run("AND with a negated term", func(t *testing.T) {
		q := obj(t, mustCompile(t, "attachment -design:review"), "query")
		must := musts(t, q)
		if len(must) != 1 || !reflect.DeepEqual(must[0], mustCompile(t, "attachment")) {
			t.Errorf("must = %v, want attachment", must)
		}
		not := list(t, obj(t, q["must_not"], "must_not"), "disjuncts")
		if len(not) != 1 || !reflect.DeepEqual(not[0], mustCompile(t, "design:review")) {
			t.Errorf("must_not = %v, want design:review", not)
		}
	})
	t.Run("Loose keeps its NOT", func(t *testing.T) {
		q := obj(t, mustCompile(t, "earned secure adults -design:review"), "query")
		d := obj(t, musts(t, q)[0], "must[0]")
		if got := len(list(t, d, "disjuncts")); got != 3 || d["min"] != 2.0 {
			t.Errorf("must[0] = %v, want 3 disjuncts with min 2", d)
		}
		if not := list(t, obj(t, q["must_not"], "must_not"), "disjuncts"); len(not) != 1 {
			t.Errorf("must_not = %v, want one clause", not)
		}
	})
}

func TestCompileLoose(t *testing.T) {
	q := obj(t, mustCompile(t, "how common is earned security"), "query")
	// "how" and "is" are stopwords: three words remain, two of which must match.
	if got := len(list(t, q, "disjuncts")); got != 3 || q["min"] != 2.0 {
		t.Errorf("got %v, want 3 disjuncts with min 2", q)
	}
	// A year, an author, a design written beside the words is a condition
	// every hit meets; a field's words (title:) stay words.
	for _, tt := range []struct{ q, constraint string }{
		{"earned secure adults year:2000..2010", "year:2000..2010"},
		{"earned secure adults author:main", "author:main"},
		{"design:longitudinal earned secure adults topic:earned-security", ""},
	} {
		t.Run(tt.q, func(t *testing.T) {
			q := obj(t, mustCompile(t, tt.q), "query")
			ms := musts(t, q)
			d := obj(t, ms[0], "must[0]")
			if got := len(list(t, d, "disjuncts")); got != 3 || d["min"] != 2.0 {
				t.Errorf("must[0] = %v, want the 3 words with min 2", d)
			}
			want := 2
			if tt.constraint == "" {
				want = 3
			}
			if len(ms) != want {
				t.Fatalf("must = %v, want the words and %d constraints", ms, want-1)
			}
			if tt.constraint != "" && !reflect.DeepEqual(ms[1], mustCompile(t, tt.constraint)) {
				t.Errorf("must[1] = %v, want %s", ms[1], tt.constraint)
			}
		})
	}
	t.Run("a field's words stay loose", func(t *testing.T) {
		q := obj(t, mustCompile(t, "title:(earned secure adults)"), "query")
		if got := len(list(t, q, "disjuncts")); got != 3 || q["min"] != 2.0 {
			t.Errorf("got %v, want 3 disjuncts with min 2", q)
		}
	})
	t.Run("fewer than three real words become an AND", func(t *testing.T) {
		q := obj(t, mustCompile(t, "the earned security"), "query")
		if got := len(musts(t, q)); got != 2 {
			t.Errorf("got %v, want a must of 2 conjuncts", q)
		}
	})
}

func TestCompileFuzzyAddsTypoAlternatives(t *testing.T) {
	m, err := Mapping(nil, testCommon...)
	if err != nil {
		t.Fatal(err)
	}
	n, err := Parse("attachmnet")
	if err != nil {
		t.Fatal(err)
	}
	bq, err := newCompiler(m, true).compile(n)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(bq)
	if err != nil {
		t.Fatal(err)
	}
	var q map[string]any
	if err := json.Unmarshal(b, &q); err != nil {
		t.Fatal(err)
	}
	ds := list(t, q, "disjuncts")
	last := obj(t, ds[len(ds)-1], "last disjunct")
	if last["term"] != "attachmnet" || last["field"] != "words" || last["fuzziness"] != 2.0 {
		t.Errorf("last disjunct = %v, want a fuzzy term on words with fuzziness 2", last)
	}
}

package index

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// proseFields are searched by words without a field, with their boosts:
// a word in the title or a topic says more than one in the summary.
var proseFields = []struct {
	name  string
	boost float64
}{
	{fTitle, 3}, {fTopic, 2}, {fAuthor, 2}, {fFinding, 1.2}, {fSummary, 1}, {fSample, 0.6}, {fJournal, 0.6},
}

// QueryError is a query that parses but cannot be run as given.
type QueryError struct{ Msg string }

func (e *QueryError) Error() string { return e.Msg }

// compiler turns our Node into a Bleve query.
type compiler struct {
	en, name analysis.Analyzer // prose's analyzer; names'
	pairs    *pairFilterImpl   // the index's word pairs (pairs.go), or nil
	fuzzy    bool              // add typo-tolerant alternatives to plain words
}

func newCompiler(m mapping.IndexMapping, fuzzy bool) *compiler {
	return &compiler{en: m.AnalyzerNamed("en"), name: m.AnalyzerNamed(nameAnalyzer), pairs: pairsOf(m), fuzzy: fuzzy}
}

// compile returns nil for a node that constrains nothing (stopwords only):
// a stopword inside an AND would otherwise match no document at all.
func (c *compiler) compile(n Node) (query.Query, error) {
	switch v := n.(type) {
	case nil:
		return nil, nil
	case Term:
		return c.term(v)
	case YearRange:
		return yearQuery(v.From, v.To), nil
	case Question:
		return c.question(v)
	case Mention:
		var qs []query.Query
		for _, f := range proseFields {
			if f.name == fAuthor || (v.Field != "" && f.name != v.Field) { // names are not prose: no marks
				continue
			}
			q := exact(f.name, mentionPrefix+v.Topic).(*query.TermQuery)
			if v.Field == "" {
				q.SetBoost(f.boost)
			}
			qs = append(qs, q)
		}
		return disjunction(0, qs...), nil
	case Not:
		inner, err := c.compile(v.Node)
		if err != nil || inner == nil {
			return nil, err
		}
		return boolean(nil, []query.Query{inner}), nil
	case Or:
		var qs []query.Query
		for _, x := range v {
			q, err := c.compile(x)
			if err != nil {
				return nil, err
			}
			if q != nil {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			return nil, nil
		}
		if len(qs) == 1 {
			return qs[0], nil
		}
		return disjunction(0, qs...), nil
	case Loose:
		// The words may miss one; a constraint written beside them (a
		// year, an author, a design) is a condition, not one more word.
		var should, must, not []query.Query
		for _, x := range v {
			if nn, ok := x.(Not); ok {
				if q, err := c.compile(nn.Node); err != nil {
					return nil, err
				} else if q != nil {
					not = append(not, q)
				}
				continue
			}
			q, err := c.compile(x)
			if err != nil {
				return nil, err
			}
			switch {
			case q == nil:
			case isConstraint(x):
				must = append(must, q)
			default:
				should = append(should, q)
			}
		}
		if len(should) < 3 {
			return c.compile(And(v))
		}
		d := disjunction(len(should)-1, should...)
		if len(must) == 0 && len(not) == 0 {
			return d, nil
		}
		return boolean(append([]query.Query{d}, must...), not), nil
	case And:
		var must, not []query.Query
		for _, x := range v {
			if nn, ok := x.(Not); ok {
				q, err := c.compile(nn.Node)
				if err != nil {
					return nil, err
				}
				if q != nil {
					not = append(not, q)
				}
				continue
			}
			q, err := c.compile(x)
			if err != nil {
				return nil, err
			}
			if q != nil {
				must = append(must, q)
			}
		}
		if len(must) == 0 && len(not) == 0 {
			return nil, nil
		}
		return boolean(must, not), nil
	}
	return nil, fmt.Errorf("index: unknown query node %T", n)
}

// isConstraint: a node of a Loose that every hit must meet: a year range,
// or a term of a field that names a study rather than its words.
func isConstraint(n Node) bool {
	switch v := n.(type) {
	case YearRange:
		return true
	case Term:
		return constraintFields[v.Field]
	}
	return false
}

var constraintFields = map[string]bool{"author": true, "topic": true, "design": true, "type": true, "construct": true}

func (c *compiler) term(t Term) (query.Query, error) {
	text := strings.ToLower(t.Text)
	switch t.Field {
	case "":
		if t.Prefix {
			return disjoin(prefix(fWords, text, 1), prefix(fAuthor, text, 2), prefix(fTitle, text, 2)), nil
		}
		if c.stopwordsOnly(text) {
			return nil, nil
		}
		var qs []query.Query
		for _, f := range proseFields {
			qs = append(qs, c.match(f.name, t.Text, t.Phrase, f.boost))
		}
		if c.fuzzy && !t.Phrase {
			qs = append(qs, c.fuzzyWords(text)...)
		}
		return disjunction(0, qs...), nil
	case "title", "journal", "author":
		field := map[string]string{"title": fTitle, "journal": fJournal, "author": fAuthor}[t.Field]
		if t.Prefix {
			return prefix(field, text, 1), nil
		}
		if field != fAuthor && c.stopwordsOnly(text) {
			return nil, nil
		}
		return c.match(field, t.Text, t.Phrase, 1), nil
	case "topic":
		if t.Prefix {
			return disjoin(prefix(fTopicID, text, 1), prefix(fTopic, text, 1)), nil
		}
		id := exact(fTopicID, text)
		id.(*query.TermQuery).SetBoost(2)
		return disjoin(id, c.match(fTopic, t.Text, true, 1)), nil
	case "design", "type", "construct":
		field := map[string]string{"design": fDesign, "type": fType, "construct": fConstruct}[t.Field]
		if t.Prefix {
			return prefix(field, text, 1), nil
		}
		return exact(field, text), nil
	}
	return nil, &QueryError{Msg: fmt.Sprintf("unknown field %q", t.Field)}
}

// question requires what v is about, as any query, and adds to the score
// of studies that have its intent's phrases or answer it: a topic the
// intent names, findings under its constructs or with its measures.
func (c *compiler) question(v Question) (query.Query, error) {
	must, err := c.compile(v.Must)
	if err != nil {
		return nil, err
	}
	var should []query.Query
	for _, x := range v.Should {
		q, err := c.compile(x)
		if err != nil {
			return nil, err
		}
		if q != nil {
			should = append(should, q)
		}
	}
	if must == nil { // only stopwords beside the intent: its phrases are the search
		if len(should) == 0 {
			return nil, nil
		}
		must, should = disjunction(0, should...), nil
	}
	if in := v.Intent; in != nil {
		for _, kv := range []struct {
			field  string
			values []string
		}{{fTopicID, in.Topics}, {fConstruct, in.Constructs}, {fMeasure, in.Measures}} {
			for _, val := range kv.values {
				q := exact(kv.field, val).(*query.TermQuery)
				q.SetBoost(intentBoost)
				should = append(should, q)
			}
		}
	}
	if len(should) == 0 {
		return must, nil
	}
	b := boolean([]query.Query{must}, nil)
	b.AddShould(should...)
	return b, nil
}

// fuzzyWords matches each word of text within one or two edits in the
// unstemmed words field: the typo-tolerant fallback.
func (c *compiler) fuzzyWords(text string) []query.Query {
	var qs []query.Query
	for _, w := range strings.Fields(text) {
		n := len([]rune(w))
		if n < 4 {
			continue
		}
		q := bleve.NewFuzzyQuery(w)
		q.SetField(fWords)
		q.Fuzziness = 1
		if n >= 8 {
			q.Fuzziness = 2
		}
		q.SetBoost(0.5)
		qs = append(qs, q)
	}
	return qs
}

func (c *compiler) stopwordsOnly(text string) bool {
	return c.en != nil && len(c.en.Analyze([]byte(text))) == 0
}

// match analyses text as the field's prose is analysed, less the topic
// marks (which a query reaches through Mention, never through its text).
func (c *compiler) match(field, text string, phrase bool, boost float64) query.Query {
	analyzer := ""
	if field != fAuthor {
		analyzer = en.AnalyzerName
	}
	if phrase && field != fAuthor {
		return c.phrase(field, text, boost)
	}
	if phrase {
		q := bleve.NewMatchPhraseQuery(text)
		q.SetField(field)
		q.SetBoost(boost)
		q.Analyzer = analyzer
		return q
	}
	// A word that analyses to one term is that term's query: Bleve's
	// match query makes it a conjunction of one, which adds nothing to
	// the score but its own step for every hit (each word of a bag is one
	// per prose field).
	a := c.en
	if field == fAuthor {
		a = c.name
	}
	if a != nil {
		if toks := a.Analyze([]byte(text)); len(toks) == 1 {
			q := bleve.NewTermQuery(string(toks[0].Term))
			q.SetField(field)
			q.SetBoost(boost)
			return q
		}
	}
	q := bleve.NewMatchQuery(text)
	q.SetField(field)
	q.SetOperator(query.MatchQueryOperatorAnd)
	q.SetBoost(boost)
	q.Analyzer = analyzer
	return q
}

func exact(field, v string) query.Query {
	q := bleve.NewTermQuery(v)
	q.SetField(field)
	return q
}

func disjoin(qs ...query.Query) query.Query { return disjunction(0, qs...) }

func yearQuery(from, to int) query.Query {
	var lo, hi *float64
	if from != 0 {
		f := float64(from)
		lo = &f
	}
	if to != 0 {
		t := float64(to)
		hi = &t
	}
	yes := true
	q := bleve.NewNumericRangeInclusiveQuery(lo, hi, &yes, &yes)
	q.SetField(fYear)
	return q
}

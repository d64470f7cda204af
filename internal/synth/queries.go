package synth

import (
	_ "embed"
	"fmt"
	"net/url"
	"strings"
)

//go:embed queries.txt
var queriesFile string

// Query is one query of the committed benchmark set.
type Query struct {
	Kind    string     // term-common, term-mid, term-rare, bag, or, phrase, field, year, prefix, fuzzy, filter, not
	Text    string     // litkb query syntax; may be empty when Filters say everything
	Filters url.Values // API parameters: topic, design, year_from, year_to
}

// Queries is the committed query set (queries.txt), in file order.
func Queries() ([]Query, error) { return ParseQueries(queriesFile) }

// ParseQueries reads kind<TAB>query[<TAB>filters] lines; # starts a comment.
func ParseQueries(text string) ([]Query, error) {
	var out []Query
	for n, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) < 2 || len(parts) > 3 || parts[0] == "" {
			return nil, fmt.Errorf("queries line %d: want kind<TAB>query[<TAB>filters]", n+1)
		}
		q := Query{Kind: parts[0], Text: parts[1], Filters: url.Values{}}
		if len(parts) == 3 {
			v, err := url.ParseQuery(parts[2])
			if err != nil {
				return nil, fmt.Errorf("queries line %d: filters: %w", n+1, err)
			}
			q.Filters = v
		}
		out = append(out, q)
	}
	return out, nil
}

// URLValues is the query as API search parameters.
func (q Query) URLValues() url.Values {
	v := url.Values{}
	for k, vs := range q.Filters {
		v[k] = append([]string(nil), vs...)
	}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	return v
}

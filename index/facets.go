package index

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"litkb/internal/study"
)

// Facets. Every value a study is counted under (its topics, design, type,
// constructs and year) is one term of one field, "kind:value", and a
// search counts them from that field's per-snapshot table (facetcount.go);
// the year is counted by year and summed into decades here. The field
// keeps doc values only for the benchmark's baseline, which asks Bleve's
// own terms facet (direct.go).

// Facet names, as Result.Facets has them, and their prefixes in fFacet.
var facetKinds = []struct{ name, prefix string }{
	{"topics", "t:"}, {"design", "d:"}, {"type", "k:"}, {"construct", "c:"}, {"year", "y:"},
}

// facetTerms is a study's values of fFacet.
func facetTerms(s *study.Study, constructs []string) []string {
	out := make([]string, 0, len(s.Topics)+len(constructs)+3)
	for _, t := range s.Topics {
		out = append(out, "t:"+t)
	}
	if s.Design != "" {
		out = append(out, "d:"+s.Design)
	}
	if s.Type != "" {
		out = append(out, "k:"+s.Type)
	}
	for _, c := range constructs {
		out = append(out, "c:"+c)
	}
	return append(out, "y:"+yearKey(s.Year))
}

// yearKey is a year as a sortable keyword: four digits.
func yearKey(y int) string {
	s := strconv.Itoa(y)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

// facetRequest asks for every value of fFacet: a corpus has a few hundred.
func facetRequest() *bleve.FacetRequest { return bleve.NewFacetRequest(fFacet, 10000) }

// Decades for the year facet, newest first.
var decades = []struct {
	name     string
	from, to int
}{
	{"2020-2029", 2020, 2030}, {"2010-2019", 2010, 2020}, {"2000-2009", 2000, 2010},
	{"1990-1999", 1990, 2000}, {"1980-1989", 1980, 1990}, {"1970-1979", 1970, 1980},
	{"1960-1969", 1960, 1970}, {"before 1960", 0, 1960},
}

// DecadeRange gives the years of a year-facet value, for turning a chosen
// facet back into year_from and year_to.
func DecadeRange(name string) (from, to int, ok bool) {
	for _, d := range decades {
		if d.name == name {
			return d.from, d.to - 1, true
		}
	}
	return 0, 0, false
}

// Most values a facet shows.
var facetSizes = map[string]int{"topics": 100, "design": 20, "type": 10, "construct": 50}

// facetValues splits the counts of fFacet's values into the named
// facets, ordered by count, then value, so pages are stable; years become
// decades.
func facetValues(terms map[string]int) map[string][]FacetValue {
	out := make(map[string][]FacetValue, len(facetKinds))
	for _, k := range facetKinds {
		out[k.name] = []FacetValue{}
	}
	var perDecade [8]int
	for term, n := range terms {
		for _, k := range facetKinds {
			v, ok := strings.CutPrefix(term, k.prefix)
			if !ok {
				continue
			}
			if k.name == "year" {
				y, _ := strconv.Atoi(v)
				for i, d := range decades {
					if y >= d.from && y < d.to {
						perDecade[i] += n
						break
					}
				}
			} else {
				out[k.name] = append(out[k.name], FacetValue{Value: v, Count: n})
			}
			break
		}
	}
	for i, d := range decades {
		if perDecade[i] > 0 {
			out["year"] = append(out["year"], FacetValue{Value: d.name, Count: perDecade[i]})
		}
	}
	for name, vals := range out {
		if name == "year" {
			slices.SortFunc(vals, func(a, b FacetValue) int { return cmp.Compare(b.Value, a.Value) })
			continue
		}
		slices.SortFunc(vals, func(a, b FacetValue) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
		})
		if n := facetSizes[name]; len(vals) > n {
			out[name] = vals[:n]
		}
	}
	return out
}

// Facet counts of broad searches are kept per index version: counting
// them visits every hit, which for the empty query or a common word is
// most of the index, and they are the same for every page and sort.
// Narrow searches count their few hits each time.

// facetCacheBroad is the number of hits from which a search's facets are
// kept (a variable so tests can lower it).
var facetCacheBroad uint64 = 1000

type facetCache struct {
	size    int // searches kept; the oldest goes first
	mu      sync.Mutex
	version uint64
	byKey   map[string]map[string][]FacetValue
	order   []string
}

func newFacetCache(size int) *facetCache {
	return &facetCache{size: size, byKey: map[string]map[string][]FacetValue{}}
}

// facetKey says which hits a search counts: its query as run and its
// filters (not its page or sort).
func facetKey(text string, fuzzy bool, r Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q %v %v %q %q %d %d", text, fuzzy, r.Drafts, r.Design, r.Type, r.YearFrom, r.YearTo)
	for _, t := range r.Topics {
		fmt.Fprintf(&b, " %q", t)
	}
	return b.String()
}

func (c *facetCache) get(version uint64, key string) (map[string][]FacetValue, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil, false
	}
	f, ok := c.byKey[key]
	return f, ok
}

func (c *facetCache) put(version uint64, key string, f map[string][]FacetValue) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		c.version, c.byKey, c.order = version, map[string]map[string][]FacetValue{}, nil
	}
	if _, ok := c.byKey[key]; ok || c.size == 0 {
		return
	}
	if len(c.order) >= c.size {
		delete(c.byKey, c.order[0])
		c.order = c.order[1:]
	}
	c.byKey[key] = f
	c.order = append(c.order, key)
}

package evidence

import (
	"slices"
	"strconv"

	"litkb/internal/study"
)

// MaxPlotted caps the findings one selection holds; a search that matches
// more says so and asks for a narrower one.
const MaxPlotted = 300

// Corpus is what selection reads; *corpus.Corpus is one.
type Corpus interface {
	Study(id string) (*study.Study, bool)
	Construct(id string) (study.Construct, bool)
}

// Selection is a set of findings with the words that name it.
type Selection struct {
	Title     string  // "the claim “…”", "the search “earned security”"
	Points    []Point // findings with a number, in the set's order
	Without   int     // findings in the set without a number
	Truncated int     // findings with a number left out by MaxPlotted
}

// add puts a finding into the selection, or counts it when it has no number.
func (sel *Selection) add(p Point, hasValue bool) {
	switch {
	case !hasValue:
		sel.Without++
	case len(sel.Points) >= MaxPlotted:
		sel.Truncated++
	default:
		sel.Points = append(sel.Points, p)
	}
}

// PointOf is finding f of st as the views show it; relation is its bearing
// on a claim, or "".
func PointOf(c Corpus, st *study.Study, f *study.Finding, relation string) Point {
	label := f.Construct
	if k, ok := c.Construct(f.Construct); ok {
		label = k.Label
	}
	authors := ShortAuthors(st.Authors)
	w := st.Warning()
	if w.Unsafe() {
		authors = w.Label + ": " + authors
	}
	p := Point{
		StudyID: st.ID, FindingID: f.ID, Label: authors + " (" + strconv.Itoa(st.Year) + ")", Authors: authors, Year: st.Year,
		URL: "/studies/" + st.ID + "#" + f.ID, SourceURL: st.SourceURL(), Construct: f.Construct, ConstructLabel: label, Design: st.Design,
		Measure: f.Measure, Unit: f.Unit, Low: f.CILow, High: f.CIHigh, N: f.N, K: f.K,
		Relation: relation, Text: f.Text, Display: f.Display(), Population: f.Population, Page: f.Page,
		Unsafe: w.Unsafe(),
	}
	if w != nil {
		p.Warning = w.Label
	}
	if f.Value != nil {
		p.Value = *f.Value
	}
	return p
}

// ForClaim is the findings a claim rests on, in its evidence order.
func ForClaim(c Corpus, cl *study.Claim) Selection {
	sel := Selection{Title: "the claim “" + cl.Statement + "”"}
	for _, it := range ClaimItems(c, cl) {
		sel.add(PointOf(c, it.Study, it.Finding, it.Evidence.Relation), it.Finding.Value != nil)
	}
	return sel
}

// ForStudies is every finding of the studies, in their order, or only
// those under the constructs when any are given.
func ForStudies(c Corpus, title string, studies []*study.Study, constructs []string) Selection {
	sel := Selection{Title: title}
	for i := range studies {
		st := studies[i]
		for j := range st.Findings {
			f := &st.Findings[j]
			if len(constructs) > 0 && !slices.Contains(constructs, f.Construct) {
				continue
			}
			sel.add(PointOf(c, st, f, ""), f.Value != nil)
		}
	}
	return sel
}

// ForConstruct is every finding under construct k among the studies.
func ForConstruct(c Corpus, studies []*study.Study, k study.Construct) Selection {
	return ForStudies(c, "the construct “"+k.Label+"”", studies, []string{k.ID})
}

// ShortAuthors is "Roisman et al." / "Bakermans-Kranenburg & van IJzendoorn".
func ShortAuthors(ps []study.Person) string {
	name := func(p study.Person) string {
		if p.Literal != "" {
			return p.Literal
		}
		return p.Family
	}
	switch len(ps) {
	case 0:
		return ""
	case 1:
		return name(ps[0])
	case 2:
		return name(ps[0]) + " & " + name(ps[1])
	}
	return name(ps[0]) + " et al."
}

// Package evidence chooses the findings a view is about (a claim's, a
// construct's, a topic's or a search's) and groups them by measure,
// construct and design with n counted per construct, for the pages, the
// plot and the downloads alike. It knows nothing of HTTP or templates.
package evidence

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"litkb/internal/study"
)

// A Layout puts findings in the order every view shows them: panels, one
// per measure (and unit), because a proportion and a correlation do not
// share a scale; inside a panel, one group per construct, because findings
// under different definitions are not the same quantity; inside a group,
// rows by design. The plot, the table and the CSV all read one Layout, so
// all three show the same numbers. Nothing here pools: n is counted per
// construct, and across constructs only as a count of studies.

// Point is one finding as the plot, its table and its CSV show it.
type Point struct {
	StudyID, FindingID string
	Label              string // "Thomson & Jaque (2017)"
	Authors            string // "Thomson & Jaque": the part of Label the plot may shorten
	Year               int
	URL                string // the finding's permalink, /studies/<id>#<fid>
	SourceURL          string
	Construct          string // construct id
	ConstructLabel     string
	Design             string
	Measure, Unit      string
	Value              float64
	Low, High          *float64 // 95% CI, when the source gives one
	N, K               *int
	Relation           string // supports | complicates | contradicts, for a claim
	Text               string // the finding's statement
	Display            string // the value as the study page shows it
	Population, Page   string
	// Warning is what is known against the study, in words ("Retracted",
	// "Corrected"), or ""; Unsafe marks a retracted or withdrawn one,
	// whose findings must not be cited as evidence.
	Warning string
	Unsafe  bool
}

// Layout is a set of findings in the order they are shown.
type Layout struct {
	Panels   []Panel
	Findings int
	Studies  int // distinct studies
	TotalN   int // summed over studies, each counted once (its largest n here)
	NoN      int // studies none of whose findings here gives n
}

// Panel is one measure on one axis.
type Panel struct {
	Measure, Unit string
	Title         string // "Proportion (%)"
	Groups        []Group
}

// Group is one construct inside a panel.
type Group struct {
	Construct, Label string
	Rows             []Row
	Studies, TotalN  int
	NoN              int
	Min, Max         float64 // range of the estimates
	Text             string  // Summary, for templates
}

// Row is one finding; DesignStart marks the first of its design.
type Row struct {
	Point
	DesignStart bool
	// ValueText, CIText and NText are the numbers as the plot, the table
	// and the CSV write them: "51.4%", "40% to 60%", "n = 37".
	ValueText, CIText, NText string
	TableN                   string // n for a column headed n: "37", "854 (k = 18)", "not reported"
}

// NewLayout orders points into panels, construct groups and design runs.
// Points of the same panel and construct keep the construct order of
// their first appearance; rows inside a group are ordered by design, then
// year, then label.
func NewLayout(points []Point) Layout {
	var l Layout
	studyN := map[string]*int{} // largest n per study; nil when none given
	for _, p := range points {
		pi := slices.IndexFunc(l.Panels, func(x Panel) bool { return x.Measure == p.Measure && x.Unit == p.Unit })
		if pi < 0 {
			l.Panels = append(l.Panels, Panel{Measure: p.Measure, Unit: p.Unit, Title: panelTitle(p.Measure, p.Unit)})
			pi = len(l.Panels) - 1
		}
		panel := &l.Panels[pi]
		gi := slices.IndexFunc(panel.Groups, func(g Group) bool { return g.Construct == p.Construct })
		if gi < 0 {
			panel.Groups = append(panel.Groups, Group{Construct: p.Construct, Label: cmp.Or(p.ConstructLabel, p.Construct)})
			gi = len(panel.Groups) - 1
		}
		panel.Groups[gi].Rows = append(panel.Groups[gi].Rows, Row{Point: p})
		if n, ok := studyN[p.StudyID]; !ok || (p.N != nil && (n == nil || *p.N > *n)) {
			studyN[p.StudyID] = p.N
		}
		l.Findings++
	}
	slices.SortStableFunc(l.Panels, func(a, b Panel) int {
		return cmp.Or(cmp.Compare(rank(study.Measures, a.Measure), rank(study.Measures, b.Measure)), cmp.Compare(a.Unit, b.Unit))
	})
	for pi := range l.Panels {
		panel := &l.Panels[pi]
		for gi := range panel.Groups {
			g := &panel.Groups[gi]
			slices.SortStableFunc(g.Rows, func(a, b Row) int {
				return cmp.Or(cmp.Compare(rank(study.Designs, a.Design), rank(study.Designs, b.Design)), cmp.Compare(a.Year, b.Year),
					cmp.Compare(a.Label, b.Label), cmp.Compare(a.StudyID, b.StudyID), cmp.Compare(a.FindingID, b.FindingID))
			})
			gn := map[string]*int{}
			g.Min, g.Max = math.Inf(1), math.Inf(-1)
			for i := range g.Rows {
				r := &g.Rows[i]
				r.DesignStart = i == 0 || g.Rows[i-1].Design != r.Design
				r.ValueText, r.CIText, r.NText = FormatValue(r.Measure, r.Value), ciText(r.Measure, r.Low, r.High), nText(r.N, r.K)
				r.TableN = "not reported"
				if r.N != nil {
					r.TableN = Thousands(*r.N)
				}
				if r.K != nil {
					r.TableN += " (k = " + strconv.Itoa(*r.K) + ")"
				}
				if n, ok := gn[r.StudyID]; !ok || (r.N != nil && (n == nil || *r.N > *n)) {
					gn[r.StudyID] = r.N
				}
				g.Min, g.Max = min(g.Min, r.Value), max(g.Max, r.Value)
			}
			g.Studies, g.TotalN, g.NoN = countN(gn)
			g.Text = g.Summary(panel.Measure)
		}
	}
	l.Studies, l.TotalN, l.NoN = countN(studyN)
	return l
}

func countN(byStudy map[string]*int) (studies, total, none int) {
	for _, n := range byStudy {
		studies++
		if n == nil {
			none++
		} else {
			total += *n
		}
	}
	return
}

// rank is v's place in order, unknown values last.
func rank(order []string, v string) int {
	if i := slices.Index(order, v); i >= 0 {
		return i
	}
	return len(order)
}

// panelTitle names a measure and its scale.
func panelTitle(measure, unit string) string {
	t := upperFirst(cmp.Or(measure, "value"))
	switch {
	case unit != "":
		t += " (" + unit + ")"
	case measure == "proportion":
		t += " (%)"
	case measure == "correlation":
		t += " (r)"
	case measure == "kappa":
		t += " (Cohen's κ)"
	case measure == "odds ratio":
		t += " (log scale)"
	}
	return t
}

// Summary is the group's line: "2 studies · n = 309 · 14%–51.4%".
func (g Group) Summary(measure string) string {
	var parts []string
	findings, studies := len(g.Rows), g.Studies
	if findings != studies {
		parts = append(parts, fmt.Sprintf("%d %s from %d %s", findings, plural(findings, "finding", "findings"), studies, plural(studies, "study", "studies")))
	} else {
		parts = append(parts, fmt.Sprintf("%d %s", studies, plural(studies, "study", "studies")))
	}
	parts = append(parts, nPhrase(g.TotalN, g.NoN, studies))
	if findings > 1 {
		switch {
		case g.Min == g.Max:
			parts = append(parts, "all "+FormatValue(measure, g.Min))
		case g.Min < 0:
			parts = append(parts, "range "+FormatValue(measure, g.Min)+" to "+FormatValue(measure, g.Max))
		default:
			parts = append(parts, "range "+FormatValue(measure, g.Min)+"–"+FormatValue(measure, g.Max))
		}
	}
	return strings.Join(parts, " · ")
}

// Counts is the panel's line under its title: "3 findings from 3 studies
// under 2 constructs: not pooled".
func (p Panel) Counts() string {
	k, studies := 0, map[string]bool{}
	for _, g := range p.Groups {
		k += len(g.Rows)
		for _, r := range g.Rows {
			studies[r.StudyID] = true
		}
	}
	s := fmt.Sprintf("%d %s from %d %s", k, plural(k, "finding", "findings"), len(studies), plural(len(studies), "study", "studies"))
	if len(p.Groups) > 1 {
		s += fmt.Sprintf(" under %d constructs: not pooled", len(p.Groups))
	}
	return s
}

// nPhrase states the total n honestly: "n = 309", "n = 272; 1 study gives
// no n", "n not reported".
func nPhrase(total, noN, studies int) string {
	switch {
	case noN == studies:
		return "n not reported"
	case noN > 0:
		return fmt.Sprintf("n = %s; %d %s no n", Thousands(total), noN, plural(noN, "study gives", "studies give"))
	}
	return "n = " + Thousands(total)
}

// CountPhrase counts a layout's findings and studies. It gives n only when
// every finding is under one construct on one axis: n added across
// constructs would pool what the page says must not be pooled, so each
// construct's group carries its own n instead.
func (l Layout) CountPhrase() string {
	s := fmt.Sprintf("%d %s from %d %s", l.Findings, plural(l.Findings, "finding", "findings"),
		l.Studies, plural(l.Studies, "study", "studies"))
	constructs := map[string]bool{}
	for _, p := range l.Panels {
		for _, g := range p.Groups {
			constructs[g.Construct] = true
		}
	}
	switch {
	case len(constructs) > 1:
		return s + fmt.Sprintf(" under %d constructs; n is given per construct, not added across them", len(constructs))
	case len(l.Panels) > 1:
		return s + fmt.Sprintf(" on %d measures; n is given per measure, not added across them", len(l.Panels))
	}
	return s + " (" + nPhrase(l.TotalN, l.NoN, l.Studies) + ")"
}

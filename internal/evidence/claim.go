package evidence

import (
	"slices"

	"litkb/internal/study"
)

// Item is one piece of a claim's evidence with its study and finding
// resolved.
type Item struct {
	Evidence study.Evidence
	Study    *study.Study
	Finding  *study.Finding
}

// ClaimItems is the evidence of a claim the public may see, in the claim's
// order: entries whose study is unpublished or missing, or whose finding
// is gone, are left out, so every page and API counts the same findings.
func ClaimItems(c Corpus, cl *study.Claim) []Item {
	var out []Item
	for _, e := range cl.Evidence {
		st, ok := c.Study(e.Study)
		if !ok || !st.Public() {
			continue
		}
		f, ok := st.Finding(e.Finding)
		if !ok {
			continue
		}
		out = append(out, Item{Evidence: e, Study: st, Finding: f})
	}
	return out
}

// Tally counts items: findings, distinct studies, and findings by
// relation and by the design of their study.
type Tally struct {
	Findings, Studies    int
	ByRelation, ByDesign map[string]int
}

// Count tallies items.
func Count(items []Item) Tally {
	t := Tally{ByRelation: map[string]int{}, ByDesign: map[string]int{}}
	studies := map[string]bool{}
	for _, it := range items {
		t.Findings++
		t.ByRelation[it.Evidence.Relation]++
		t.ByDesign[it.Study.Design]++
		studies[it.Study.ID] = true
	}
	t.Studies = len(studies)
	return t
}

// StudiesUnder is the published studies with a finding under construct,
// each once, newest first.
func StudiesUnder(studies []*study.Study, construct string) []*study.Study {
	var out []*study.Study
	seen := map[string]bool{}
	for i := range studies {
		st := studies[i]
		if st.Status != "published" || seen[st.ID] {
			continue
		}
		if slices.ContainsFunc(st.Findings, func(f study.Finding) bool { return f.Construct == construct }) {
			seen[st.ID] = true
			out = append(out, st)
		}
	}
	slices.SortStableFunc(out, func(a, b *study.Study) int { return b.Year - a.Year })
	return out
}

// ClaimsUsing is the claims with evidence from a finding under construct.
func ClaimsUsing(c Corpus, claims []study.Claim, construct string) []study.Claim {
	var out []study.Claim
	for _, cl := range claims {
		if slices.ContainsFunc(cl.Evidence, func(e study.Evidence) bool {
			st, ok := c.Study(e.Study)
			if !ok {
				return false
			}
			f, ok := st.Finding(e.Finding)
			return ok && f.Construct == construct
		}) {
			out = append(out, cl)
		}
	}
	return out
}

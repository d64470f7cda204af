package corpus_test

import (
	"path/filepath"
	"testing"

	"litkb/internal/corpus"
	"litkb/internal/study"
)

// relations counts a claim's evidence by relation, over published studies
// only: a draft is not checked evidence, so it can neither carry nor sink a
// verdict.
type relations struct{ supports, complicates, contradicts int }

func countRelations(c *corpus.Corpus, cl *study.Claim) relations {
	var n relations
	for _, e := range cl.Evidence {
		if st, ok := c.Study(e.Study); !ok || st.Status != "published" {
			continue
		}
		switch e.Relation {
		case "supports":
			n.supports++
		case "complicates":
			n.complicates++
		case "contradicts":
			n.contradicts++
		}
	}
	return n
}

// verdictProblem says why a verdict promises more than its evidence holds,
// or "" when it does not. Each rule is what the verdict's sentence on the
// claim page (web/templates/claim.html) tells a reader:
//   - supported, "the checked evidence supports the claim": a supporting
//     finding and none against (evidence both ways is "mixed");
//   - mixed, "the evidence points both ways, or holds only under some
//     definitions": a supporting finding and one that complicates or
//     contradicts;
//   - not supported, "the checked evidence goes against the claim": a
//     contradicting finding and none in support;
//   - unverifiable, "no checked source gives the evidence the claim would
//     need": no finding either supports or contradicts.
func verdictProblem(verdict string, n relations) string {
	switch verdict {
	case "supported":
		if n.supports == 0 {
			return "no published finding supports it"
		}
		if n.contradicts > 0 {
			return "a published finding contradicts it: the evidence points both ways, which is mixed"
		}
	case "mixed":
		if n.supports == 0 {
			return "no published finding supports it, so it does not point both ways"
		}
		if n.complicates+n.contradicts == 0 {
			return "every published finding supports it, so it does not point both ways"
		}
	case "not supported":
		if n.contradicts == 0 {
			return "no published finding contradicts it"
		}
		if n.supports > 0 {
			return "a published finding supports it: the evidence points both ways, which is mixed"
		}
	case "unverifiable":
		if n.supports+n.contradicts > 0 {
			return "a published finding supports or contradicts it, so the evidence exists"
		}
	default:
		return "unknown verdict"
	}
	return ""
}

func TestVerdictProblem(t *testing.T) {
	tests := []struct {
		verdict string
		n       relations
		ok      bool
	}{
		{"supported", relations{supports: 2, complicates: 3}, true},
		{"supported", relations{complicates: 3}, false},
		{"supported", relations{supports: 2, contradicts: 1}, false},
		{"mixed", relations{supports: 1, complicates: 1}, true},
		{"mixed", relations{supports: 1, contradicts: 1}, true},
		{"mixed", relations{supports: 3}, false},
		{"mixed", relations{complicates: 2, contradicts: 1}, false},
		{"not supported", relations{contradicts: 1, complicates: 2}, true},
		{"not supported", relations{complicates: 2}, false},
		{"not supported", relations{supports: 1, contradicts: 2}, false},
		{"unverifiable", relations{complicates: 4}, true},
		{"unverifiable", relations{}, true},
		{"unverifiable", relations{supports: 1, complicates: 4}, false},
		{"unverifiable", relations{contradicts: 1}, false},
		{"true", relations{supports: 1}, false},
	}
	for _, tc := range tests {
		if got := verdictProblem(tc.verdict, tc.n); (got == "") != tc.ok {
			t.Errorf("%s with %+v: problem %q, want ok=%v", tc.verdict, tc.n, got, tc.ok)
		}
	}
}

// TestBundledClaimVerdicts: no shipped claim's verdict is stronger than the
// published findings linked to it.
func TestBundledClaimVerdicts(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Claims) == 0 {
		t.Fatal("no claims in data/claims")
	}
	for i := range c.Claims {
		cl := &c.Claims[i]
		n := countRelations(c, cl)
		if p := verdictProblem(cl.Verdict, n); p != "" {
			t.Errorf("claim %s: verdict %q, but %s (%+v)", cl.ID, cl.Verdict, p, n)
		}
	}
}

package corpus

import (
	"fmt"

	"litkb/internal/study"
)

// relations counts a claim's evidence by relation, over published studies
// only: a draft is not checked evidence, so it can neither carry nor sink a
// verdict.
type relations struct{ supports, complicates, contradicts int }

func countRelations(c *Corpus, cl *study.Claim) relations {
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

// readClaims reads the claims, each checked against the studies.
func (c *Corpus) readClaims(read func(rel string) ([]byte, bool)) {
	for _, rel := range tomlFiles(c.Dir, ClaimsDir, &c.Problems) {
		data, _ := read(rel)
		c.addClaim(rel, data)
	}
}

// addClaim decodes the claim file rel (data) and checks its evidence: the
// claim is kept when it has no problems, else its problems are.
func (c *Corpus) addClaim(rel string, data []byte) {
	cl, ps := study.DecodeClaim(c.display(rel), data)
	ps = append(ps, c.checkEvidence(c.display(rel), cl)...)
	if len(ps) > 0 {
		c.Problems = append(c.Problems, ps...)
		return
	}
	c.claimBy[cl.ID] = len(c.Claims)
	c.Claims = append(c.Claims, cl)
}

// checkEvidence checks a claim's evidence against the studies.
func (c *Corpus) checkEvidence(file string, cl study.Claim) study.Problems {
	var ps study.Problems
	for i, e := range cl.Evidence {
		at := fmt.Sprintf("evidence[%d]", i+1)
		s, ok := c.Study(e.Study)
		if !ok {
			ps = append(ps, study.Problem{File: file, Field: at + ".study", Message: fmt.Sprintf("no valid study %q", e.Study)})
			continue
		}
		if _, ok := s.Finding(e.Finding); !ok {
			ps = append(ps, study.Problem{File: file, Field: at + ".finding", Message: fmt.Sprintf("study %q has no finding %q", e.Study, e.Finding)})
		}
	}
	if p := verdictProblem(cl.Verdict, countRelations(c, &cl)); p != "" && len(ps) == 0 {
		ps = append(ps, study.Problem{File: file, Field: "verdict", Message: fmt.Sprintf("%q says more than the evidence: %s", cl.Verdict, p)})
	}
	return ps
}

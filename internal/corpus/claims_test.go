package corpus_test

import (
	"path/filepath"
	"strings"
	"testing"

	"litkb/internal/corpus"
)

// TestBundledClaimVerdicts: no shipped claim's verdict is stronger than the
// published findings linked to it (the loader checks it).
func TestBundledClaimVerdicts(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Claims) == 0 {
		t.Fatal("no claims in data/claims")
	}
	for _, p := range c.Problems {
		if p.Field == "verdict" {
			t.Errorf("%v", p)
		}
	}
}

// TestLoaderReportsVerdictStrongerThanEvidence: a claim called supported
// with only complicating evidence is reported with its file and field, and
// left out like any claim with problems.
func TestLoaderReportsVerdictStrongerThanEvidence(t *testing.T) {
	dir := writeCorpus(t, threeStudies())
	write(t, filepath.Join(dir, "claims", "too-strong.toml"), `id = "too-strong"
statement = "Tests always pass."
verdict = "supported"
rationale = "Only a complication is known."

[[evidence]]
study = "a-2000-x"
finding = "f1"
relation = "complicates"
`)
	c, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Claim("too-strong"); ok {
		t.Error("a claim whose verdict outruns its evidence was served")
	}
	found := false
	for _, p := range c.Problems {
		found = found || (p.Field == "verdict" && strings.HasSuffix(p.File, "too-strong.toml") && strings.Contains(p.Message, "no published finding supports it"))
	}
	if !found {
		t.Errorf("problems %v; want one on verdict naming the file", c.Problems)
	}
}

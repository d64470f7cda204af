package cite

import (
	"strconv"
	"strings"

	"litkb/internal/study"
)

// FindingCitation is one finding written to be quoted on its own: its
// statement, the numbers the statement does not already give, the
// in-text citation (with the finding's page as locator) and the reference.
// Pages, the API and CSL notes all take their wording from here, so a
// finding reads the same wherever it is cited.
type FindingCitation struct {
	Statement string // the finding's text, trimmed
	// Numbers are what the citation adds in parentheses: the value (with
	// its interval), k and n, each left out when the statement already
	// gives it; "" when there is nothing to add.
	Numbers string
	// Claim is the statement with Numbers, without a final period:
	// "Attachment was stable (r = .39, k = 27, n = 218)".
	Claim     string
	Item      Item // the study as CSL, the finding's page as locator
	Reference Reference
	// Text is the passage to paste: the claim, the in-text citation, then
	// the reference on a line of its own.
	Text string
}

// CiteFinding composes the citation of finding f of s in style st.
func CiteFinding(s study.Study, f study.Finding, st Style) (FindingCitation, error) {
	c := FindingCitation{Statement: strings.TrimSpace(f.Text), Item: FromFinding(s, f)}
	ref, err := Format(c.Item, st)
	if err != nil {
		return c, err
	}
	c.Reference = ref
	c.Numbers = strings.Join(addedNumbers(s, f, c.Statement), ", ")
	c.Claim = strings.TrimRight(c.Statement, ". ")
	if c.Numbers != "" {
		c.Claim += " (" + c.Numbers + ")"
	}
	c.Text = c.Claim + " " + ref.InText + ".\n" + ref.Text
	return c, nil
}

// addedNumbers are the parts of "58% (95% CI …), k = 18, n = 854" that
// statement does not state. n is the finding's; without one, the study's
// sample size, written N as APA writes a whole sample, since the value may
// rest on part of it. Neither known: nothing is said about n.
func addedNumbers(s study.Study, f study.Finding, statement string) []string {
	var parts []string
	if full := f.Display(); full != "" {
		bare := f
		bare.CILow, bare.CIHigh = nil, nil
		value := bare.Display()
		switch {
		case countValue(statement, f) == 0:
			parts = append(parts, full)
		case full != value && !(states(statement, valueForms(f.Measure, *f.CILow)) && states(statement, valueForms(f.Measure, *f.CIHigh))):
			// The value is stated and its interval is not: add the interval alone.
			parts = append(parts, strings.TrimSuffix(strings.TrimPrefix(full, value+" ("), ")"))
		}
	}
	if f.K != nil && !states(statement, intForms(*f.K)) {
		parts = append(parts, "k = "+groupThousands(*f.K))
	}
	switch {
	case f.N != nil:
		if !states(statement, intForms(*f.N)) {
			parts = append(parts, "n = "+groupThousands(*f.N))
		}
	case s.SampleSize > 0 && !states(statement, intForms(s.SampleSize)):
		parts = append(parts, "N = "+groupThousands(s.SampleSize))
	}
	return parts
}

// groupThousands writes 86555 as 86,555, as APA style writes numbers of
// 1,000 and more.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + groupThousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

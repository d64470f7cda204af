package study

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// A finding is cited alone — in a search hit, a claim's evidence list, a
// copied citation — so its text must not lean on a finding the reader
// cannot see: "In the same distribution, 58% …" names nothing.

// leaningOpenings are first words that point back at text outside the
// finding. Longer phrases come before their prefixes so the message quotes
// the whole phrase.
var leaningOpenings = []string{
	"in the same", "over the same", "at the same", "for the same", "the same",
	"of these", "of those", "among these", "among those", "among them", "in these", "in this",
	"this", "these", "those", "that", "such",
	"here", "it", "its", "they", "their", "them",
	"also", "again", "likewise", "similarly", "in contrast", "by contrast", "conversely",
	"however", "otherwise", "the other", "the rest", "the remaining",
}

// findingRefRE is a mention of a finding by id ("the new estimate (f1)"):
// ids are permalink anchors, not words a reader of a citation can follow.
var findingRefRE = regexp.MustCompile(`\bf[0-9]+\b`)

// LeaningOpening returns the words with which text leans on another
// finding — an opening such as "In the same" or "These", or a finding id
// such as "f1" — or "" when text reads on its own.
func LeaningOpening(text string) string {
	t := strings.TrimSpace(text)
	lower := strings.ToLower(t)
	for _, p := range leaningOpenings {
		if strings.HasPrefix(lower, p) && (len(lower) == len(p) || !isWordRune(rune(lower[len(p)]))) {
			return t[:len(p)]
		}
	}
	if m := findingRefRE.FindString(t); m != "" {
		return m
	}
	return ""
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\''
}

// standAlone reports each finding whose text leans on another. It is a
// problem for public studies, whose findings the site hands out as
// citations; a draft is exempt, so an import can land as it is, and the
// drafts queue (which validates a draft as if published) lists the text
// as something to fix before publishing.
func standAlone(ps *Problems, s *Study) {
	if s.Unfinished() {
		return
	}
	for i, f := range s.Findings {
		if w := LeaningOpening(f.Text); w != "" {
			ps.add(fmt.Sprintf("findings[%d].text", i+1),
				"%q points at something outside this finding, which is cited on its own: name what it refers to", w)
		}
	}
}

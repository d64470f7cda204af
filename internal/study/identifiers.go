package study

import (
	"fmt"
	"strings"
)

// The identifiers beside a DOI: ISBN for books, PubMed's PMID and PubMed
// Central's PMCID for papers. Each is stored in one form, whatever form a
// curator or a reference manager wrote it in, so that two records of one
// work compare equal and links can be built from it.

// NormalizeISBN strips an "ISBN" label, hyphens and spaces and capitalises
// a final x: "ISBN 978-0-306-40615-7" is stored as "9780306406157". Other
// characters stay, for ISBNProblem to name.
func NormalizeISBN(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"ISBN-13", "ISBN-10", "ISBN13", "ISBN10", "ISBN"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = strings.TrimLeft(s[len(p):], ": ")
			break
		}
	}
	s = strings.NewReplacer("-", "", " ", "", "‐", "", "‑", "", "–", "").Replace(s)
	if strings.HasSuffix(s, "x") {
		s = s[:len(s)-1] + "X"
	}
	return s
}

// ISBNProblem says what is wrong with a normalised ISBN, or "" when it is
// a valid ISBN-10 or ISBN-13: the check digit catches a mistyped digit.
func ISBNProblem(isbn string) string {
	switch len(isbn) {
	case 10:
		if !isDigitString(isbn[:9]) || !(isDigitString(isbn[9:]) || isbn[9] == 'X') {
			return fmt.Sprintf("%q is not an ISBN: an ISBN-10 is nine digits and a check digit or X", isbn)
		}
		sum := 0
		for i := 0; i < 10; i++ {
			d := 10
			if isbn[i] != 'X' {
				d = int(isbn[i] - '0')
			}
			sum += (10 - i) * d
		}
		if sum%11 != 0 {
			return fmt.Sprintf("%q is not an ISBN: its check digit does not match; compare it with the book", isbn)
		}
	case 13:
		if !isDigitString(isbn) || !(strings.HasPrefix(isbn, "978") || strings.HasPrefix(isbn, "979")) {
			return fmt.Sprintf("%q is not an ISBN: an ISBN-13 is 13 digits starting 978 or 979", isbn)
		}
		sum := 0
		for i := 0; i < 13; i++ {
			sum += int(isbn[i]-'0') * (1 + 2*(i%2))
		}
		if sum%10 != 0 {
			return fmt.Sprintf("%q is not an ISBN: its check digit does not match; compare it with the book", isbn)
		}
	default:
		return fmt.Sprintf("%q is not an ISBN: expected 10 or 13 digits (hyphens and spaces allowed)", isbn)
	}
	return ""
}

// NormalizePMID strips a "PMID:" label: the id itself is digits.
func NormalizePMID(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 4 && strings.EqualFold(s[:4], "PMID") {
		s = strings.TrimSpace(strings.TrimLeft(s[4:], ": "))
	}
	return s
}

// PMIDProblem says what is wrong with a PMID, or "" when it is one to
// eight digits.
func PMIDProblem(pmid string) string {
	if !isDigitString(pmid) || len(pmid) > 8 {
		return fmt.Sprintf("%q is not a PubMed id: expected 1 to 8 digits", pmid)
	}
	return ""
}

// NormalizePMCID strips a "PMCID:" label and writes the prefix in
// capitals, as PubMed Central does:
// "pmc123" is stored as "PMC123". A bare number stays bare: it may be a
// PMID pasted into the wrong field, which PMCIDProblem then names.
func NormalizePMCID(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 5 && strings.EqualFold(s[:5], "PMCID") {
		s = strings.TrimLeft(s[5:], ": ") // "PMCID: PMC123", as NIH asks citations to write it
	}
	if len(s) >= 3 && strings.EqualFold(s[:3], "PMC") {
		s = "PMC" + strings.TrimSpace(s[3:])
	}
	return s
}

// PMCIDProblem says what is wrong with a normalised PMCID, or "" when it
// is "PMC" and digits.
func PMCIDProblem(pmcid string) string {
	if !strings.HasPrefix(pmcid, "PMC") || !isDigitString(pmcid[3:]) || len(pmcid) > 3+10 {
		return fmt.Sprintf("%q is not a PubMed Central id: expected PMC and digits, as in PMC1234567", pmcid)
	}
	return ""
}

// PubMedURL is the PubMed page of the study, when it has a PMID.
func (s *Study) PubMedURL() string {
	if s.PMID == "" {
		return ""
	}
	return "https://pubmed.ncbi.nlm.nih.gov/" + s.PMID + "/"
}

// PMCURL is the study's full text in PubMed Central, when it has a PMCID.
func (s *Study) PMCURL() string {
	if s.PMCID == "" {
		return ""
	}
	return "https://pmc.ncbi.nlm.nih.gov/articles/" + s.PMCID + "/"
}

// PublisherURL is the stored link to the original when the source link
// is the DOI's, so a page can offer both; "" when it is the source link.
func (s *Study) PublisherURL() string {
	if s.DOI == "" {
		return ""
	}
	return s.URL
}

// normalizeIdentifiers stores each identifier in its one form.
func (s *Study) normalizeIdentifiers() {
	s.ISBN = NormalizeISBN(s.ISBN)
	s.PMID = NormalizePMID(s.PMID)
	s.PMCID = NormalizePMCID(s.PMCID)
}

// validateIdentifiers names each identifier that is not in its form.
func (s *Study) validateIdentifiers(ps *Problems) {
	for _, id := range []struct {
		field, value string
		problem      func(string) string
	}{
		{"isbn", s.ISBN, ISBNProblem},
		{"pmid", s.PMID, PMIDProblem},
		{"pmcid", s.PMCID, PMCIDProblem},
	} {
		if id.value == "" {
			continue
		}
		if p := id.problem(id.value); p != "" {
			ps.add(id.field, "%s", p)
		}
	}
}

func isDigitString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

package study_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"litkb/internal/study"
)

// The valid ISBNs are the well-known examples of the ISBN standard's
// check-digit arithmetic (ISBN 978-0-306-40615-7, its ISBN-10
// 0-306-40615-2, and 0-8044-2957-X with an X check digit); the bibliography
// lists no ISBN of its own.
func TestISBN(t *testing.T) {
	for _, tc := range []struct {
		in, stored string
		problem    string // part of the problem; "" for a valid ISBN
	}{
		{"978-0-306-40615-7", "9780306406157", ""},
		{"ISBN 978 0 306 40615 7", "9780306406157", ""},
		{"ISBN-13: 9780306406157", "9780306406157", ""},
		{"0-306-40615-2", "0306406152", ""},
		{"0-8044-2957-x", "080442957X", ""},
		{"ISBN-10: 0 8044 2957 X", "080442957X", ""},
		{"978-0-306-40615-8", "9780306406158", "check digit does not match"},
		{"0-306-40615-3", "0306406153", "check digit does not match"},
		{"0-306-40651-2", "0306406512", "check digit does not match"}, // two digits swapped
		{"977-0-306-40615-7", "9770306406157", "starting 978 or 979"},
		{"0-306-4061X-2", "03064061X2", "nine digits and a check digit"},
		{"978-0-306-40615", "978030640615", "10 or 13 digits"},
		{"ISSN 0009-3920", "ISSN00093920", "10 or 13 digits"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := study.NormalizeISBN(tc.in)
			if got != tc.stored {
				t.Errorf("NormalizeISBN(%q) = %q, want %q", tc.in, got, tc.stored)
			}
			checkProblem(t, study.ISBNProblem(got), tc.problem)
		})
	}
}

func TestPMIDAndPMCID(t *testing.T) {
	for _, tc := range []struct {
		field, in, stored, problem string
	}{
		{"pmid", "12345678", "12345678", ""},
		{"pmid", " PMID: 1 ", "1", ""},
		{"pmid", "123456789", "123456789", "1 to 8 digits"},
		{"pmid", "12a45", "12a45", "1 to 8 digits"},
		{"pmid", "PMC123", "PMC123", "1 to 8 digits"},
		{"pmcid", "PMC123", "PMC123", ""},
		{"pmcid", "pmc123", "PMC123", ""},
		{"pmcid", "PMCID: PMC123", "PMC123", ""},
		{"pmcid", "Pmc 1234567", "PMC1234567", ""},
		{"pmcid", "1234567", "1234567", "PMC and digits"},
		{"pmcid", "PMC", "PMC", "PMC and digits"},
		{"pmcid", "PMC12x", "PMC12x", "PMC and digits"},
	} {
		t.Run(tc.field+" "+tc.in, func(t *testing.T) {
			normalize, problem := study.NormalizePMID, study.PMIDProblem
			if tc.field == "pmcid" {
				normalize, problem = study.NormalizePMCID, study.PMCIDProblem
			}
			got := normalize(tc.in)
			if got != tc.stored {
				t.Errorf("normalised %q = %q, want %q", tc.in, got, tc.stored)
			}
			checkProblem(t, problem(got), tc.problem)
		})
	}
}

func checkProblem(t *testing.T, got, want string) {
	t.Helper()
	switch {
	case want == "" && got != "":
		t.Errorf("problem %q, want none", got)
	case want != "" && !strings.Contains(got, want):
		t.Errorf("problem %q, want one containing %q", got, want)
	}
}

// TestCheckStudyIdentifiers: a study file stores the identifiers in their
// one form, and a wrong one is a problem naming its field.
func TestCheckStudyIdentifiers(t *testing.T) {
	const name = "smith-2010-doi-url.toml"
	base := readFixture(t, filepath.Join("good", name))
	const at = "topics    ="
	if !bytes.Contains(base, []byte(at)) {
		t.Fatalf("fixture %s has no line %q to add identifiers before", name, at)
	}
	for _, tc := range []struct {
		name, lines string
		isbn, pmid  string
		pmcid       string
		fields      []string // fields with a problem
	}{
		{"normalised", "isbn = \"0-8044-2957-x\"\npmid = \" 12345678 \"\npmcid = \"pmc1234567\"\n",
			"080442957X", "12345678", "PMC1234567", nil},
		{"wrong forms", "isbn = \"0-8044-2957-1\"\npmid = \"PMC1234567\"\npmcid = \"1234567\"\n",
			"0804429571", "PMC1234567", "1234567", []string{"isbn", "pmid", "pmcid"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := bytes.Replace(base, []byte(at), []byte(tc.lines+at), 1)
			// the identifiers are citation facts: checked, or a problem
			data = bytes.Replace(data, []byte(`"container", "doi"]`), []byte(`"container", "doi", "isbn", "pmid", "pmcid"]`), 1)
			s, ps := study.CheckStudy(name, data, mustVocabulary(t))
			if s.ISBN != tc.isbn || s.PMID != tc.pmid || s.PMCID != tc.pmcid {
				t.Errorf("stored %q %q %q, want %q %q %q", s.ISBN, s.PMID, s.PMCID, tc.isbn, tc.pmid, tc.pmcid)
			}
			var fields []string
			for _, p := range ps {
				fields = append(fields, p.Field)
			}
			if strings.Join(fields, " ") != strings.Join(tc.fields, " ") {
				t.Errorf("problems in fields %q, want %q:\n%v", fields, tc.fields, ps)
			}
		})
	}
}

func TestIdentifierLinks(t *testing.T) {
	for _, tc := range []struct {
		name                       string
		s                          study.Study
		source, publisher, pm, pmc string
	}{
		{"doi and publisher page", study.Study{DOI: "10.1111/x", URL: "https://example.org/a", PMID: "123", PMCID: "PMC45"},
			"https://doi.org/10.1111/x", "https://example.org/a", "https://pubmed.ncbi.nlm.nih.gov/123/", "https://pmc.ncbi.nlm.nih.gov/articles/PMC45/"},
		{"url alone is the source", study.Study{URL: "https://example.org/a"}, "https://example.org/a", "", "", ""},
		{"nothing", study.Study{}, "", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.s
			got := []string{s.SourceURL(), s.PublisherURL(), s.PubMedURL(), s.PMCURL()}
			want := []string{tc.source, tc.publisher, tc.pm, tc.pmc}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("links %q, want %q", got, want)
			}
		})
	}
}

// TestIdentifiersNeedPrimaryChecks: an identifier is part of the reference,
// so "high" confidence needs it checked against the publisher or a registry
// (PubMed is one), and readers see it named in words.
func TestIdentifiersNeedPrimaryChecks(t *testing.T) {
	for _, tc := range []struct {
		kind string
		want string
	}{
		{"secondary", "isbn pmid pmcid"},
		{"registry", ""},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			s := study.Study{ISBN: "9780306406157", PMID: "1", PMCID: "PMC1",
				Provenance: study.Provenance{Checks: []study.Check{{Fields: []string{"isbn", "pmid", "pmcid"}, Kind: tc.kind, Source: "s"}}}}
			if got := strings.Join(s.Unconfirmed(), " "); got != tc.want {
				t.Errorf("unconfirmed %q, want %q", got, tc.want)
			}
		})
	}
	for field, label := range map[string]string{"isbn": "ISBN", "pmid": "PubMed id", "pmcid": "PubMed Central id"} {
		if got := study.FieldLabel(field); got != label {
			t.Errorf("FieldLabel(%q) = %q, want %q", field, got, label)
		}
	}
}

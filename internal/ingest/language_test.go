package ingest

import "testing"

// TestLanguageAndJournalAbbrev: each format's language and journal
// abbreviation fields land on the study, the language as a canonical tag.
func TestLanguageAndJournalAbbrev(t *testing.T) {
	for _, tc := range []struct {
		name            string
		f               Format
		in              string
		journal, abbrev string
		language        string
	}{
		{"biblatex shortjournal and langid", BibTeX,
			"@article{a, author = {A, Bo}, title = {T}, journaltitle = {Journal of Personality and Social Psychology}, shortjournal = {J Pers Soc Psychol}, date = 2002, langid = {ngerman}}",
			"Journal of Personality and Social Psychology", "J Pers Soc Psychol", "de"},
		{"zotero bibtex language tag", BibTeX,
			"@article{a, author = {A, Bo}, title = {T}, journal = {J}, year = 2002, language = {de-de}}",
			"J", "", "de-DE"},
		{"bibtex abbreviation alone is the journal", BibTeX,
			"@article{a, author = {A, Bo}, title = {T}, shortjournal = {J Pers Soc Psychol}, year = 2002, language = {English}}",
			"J Pers Soc Psychol", "", "en"},
		{"ris J2 and LA", RIS,
			"TY  - JOUR\nAU  - A, Bo\nTI  - T\nT2  - Journal of Things\nJ2  - J Things\nPY  - 2002\nLA  - German\nER  - \n",
			"Journal of Things", "J Things", "de"},
		{"ris JO beside JF", RIS,
			"TY  - JOUR\nAU  - A, Bo\nTI  - T\nJF  - Journal of Things\nJO  - J. Things\nPY  - 2002\nER  - \n",
			"Journal of Things", "J. Things", ""},
		{"ris abbreviation that repeats the name", RIS,
			"TY  - JOUR\nAU  - A, Bo\nTI  - T\nT2  - Journal of Things\nJ2  - Journal of Things\nPY  - 2002\nER  - \n",
			"Journal of Things", "", ""},
		{"medline TA and LA", RIS,
			"PMID- 1\nTI  - T.\nFAU - A, Bo\nJT  - Journal of personality and social psychology\nTA  - J Pers Soc Psychol\nDP  - 2002\nLA  - ger\n",
			"Journal of personality and social psychology", "J Pers Soc Psychol", "de"},
		{"csl container-title-short and language", CSLJSON,
			`[{"type": "article-journal", "title": "T", "author": [{"family": "A"}], "container-title": "Journal of Things", "container-title-short": "J Things", "language": "DE"}]`,
			"Journal of Things", "J Things", "de"},
		{"zotero csl journalAbbreviation", CSLJSON,
			`[{"type": "article-journal", "title": "T", "author": [{"family": "A"}], "container-title": "Journal of Things", "journalAbbreviation": "J. Things", "language": "en-US"}]`,
			"Journal of Things", "J. Things", "en-US"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs := parseString(t, tc.f, tc.in)
			if len(recs) != 1 || recs[0].Err != nil {
				t.Fatalf("records %+v", recs)
			}
			s := recs[0].Study
			if s.Journal != tc.journal || s.JournalAbbrev != tc.abbrev || s.Language != tc.language {
				t.Errorf("journal %q, abbreviation %q, language %q; want %q, %q, %q",
					s.Journal, s.JournalAbbrev, s.Language, tc.journal, tc.abbrev, tc.language)
			}
		})
	}
}

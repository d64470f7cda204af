package study_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"litkb/internal/study"
)

func TestLanguage(t *testing.T) {
	for _, tc := range []struct {
		in, stored string
		problem    string // part of the problem; "" for a canonical tag
	}{
		{"de", "de", ""},
		{" DE ", "de", ""},
		{"ger", "de", ""}, // MEDLINE's ISO 639-2 code
		{"de_de", "de-DE", ""},
		{"pt-br", "pt-BR", ""},
		{"zh-hans-cn", "zh-Hans-CN", ""},
		{"eng", "en", ""},
		{"german", "german", "not a BCP 47 language tag"},
		{"de-", "de-", "not a BCP 47 language tag"},
		{"und", "und", "undetermined"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := study.NormalizeLanguage(tc.in)
			if got != tc.stored {
				t.Errorf("NormalizeLanguage(%q) = %q, want %q", tc.in, got, tc.stored)
			}
			checkProblem(t, study.LanguageProblem(got), tc.problem)
		})
	}
	checkProblem(t, study.LanguageProblem("DE"), `write "de"`)
}

// TestCheckStudyLanguageFields: a study file stores the language in its
// canonical form; an abbreviation needs the journal it abbreviates.
func TestCheckStudyLanguageFields(t *testing.T) {
	const name = "roisman-2002-earned-secure.toml"
	base := readFixture(t, filepath.Join("good", name))
	const at = "topics  ="
	if !bytes.Contains(base, []byte(at)) {
		t.Fatalf("fixture %s has no line %q to add fields before", name, at)
	}
	for _, tc := range []struct {
		name, lines    string
		noJournal      bool
		abbrev, lang   string
		problemsFields []string
	}{
		{"stored canonical", "journal_abbrev = \" Child Dev \"\nlanguage = \"DE_de\"\n", false, "Child Dev", "de-DE", nil},
		{"not a tag", "language = \"Deutsch\"\n", false, "", "Deutsch", []string{"language"}},
		{"abbreviation without journal", "journal_abbrev = \"Child Dev\"\n", true, "Child Dev", "", []string{"journal_abbrev"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := bytes.Replace(base, []byte(at), []byte(tc.lines+at), 1)
			if tc.abbrev != "" { // an abbreviation enters with the check that saw it
				data = bytes.ReplaceAll(data, []byte(`"year", "journal",`), []byte(`"year", "journal", "journal_abbrev",`))
			}
			if tc.noJournal {
				data = bytes.Replace(data, []byte("journal = \"Child Development\"\n"), nil, 1)
				data = bytes.Replace(data, []byte(`"year", "journal",`), []byte(`"year",`), 1)
			}
			s, ps := study.CheckStudy(name, data, mustVocabulary(t))
			if s.JournalAbbrev != tc.abbrev || s.Language != tc.lang {
				t.Errorf("stored %q %q, want %q %q", s.JournalAbbrev, s.Language, tc.abbrev, tc.lang)
			}
			var fields []string
			for _, p := range ps {
				if p.Field == "journal_abbrev" || p.Field == "language" {
					fields = append(fields, p.Field)
				}
			}
			if strings.Join(fields, " ") != strings.Join(tc.problemsFields, " ") {
				t.Errorf("problems in fields %q, want %q:\n%v", fields, tc.problemsFields, ps)
			}
		})
	}
}

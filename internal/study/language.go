package study

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// The work's language is stored as a canonical BCP 47 tag ("de", "pt-BR"),
// whatever form a curator or a reference manager wrote it in ("DE",
// "ger", "de_DE"), so that formatters can compare it and exports write one
// form.

// NormalizeLanguage returns the canonical form of a BCP 47 tag; a value
// that is not a tag is returned trimmed, for LanguageProblem to name.
func NormalizeLanguage(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	tag, err := language.Parse(s)
	if err != nil {
		return s
	}
	return tag.String()
}

// LanguageProblem says what is wrong with a language value, or "" when it
// is a BCP 47 tag in canonical form.
func LanguageProblem(s string) string {
	tag, err := language.Parse(s)
	switch {
	case err != nil:
		return fmt.Sprintf("%q is not a BCP 47 language tag (such as en, de or pt-BR): %v", s, err)
	case tag == language.Und:
		return fmt.Sprintf("%q says the language is undetermined; leave language out instead", s)
	case tag.String() != s:
		return fmt.Sprintf("%q is not in canonical form; write %q", s, tag.String())
	}
	return ""
}

// validateLanguageFields checks the journal's abbreviation and the language.
func (s *Study) validateLanguageFields(ps *Problems) {
	if s.JournalAbbrev != "" && (s.Type != "article" || s.Journal == "") {
		ps.add("journal_abbrev", "only an article's journal has an abbreviation: give journal too, or leave journal_abbrev out")
	}
	if s.Language != "" {
		if p := LanguageProblem(s.Language); p != "" {
			ps.add("language", "%s", p)
		}
	}
}

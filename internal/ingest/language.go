package ingest

import (
	"strings"

	"litkb/internal/study"
)

// The work's language and the journal's abbreviation, as exports write
// them: BibTeX language (Zotero: the tag or a language name) and biblatex
// langid (a babel name) and shortjournal; RIS LA and J2 (JA, JO, J1);
// MEDLINE LA (ISO 639-2, "ger") and TA; CSL-JSON language and
// container-title-short or journalAbbreviation.

// languageNames are the language names reference managers write instead
// of a tag: English names (Zotero, Mendeley) and babel's names (biblatex
// langid), for the languages litkb's readers meet most.
var languageNames = map[string]string{
	"english": "en", "american": "en-US", "british": "en-GB", "ukenglish": "en-GB", "usenglish": "en-US",
	"german": "de", "ngerman": "de", "deutsch": "de", "austrian": "de-AT", "naustrian": "de-AT",
	"swissgerman": "de-CH", "nswissgerman": "de-CH", "french": "fr", "spanish": "es", "italian": "it",
	"dutch": "nl", "portuguese": "pt", "brazilian": "pt-BR", "brazil": "pt-BR", "swedish": "sv",
	"danish": "da", "norwegian": "no", "finnish": "fi", "polish": "pl", "russian": "ru",
	"chinese": "zh", "japanese": "ja", "korean": "ko", "hebrew": "he", "greek": "el", "turkish": "tr",
}

// setLanguage keeps the first language of field as a canonical BCP 47 tag;
// one that is neither a tag nor a known name is listed as not kept.
func (d *draft) setLanguage(field string, line int, v string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	first := strings.TrimSpace(strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' })[0])
	tag := study.NormalizeLanguage(first)
	if t, ok := languageNames[strings.ToLower(first)]; ok {
		tag = t
	}
	if study.LanguageProblem(tag) != "" {
		d.warnf(line, "%q is not a BCP 47 language tag such as en or de; left out", clip(v))
		d.drop(field, "not a language tag or a language litkb knows by name")
		return
	}
	if d.s.Language == "" {
		d.s.Language = tag
	}
	if first != v || d.s.Language != tag {
		d.drop(field, "only the first language is kept")
	}
}

// setJournalAbbrev keeps the journal's abbreviation from field, unless it
// only repeats the journal's name.
func (d *draft) setJournalAbbrev(v string) {
	v = collapse(v)
	if v != "" && d.s.JournalAbbrev == "" && v != d.s.Journal {
		d.s.JournalAbbrev = v
	}
}

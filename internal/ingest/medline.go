package ingest

import (
	"strings"

	"litkb/internal/study"
)

// PubMed's "Citation manager" export is MEDLINE text (.nbib), not RIS:
// "PMID- 12146743" opens a record, tags are padded to four characters,
// continuation lines are indented, and there is no end tag. Full author
// names are in FAU ("Roisman, Glenn I"), short ones in AU ("Roisman GI"),
// group authors in CN; the DOI is an AID or LID ending in "[doi]"; page
// ranges are abbreviated ("1204-19").

// parseMedline reads every record of a MEDLINE file.
func parseMedline(lines []string) []Record {
	var recs []Record
	var cur *risRecord
	for i, l := range lines {
		n := i + 1
		tag, value, ok := risTagLine(l)
		if !ok {
			if t := strings.TrimSpace(l); t != "" && cur != nil && len(cur.fields) > 0 && strings.HasPrefix(l, " ") {
				f := &cur.fields[len(cur.fields)-1]
				f.value = strings.TrimSpace(f.value + " " + t)
			}
			continue
		}
		if tag == "PMID" {
			if cur != nil {
				recs = append(recs, cur.medline())
			}
			cur = &risRecord{line: n, d: draft{line: n, key: value}}
			continue
		}
		if cur != nil {
			cur.fields = append(cur.fields, risField{tag: tag, value: value, line: n})
		}
	}
	if cur != nil {
		recs = append(recs, cur.medline())
	}
	return recs
}

// medline maps a MEDLINE record onto a draft study.
func (r *risRecord) medline() Record {
	d := &r.d
	s := &d.s
	hasFull := false
	for _, f := range r.fields {
		hasFull = hasFull || f.tag == "FAU"
	}
	for _, f := range r.fields {
		switch {
		case f.tag == "FAU" || f.tag == "AU" && !hasFull:
			s.Authors = append(s.Authors, plainPerson(f.value))
		case f.tag == "CN":
			s.Authors = append(s.Authors, study.Person{Literal: f.value})
		case f.tag == "FED":
			s.Editors = append(s.Editors, plainPerson(f.value))
		case (f.tag == "AID" || f.tag == "LID") && strings.HasSuffix(f.value, "[doi]"):
			d.setDOI(f.line, f.value)
		}
	}
	s.Title, _ = r.first("TI")
	book, _ := r.first("BTI")
	switch {
	case book != "" && s.Title != "" && s.Title != book:
		s.Type, s.Container = "chapter", book
	case book != "":
		s.Type, s.Title = "book", book
	default:
		s.Type = "article"
		s.Journal, _ = r.first("JT", "TA")
	}
	s.Title = strings.TrimSuffix(s.Title, ".") // MEDLINE ends every title with a period
	if v, line := r.first("DP"); v != "" {
		d.setYear(line, v)
	}
	s.Volume, _ = r.first("VI")
	s.Issue, _ = r.first("IP")
	if v, _ := r.first("PG"); v != "" {
		d.setPages(v)
	}
	s.Publisher, _ = r.first("PB")
	if s.Type != "article" {
		s.Place, _ = r.first("PL")
	}
	return d.record()
}

package ingest

import (
	"context"
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
func parseMedline(ctx context.Context, ls *lines) ([]Record, error) {
	c := collector{pacer: pacer{ctx: ctx}}
	var cur *risRecord
	var buf []risField // the fields of one record after another
	for {
		l, ok := ls.next()
		if !ok {
			break
		}
		if err := c.step(); err != nil {
			return nil, err
		}
		n := ls.n
		tag, value, ok := risTagLine(l)
		if !ok {
			if t := strings.TrimSpace(l); t != "" && cur != nil && strings.HasPrefix(l, " ") {
				cur.wrapped(t)
			}
			continue
		}
		if tag == "PMID" {
			if cur != nil {
				r := cur.medline()
				buf = cur.fields[:0]
				if err := c.add(r); err != nil {
					return nil, err
				}
			}
			if c.full() {
				return nil, tooManyRecords(n)
			}
			cur = &risRecord{line: n, d: draft{line: n, key: value}, fields: buf}
			continue
		}
		if cur != nil {
			cur.add(tag, value, n)
		}
	}
	if cur != nil {
		if err := c.add(cur.medline()); err != nil {
			return nil, err
		}
	}
	return c.recs, nil
}

// medlineRead are the MEDLINE tags litkb reads for some type of work.
var medlineRead = map[string]bool{"LA": true, "FAU": true, "AU": true, "CN": true, "FED": true, "TI": true, "BTI": true,
	"JT": true, "TA": true, "DP": true, "VI": true, "IP": true, "PG": true, "PB": true, "PL": true}

// medline maps a MEDLINE record onto a draft study.
func (r *risRecord) medline() Record {
	r.flush()
	d := &r.d
	s := &d.s
	hasFull := false
	for _, f := range r.fields {
		hasFull = hasFull || f.tag == "FAU"
	}
	authorTag := "AU"
	if hasFull {
		authorTag = "FAU"
	}
	authors, editors := r.names("author", authorTag, "CN"), r.names("editor", "FED")
	if authors {
		r.use(authorTag, "CN")
	}
	if editors {
		r.use("FED")
	}
	if hasFull {
		d.drop("AU", "the full names (FAU) are kept instead")
	}
	d.setID(pmidKind, "PMID", r.line, d.key, false)
	for i := range r.fields {
		f := &r.fields[i]
		switch {
		case !authors && (f.tag == "FAU" || f.tag == "AU" || f.tag == "CN"), !editors && f.tag == "FED":
		case f.tag == "FAU" || f.tag == "AU" && !hasFull:
			s.Authors = append(s.Authors, plainPerson(f.value))
		case f.tag == "CN":
			s.Authors = append(s.Authors, study.Person{Literal: f.value})
		case f.tag == "FED":
			s.Editors = append(s.Editors, plainPerson(f.value))
		case f.tag == "PMC":
			f.used = d.setID(pmcidKind, "PMC", f.line, f.value, false)
		case f.tag == "ISBN": // Bookshelf records
			f.used = d.setID(isbnKind, "ISBN", f.line, f.value, false)
		case (f.tag == "AID" || f.tag == "LID") && strings.HasSuffix(f.value, "[doi]"):
			f.used = true
			d.setDOI(f.tag, f.line, f.value)
		}
	}
	s.Title, _ = r.first("TI")
	book, _ := r.first("BTI")
	switch {
	case book != "" && s.Title != "" && s.Title != book:
		s.Type, s.Container = "chapter", book
	case book != "":
		s.Type, s.Title = "book", book
	case r.preprint():
		// PubMed lists preprints (PT - Preprint) under their server as
		// the journal: TA "bioRxiv", JT "bioRxiv : the preprint server
		// for biology".
		s.Type = "preprint"
		if s.Publisher, _ = r.first("TA"); s.Publisher == "" {
			s.Publisher, _ = r.first("JT")
		} else if v, _ := r.first("JT"); v != "" {
			d.drop("JT", instead("TA"))
		}
	default:
		s.Type = "article"
		if s.Journal, _ = r.first("JT"); s.Journal == "" {
			s.Journal, _ = r.first("TA")
		} else if v, _ := r.first("TA"); v != "" {
			d.setJournalAbbrev(v) // NLM's abbreviation, what Vancouver cites
		}
	}
	s.Title = strings.TrimSuffix(s.Title, ".") // MEDLINE ends every title with a period
	if v, line := r.first("DP"); v != "" {
		d.setYear("DP", line, v)
	}
	s.Volume, _ = r.first("VI")
	s.Issue, _ = r.first("IP")
	if v, _ := r.first("PG"); v != "" {
		d.setPages(v)
	}
	if s.Type != "preprint" {
		s.Publisher, _ = r.first("PB")
	}
	if v, line := r.first("LA"); v != "" {
		d.setLanguage("LA", line, v) // ISO 639-2: "eng", "ger"
	}
	if s.Type != "article" {
		s.Place, _ = r.first("PL")
	}
	if hasFull {
		r.use("AU") // listed above, once
	}
	r.notKept(medlineRead)
	return d.record()
}

// preprint reports whether the record's publication types include
// "Preprint", and counts that PT line as read.
func (r *risRecord) preprint() bool {
	for i := range r.fields {
		if f := &r.fields[i]; f.tag == "PT" && strings.EqualFold(strings.TrimSpace(f.value), "preprint") {
			f.used = true
			return true
		}
	}
	return false
}

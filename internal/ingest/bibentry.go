package ingest

import (
	"context"
	"strings"

	"litkb/internal/study"
)

// bibTypes maps BibTeX and biblatex entry types to litkb's study types.
// Conference papers are papers of their proceedings; proceedings and
// collections are (edited) books.
var bibTypes = map[string]string{
	"article": "article",
	"book":    "book", "mvbook": "book", "booklet": "book", "proceedings": "book", "mvproceedings": "book",
	"collection": "book", "mvcollection": "book", "reference": "book", "mvreference": "book",
	"incollection": "chapter", "inbook": "chapter", "inproceedings": "paper-conference", "conference": "paper-conference",
	"bookinbook": "chapter", "inreference": "chapter", "suppbook": "chapter", "suppcollection": "chapter",
	"techreport": "report", "report": "report", "manual": "report",
	"phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
	"online": "webpage", "electronic": "webpage", "www": "webpage", // biblatex's type and its aliases
	"unpublished": "manuscript", "dataset": "dataset", // @misc: see genericType
}

// bibGenres are the genres BibTeX's entry types imply, when the entry has
// no type field of its own.
var bibGenres = map[string]string{"phdthesis": "Doctoral dissertation", "mastersthesis": "Master's thesis"}

// inherited are the fields a crossref'd entry gives the entries that
// point to it (what BibTeX and biber pass down to a chapter from its book).
var inherited = []string{"booktitle", "editor", "publisher", "address", "location", "year", "date",
	"edition", "volume", "series", "organization", "institution", "school"}

// bibRead are the fields record and crossref read; an entry keeps no
// others, so that a file of many small unknown fields costs no memory.
var bibRead = map[string]bool{"author": true, "editor": true, "title": true, "subtitle": true, "chapter": true,
	"journal": true, "journaltitle": true, "shortjournal": true, "booktitle": true, "maintitle": true,
	"series": true, "number": true, "issue": true, "year": true, "date": true, "volume": true, "pages": true,
	"eid": true, "articleno": true, "article-number": true, "elocation-id": true, "edition": true,
	"publisher": true, "institution": true, "organization": true, "school": true, "address": true,
	"location": true, "doi": true, "url": true, "howpublished": true, "crossref": true,
	"language": true, "langid": true, "month": true, "origdate": true, "origyear": true,
	"isbn": true, "pmid": true, "pmcid": true, "eprint": true, "eprinttype": true, "eventtitle": true, "urldate": true,
	"type": true, "version": true, "archiveprefix": true}

// bibRecords turns entries into records, resolving crossrefs (which may
// point forward, as BibTeX requires them to). text is the field text the
// file has come to so far.
func bibRecords(ctx context.Context, entries []*bibEntry, text int) ([]Record, error) {
	byKey := map[string]*bibEntry{}
	for _, e := range entries {
		if k := strings.ToLower(e.key); k != "" && byKey[k] == nil {
			byKey[k] = e
		}
	}
	c := collector{pacer: pacer{ctx: ctx}, recs: make([]Record, 0, len(entries))}
	for _, e := range entries {
		r := Record{Line: e.line, Err: e.d.err}
		if e.typ != "string" {
			if err := crossref(e, byKey, &text); err != nil {
				return nil, err
			}
			r = e.record()
		}
		if err := c.add(r); err != nil {
			return nil, err
		}
	}
	return c.recs, nil
}

// crossref copies the fields e lacks from the entry it names; the parent's
// title becomes e's booktitle. One hop only, in file order, so chains and
// cycles cost no more than one parent each; but every child copies (and
// later decodes) its parent's text, so what it inherits counts towards the
// entry's and the file's limits. text is the file's count.
func crossref(e *bibEntry, byKey map[string]*bibEntry, text *int) error {
	f, ok := e.fields["crossref"]
	if !ok {
		return nil
	}
	key := decodeVerbatim(f.raw)
	parent := byKey[strings.ToLower(key)]
	if parent == nil || parent == e {
		e.d.warnf(f.line, "crossref %q: no entry with that key in this file", clip(key))
		e.d.drop("crossref", "no entry with that key in this file")
		return nil
	}
	e.use("crossref")
	inherit := func(name string, pf bibField) (bool, error) {
		if e.size+len(pf.raw) > maxEntryBytes {
			e.d.fail(limitErrorf(f.line, "crossref %q: with %s inherited the entry's fields come to more than %s, the limit for one record",
				clip(key), name, size(maxEntryBytes)))
			return false, nil
		}
		if *text+len(pf.raw) > maxFileBytes {
			return false, fileTooLarge(f.line)
		}
		e.size += len(pf.raw)
		*text += len(pf.raw)
		e.fields[name] = pf
		return true, nil
	}
	_, hasYear := e.fields["year"]
	_, hasDate := e.fields["date"]
	for _, name := range inherited {
		if (name == "year" || name == "date") && (hasYear || hasDate) {
			continue // the chapter's own date, in either form, wins
		}
		if _, has := e.fields[name]; !has {
			if pf, ok := parent.fields[name]; ok {
				if more, err := inherit(name, pf); !more {
					return err
				}
			}
		}
	}
	if _, has := e.fields["booktitle"]; !has {
		if pf, ok := parent.fields["title"]; ok {
			_, err := inherit("booktitle", pf)
			return err
		}
	}
	return nil
}

// text is the first of names the entry has, decoded to plain text, and
// its line. That field counts as mapped; the entry's own fields among the
// names after it are listed as not kept.
func (e *bibEntry) text(names ...string) (string, int) {
	for i, n := range names {
		if f, ok := e.fields[n]; ok {
			if v := decodeLaTeX(f.raw); v != "" {
				e.use(n)
				for _, alt := range names[i+1:] {
					if _, ok := e.fields[alt]; ok && e.owns(alt) {
						e.d.drop(alt, instead(n))
					}
				}
				return v, f.line
			}
		}
	}
	return "", e.line
}

// use counts field as mapped onto the study.
func (e *bibEntry) use(field string) {
	if e.used == nil {
		e.used = map[string]bool{}
	}
	e.used[field] = true
}

func (e *bibEntry) owns(field string) bool {
	for _, n := range e.own {
		if n == field {
			return true
		}
	}
	return false
}

// notKept lists each of the entry's own fields that the record did not
// map and that is not listed yet, with the reason.
func (e *bibEntry) notKept() {
	for _, name := range e.own {
		if e.used[name] || e.d.listed(name) {
			continue
		}
		if f, ok := e.fields[name]; ok && strings.TrimSpace(decodeLaTeX(f.raw)) == "" {
			continue // empty: nothing to lose
		}
		e.d.drop(name, reasonFor(bibReasons, name, bibRead[name], e.d.s.Type))
	}
}

// record maps the entry's fields onto a draft study.
func (e *bibEntry) record() Record {
	d := e.d
	d.key = e.key
	s := &d.s
	s.Type = bibTypes[e.typ]
	if e.typ == "misc" {
		e.miscType()
	}
	if s.Type == "" && d.err == nil {
		d.fail(lineErrorf(e.line, "@%s is not a kind of work litkb keeps; if the work is an article, book, chapter, conference paper, report, thesis, web page, manuscript, preprint or data set, change the entry type to @article, @book, @incollection, @inproceedings, @techreport, @phdthesis, @online, @unpublished, @misc or @dataset", clip(e.typ)))
	}
	for _, role := range []string{"author", "editor"} {
		f, ok := e.fields[role]
		if !ok {
			continue
		}
		raws, others := splitBibNames(f.raw)
		if err := badNames(f.line, role, raws); err != nil {
			d.fail(err)
			continue
		}
		people := make([]study.Person, 0, len(raws))
		for _, raw := range raws {
			people = append(people, bibPerson(raw))
		}
		if role == "author" {
			s.Authors = people
		} else {
			s.Editors = people
		}
		e.use(role)
		if others {
			d.warnf(f.line, "the %s list ends in \"and others\": add the missing names from the source", role)
		}
	}

	s.Title, _ = e.text("title")
	if sub, _ := e.text("subtitle"); sub != "" {
		s.Title = strings.TrimRight(s.Title, ":. ") + ": " + sub
	}
	chapter, _ := e.text("chapter")
	switch s.Type {
	case "article":
		if s.Journal, _ = e.text("journal", "journaltitle"); s.Journal == "" {
			s.Journal, _ = e.text("shortjournal") // the abbreviation is all there is
		} else if v, _ := e.text("shortjournal"); v != "" {
			d.setJournalAbbrev(v)
		}
	case "chapter":
		s.Container, _ = e.text("booktitle", "maintitle")
		if s.Container == "" && e.typ == "inbook" {
			// Classic @inbook: title is the book's; a chapter field that is
			// not a number is the chapter's own title.
			s.Container = s.Title
			if chapter != "" && !isDigits(chapter) {
				s.Title, chapter = chapter, ""
			} else {
				s.Title = ""
			}
		}
	case "paper-conference":
		s.Container, _ = e.text("booktitle", "maintitle")
		s.Event, _ = e.text("eventtitle") // biblatex
	case "webpage":
		// biblatex's @online names the site in organization.
		s.Container, _ = e.text("organization")
		if v, _ := e.text("urldate"); v != "" {
			d.setAccessed("urldate", v)
		}
	case "report":
		s.Container, _ = e.text("series")
	}
	genre, _ := e.text("type")
	if genre == "" {
		genre = bibGenres[e.typ]
	}
	d.setGenre("type", genre)
	if s.Type != "article" {
		v, _ := e.text("number")
		d.setNumber("number", v)
	}
	v, _ := e.text("version")
	d.setVersion("version", v)
	s.Chapter = chapter

	e.readDates()
	s.Volume, _ = e.text("volume")
	if s.Type == "article" {
		s.Issue, _ = e.text("number", "issue")
	}
	if v, _ := e.text("pages"); v != "" { // marks pages as mapped
		d.setPages(v)
	}
	s.ArticleNumber, _ = e.text("eid", "articleno", "article-number", "elocation-id")
	if v, _ := e.text("edition"); v != "" {
		d.setEdition(v)
	}
	s.Publisher, _ = e.text("publisher")
	switch s.Type {
	case "report", "book":
		if s.Publisher == "" {
			s.Publisher, _ = e.text("institution", "organization")
		}
	case "thesis":
		if s.Publisher == "" {
			s.Publisher, _ = e.text("school", "institution")
		}
	case "manuscript":
		if s.Publisher == "" {
			s.Publisher, _ = e.text("institution", "organization")
		}
		if s.Publisher == "" {
			if f, ok := e.fields["howpublished"]; ok && !strings.Contains(f.raw, `\url`) {
				s.Publisher, _ = e.text("howpublished") // where it is held, as litkb exports it
			}
		}
	}
	d.splitManuscriptPublisher()
	e.preprintServer()
	s.Place, _ = e.text("address", "location")
	if v, line := e.text("language", "langid"); v != "" {
		field := "language"
		if !e.used[field] {
			field = "langid"
		}
		d.setLanguage(field, line, v)
	}
	if f, ok := e.fields["doi"]; ok {
		e.use("doi")
		d.setDOI("doi", f.line, decodeVerbatim(f.raw))
	}
	for _, id := range []struct {
		field string
		kind  idKind
	}{{"isbn", isbnKind}, {"pmid", pmidKind}, {"pmcid", pmcidKind}} {
		if v, line := e.text(id.field); v != "" {
			d.setID(id.kind, id.field, line, v, false)
		}
	}
	e.pubMedEprint()
	for _, name := range []string{"url", "howpublished"} {
		if f, ok := e.fields[name]; ok {
			v := decodeVerbatim(f.raw)
			if name == "howpublished" && !strings.Contains(f.raw, `\url`) {
				continue
			}
			e.use(name)
			d.addURL(name, f.line, v)
		}
	}
	if e.nfields == 0 && d.err == nil {
		d.fail(lineErrorf(e.line, "@%s entry %q has no fields", clip(e.typ), clip(e.key)))
	}
	e.notKept()
	return d.record()
}

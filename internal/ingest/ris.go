package ingest

import (
	"context"
	"slices"
	"strings"
)

// RIS is read leniently, as EndNote, Zotero, Mendeley and the databases
// write it: "XX  - value" lines with one or two spaces before the hyphen,
// CR LF or LF line endings, a byte-order mark, header lines and blank lines
// between records, continuation lines without a tag. A record runs from TY
// to ER; a record whose ER is missing ends at the next TY (or the end of
// the file) and is kept with a warning. PubMed's MEDLINE (.nbib) files are
// recognised by their PMID lines and read by medline.go.

// risTagLine splits "TY  - JOUR" into its tag and value. Tags are two
// characters in RIS and up to four in MEDLINE ("PMID- 123", "FAU - …").
func risTagLine(line string) (tag, value string, ok bool) {
	n := 0
	for n < len(line) && n < 4 && (line[n] >= 'A' && line[n] <= 'Z' || n > 0 && isDigit(line[n])) {
		n++
	}
	if n < 2 {
		return "", "", false
	}
	i := n
	for i < len(line) && line[i] == ' ' && i-n < 3 {
		i++
	}
	if i >= len(line) || line[i] != '-' || (i == n && n < 4) {
		return "", "", false
	}
	rest := line[i+1:]
	if rest != "" && rest[0] != ' ' {
		return "", "", false
	}
	return line[:n], strings.TrimSpace(rest), true
}

// risTypes maps RIS reference types to litkb's study types.
var risTypes = map[string]string{
	"JOUR": "article", "EJOUR": "article", "MGZN": "article", "NEWS": "article", "INPR": "article", "ABST": "article",
	"BOOK": "book", "EBOOK": "book", "EDBOOK": "book",
	"CHAP": "chapter", "ECHAP": "chapter", "CONF": "paper-conference", "CPAPER": "paper-conference",
	"RPRT": "report", "GOVDOC": "report",
	"THES": "thesis",
	"ELEC": "webpage",
	"UNPB": "manuscript", "MANSCPT": "manuscript", "DATA": "dataset",
	"GEN": "", // see genericType
}

// risKnownTags are the tags that, outside a record, mean a record lost its
// TY line (other stray lines are taken for headers and skipped).
var risKnownTags = map[string]bool{"AU": true, "A1": true, "TI": true, "T1": true, "T2": true, "JO": true,
	"JF": true, "PY": true, "Y1": true, "VL": true, "IS": true, "SP": true, "EP": true, "DO": true, "UR": true}

type risField struct {
	tag, value string
	line       int
	used       bool // mapped onto the study
}

type risRecord struct {
	line   int
	ty     string
	fields []risField
	size   int             // bytes of field text, for maxEntryBytes
	wrap   strings.Builder // the last field's value with its continuation lines
	d      draft
}

// lines yields src's lines one at a time (a slice of them would cost 16
// bytes a line: 256 MB for 16 MiB of blank lines), split on LF, CR LF or
// (old Macintosh files) a lone CR.
type lines struct {
	src  string
	sep  byte
	n    int // the line number of the line last returned
	done bool
}

func newLines(src string) *lines {
	l := &lines{src: src, sep: '\n'}
	if !strings.Contains(src, "\n") {
		l.sep = '\r'
	}
	return l
}

func (l *lines) next() (string, bool) {
	if l.done {
		return "", false
	}
	l.n++
	line := l.src
	if i := strings.IndexByte(l.src, l.sep); i >= 0 {
		line, l.src = l.src[:i], l.src[i+1:]
	} else {
		l.done = true
	}
	if l.sep == '\n' {
		line = strings.TrimSuffix(line, "\r")
	}
	return line, true
}

// add keeps a field, within the record's limits. A record past a limit
// has failed and keeps no more fields.
func (r *risRecord) add(tag, value string, line int) {
	r.flush()
	if r.d.err != nil {
		return
	}
	switch {
	case len(r.fields) >= maxRecordFields:
		r.d.fail(limitErrorf(line, "the record has more than %s fields, the limit for one record", count(maxRecordFields)))
	case len(value) > maxFieldBytes:
		r.d.fail(limitErrorf(line, "%s: the value comes to more than %s, the limit for one field", tag, size(maxFieldBytes)))
	case r.size+len(value) > maxEntryBytes:
		r.d.fail(limitErrorf(line, "%s: the record's fields come to more than %s together, the limit for one record", tag, size(maxEntryBytes)))
	default:
		r.size += len(value)
		r.fields = append(r.fields, risField{tag: tag, value: value, line: line})
	}
}

// wrapped adds a continuation line t to the last field. The value is built
// in r.wrap: adding each line to a string would copy the value every time.
func (r *risRecord) wrapped(t string) {
	if r.d.err != nil || len(r.fields) == 0 {
		return
	}
	f := &r.fields[len(r.fields)-1]
	if r.wrap.Len() == 0 {
		r.wrap.WriteString(f.value)
	}
	n := len(t)
	if r.wrap.Len() > 0 {
		n++
	}
	switch {
	case r.wrap.Len()+n > maxFieldBytes:
		r.d.fail(limitErrorf(f.line, "%s: the value comes to more than %s with its continuation lines, the limit for one field", f.tag, size(maxFieldBytes)))
	case r.size+n > maxEntryBytes:
		r.d.fail(limitErrorf(f.line, "%s: the record's fields come to more than %s together, the limit for one record", f.tag, size(maxEntryBytes)))
	default:
		if r.wrap.Len() > 0 {
			r.wrap.WriteByte(' ')
		}
		r.wrap.WriteString(t)
		r.size += n
	}
}

// flush ends the last field's continuation lines.
func (r *risRecord) flush() {
	if r.wrap.Len() > 0 {
		r.fields[len(r.fields)-1].value = r.wrap.String()
		r.wrap = strings.Builder{}
	}
}

// names checks the names in the fields with one of tags against the
// limits; past one the record fails and the names are not read.
func (r *risRecord) names(role string, tags ...string) bool {
	var names []string
	for _, f := range r.fields {
		for _, t := range tags {
			if f.tag == t {
				names = append(names, f.value)
			}
		}
	}
	if err := badNames(r.line, role, names); err != nil {
		r.d.fail(err)
		return false
	}
	return true
}

// parseRIS reads every record of src.
func parseRIS(ctx context.Context, src string) ([]Record, error) {
	for ls := newLines(src); ; {
		l, ok := ls.next()
		if !ok {
			break
		}
		if tag, _, ok := risTagLine(l); ok {
			if tag == "PMID" {
				return parseMedline(ctx, newLines(src))
			}
			break
		}
	}
	c := collector{pacer: pacer{ctx: ctx}}
	var cur *risRecord
	var buf []risField // the fields of one record after another
	end := func() error {
		r := cur.record()
		buf, cur = cur.fields[:0], nil
		return c.add(r)
	}
	orphan := 0 // line of a field outside any record, not yet reported
	var orphanTag string
	flushOrphan := func() error {
		if orphan > 0 {
			r := Record{Line: orphan, Err: lineErrorf(orphan,
				"%s field outside a record: the record's \"TY  - \" line is missing", orphanTag)}
			orphan = 0
			return c.add(r)
		}
		return nil
	}
	ls := newLines(src)
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
			if t := strings.TrimSpace(l); t != "" && cur != nil {
				cur.wrapped(t) // a wrapped value
			}
			continue
		}
		var err error
		switch {
		case tag == "TY":
			if cur != nil {
				cur.d.warnf(cur.line, "the record has no \"ER  - \" line; it was ended at the next record (line %d)", n)
				err = end()
			}
			if err == nil {
				err = flushOrphan()
			}
			if err == nil && c.full() {
				err = tooManyRecords(n)
			}
			cur = &risRecord{line: n, ty: strings.ToUpper(value), d: draft{line: n}, fields: buf}
		case tag == "ER":
			if cur != nil {
				err = end()
			}
			if err == nil {
				err = flushOrphan()
			}
		case cur != nil:
			cur.add(tag, value, n)
		case orphan == 0 && risKnownTags[tag]:
			orphan, orphanTag = n, tag
		}
		if err != nil {
			return nil, err
		}
	}
	if cur != nil {
		cur.d.warnf(cur.line, "the record has no \"ER  - \" line; the file may have been cut short")
		if err := end(); err != nil {
			return nil, err
		}
	}
	if err := flushOrphan(); err != nil {
		return nil, err
	}
	return c.recs, nil
}

// first is the value of the first of tags (in the order given) that the
// record has, and its line. That field counts as mapped; the others with
// these tags are listed as not kept.
func (r *risRecord) first(tags ...string) (string, int) {
	for _, t := range tags {
		for i := range r.fields {
			if f := &r.fields[i]; f.tag == t && f.value != "" {
				f.used = true
				for j := range r.fields {
					switch o := &r.fields[j]; {
					case o.used || o.value == "" || !slices.Contains(tags, o.tag):
					case o.value == f.value:
						o.used = true // the same text under another tag
					default:
						r.d.drop(o.tag, instead(t))
					}
				}
				return f.value, f.line
			}
		}
	}
	return "", r.line
}

// use counts every field with one of tags as mapped.
func (r *risRecord) use(tags ...string) {
	for i := range r.fields {
		if slices.Contains(tags, r.fields[i].tag) {
			r.fields[i].used = true
		}
	}
}

// notKept lists each field the record did not map and that is not listed
// yet, with the reason. known are the tags litkb reads for some type.
func (r *risRecord) notKept(known map[string]bool) {
	for _, f := range r.fields {
		if f.used || f.value == "" || r.d.listed(f.tag) {
			continue
		}
		r.d.drop(f.tag, reasonFor(risReasons, f.tag, known[f.tag], r.d.s.Type))
	}
}

// risRead are the RIS tags litkb reads for some type of work.
var risRead = map[string]bool{"AU": true, "A1": true, "A2": true, "ED": true, "UR": true, "DO": true, "TI": true,
	"T1": true, "BT": true, "CT": true, "T2": true, "SE": true, "JF": true, "JO": true, "JA": true, "J2": true,
	"J1": true, "C7": true, "T3": true, "PY": true, "Y1": true, "DA": true, "VL": true, "IS": true, "SP": true,
	"EP": true, "ET": true, "PB": true, "CY": true, "PP": true, "LA": true, "C3": true, "C1": true, "Y2": true, "M3": true}

// record maps the record's fields onto a draft study.
func (r *risRecord) record() Record {
	r.flush()
	d := &r.d
	s := &d.s
	s.Type = risTypes[r.ty]
	if r.ty == "GEN" {
		r.genericType()
	}
	switch {
	case r.ty == "":
		d.fail(lineErrorf(r.line, "the TY line has no reference type"))
	case s.Type == "":
		d.fail(lineErrorf(r.line, "reference type %s is not a kind of work litkb keeps (JOUR, BOOK, CHAP, CONF, RPRT, THES, ELEC, UNPB, DATA, GEN and their variants); change the TY line if the work is one of these", r.ty))
	}
	if id, _ := r.first("ID"); id != "" {
		d.key = id
		d.drop("ID", whyLabel)
	}
	for _, f := range r.fields {
		if f.tag == "DO" {
			d.setDOI("DO", f.line, f.value)
		}
	}
	r.use("DO", "UR")
	authors, editors := r.names("author", "AU", "A1"), r.names("editor", "A2", "ED")
	for i := range r.fields {
		f := &r.fields[i]
		switch f.tag {
		case "AU", "A1":
			if etAl(f.value) {
				d.warnf(f.line, "the author list ends in %q: add the missing names from the source", f.value)
				continue
			}
			if authors {
				s.Authors = append(s.Authors, plainPerson(f.value))
			}
		case "A2", "ED":
			if editors && s.Type != "article" {
				s.Editors = append(s.Editors, plainPerson(f.value))
			} else if editors {
				d.drop(f.tag, "litkb keeps no editors for an article")
			}
		case "UR":
			d.addURL("UR", f.line, f.value)
		case "SN":
			f.used = d.setID(isbnKind, "SN", f.line, f.value, false)
		case "AN":
			f.used = d.setID(pmidKind, "AN", f.line, f.value, true)
		case "C2":
			f.used = s.Type == "article" && d.setID(pmcidKind, "C2", f.line, f.value, true)
		}
	}
	if authors {
		r.use("AU", "A1")
	}
	if editors && s.Type != "article" {
		r.use("A2", "ED")
	}
	switch s.Type {
	case "book":
		s.Title, _ = r.first("TI", "T1", "BT", "CT")
	case "chapter":
		s.Title, _ = r.first("TI", "T1", "CT")
		s.Container, _ = r.first("T2", "BT")
		s.Chapter, _ = r.first("SE")
	case "paper-conference":
		// Zotero's tags: T2 the conference, C3 the proceedings (BT in
		// older files), C1 the place.
		s.Title, _ = r.first("TI", "T1", "CT")
		s.Event, _ = r.first("T2")
		s.Container, _ = r.first("C3", "BT")
		s.Chapter, _ = r.first("SE")
	default:
		s.Title, _ = r.first("TI", "T1", "CT", "BT")
	}
	switch s.Type {
	case "article":
		// T2 and JF hold the journal's name; J2, JA, JO and J1 its
		// abbreviation, which stands for the name only when there is none.
		if s.Journal, _ = r.first("T2", "JF"); s.Journal == "" {
			s.Journal, _ = r.first("JO", "JA", "J2", "J1")
		} else if v, _ := r.first("J2", "JA", "JO", "J1"); v != "" {
			d.setJournalAbbrev(v)
		}
		s.ArticleNumber, _ = r.first("C7")
	case "report":
		s.Container, _ = r.first("T3", "T2")
		v, _ := r.first("C7")
		d.setNumber("C7", v)
	case "dataset":
		v, _ := r.first("C7")
		d.setNumber("C7", v)
	case "webpage":
		// Zotero's tags: T2 the website, Y2 the access date.
		s.Container, _ = r.first("T2")
		if v, _ := r.first("Y2"); v != "" {
			d.setAccessed("Y2", v)
		}
	}
	if v, line := r.first("PY", "Y1"); v != "" {
		d.setYear(r.tagAt(line), line, v)
	}
	// DA is the full date: the year when PY and Y1 are absent, else its
	// month and day when its year agrees.
	for i := range r.fields {
		if f := &r.fields[i]; f.tag == "DA" && f.value != "" && !f.used {
			f.used = true
			switch y, _ := findYear(f.value); {
			case s.Year == 0:
				d.setYear("DA", f.line, f.value)
			case y != s.Year:
				d.drop("DA", "its year differs from PY, which is kept instead")
			case s.Issued == "":
				d.setIssued("DA", f.value, s.Year)
			default:
				d.drop("DA", "only the first date is kept")
			}
		}
	}
	s.Volume, _ = r.first("VL")
	s.Issue, _ = r.first("IS")
	sp, _ := r.first("SP")
	ep, _ := r.first("EP")
	if ep != "" && sp != "" && !strings.ContainsAny(sp, "-–") {
		sp += "-" + ep
	} else if ep != "" {
		d.drop("EP", "the page range is taken from SP")
	}
	d.setPages(sp)
	if v, _ := r.first("ET"); v != "" && s.Type == "dataset" {
		d.setVersion("ET", v) // a data set's version, as litkb exports it
	} else if v != "" {
		d.setEdition(v)
	}
	if v, _ := r.first("M3"); v != "" {
		d.setGenre("M3", v)
	}
	s.Publisher, _ = r.first("PB")
	d.splitManuscriptPublisher()
	s.Place, _ = r.first("CY", "PP")
	if s.Type == "paper-conference" && s.Place == "" {
		s.Place, _ = r.first("C1")
	}
	if v, line := r.first("LA"); v != "" {
		d.setLanguage("LA", line, v)
	}
	r.notKept(risRead)
	return d.record()
}

// tagAt is the tag of the field at line.
func (r *risRecord) tagAt(line int) string {
	for _, f := range r.fields {
		if f.line == line {
			return f.tag
		}
	}
	return ""
}

// etAl recognises an author line that only says the list goes on.
func etAl(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "et al.", "et al", "others", "et al.,", "and others":
		return true
	}
	return false
}

package ingest

import (
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
	"CHAP": "chapter", "ECHAP": "chapter", "CONF": "chapter", "CPAPER": "chapter",
	"RPRT": "report", "GOVDOC": "report",
	"THES": "thesis",
}

// risKnownTags are the tags that, outside a record, mean a record lost its
// TY line (other stray lines are taken for headers and skipped).
var risKnownTags = map[string]bool{"AU": true, "A1": true, "TI": true, "T1": true, "T2": true, "JO": true,
	"JF": true, "PY": true, "Y1": true, "VL": true, "IS": true, "SP": true, "EP": true, "DO": true, "UR": true}

type risField struct {
	tag, value string
	line       int
}

type risRecord struct {
	line   int
	ty     string
	fields []risField
	d      draft
}

// splitLines splits on LF, CR LF or (old Macintosh files) a lone CR.
func splitLines(src string) []string {
	if !strings.Contains(src, "\n") {
		return strings.Split(src, "\r")
	}
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// parseRIS reads every record of src.
func parseRIS(src string) []Record {
	lines := splitLines(src)
	for _, l := range lines {
		if tag, _, ok := risTagLine(l); ok {
			if tag == "PMID" {
				return parseMedline(lines)
			}
			break
		}
	}
	var recs []Record
	var cur *risRecord
	orphan := 0 // line of a field outside any record, not yet reported
	var orphanTag string
	flushOrphan := func() {
		if orphan > 0 {
			recs = append(recs, Record{Line: orphan, Err: lineErrorf(orphan,
				"%s field outside a record: the record's \"TY  - \" line is missing", orphanTag)})
			orphan = 0
		}
	}
	for i, l := range lines {
		n := i + 1
		tag, value, ok := risTagLine(l)
		if !ok {
			if t := strings.TrimSpace(l); t != "" && cur != nil && len(cur.fields) > 0 {
				f := &cur.fields[len(cur.fields)-1]
				f.value = strings.TrimSpace(f.value + " " + t) // a wrapped value
			}
			continue
		}
		switch {
		case tag == "TY":
			if cur != nil {
				cur.d.warnf(cur.line, "the record has no \"ER  - \" line; it was ended at the next record (line %d)", n)
				recs = append(recs, cur.record())
			}
			flushOrphan()
			cur = &risRecord{line: n, ty: strings.ToUpper(value), d: draft{line: n}}
		case tag == "ER":
			if cur != nil {
				recs = append(recs, cur.record())
				cur = nil
			}
			flushOrphan()
		case cur != nil:
			cur.fields = append(cur.fields, risField{tag: tag, value: value, line: n})
		case orphan == 0 && risKnownTags[tag]:
			orphan, orphanTag = n, tag
		}
	}
	if cur != nil {
		cur.d.warnf(cur.line, "the record has no \"ER  - \" line; the file may have been cut short")
		recs = append(recs, cur.record())
	}
	flushOrphan()
	return recs
}

// first is the value of the first of tags (in the order given) that the
// record has, and its line.
func (r *risRecord) first(tags ...string) (string, int) {
	for _, t := range tags {
		for _, f := range r.fields {
			if f.tag == t && f.value != "" {
				return f.value, f.line
			}
		}
	}
	return "", r.line
}

// record maps the record's fields onto a draft study.
func (r *risRecord) record() Record {
	d := &r.d
	s := &d.s
	s.Type = risTypes[r.ty]
	switch {
	case r.ty == "":
		d.fail(lineErrorf(r.line, "the TY line has no reference type"))
	case s.Type == "":
		d.fail(lineErrorf(r.line, "reference type %s is not a kind of work litkb keeps (JOUR, BOOK, CHAP, RPRT, THES and their variants); change the TY line if the work is one of these", r.ty))
	}
	d.key, _ = r.first("ID")
	if v, line := r.first("DO"); v != "" {
		d.setDOI(line, v)
	}
	for _, f := range r.fields {
		switch f.tag {
		case "AU", "A1":
			if etAl(f.value) {
				d.warnf(f.line, "the author list ends in %q: add the missing names from the source", f.value)
				continue
			}
			s.Authors = append(s.Authors, plainPerson(f.value))
		case "A2", "ED":
			if s.Type != "article" {
				s.Editors = append(s.Editors, plainPerson(f.value))
			}
		case "UR":
			d.addURL(f.line, f.value)
		}
	}
	switch s.Type {
	case "book":
		s.Title, _ = r.first("TI", "T1", "BT", "CT")
	case "chapter":
		s.Title, _ = r.first("TI", "T1", "CT")
		s.Container, _ = r.first("T2", "BT")
		s.Chapter, _ = r.first("SE")
	default:
		s.Title, _ = r.first("TI", "T1", "CT", "BT")
	}
	switch s.Type {
	case "article":
		s.Journal, _ = r.first("T2", "JF", "JO", "JA", "J2", "J1")
		s.ArticleNumber, _ = r.first("C7")
	case "report":
		s.Container, _ = r.first("T3", "T2")
	}
	if v, line := r.first("PY", "Y1", "DA"); v != "" {
		d.setYear(line, v)
	}
	s.Volume, _ = r.first("VL")
	s.Issue, _ = r.first("IS")
	sp, _ := r.first("SP")
	ep, _ := r.first("EP")
	if ep != "" && sp != "" && !strings.ContainsAny(sp, "-–") {
		sp += "-" + ep
	}
	d.setPages(sp)
	if v, _ := r.first("ET"); v != "" {
		d.setEdition(v)
	}
	s.Publisher, _ = r.first("PB")
	s.Place, _ = r.first("CY", "PP")
	return d.record()
}

// etAl recognises an author line that only says the list goes on.
func etAl(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "et al.", "et al", "others", "et al.,", "and others":
		return true
	}
	return false
}

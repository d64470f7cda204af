package cite

import (
	"bytes"
	"fmt"
	"strings"

	"litkb/internal/study"
)

// ExportRIS writes studies as RIS, following the RIS specification: one
// "TY  - " line opens a record, each field is "XX  - value", lines end in
// CR LF, "ER  - " closes the record. Text is UTF-8, which current readers
// (EndNote, Zotero, Mendeley) expect.
//
// The journal goes in T2 (the 2011 specification, what Zotero and EndNote
// write) and JF (the 2001 specification's full journal name). JO is not
// written: readers take it for the journal's abbreviation, which goes in
// J2 (the 2011 specification's abbreviated title, what Zotero writes).
func ExportRIS(studies []*study.Study) []byte {
	var b bytes.Buffer
	for _, s := range studies {
		writeRIS(&b, exportItem(s))
	}
	return b.Bytes()
}

var risTypes = map[string]string{
	"article-journal":  "JOUR",
	"book":             "BOOK",
	"chapter":          "CHAP",
	"paper-conference": "CONF",
	"report":           "RPRT",
	"thesis":           "THES",
	"webpage":          "ELEC",
	// RIS has no preprint type: a generic record with the server as PB
	// and the genre in M3 ("Preprint") reads back as one.
	"article":    "GEN",
	"manuscript": "UNPB",
	"dataset":    "DATA",
}

func writeRIS(b *bytes.Buffer, it Item) {
	line := func(tag, value string) {
		value = strings.Join(strings.Fields(value), " ") // no line breaks inside a field
		if value == "" {
			return
		}
		b.WriteString(tag + "  - " + value + "\r\n")
	}
	ty := risTypes[it.Type]
	if ty == "" {
		ty = "GEN"
	}
	line("TY", ty)
	for _, n := range it.Author {
		line("AU", risName(n))
	}
	// Editors: A2 is the editor of a book or of the book a chapter is in.
	for _, n := range it.Editor {
		line("A2", risName(n))
	}
	line("TI", it.Title)
	switch it.Type {
	case "article-journal":
		line("T2", it.ContainerTitle)
		line("JF", it.ContainerTitle)
		line("J2", it.ContainerTitleShort)
	case "chapter":
		line("T2", it.ContainerTitle)
	case "paper-conference":
		// As Zotero writes a conference paper: T2 the conference, C3
		// the proceedings, C1 (not CY) the place.
		line("T2", it.Event)
		line("C3", it.ContainerTitle)
	case "webpage":
		line("T2", it.ContainerTitle) // the website, as Zotero writes it
	}
	line("T3", it.CollectionTitle) // a report's series
	line("PY", it.year())
	// DA is the full date, "YYYY/MM/DD/" with empty parts left empty. RIS
	// has no standard tag for the original year of a reprint, so it is
	// not exported: BibTeX (origdate) and CSL-JSON carry it.
	if m := it.Issued.Month(); m != 0 {
		day := ""
		if d := it.Issued.Day(); d != 0 {
			day = fmt.Sprintf("%02d", d)
		}
		line("DA", fmt.Sprintf("%s/%02d/%s/", it.year(), m, day))
	}
	line("VL", it.Volume)
	line("IS", it.Issue)
	if first, last, ok := splitRange(it.Page); ok {
		line("SP", first)
		line("EP", last)
	} else {
		line("SP", it.Page)
	}
	line("C7", it.Number) // article number (2011 specification)
	line("SE", it.ChapterNumber)
	line("ET", firstOf(it.Edition, it.Version)) // a data set's version: it has no edition
	line("M3", it.Genre)
	line("PB", it.Publisher)
	if it.Type == "paper-conference" {
		line("C1", it.PublisherPlace)
	} else {
		line("CY", it.PublisherPlace)
	}
	line("DO", it.DOI)
	line("UR", it.URL)
	// Y2 is the access date, in RIS's own date form as Zotero writes it.
	if d := it.Accessed; d.Day() != 0 {
		line("Y2", fmt.Sprintf("%04d/%02d/%02d/", d.Year(), d.Month(), d.Day()))
	}
	// SN is the ISBN of a book (Zotero reads it as the ISSN for a journal
	// article, but an article has no ISBN to write). AN and C2 are where
	// EndNote keeps a PubMed record's PMID and PMCID; Zotero reads C2 as
	// a chapter's book author, so C2 is written for articles only.
	line("SN", it.ISBN)
	line("AN", it.PMID)
	if it.Type == "article-journal" {
		line("C2", it.PMCID)
	}
	line("LA", it.Language)
	line("N1", it.Note) // a retraction or correction (exportItem)
	b.WriteString("ER  - \r\n")
}

// risName writes a name in the specification's "Lastname, Firstname,
// Suffix" form, the particle in the family name. A person known only by
// the family name keeps the comma ("Bateman,"): it marks the text before
// it as a last name, where a bare "Bateman" is read as an organisation
// (Zotero's RIS translator takes any name without a given name as a
// single-field name, so it cannot tell the two apart; litkb's importer
// can). A corporate name is written as it is, or, when it holds a comma
// ("Apple Computer, Inc."), with a trailing comma, as EndNote writes
// one, so that no part of it is read as a given name.
func risName(n Name) string {
	if n.Literal != "" {
		if strings.Contains(n.Literal, ",") {
			return n.Literal + ","
		}
		return n.Literal
	}
	family := withParticle(n.NonDroppingParticle, n.Family)
	switch {
	case n.Given == "" && n.Suffix == "":
		return family + ","
	case n.Given == "":
		return family + ", , " + n.Suffix // an empty first name keeps its place
	}
	return joinNonEmpty(", ", family, n.Given, n.Suffix)
}

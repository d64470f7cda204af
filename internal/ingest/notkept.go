package ingest

import (
	"fmt"
	"strings"
)

// NotKept is an input field that the draft study does not keep, and why.
// Every field of a record is either mapped onto the study or listed once
// per reason, so nothing from a file is dropped in silence. A field may be
// both: a date whose year is kept and whose month is not.
type NotKept struct {
	Field  string `json:"field"`  // as the file names it: month, AB, container-title-short
	Reason string `json:"reason"` // in the curator's words
}

// maxNotKept bounds the entries kept for one record (an entry can hold
// thousands of distinct unknown fields); the rest are counted.
const maxNotKept = 100

// drop lists field as not kept, once per reason.
func (d *draft) drop(field, reason string) {
	for _, n := range d.notKept {
		if n.Field == field && n.Reason == reason {
			return
		}
	}
	if len(d.notKept) >= maxNotKept {
		d.notKeptMore++
		return
	}
	d.notKept = append(d.notKept, NotKept{Field: field, Reason: reason})
}

// listed reports whether field is already listed as not kept.
func (d *draft) listed(field string) bool {
	for _, n := range d.notKept {
		if n.Field == field {
			return true
		}
	}
	return false
}

// notKeptList is the record's list, with a last entry counting the rest.
func (d *draft) notKeptList() []NotKept {
	if d.notKeptMore > 0 {
		return append(d.notKept, NotKept{Field: "…", Reason: fmt.Sprintf("%s more fields not kept", count(d.notKeptMore))})
	}
	return d.notKept
}

// instead is the reason for an alternative that lost to kept.
func instead(kept string) string { return kept + " is kept instead" }

// notForType is the reason for a field litkb reads, but not for this type.
func notForType(field, typ string) string {
	if typ == "" {
		return "litkb did not recognise the kind of work, so it keeps nothing from this field"
	}
	return fmt.Sprintf("litkb keeps no %s for a %s", field, typ)
}

const noFieldReason = "litkb has no field for it"

// Reasons shared by the formats, for the fields reference managers add.
const (
	whyAbstract = "litkb keeps summaries in its own words, never the abstract"
	whyKeywords = "litkb files studies under its own topics"
	whyDate     = "litkb reads the month and day of issue from month and date, not from day"
	whyNote     = "notes are the curators' own, written in litkb"
	whyFile     = "attached files are not imported"
	whyAccessed = "litkb keeps an access date for web pages only"
	whyShort    = "litkb keeps the full title only"
	// A conference paper keeps its conference's name (event), not where
	// or when the conference met.
	whyEventPlace = "litkb keeps the conference's name only, not its place or dates"
	whyLabel      = "the file's own id only names the record in this report; litkb gives the study its own id"
	whyManager    = "bookkeeping of the program or database that wrote the file, not part of the reference"
	whyDatabase   = "the database the record came from is not part of the reference"
	whyAffil      = "litkb has no field for affiliations"
	whyYearOnly   = "only the year of the date is kept"
)

// bibReasons are the BibTeX and biblatex fields litkb never reads.
var bibReasons = map[string]string{
	"abstract": whyAbstract, "keywords": whyKeywords, "day": whyDate,
	"note": whyNote, "annote": whyNote, "annotation": whyNote, "addendum": whyNote, "comment": whyNote,
	"file": whyFile, "pdf": whyFile, "issn": whyISSN,
	"urldate": whyAccessed, "shorttitle": whyShort,
	"type": whyGenre, "eprint": "litkb has no field for e-print ids", "eprinttype": "litkb has no field for e-print ids",
	"archiveprefix": "litkb has no field for e-print ids",
	"timestamp":     whyManager, "owner": whyManager, "mendeley-tags": whyManager, "mendeley-groups": whyManager,
	"date-added": whyManager, "date-modified": whyManager, "creationdate": whyManager, "modificationdate": whyManager,
	"citation-key": whyLabel, "ids": whyLabel, "entrysubtype": whyGenre,
	"venue": whyEventPlace, "eventdate": whyEventPlace,
}

// risReasons are the RIS and MEDLINE tags litkb never reads.
var risReasons = map[string]string{
	"AB": whyAbstract, "N2": whyAbstract, "KW": whyKeywords, "MH": whyKeywords, "OT": whyKeywords, "OTO": whyManager,
	"N1": whyNote, "RN": whyNote, "L1": whyFile, "L2": whyFile, "L4": whyFile, "IS": whyISSN,
	"Y2": whyAccessed, "DB": whyDatabase, "DP": whyDatabase, "AN": "litkb has no field for the database's accession number",
	"CN": "litkb has no field for the call number", "ST": whyShort, "M3": whyGenre, "PT": "litkb records the kind of work as its type and design, in its own terms", "AD": whyAffil,
	"ID": whyLabel, "SO": "the citation line repeats the journal, date, volume, issue and pages read from their own tags",
	"OWN": whyManager, "STAT": whyManager, "JID": whyManager, "SB": whyManager, "PST": whyManager, "AUID": whyManager,
	"EDAT": "PubMed's record dates, not the publication's", "MHDA": "PubMed's record dates, not the publication's",
	"CRDT": "PubMed's record dates, not the publication's", "PHST": "PubMed's record dates, not the publication's",
	"DCOM": "PubMed's record dates, not the publication's", "LR": "PubMed's record dates, not the publication's",
	"DA": "PubMed's record dates, not the publication's", "DEP": "litkb keeps the year of publication, not the electronic publication date",
	"GR": "litkb has no field for grants", "CI": "litkb has no field for the copyright notice",
	"COIS": "litkb has no field for conflict-of-interest statements", "AID": "litkb has no field for publisher ids",
	"LID": "litkb has no field for publisher ids", "PL": "litkb keeps no place for an article",
}

// cslReasons are the CSL-JSON keys litkb never reads.
var cslReasons = map[string]string{
	"abstract": whyAbstract, "keyword": whyKeywords, "note": whyNote, "annote": whyNote, "ISSN": whyISSN,
	"accessed": whyAccessed, "title-short": whyShort,
	"shortTitle": whyShort, "genre": whyGenre, "source": whyDatabase,
	"citation-key": whyLabel, "id": whyLabel, "archive": whyDatabase,
	"archive_location": whyDatabase, "call-number": "litkb has no field for the call number",
	"event-place": whyEventPlace, "event-date": whyEventPlace, "dimensions": noFieldReason, "medium": noFieldReason,
}

// reasonFor is why field, which the record mapped nowhere, is not kept:
// the table's reason, or that litkb reads it for other types (known), or
// that litkb has no field for it.
func reasonFor(table map[string]string, field string, known bool, typ string) string {
	if r, ok := table[field]; ok {
		return r
	}
	if r, ok := table[strings.ToLower(field)]; ok {
		return r
	}
	if known {
		return notForType(field, typ)
	}
	return noFieldReason
}

// yearOnly reports whether date says more than its year ("2002/07/01",
// "Spring 2002"), which is then not kept.
func yearOnly(date string, year int) bool {
	rest := strings.Replace(date, fmt.Sprint(year), "", 1)
	return strings.Trim(rest, " /-.,") == ""
}

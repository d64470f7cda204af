package cite

import (
	"fmt"
	"strings"

	"litkb/internal/study"
)

// ExportFormat is an export file format.
type ExportFormat string

// The export formats litkb writes.
const (
	BibTeX  ExportFormat = "bibtex"  // .bib, for BibTeX, biblatex and the tools that read them
	RIS     ExportFormat = "ris"     // .ris, for EndNote, Zotero, Mendeley
	CSLJSON ExportFormat = "csljson" // .json, CSL-JSON, Zotero's and pandoc's exchange format
)

// ExportFormats lists the formats in the order pages offer them.
var ExportFormats = []ExportFormat{BibTeX, RIS, CSLJSON}

// ParseExportFormat accepts a format name as the API takes it
// (?format=bibtex).
func ParseExportFormat(s string) (ExportFormat, error) {
	f := ExportFormat(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range ExportFormats {
		if f == x {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown export format %q (expected one of bibtex, ris, csljson)", s)
}

// MediaType is the format's registered or conventional media type.
func (f ExportFormat) MediaType() string {
	switch f {
	case BibTeX:
		return "application/x-bibtex"
	case RIS:
		return "application/x-research-info-systems"
	case CSLJSON:
		return "application/vnd.citationstyles.csl+json"
	}
	return "application/octet-stream"
}

// ContentType is the Content-Type header for the format: the media type
// with the charset every export is written in.
func (f ExportFormat) ContentType() string { return f.MediaType() + "; charset=utf-8" }

// Extension is the file name extension, with its dot.
func (f ExportFormat) Extension() string {
	switch f {
	case BibTeX:
		return ".bib"
	case RIS:
		return ".ris"
	case CSLJSON:
		return ".json"
	}
	return ""
}

// Filename is the download name for an export called base
// ("roisman-2002-earned-secure" -> "roisman-2002-earned-secure.bib").
func (f ExportFormat) Filename(base string) string { return base + f.Extension() }

// Export writes studies in format f, in the order given.
func Export(studies []*study.Study, f ExportFormat) ([]byte, error) {
	switch f {
	case BibTeX:
		return ExportBibTeX(studies), nil
	case RIS:
		return ExportRIS(studies), nil
	case CSLJSON:
		return ExportCSLJSON(studies)
	}
	return nil, fmt.Errorf("unknown export format %q", f)
}

// ExportCSLJSON writes studies as a CSL-JSON array; each item's id is the
// study id.
func ExportCSLJSON(studies []*study.Study) ([]byte, error) {
	items := make([]Item, len(studies))
	for i, s := range studies {
		items[i] = exportItem(s)
	}
	return MarshalCSLJSON(items)
}

// exportItem is a study as the export files carry it: its reference, and
// in the note what a reader must know before citing it (a retraction, a
// withdrawal, a correction, an expression of concern), so the warning
// travels into the reference manager. litkb's importer lists a note as not
// kept: it is never read back as data.
func exportItem(s *study.Study) Item {
	it := FromStudy(*s)
	it.Note = s.Warning().Text()
	return it
}

// Package ingest reads the files reference managers export — BibTeX, RIS
// and CSL-JSON from Zotero, Mendeley, EndNote, Google Scholar and PubMed —
// into draft studies.
//
// Parse answers with one Record per record in the file, in order, good and
// bad: a record that cannot be read carries an error naming its line, and
// the rest still import. Only an input that is unreadable as a whole (not
// UTF-8, not JSON at all) fails Parse itself. Nothing here writes: the
// caller previews the records, checks duplicates, adds provenance and saves.
package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"litkb/internal/cite"
	"litkb/internal/study"
)

// Format is an import file format.
type Format string

// The formats litkb imports.
const (
	BibTeX  Format = "bibtex"  // .bib: BibTeX and biblatex
	RIS     Format = "ris"     // .ris (and PubMed's MEDLINE .nbib)
	CSLJSON Format = "csljson" // .json: a CSL-JSON array or a single item
)

// Formats lists the formats in the order pages offer them.
var Formats = []Format{BibTeX, RIS, CSLJSON}

// ParseFormat accepts a format name as the API takes it (?format=bibtex).
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case BibTeX, RIS, CSLJSON:
		return f, nil
	case "bib":
		return BibTeX, nil
	case "json", "csl-json", "csl":
		return CSLJSON, nil
	case "nbib", "medline":
		return RIS, nil
	}
	return "", fmt.Errorf("unknown import format %q (expected one of bibtex, ris, csljson)", s)
}

// mediaTypes maps the media types reference managers and browsers send to
// formats.
var mediaTypes = map[string]Format{
	"application/x-bibtex":                    BibTeX,
	"text/x-bibtex":                           BibTeX,
	"application/x-bibtex-text-file":          BibTeX,
	"application/x-research-info-systems":     RIS,
	"application/x-endnote-refer":             RIS,
	"application/nbib":                        RIS,
	"application/vnd.citationstyles.csl+json": CSLJSON,
	"application/citeproc+json":               CSLJSON,
	"application/json":                        CSLJSON,
	"text/json":                               CSLJSON,
}

// DetectFormat decides the format of body: by its media type when that
// names one of the formats, otherwise (text/plain, an upload's
// application/octet-stream, no type at all) by looking at the content.
func DetectFormat(contentType string, body []byte) (Format, error) {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		if f, ok := mediaTypes[strings.ToLower(mt)]; ok {
			return f, nil
		}
	}
	if f, ok := sniff(body); ok {
		return f, nil
	}
	return "", errors.New("cannot tell the file's format: expected BibTeX (@article{…), RIS (TY  - JOUR) or CSL-JSON ([{…}]); name the format: bibtex, ris or csljson")
}

// sniff looks at the first lines of body.
func sniff(body []byte) (Format, bool) {
	body = bytes.TrimPrefix(body, bom)
	if len(body) > 64<<10 {
		body = body[:64<<10]
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{') {
		return CSLJSON, true
	}
	for _, line := range strings.Split(string(body), "\n") {
		line = strings.TrimRight(line, "\r")
		if tag, _, ok := risTagLine(line); ok && (tag == "TY" || tag == "PMID") {
			return RIS, true
		}
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "@") {
			if name, _, ok := strings.Cut(l[1:], "{"); ok && isBibIdent(strings.TrimSpace(name)) {
				return BibTeX, true
			}
			if name, _, ok := strings.Cut(l[1:], "("); ok && isBibIdent(strings.TrimSpace(name)) {
				return BibTeX, true
			}
		}
	}
	return "", false
}

// Record is one record of an import file, as litkb understood it.
type Record struct {
	// Line is the 1-based line where the record starts in the input.
	Line int
	// Key is the record's own name in the file (a BibTeX key, a RIS ID, a
	// CSL-JSON id), for showing the curator which record is which.
	Key string
	// Study is the record as a draft study: status "draft", the fields the
	// source gave, and a suggested id (first author, year, two title
	// words). Topics, design, sample, summary and provenance are left for
	// the curator. For a record with Err it holds whatever could be read.
	Study study.Study
	// CSL is Study as CSL-JSON (cite.FromStudy), with Study's id.
	CSL cite.Item
	// Warnings are things the curator should look at before saving (an
	// author list cut short by "and others", a DOI that is not one and was
	// left out, a title in title case …), each naming its line.
	Warnings []string
	// NotKept lists the record's fields that Study does not keep, with
	// the reason; every other field of the record is mapped onto Study.
	// Empty for a record with Err, of which nothing is kept.
	NotKept []NotKept
	// Err is set for a record that could not be read; its message names
	// the line and the problem ("line 79: unbalanced braces in title").
	// Such a record must not be saved.
	Err error
}

// LineError is a problem at one line of the input.
type LineError struct {
	Line int
	Msg  string
	err  error // ErrLimit for a passed limit
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

func (e *LineError) Unwrap() error { return e.err }

func lineErrorf(line int, format string, args ...any) error {
	return &LineError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

var bom = []byte("\xEF\xBB\xBF")

// Parse reads every record of an f-formatted input, in order, good and
// bad. The error is for an input that cannot be read at all: a read
// failure, text that is not UTF-8, a CSL-JSON file that is not JSON, a
// file past one of the file-wide limits (wrapping ErrLimit: more than
// MaxRecords records, more text than an import holds), or ctx done
// (wrapping ctx.Err()); Parse stops as soon as it knows.
func Parse(ctx context.Context, f Format, r io.Reader) ([]Record, error) {
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	data, err := readInput(r)
	if err != nil {
		return nil, err
	}
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, bom)
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n"))
		return nil, fmt.Errorf("line %d: the file is not UTF-8 text; export it again as UTF-8 (Unicode)", line)
	}
	var recs []Record
	switch f {
	case BibTeX:
		recs, err = parseBibTeX(ctx, string(data))
	case RIS:
		recs, err = parseRIS(ctx, string(data))
	case CSLJSON:
		recs, err = parseCSLJSON(ctx, data)
	default:
		return nil, fmt.Errorf("unknown import format %q (expected one of bibtex, ris, csljson)", f)
	}
	if err != nil {
		return nil, err
	}
	if err := finish(ctx, recs); err != nil {
		return nil, err
	}
	return recs, nil
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// finish gives every record its status, a suggested id unique within the
// file, and its CSL-JSON form. Each base id remembers where its search for
// a free suffix ended, so 5,000 records suggesting the same id cost 5,000
// probes, not 12.5 million.
func finish(ctx context.Context, recs []Record) error {
	used := map[string]bool{}
	next := map[string]int{}
	p := pacer{ctx: ctx}
	for i := range recs {
		if err := p.step(); err != nil {
			return err
		}
		s := &recs[i].Study
		s.Status = "draft"
		if recs[i].Err != nil {
			// A record that will not be saved gets no id and reserves none.
			recs[i].CSL = cite.FromStudy(*s)
			continue
		}
		base := study.SuggestID(s)
		id, n := study.UniqueIDFrom(base, next[base], func(id string) bool { return used[id] })
		next[base] = n + 1
		used[id] = true
		s.ID = id
		recs[i].CSL = cite.FromStudy(*s)
	}
	return nil
}

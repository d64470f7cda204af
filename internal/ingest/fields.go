package ingest

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"litkb/internal/study"
)

// draft collects one record's fields as a parser reads them, normalising
// the forms exports write them in.
type draft struct {
	line     int
	key      string
	s        study.Study
	warnings []LineError
	err      error
	// dropped counts the warnings past maxWarnings (an entry of a
	// thousand undefined macros warns a thousand times), from line
	// droppedAt.
	dropped, droppedAt int
	// notKept lists the fields not kept (see NotKept); notKeptMore
	// counts those past maxNotKept.
	notKept     []NotKept
	notKeptMore int
}

func (d *draft) warnf(line int, format string, args ...any) {
	if len(d.warnings) >= maxWarnings {
		if d.dropped == 0 || line < d.droppedAt {
			d.droppedAt = line
		}
		d.dropped++
		return
	}
	d.warnings = append(d.warnings, LineError{Line: line, Msg: fmt.Sprintf(format, args...)})
}

// fail records the record's first error.
func (d *draft) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// setYear takes the year out of field, a date as exports write it:
// "2002", "2002///", "2002/05/01/", "2002-05-01", "Spring 2002", "2002
// Jul-Aug", and the month and day where setIssued can read them. What
// else the date says is listed as not kept.
func (d *draft) setYear(field string, line int, v string) {
	v = strings.TrimSpace(v)
	if v == "" || d.s.Year != 0 {
		return
	}
	if y, ok := findYear(v); ok {
		d.s.Year = y
		d.setIssued(field, v, y)
		return
	}
	d.warnf(line, "no year in date %q; add the year by hand", clip(v))
	d.drop(field, "no year in it")
}

// findYear is the first run of exactly four digits that reads as a year.
func findYear(v string) (int, bool) {
	for i := 0; i+4 <= len(v); i++ {
		if !isDigits(v[i:i+4]) || (i > 0 && isDigit(v[i-1])) || (i+4 < len(v) && isDigit(v[i+4])) {
			continue
		}
		y, _ := strconv.Atoi(v[i : i+4])
		if y >= 1000 && y <= 2999 {
			return y, true
		}
	}
	return 0, false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// dashes are the ways exports write a page range's dash.
var dashes = strings.NewReplacer("--", "-", "–", "-", "—", "-", "‐", "-", "‑", "-", "−", "-")

// setPages normalises a page range to litkb's "1204-1219": BibTeX's "--"
// and typographic dashes become a hyphen, "pp." goes, and an abbreviated
// last page (PubMed's "1204-19") is written out in full.
func (d *draft) setPages(v string) {
	v = strings.TrimSpace(v)
	low := strings.ToLower(v)
	for _, p := range []string{"pp.", "p.", "pp "} {
		if strings.HasPrefix(low, p) {
			v = strings.TrimSpace(v[len(p):])
			break
		}
	}
	v = dashes.Replace(v)
	for strings.Contains(v, "--") {
		v = strings.ReplaceAll(v, "--", "-")
	}
	if a, b, ok := strings.Cut(v, "-"); ok {
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		if isDigits(a) && isDigits(b) && len(b) < len(a) {
			if full := a[:len(a)-len(b)] + b; full > a {
				b = full
			}
		}
		v = a + "-" + b
		if b == "" || a == b {
			v = a
		}
	}
	if v != "" && d.s.Pages == "" {
		d.s.Pages = v
	}
}

// setDOI normalises a DOI from field ("https://doi.org/…", "doi:…",
// PubMed's "… [doi]") and keeps it only when it has a DOI's shape.
func (d *draft) setDOI(field string, line int, v string) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "[doi]"))
	if v == "" {
		return
	}
	if d.s.DOI != "" {
		if !strings.EqualFold(study.NormalizeDOI(v), d.s.DOI) {
			d.drop(field, "only the first DOI is kept")
		}
		return
	}
	doi := study.NormalizeDOI(v)
	if f := strings.Fields(doi); len(f) > 1 && study.ValidDOI(f[0]) {
		doi = f[0] // "10.1/x 10.2/y": the first of several
	}
	if strings.Contains(doi, "%") {
		if u, err := url.PathUnescape(doi); err == nil {
			doi = u
		}
	}
	if !study.ValidDOI(doi) {
		d.warnf(line, "%q is not a DOI (expected 10.<registrant>/<suffix>); left out", clip(v))
		d.drop(field, "not a DOI")
		return
	}
	d.s.DOI = doi
}

// addURL keeps the first http(s) link of field; a doi.org link is taken
// as the DOI and a PubMed link as the PMID.
func (d *draft) addURL(field string, line int, v string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	if p, err := url.Parse(v); err == nil && (p.Host == "doi.org" || p.Host == "dx.doi.org" || p.Host == "www.doi.org") {
		d.setDOI(field, line, strings.TrimPrefix(p.Path, "/"))
		return
	}
	if pmid, ok := pubMedLink(v); ok {
		d.setID(pmidKind, field, line, pmid, false)
		return
	}
	if !study.ValidSourceURL(v) {
		d.warnf(line, "%q is not an http or https link; left out", clip(v))
		d.drop(field, "not an http or https link")
		return
	}
	if d.s.URL == "" {
		d.s.URL = v
	} else if v != d.s.URL {
		d.drop(field, "only the first link is kept")
	}
}

// clip shortens text quoted in a message: the file holds it once, but
// twenty warnings quoting a 64 KiB value would hold it twenty times.
func clip(s string) string {
	const max = 200
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// ordinals read editions written as words.
var ordinals = map[string]string{"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5",
	"sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10"}

// setEdition keeps the number of "2nd ed.", "Second edition", "2".
func (d *draft) setEdition(v string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	low := strings.ToLower(v)
	for _, suffix := range []string{" edition", " edn.", " edn", " ed.", " ed"} {
		low = strings.TrimSuffix(low, suffix)
	}
	low = strings.TrimSpace(low)
	if n, ok := ordinals[low]; ok {
		d.s.Edition = n
		return
	}
	digits := strings.TrimRight(low, "stndrh.")
	if isDigits(digits) {
		d.s.Edition = digits
		return
	}
	d.s.Edition = v
}

// record tidies the draft into a Record.
func (d *draft) record() Record {
	s := &d.s
	for _, f := range []*string{&s.Title, &s.Journal, &s.Container, &s.Publisher, &s.Place, &s.Edition,
		&s.Volume, &s.Issue, &s.Pages, &s.ArticleNumber, &s.Chapter} {
		*f = collapse(*f)
	}
	s.Authors, s.Editors = cleanPeople(s.Authors), cleanPeople(s.Editors)
	if s.Type == "report" && s.Container == "" && s.Publisher != "" {
		// litkb keeps a report's institution in container (cite.FromStudy
		// prints it as the publisher); container holds the series only
		// when there is also a publisher.
		s.Container, s.Publisher = s.Publisher, ""
	}
	if d.err == nil {
		if s.Title == "" {
			d.warnf(d.line, "no title")
		} else if titleCased(s.Title) {
			d.warnf(d.line, "the title is in title case; litkb keeps titles in sentence case (proper nouns capitalised)")
		}
		if len(s.Authors) == 0 && len(s.Editors) == 0 {
			d.warnf(d.line, "no authors")
		}
		if s.Year == 0 && !d.warnedYear() {
			d.warnf(d.line, "no year")
		}
	}
	if d.dropped > 0 {
		d.warnings = append(d.warnings, LineError{Line: d.droppedAt, Msg: fmt.Sprintf("%s more warnings not shown", count(d.dropped))})
	}
	sort.SliceStable(d.warnings, func(i, j int) bool { return d.warnings[i].Line < d.warnings[j].Line })
	var warnings []string
	for _, w := range d.warnings {
		warnings = append(warnings, w.Error())
	}
	r := Record{Line: d.line, Key: d.key, Study: d.s, Warnings: warnings, Err: d.err}
	if d.err == nil {
		r.NotKept = d.notKeptList() // a record with an error keeps nothing
	}
	return r
}

func (d *draft) warnedYear() bool {
	for _, w := range d.warnings {
		if strings.HasPrefix(w.Msg, "no year") {
			return true
		}
	}
	return false
}

// titleCased reports whether all words of four letters or more after the
// first begin with a capital, as in "Earned-Secure Attachment Status in
// Retrospect".
func titleCased(t string) bool {
	long, upper := 0, 0
	first, prev := true, ""
	for w := range strings.FieldsSeq(t) { // a list of words would cost 16 bytes a word
		skip := first || strings.HasSuffix(prev, ":")
		first, prev = false, w
		if skip {
			continue
		}
		letters := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if utf8.RuneCountInString(letters) < 4 || isUpper(letters) {
			continue // short words and acronyms say nothing
		}
		long++
		if startsUpper(letters) {
			upper++
		}
	}
	return long >= 3 && upper == long
}

// isUpper reports whether upper-casing s leaves it as it is.
func isUpper(s string) bool {
	for _, r := range s {
		if unicode.ToUpper(r) != r {
			return false
		}
	}
	return true
}

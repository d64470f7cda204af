package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"litkb/internal/study"
)

// CSL-JSON is read as Zotero, Mendeley and citeproc tools write it: an
// array of items (or one item, or {"items": [...]}), values that should be
// strings given as numbers ("volume": 73), dates as date-parts (numbers or
// strings), "raw" or "literal", and rich-text markup (<i>, <sup>, <span
// class="nocase">) in titles. An item that cannot be read is an error
// naming its line; a JSON syntax error ends the file there, since nothing
// after it can be trusted to be where it seems.

// cslTypes maps CSL item types to litkb's study types.
var cslTypes = map[string]string{
	"article-journal": "article", "article-magazine": "article",
	"article-newspaper": "article", "review": "article",
	"book":    "book",
	"chapter": "chapter", "paper-conference": "paper-conference", "entry-encyclopedia": "chapter", "entry-dictionary": "chapter",
	"report":  "report",
	"thesis":  "thesis",
	"webpage": "webpage",
	// CSL's "article" is a preprint or working paper; one that names a
	// journal and no server is a journal article typed loosely (see
	// cslRecord).
	"article": "preprint", "manuscript": "manuscript", "dataset": "dataset",
}

// parseCSLJSON reads every item of data.
func parseCSLJSON(ctx context.Context, data []byte) ([]Record, error) {
	start := skipJSONSpace(data, 0)
	if start >= len(data) || (data[start] != '[' && data[start] != '{') {
		return nil, errors.New("not CSL-JSON: expected an array of items ([{…}]) or one item ({…})")
	}
	if data[start] == '{' {
		var wrapper struct {
			Items json.RawMessage `json:"items"`
			Type  json.RawMessage `json:"type"`
		}
		if err := json.Unmarshal(data, &wrapper); err != nil {
			return nil, jsonError(data, 0, err)
		}
		if len(wrapper.Items) == 0 || wrapper.Type != nil {
			return []Record{cslRecord(data[start:], lineAt(data, start))}, nil
		}
		return parseCSLArray(ctx, data, bytes.Index(data, wrapper.Items))
	}
	return parseCSLArray(ctx, data, start)
}

// parseCSLArray reads the array of items at data[start:], one at a time so
// that each keeps its line.
func parseCSLArray(ctx context.Context, data []byte, start int) ([]Record, error) {
	dec := json.NewDecoder(bytes.NewReader(data[start:]))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, errors.New("not CSL-JSON: expected an array of items ([{…}]) or one item ({…})")
	}
	c := collector{pacer: pacer{ctx: ctx}}
	// lineOf counts on from the last item's line: lineAt from the top for
	// every item would read the file once per item (quadratic).
	lineOff, line := 0, 1
	lineOf := func(off int) int {
		off = min(off, len(data))
		if off < lineOff {
			return lineAt(data, off)
		}
		line += bytes.Count(data[lineOff:off], []byte("\n"))
		lineOff = off
		return line
	}
	for dec.More() {
		at := skipJSONSpace(data, start+int(dec.InputOffset()))
		if c.full() {
			return nil, tooManyRecords(lineOf(at))
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if len(c.recs) == 0 {
				return nil, jsonError(data, start, err)
			}
			return append(c.recs, Record{Line: lineOf(at), Err: jsonError(data, start, err)}), nil
		}
		if err := c.add(cslRecord(raw, lineOf(at))); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return append(c.recs, Record{Line: lineOf(start + int(dec.InputOffset())), Err: jsonError(data, start, err)}), nil
	}
	return c.recs, nil
}

// skipJSONSpace skips white space and the commas between array elements.
func skipJSONSpace(data []byte, i int) int {
	for i < len(data) && strings.IndexByte(" \t\r\n,", data[i]) >= 0 {
		i++
	}
	return i
}

func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// jsonError names the line of a JSON syntax error found by a decoder that
// started reading at data[start].
func jsonError(data []byte, start int, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return lineErrorf(lineAt(data, start+int(se.Offset)), "invalid JSON: %s", se.Error())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return lineErrorf(lineAt(data, len(data)), "invalid JSON: the file ends in the middle of an item")
	}
	return lineErrorf(lineAt(data, len(data)), "invalid JSON: %v", err)
}

// cslNameJSON is a CSL name object.
type cslNameJSON struct {
	Family              string `json:"family"`
	Given               string `json:"given"`
	Suffix              string `json:"suffix"`
	NonDroppingParticle string `json:"non-dropping-particle"`
	DroppingParticle    string `json:"dropping-particle"`
	Literal             string `json:"literal"`
}

// cslKeys are the members of an item that litkb reads; the others are
// passed over, never decoded.
var cslKeys = func() map[string]int {
	m := map[string]int{}
	for i, k := range cslKeyList {
		m[k] = i
	}
	return m
}()

var cslKeyList = []string{"id", "type", "title", "author", "editor", "container-title", "container-title-short",
	"number", "chapter-number", "collection-title", "issued", "volume", "issue", "page", "page-first",
	"edition", "publisher", "publisher-place", "DOI", "URL", "journalAbbreviation", "language", "ISBN", "PMID", "PMCID",
	"original-date", "event", "event-title", "accessed", "genre", "version"}

// cslRecord reads one item: raw is valid JSON.
func cslRecord(raw json.RawMessage, line int) Record {
	d := &draft{line: line}
	raw = bytes.TrimSpace(raw)
	if len(raw) > maxEntryBytes {
		d.fail(limitErrorf(line, "the item is larger than %s, the limit for one record", size(maxEntryBytes)))
		return d.record()
	}
	if len(raw) == 0 || raw[0] != '{' {
		d.fail(lineErrorf(line, "an item must be a JSON object {…}"))
		return d.record()
	}
	vals := make([]json.RawMessage, len(cslKeys))
	var unread []string // the other keys, each once, for the not-kept list
	jsonEach(raw, func(key, val []byte) bool {
		if i, ok := cslKeys[string(key)]; ok {
			vals[i] = val // a repeated member: the last wins, as in a map
		} else if !emptyJSON(val) && !slices.Contains(unread, string(key)) {
			if len(unread) >= maxNotKept {
				d.notKeptMore++
				return true
			}
			unread = append(unread, string(key))
		}
		return true
	})
	used := make([]bool, len(cslKeys))
	obj := func(key string) (json.RawMessage, bool) {
		v := vals[cslKeys[key]]
		used[cslKeys[key]] = used[cslKeys[key]] || v != nil
		return v, v != nil
	}
	str := func(key string) string {
		v, ok := obj(key)
		if !ok {
			return ""
		}
		s, err := jsonText(v)
		if err != nil {
			d.fail(lineErrorf(line, "%s: %v", key, err))
		}
		if len(s) > maxFieldBytes {
			d.fail(limitErrorf(line, "%s: the value comes to more than %s, the limit for one field", key, size(maxFieldBytes)))
			return ""
		}
		return s
	}
	if id, ok := obj("id"); ok {
		d.key, _ = jsonText(id) // the source's own id only labels the record
		d.drop("id", whyLabel)
	}
	s := &d.s
	ty := str("type")
	s.Type = cslTypes[ty]
	if ty == "article" && str("container-title") != "" && str("publisher") == "" {
		s.Type = "article"
	}
	switch {
	case ty == "":
		d.fail(lineErrorf(line, "the item has no type"))
	case s.Type == "":
		d.fail(lineErrorf(line, "item type %q is not a kind of work litkb keeps (article-journal, book, chapter, paper-conference, report, thesis, webpage, article, manuscript, dataset); change the type if the work is one of these", clip(ty)))
	}
	s.Title = stripMarkup(str("title"))
	for _, role := range []string{"author", "editor"} {
		v, ok := obj(role)
		if !ok {
			continue
		}
		if jsonLen(v) > maxNames {
			d.fail(limitErrorf(line, "%s: more than %s names, the limit for one record", role, count(maxNames)))
			continue
		}
		var names []cslNameJSON
		if err := json.Unmarshal(v, &names); err != nil {
			d.fail(lineErrorf(line, "%s: expected a list of name objects ({\"family\": …, \"given\": …})", role))
			continue
		}
		if err := badCSLNames(line, role, names); err != nil {
			d.fail(err)
			continue
		}
		for _, n := range names {
			p := study.Person{Family: withParticle(n.NonDroppingParticle, n.Family), Given: n.Given, Suffix: n.Suffix}
			if n.DroppingParticle != "" {
				p.Family = withParticle(n.DroppingParticle, p.Family)
			}
			if n.Literal != "" {
				p = study.Person{Literal: n.Literal}
			}
			if role == "author" {
				s.Authors = append(s.Authors, p)
			} else {
				s.Editors = append(s.Editors, p)
			}
		}
	}
	container := stripMarkup(str("container-title"))
	switch s.Type {
	case "article":
		s.Journal = container
		short := stripMarkup(str("container-title-short"))
		if short == "" {
			short = stripMarkup(str("journalAbbreviation")) // Zotero's name for it
		} else if v, ok := obj("journalAbbreviation"); ok && !emptyJSON(v) && stripMarkup(str("journalAbbreviation")) != short {
			d.drop("journalAbbreviation", instead("container-title-short"))
		}
		if s.Journal == "" {
			s.Journal = short // the abbreviation is all there is
		} else {
			d.setJournalAbbrev(short)
		}
		s.ArticleNumber = str("number")
	case "chapter":
		s.Container = container
		s.Chapter = str("chapter-number")
	case "paper-conference":
		s.Container = container
		s.Chapter = str("chapter-number")
		// citeproc-js reads "event"; CSL 1.0.2 renamed it "event-title".
		s.Event = stripMarkup(str("event-title"))
		if s.Event == "" {
			s.Event = stripMarkup(str("event"))
		} else if v := stripMarkup(str("event")); v != "" && v != s.Event {
			d.drop("event", instead("event-title"))
		}
	case "webpage":
		s.Container = container // the website
		if v, ok := obj("accessed"); ok {
			d.setAccessed("accessed", cslDate(v))
		}
	case "report":
		s.Container = stripMarkup(str("collection-title"))
	}
	if s.Type != "article" {
		d.setNumber("number", str("number"))
	}
	d.setGenre("genre", stripMarkup(str("genre")))
	d.setVersion("version", str("version"))
	if v, ok := obj("issued"); ok {
		d.setYear("issued", line, cslDate(v))
		if datePartsBeyondYear(v) {
			d.drop("issued", "only the first date of a range is kept")
		}
	}
	if v, ok := obj("original-date"); ok {
		d.setOriginalYear("original-date", line, cslYear(v))
	}
	s.Volume, s.Issue = str("volume"), str("issue")
	page := str("page")
	if page == "" {
		page = str("page-first")
	} else if first, ok := obj("page-first"); ok && !emptyJSON(first) {
		d.drop("page-first", instead("page"))
	}
	d.setPages(page)
	d.setEdition(str("edition"))
	s.Publisher, s.Place = str("publisher"), str("publisher-place")
	d.setDOI("DOI", line, str("DOI"))
	d.setLanguage("language", line, str("language"))
	d.addURL("URL", line, str("URL"))
	for _, id := range []struct {
		key  string
		kind idKind
	}{{"ISBN", isbnKind}, {"PMID", pmidKind}, {"PMCID", pmcidKind}} {
		if v := str(id.key); v != "" {
			d.setID(id.kind, id.key, line, v, false)
		}
	}
	if d.err == nil {
		for i, key := range cslKeyList {
			if vals[i] != nil && !used[i] && !emptyJSON(vals[i]) && !d.listed(key) {
				d.drop(key, reasonFor(cslReasons, key, true, s.Type))
			}
		}
		for _, key := range unread {
			d.drop(key, reasonFor(cslReasons, key, false, s.Type))
		}
	}
	return d.record()
}

// emptyJSON reports whether v holds nothing to lose: null, "", [] or {}.
func emptyJSON(v []byte) bool {
	switch string(bytes.TrimSpace(v)) {
	case "null", `""`, "[]", "{}":
		return true
	}
	return false
}

// datePartsBeyondYear reports whether a CSL date is a range: a second
// date-parts, which is not kept (the first one's month and day are).
func datePartsBeyondYear(v json.RawMessage) bool {
	var parts []byte
	jsonEach(v, func(key, val []byte) bool { // nothing for a plain string: setYear judged it
		if string(key) == "date-parts" {
			parts = val
		}
		return true
	})
	if t := bytes.TrimSpace(parts); len(t) == 0 || t[0] != '[' {
		return false
	}
	return jsonLen(parts) > 1
}

// badCSLNames checks each name against maxNameBytes.
func badCSLNames(line int, role string, names []cslNameJSON) error {
	for _, n := range names {
		parts := []string{n.DroppingParticle, n.NonDroppingParticle, n.Family, n.Given, n.Suffix, n.Literal}
		size := 0
		for _, p := range parts {
			size += len(p)
		}
		if size > maxNameBytes {
			return badNames(line, role, []string{strings.Join(parts, " ")})
		}
	}
	return nil
}

// jsonText reads a value that should be text; numbers are accepted as
// their digits, null as nothing.
func jsonText(v json.RawMessage) (string, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return "", nil
	}
	switch v[0] {
	case '"':
		var s string
		err := json.Unmarshal(v, &s)
		return strings.TrimSpace(s), err
	case '[':
		return "", errors.New("expected text, found a list")
	case '{':
		return "", errors.New("expected text, found an object")
	case 't', 'f':
		return "", errors.New("expected text, found true or false")
	}
	if _, err := strconv.ParseFloat(string(v), 64); err != nil {
		return "", fmt.Errorf("expected text, found %s", clip(string(v)))
	}
	return string(v), nil
}

// cslYear reads a CSL date as text findYear can read: the first date-part,
// or "raw", or "literal", or a plain string.
func cslYear(v json.RawMessage) string {
	// date-parts stays raw: only its first number is read, and decoding
	// a list of a hundred thousand dates to read it costs megabytes.
	var date struct {
		DateParts json.RawMessage `json:"date-parts"`
		Raw       string          `json:"raw"`
		Literal   string          `json:"literal"`
	}
	if s, err := jsonText(v); err == nil {
		return s
	}
	if err := json.Unmarshal(v, &date); err != nil {
		return string(v)
	}
	first := jsonFirst(date.DateParts)
	if t := bytes.TrimSpace(date.DateParts); len(t) > 0 && t[0] != '[' && string(t) != "null" ||
		len(first) > 0 && first[0] != '[' && string(first) != "null" {
		return string(v) // not date-parts: findYear looks for a year in it all
	}
	if p := jsonFirst(first); p != nil {
		if y, err := jsonText(p); err == nil && y != "" {
			return y
		}
	}
	if date.Raw != "" {
		return date.Raw
	}
	return date.Literal
}

// markup is the rich text CSL-JSON allows in titles.
var markup = regexp.MustCompile(`</?(i|b|sup|sub|sc)>|<span[^>]*>|</span>`)

func stripMarkup(s string) string { return markup.ReplaceAllString(s, "") }

package ingest

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"unicode/utf8"
)

// The BibTeX reader follows BibTeX's own grammar where exports rely on it:
// anything outside an entry is a comment; entries are delimited by braces
// or parentheses; a value is braced, quoted, a number or an @string macro,
// and values concatenate with #; braces are counted even when backslashed.
// Where BibTeX would swallow the rest of the file after a missing brace,
// this reader stops at the next line that starts an entry, reports the
// broken entry with its line, and carries on.

// bibEntry is one entry as written: its raw (undecoded) field values.
// Entries are kept until the file ends (a crossref may point forward), so
// an entry keeps only the fields litkb reads (bibRead).
type bibEntry struct {
	line    int
	typ     string // lower case: article, incollection, …
	key     string
	fields  map[string]bibField // by lower-case name
	nfields int                 // fields written, kept or not
	size    int                 // bytes of field text, for maxEntryBytes
	d       *draft              // warnings and the first error
	// own are the names of the fields the entry itself writes, each once
	// (inherited ones are not its own); used those the record mapped.
	own  []string
	used map[string]bool
}

type bibField struct {
	name string
	line int
	raw  string // after macro expansion and concatenation, still LaTeX
}

type bibScanner struct {
	src     string
	pos     int
	line    int
	macros  map[string]macro // @string macros by lower-case name
	defined int              // macros the file defined
	text    int              // bytes of field text so far, for maxFileBytes
	fatal   error            // a file-wide limit passed: the import stops
	fields  []bibField       // the current entry's fields, all of them
	seen    map[string]bool  // scratch for ownNames
	parts   []string         // scratch for value
}

func (sc *bibScanner) eof() bool { return sc.pos >= len(sc.src) }

func (sc *bibScanner) peek() byte {
	if sc.pos < len(sc.src) {
		return sc.src[sc.pos]
	}
	return 0
}

func (sc *bibScanner) advance() {
	if sc.src[sc.pos] == '\n' {
		sc.line++
	}
	sc.pos++
}

func (sc *bibScanner) advanceTo(p int) {
	sc.line += strings.Count(sc.src[sc.pos:p], "\n")
	sc.pos = p
}

func (sc *bibScanner) skipSpace() {
	for !sc.eof() && isSpace(sc.peek()) {
		sc.advance()
	}
}

// isIdentChar: BibTeX names may hold any printing character but these.
func isIdentChar(c byte) bool {
	return c > ' ' && c != 0x7f && strings.IndexByte("\"#%'(),={}@\\", c) < 0
}

func isBibIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isIdentChar(s[i]) {
			return false
		}
	}
	return s != ""
}

func (sc *bibScanner) ident() string {
	start := sc.pos
	for !sc.eof() && isIdentChar(sc.peek()) {
		sc.advance()
	}
	return sc.src[start:sc.pos]
}

// entryAt reports whether an entry starts at p, after blanks: @, a name,
// then { or (.
func (sc *bibScanner) entryAt(p int) bool {
	for p < len(sc.src) && (sc.src[p] == ' ' || sc.src[p] == '\t') {
		p++
	}
	if p >= len(sc.src) || sc.src[p] != '@' {
		return false
	}
	p++
	start := p
	for p < len(sc.src) && isASCIILetter(sc.src[p]) {
		p++
	}
	if p == start {
		return false
	}
	for p < len(sc.src) && isSpace(sc.src[p]) {
		p++
	}
	return p < len(sc.src) && (sc.src[p] == '{' || sc.src[p] == '(')
}

// resync moves to the start of the next line that opens an entry (or the
// end), after an error inside an entry.
func (sc *bibScanner) resync() {
	if sc.atLineStart() && sc.entryAt(sc.pos) {
		return
	}
	for {
		i := strings.IndexByte(sc.src[sc.pos:], '\n')
		if i < 0 {
			sc.advanceTo(len(sc.src))
			return
		}
		sc.advanceTo(sc.pos + i + 1)
		if sc.entryAt(sc.pos) {
			return
		}
	}
}

func (sc *bibScanner) atLineStart() bool { return sc.pos == 0 || sc.src[sc.pos-1] == '\n' }

// readDelimited reads a braced ({…}) or quoted ("…") value at sc.pos and
// returns its content. It fails at the end of the input, at a line that
// opens a new entry (a brace or quote was never closed), or at a closing
// brace with no opening one inside quotes.
func (sc *bibScanner) readDelimited() (string, bool) {
	quoted := sc.peek() == '"'
	sc.advance()
	start, depth := sc.pos, 0
	for !sc.eof() {
		switch sc.peek() {
		case '{':
			depth++
		case '}':
			if depth == 0 {
				if quoted {
					return "", false
				}
				s := sc.src[start:sc.pos]
				sc.advance()
				return s, true
			}
			depth--
		case '"':
			if quoted && depth == 0 {
				s := sc.src[start:sc.pos]
				sc.advance()
				return s, true
			}
		case '\n':
			if sc.entryAt(sc.pos + 1) {
				sc.advance()
				return "", false
			}
		}
		sc.advance()
	}
	return "", false
}

// describe names the character at sc.pos for a message.
func (sc *bibScanner) describe() string {
	if sc.eof() {
		return "the end of the file"
	}
	r, _ := utf8.DecodeRuneInString(sc.src[sc.pos:])
	return "\"" + string(r) + "\""
}

// body reads an entry's fields up to its closing delimiter. With keyed
// set, a citation key comes first.
func (sc *bibScanner) body(e *bibEntry, close byte, keyed bool) error {
	sc.skipSpace()
	if keyed {
		startPos, startLine := sc.pos, sc.line
		for !sc.eof() && !isSpace(sc.peek()) && strings.IndexByte(",={}()", sc.peek()) < 0 {
			sc.advance()
		}
		e.key = sc.src[startPos:sc.pos]
		sc.skipSpace()
		switch {
		case sc.peek() == '=': // no key: that was the first field's name
			e.key = ""
			sc.pos, sc.line = startPos, startLine
		case sc.peek() == ',':
			sc.advance()
		case sc.peek() == close && !sc.eof():
			sc.advance()
			return nil
		case sc.eof():
			return lineErrorf(e.line, "@%s entry is not closed: the file ends", e.typ)
		default:
			return lineErrorf(sc.line, "expected a comma after the key %q, found %s", clip(e.key), sc.describe())
		}
	}
	for {
		sc.skipSpace()
		c := sc.peek()
		switch {
		case sc.eof():
			return lineErrorf(e.line, "@%s entry is not closed (missing %q): the file ends", e.typ, string(close))
		case c == close:
			sc.advance()
			return nil
		case c == ',':
			sc.advance()
			continue
		case c == '@' && sc.entryAt(sc.pos):
			return lineErrorf(e.line, "@%s entry is not closed (missing %q) before the entry at line %d", e.typ, string(close), sc.line)
		}
		line := sc.line
		name := sc.ident()
		label := clip(name) // for messages
		if name == "" {
			return lineErrorf(line, "expected a field name, found %s", sc.describe())
		}
		if e.nfields >= maxRecordFields {
			return limitErrorf(line, "the entry has more than %s fields, the limit for one record", count(maxRecordFields))
		}
		sc.skipSpace()
		if sc.peek() != '=' {
			return lineErrorf(sc.line, "expected \"=\" after the field name %s, found %s", label, sc.describe())
		}
		sc.advance()
		lname := strings.ToLower(name)
		v, err := sc.value(e, label, line)
		if err != nil {
			if e.typ == "string" && errors.Is(err, ErrLimit) && sc.fatal == nil {
				// Entries using the macro fail too, instead of reading
				// its name as text.
				if derr := sc.define(lname, macro{bad: line}, line); derr != nil {
					sc.fatal = derr
					return derr
				}
			}
			return err
		}
		e.nfields++
		sc.fields = append(sc.fields, bibField{name: lname, line: line, raw: v})
		if e.typ == "string" || bibRead[lname] {
			if _, dup := e.fields[lname]; dup {
				e.d.warnf(line, "%s is given twice; the first is kept", clip(lname))
			} else {
				e.fields[lname] = bibField{name: lname, line: line, raw: v}
			}
		}
		end := sc.line
		sc.skipSpace()
		if c := sc.peek(); isIdentChar(c) && c != close {
			return lineErrorf(end, "missing comma after the value of %s: fields are separated by commas", label)
		} else if !sc.eof() && c != ',' && c != close && c != '@' {
			return lineErrorf(sc.line, "unexpected %s after the value of %s (a missing comma, or unbalanced braces?)", sc.describe(), label)
		}
	}
}

// skipGroup passes over a balanced group (@comment, @preamble).
func (sc *bibScanner) skipGroup(open, close byte) {
	sc.advance()
	depth := 1
	for !sc.eof() {
		switch c := sc.peek(); {
		case c == open:
			depth++
		case c == close:
			depth--
			if depth == 0 {
				sc.advance()
				return
			}
		case c == '\n' && sc.entryAt(sc.pos+1):
			sc.advance()
			return
		}
		sc.advance()
	}
}

// junkField finds a field assignment in text between entries: the sign
// that an entry was closed early by an extra brace.
var junkField = regexp.MustCompile(`(?m)^[ \t]*,?[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*=`)

// parseBibTeX reads every entry of src.
func parseBibTeX(ctx context.Context, src string) ([]Record, error) {
	sc := &bibScanner{src: src, line: 1, macros: monthMacros()}
	p := pacer{ctx: ctx}
	var entries []*bibEntry
	var prev *bibEntry // the last entry closed, until something else starts
	junkStart, junkLine := 0, 1
	for {
		if err := p.step(); err != nil {
			return nil, err
		}
		i := strings.IndexByte(sc.src[sc.pos:], '@')
		if i < 0 {
			checkJunk(prev, sc.src[junkStart:], junkLine)
			break
		}
		sc.advanceTo(sc.pos + i)
		if !sc.entryAt(sc.pos) {
			sc.advance() // an @ in free text
			continue
		}
		checkJunk(prev, sc.src[junkStart:sc.pos], junkLine)
		prev = nil
		line := sc.line
		sc.advance() // @
		typ := strings.ToLower(sc.ident())
		sc.skipSpace()
		open := sc.peek()
		close := byte('}')
		if open == '(' {
			close = ')'
		}
		switch typ {
		case "comment", "preamble":
			sc.skipGroup(open, close)
			junkStart, junkLine = sc.pos, sc.line
			continue
		}
		e := &bibEntry{line: line, typ: typ, fields: map[string]bibField{}, d: &draft{line: line}}
		sc.fields = sc.fields[:0]
		sc.advance() // the opening delimiter
		err := sc.body(e, close, typ != "string")
		if typ != "string" {
			sc.ownNames(e)
		}
		if err != nil {
			if sc.fatal != nil {
				return nil, sc.fatal
			}
			if !errors.Is(err, ErrLimit) {
				err = swallowed(e.fields, sc.fields, err)
			}
			e.d.fail(err)
			sc.resync()
		} else if typ != "string" {
			prev = e
		}
		junkStart, junkLine = sc.pos, sc.line
		if typ == "string" {
			for name, f := range e.fields {
				if err := sc.define(name, macro{text: f.raw}, f.line); err != nil {
					return nil, err
				}
			}
			if e.d.err == nil {
				continue // a macro definition is not a record
			}
		}
		if len(entries) >= MaxRecords {
			return nil, tooManyRecords(e.line)
		}
		entries = append(entries, e)
	}
	return bibRecords(ctx, entries, sc.text)
}

// ownNames gives e the names of the fields it wrote, each once, up to
// maxNotKept beyond those litkb reads: only they can be reported.
func (sc *bibScanner) ownNames(e *bibEntry) {
	if sc.seen == nil {
		sc.seen = map[string]bool{}
	}
	clear(sc.seen)
	unread := 0
	for _, f := range sc.fields {
		if sc.seen[f.name] {
			continue
		}
		sc.seen[f.name] = true
		if !bibRead[f.name] {
			if unread++; unread > maxNotKept {
				e.d.notKeptMore++
				continue
			}
		}
		e.own = append(e.own, f.name)
	}
}

// swallowedField finds a field assignment at the start of a line inside a
// value: the sign that the value's closing brace is missing.
var swallowedField = regexp.MustCompile(`\n[ \t]*[A-Za-z][A-Za-z0-9_-]*[ \t]*=[ \t]*[{"0-9A-Za-z]`)

// swallowed improves err for an entry that ran to the end of the file or
// into the next entry: when a value holds what look like further fields,
// that value's braces are the problem. fields are all the entry's fields
// in order; kept are those kept, by name.
func swallowed(kept map[string]bibField, fields []bibField, err error) error {
	for _, f := range fields {
		if k, ok := kept[f.name]; ok && k.line != f.line {
			continue // a repeat, ignored
		}
		if swallowedField.MatchString(f.raw) {
			return lineErrorf(f.line, "unbalanced braces in %s", clip(f.name))
		}
	}
	return err
}

// checkJunk flags prev when the text after it holds a field assignment.
func checkJunk(prev *bibEntry, junk string, line int) {
	if prev == nil || prev.d.err != nil {
		return
	}
	m := junkField.FindStringSubmatchIndex(junk)
	if m == nil {
		return
	}
	at := line + strings.Count(junk[:m[0]], "\n")
	prev.d.fail(lineErrorf(at, "unbalanced braces: the @%s entry was closed before the field %s (an extra \"}\"?)",
		prev.typ, junk[m[2]:m[3]]))
}

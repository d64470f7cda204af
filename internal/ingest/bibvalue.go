package ingest

import (
	"strings"
)

// macro is an @string definition. Like BibTeX, the reader expands a macro
// where it is defined, so using one copies its text and never nests: a
// chain of definitions each doubling the last (the classic "billion
// laughs") grows the text by the field limit at most, then stops.
type macro struct {
	text string
	bad  int // the line where the definition passed a limit; 0 when usable
}

// monthMacros are the macros every BibTeX style defines.
func monthMacros() map[string]macro {
	m := map[string]macro{}
	for _, name := range []string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"} {
		m[strings.ToLower(name[:3])] = macro{text: name}
	}
	return m
}

// define sets a macro; past maxMacros names the import stops.
func (sc *bibScanner) define(name string, m macro, line int) error {
	if _, ok := sc.macros[name]; !ok {
		if sc.defined >= maxMacros {
			return limitErrorf(line, "the file defines more than %s @string macros; split it into smaller files", count(maxMacros))
		}
		sc.defined++
	}
	sc.macros[name] = m
	return nil
}

// value reads a field's value: parts joined by #. field and line name the
// field in messages. Each part is measured against the limits before it
// is kept, and the parts are joined once, at their final length.
func (sc *bibScanner) value(e *bibEntry, field string, line int) (string, error) {
	parts := sc.parts[:0]
	n := 0
	for {
		sc.skipSpace()
		c := sc.peek()
		var s string
		switch {
		case sc.eof():
			return "", lineErrorf(line, "%s has no value: the file ends", field)
		case c == '{' || c == '"':
			var ok bool
			if s, ok = sc.readDelimited(); !ok {
				if c == '"' {
					return "", lineErrorf(line, "unbalanced quotes or braces in %s", field)
				}
				return "", lineErrorf(line, "unbalanced braces in %s", field)
			}
		case isDigit(c):
			start := sc.pos
			for !sc.eof() && isDigit(sc.peek()) {
				sc.advance()
			}
			s = sc.src[start:sc.pos]
		case isIdentChar(c):
			at := sc.line
			name := sc.ident()
			m, ok := sc.macros[strings.ToLower(name)]
			switch {
			case !ok:
				e.d.warnf(at, "%s: @string macro %q is not defined; kept as text", field, clip(name))
				s = name
			case m.bad > 0:
				return "", limitErrorf(at, "%s: @string macro %q is unusable: its definition at line %d passed a limit", field, clip(name), m.bad)
			default:
				s = m.text
			}
		default:
			return "", lineErrorf(sc.line, "%s: expected a value in braces or quotes, found %s", field, sc.describe())
		}
		if err := sc.fits(e, field, line, len(parts), n+len(s)); err != nil {
			return "", err
		}
		n += len(s)
		parts = append(parts, s)
		pos, l := sc.pos, sc.line
		sc.skipSpace()
		if sc.peek() != '#' {
			sc.pos, sc.line = pos, l // stay where the value ends
			break
		}
		sc.advance()
	}
	e.size += n
	sc.text += n
	v := parts[0]
	if len(parts) > 1 {
		v = strings.Join(parts, "")
	}
	clear(parts) // the slice is reused; let the texts go
	sc.parts = parts[:0]
	return v, nil
}

// fits checks a value of n bytes in parts earlier parts against the
// limits, before it is built. Past the file's limit the import stops.
func (sc *bibScanner) fits(e *bibEntry, field string, line, parts, n int) error {
	switch {
	case parts >= maxValueParts:
		return limitErrorf(line, "%s: more than %s parts joined with #, the limit for one value", field, count(maxValueParts))
	case n > maxFieldBytes:
		return limitErrorf(line, "%s: the value comes to more than %s, the limit for one field", field, size(maxFieldBytes))
	case e.size+n > maxEntryBytes:
		return limitErrorf(line, "%s: the entry's fields come to more than %s together, the limit for one record", field, size(maxEntryBytes))
	case sc.text+n > maxFileBytes:
		sc.fatal = fileTooLarge(line)
		return sc.fatal
	}
	return nil
}

func fileTooLarge(line int) error {
	return limitErrorf(line, "the file's fields come to more than %s of text with @string macros and crossrefs expanded; split it into smaller files", size(maxFileBytes))
}

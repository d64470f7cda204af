package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"litkb/internal/study"
)

// Import limits. An import file is the curator's own export, but it
// arrives over the API from anyone with a token, and a few hundred bytes
// of nested @string macros expand to gigabytes. Every limit sits far above
// what a reference manager writes (a library of a few thousand records, an
// abstract of a few KiB, a few dozen authors) and low enough that the
// worst file costs well under 200 MiB and a few seconds. Limits are
// checked before text is built, never after.
const (
	// MaxRecords caps the records of one import: a reference manager's
	// library is a few thousand records; a bigger one is split.
	MaxRecords = 5000

	// maxInputBytes is the largest file Parse reads (the API takes 16 MiB).
	maxInputBytes = 32 << 20
	// maxFieldBytes bounds one field value after @string expansion: a long
	// abstract is 3 KiB, a 1,000-author list 40 KiB.
	maxFieldBytes = 64 << 10
	// maxEntryBytes bounds one record's field text together, inherited
	// crossref fields included.
	maxEntryBytes = 1 << 20
	// maxFileBytes bounds a BibTeX file's field text after @string
	// expansion and crossref inheritance: twice the API's body limit, so
	// only expansion can reach it.
	maxFileBytes = 32 << 20
	// maxValueParts bounds the parts one BibTeX value joins with #
	// (month = jul # "~1" has two). Macros are expanded when defined, so
	// a reference never nests: the number of parts is its whole depth.
	maxValueParts = 1000
	// maxMacros bounds the distinct @string names of a file: journal
	// abbreviation lists hold a few thousand.
	maxMacros = 10000
	// maxRecordFields bounds one record's fields (BibTeX) or tag lines
	// (RIS), which are kept until the record ends.
	maxRecordFields = 5000
	// maxNames bounds the authors, and the editors, of one record.
	maxNames = 1000
	// maxNameBytes bounds one person's name as written: a name is split
	// into words and parts several times over, at a cost per word, and
	// the longest real names are under 100 bytes.
	maxNameBytes = 256
	// maxFileNames and maxFileNameBytes bound the names of a whole file
	// (crossrefs copy editor lists): each name costs a few hundred bytes
	// once parsed, plus a few times its length. A library of 5,000
	// records lists some 30,000 names of 20 bytes.
	maxFileNames     = 100000
	maxFileNameBytes = 4 << 20
	// maxWarnings bounds the warnings kept for one record; the rest are
	// counted.
	maxWarnings = 20
	// maxLaTeXDepth bounds nested macro arguments (\'{\'{…}}): each level
	// copies its argument's text, so depth costs depth × length.
	maxLaTeXDepth = 32
	// checkEvery is how many steps (lines, entries, records) pass between
	// looks at the context.
	checkEvery = 64
)

// ErrLimit is wrapped by every error that reports an import limit, for a
// caller that answers "too large" rather than "invalid".
var ErrLimit = errors.New("import limit exceeded")

// limitErrorf is lineErrorf for a passed limit.
func limitErrorf(line int, format string, args ...any) error {
	return &LineError{Line: line, Msg: fmt.Sprintf(format, args...), err: ErrLimit}
}

// limitError is a passed limit that no one line is to blame for.
type limitError string

func (e limitError) Error() string { return string(e) }
func (e limitError) Unwrap() error { return ErrLimit }

// badNames checks a record's list of names for role ("author").
func badNames(line int, role string, names []string) error {
	if len(names) > maxNames {
		return limitErrorf(line, "%s: more than %s names, the limit for one record", role, count(maxNames))
	}
	for _, n := range names {
		if len(n) > maxNameBytes {
			return limitErrorf(line, "%s: a name of more than %d bytes, the limit for one name: %q", role, maxNameBytes, clip(n))
		}
	}
	return nil
}

func tooManyRecords(line int) error {
	return limitErrorf(line, "the file holds more than %s records; split it into smaller files", count(MaxRecords))
}

// count writes n with thousands separators, as messages do: 5,000.
func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// size writes a byte limit: 64 KiB, 32 MiB.
func size(n int) string {
	if n >= 1<<20 {
		return strconv.Itoa(n>>20) + " MiB"
	}
	return strconv.Itoa(n>>10) + " KiB"
}

// stopped wraps the context's error once it is done.
func stopped(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("the import was stopped: %w", err)
	}
	return nil
}

// pacer looks at the context every checkEvery steps, so that a dropped
// client stops the work without a lock taken per line.
type pacer struct {
	ctx   context.Context
	steps int
}

func (p *pacer) step() error {
	p.steps++
	if p.steps%checkEvery != 0 {
		return nil
	}
	return stopped(p.ctx)
}

// readInput reads at most maxInputBytes, in one allocation when the reader
// knows its length (the server's bytes.Reader does).
func readInput(r io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	if l, ok := r.(interface{ Len() int }); ok && l.Len() <= maxInputBytes {
		buf.Grow(l.Len() + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, maxInputBytes+1)); err != nil {
		return nil, fmt.Errorf("reading the import: %w", err)
	}
	if buf.Len() > maxInputBytes {
		return nil, limitError(fmt.Sprintf("the file is larger than %s, the most one import reads; split it into smaller files",
			size(maxInputBytes)))
	}
	return buf.Bytes(), nil
}

// collector gathers a file's records, holding them to the file-wide limits
// and stopping when the context is done.
type collector struct {
	pacer
	recs      []Record
	names     int
	nameBytes int
}

// full reports whether another record would pass MaxRecords.
func (c *collector) full() bool { return len(c.recs) >= MaxRecords }

func (c *collector) add(r Record) error {
	if c.full() {
		return tooManyRecords(r.Line)
	}
	for _, ps := range [][]study.Person{r.Study.Authors, r.Study.Editors} {
		c.names += len(ps)
		for _, p := range ps {
			c.nameBytes += len(p.Family) + len(p.Given) + len(p.Suffix) + len(p.Literal)
		}
	}
	if c.names > maxFileNames {
		return limitErrorf(r.Line, "the file lists more than %s authors and editors; split it into smaller files", count(maxFileNames))
	}
	if c.nameBytes > maxFileNameBytes {
		return limitErrorf(r.Line, "the file's authors and editors come to more than %s of names; split it into smaller files", size(maxFileNameBytes))
	}
	c.recs = append(c.recs, r)
	return c.step()
}

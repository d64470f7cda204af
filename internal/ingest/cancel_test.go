package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// library is a valid file of n records in format f ("nbib" for MEDLINE).
func library(f string, n int) (Format, []byte) {
	var b bytes.Buffer
	switch f {
	case "bibtex":
		for i := range n {
			fmt.Fprintf(&b, "@article{k%d,\n  author = {Doe, Jane and Roe, R.},\n  title = {Record number %d},\n  journal = {J},\n  year = 2024\n}\n", i, i)
		}
		return BibTeX, b.Bytes()
	case "ris":
		for i := range n {
			fmt.Fprintf(&b, "TY  - JOUR\nAU  - Doe, Jane\nTI  - Record number %d\nT2  - J\nPY  - 2024\nER  - \n\n", i)
		}
		return RIS, b.Bytes()
	case "nbib":
		for i := range n {
			fmt.Fprintf(&b, "PMID- %d\nTI  - Record number %d.\nFAU - Doe, Jane\nJT  - J\nDP  - 2024\n\n", i+1, i)
		}
		return RIS, b.Bytes()
	}
	b.WriteString("[\n")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"type": "article-journal", "title": "Record number %d", "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2024]]}}`, i)
	}
	b.WriteString("]\n")
	return CSLJSON, b.Bytes()
}

var libraryFormats = []string{"bibtex", "ris", "nbib", "csljson"}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// A request whose client is already gone costs nothing: Parse does not even
// read the body.
func TestParseCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, name := range libraryFormats {
		f, data := library(name, MaxRecords)
		r := &countingReader{r: bytes.NewReader(data)}
		start := time.Now()
		recs, err := Parse(ctx, f, r)
		t.Logf("%s: %d bytes, returned in %v", name, len(data), time.Since(start))
		if !errors.Is(err, context.Canceled) || recs != nil {
			t.Errorf("%s: Parse = %d records, %v; want context.Canceled", name, len(recs), err)
		}
		if r.n != 0 {
			t.Errorf("%s: read %d bytes of a cancelled import", name, r.n)
		}
	}
}

// countdown is a context that another goroutine cancels when Err is asked
// for the at-th time: a client dropping the request at a chosen point of
// the parse. calls counts the questions.
type countdown struct {
	context.Context
	cancel    context.CancelFunc
	calls, at int
}

func newCountdown(at int) *countdown {
	ctx, cancel := context.WithCancel(context.Background())
	return &countdown{Context: ctx, cancel: cancel, at: at}
}

func (c *countdown) Err() error {
	c.calls++
	if c.calls == c.at {
		done := make(chan struct{})
		go func() { c.cancel(); close(done) }()
		<-done
	}
	return c.Context.Err()
}

// Cancelled at any point of a parse, from the first look at the context to
// the last (in finish), Parse stops with an error wrapping
// context.Canceled; and it looks often: every checkEvery records at least.
func TestParseCancelledMidway(t *testing.T) {
	const n = 4000
	for _, name := range libraryFormats {
		f, data := library(name, n)
		probe := newCountdown(0)
		recs, err := Parse(probe, f, bytes.NewReader(data))
		if err != nil || len(recs) != n {
			t.Fatalf("%s: Parse = %d records, %v; want %d", name, len(recs), err, n)
		}
		looks := probe.calls
		if looks < 2*n/checkEvery {
			t.Errorf("%s: the context was looked at %d times in %d records, want at least %d", name, looks, n, 2*n/checkEvery)
		}
		for _, at := range []int{1, 2, 3, looks / 4, looks / 2, looks - 1, looks} {
			ctx := newCountdown(at)
			recs, err := Parse(ctx, f, bytes.NewReader(data))
			if !errors.Is(err, context.Canceled) || recs != nil {
				t.Errorf("%s: cancelled at look %d of %d: Parse = %d records, %v; want context.Canceled", name, at, looks, len(recs), err)
			}
			if ctx.calls != at {
				t.Errorf("%s: cancelled at look %d, Parse went on to look %d", name, at, ctx.calls)
			}
		}
	}
}

// A bomb that would run long stops too: cancelled while it reads the
// 100,000 entries, Parse stops with context.Canceled, not the record limit.
func TestParseCancelledBomb(t *testing.T) {
	for _, b := range bombs {
		if !strings.HasPrefix(b.name, "entries-100k") {
			continue
		}
		data := b.input(t)
		ctx := newCountdown(10)
		if _, err := Parse(ctx, b.format, bytes.NewReader(data)); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: Parse = %v; want context.Canceled", b.label(), err)
		}
	}
}

package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"litkb/internal/study"
)

// The fuzz targets feed each reader arbitrary bytes, seeded with every
// fixture and import bomb of its format. Whatever the input: no panic; a
// valid UTF-8 BibTeX or RIS input is always readable as a whole, unless it
// passes a file-wide limit (ErrLimit); every record's line, every error
// and every warning names a line that exists; and a record without an
// error is a well-formed draft.

func FuzzBibTeX(f *testing.F) {
	seed(f, "*.bib")
	seed(f, "bombs/*.bib")
	for _, s := range []string{"@", "@a{", "@a{k,t={", "@string{x = y # z}", "@a(k, t = x # \"}\")", "{\\'", "@a{k,t={\\v}}",
		"@a{k, author = { and  and {} and , and others}}", "@comment{", "@a{k,\n}\nx = 1", "@a{,t=1}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { check(t, BibTeX, data) })
}

func FuzzRIS(f *testing.F) {
	seed(f, "*.ris")
	seed(f, "*.nbib")
	seed(f, "bombs/*.ris")
	for _, s := range []string{"TY  - ", "ER  - ", "TY  - JOUR\rAU  - ,\rER  - ", "PMID- 1\nAU  - X Y\n      z", "SP  - 9-1\nTY - BOOK"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { check(t, RIS, data) })
}

func FuzzCSLJSON(f *testing.F) {
	seed(f, "*.json")
	seed(f, "bombs/*.json")
	for _, s := range []string{"[", "{}", "[null]", "[{\"author\": [{}]}]", "{\"items\": 3}", "[{\"issued\": {\"date-parts\": [[]]}}]"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { check(t, CSLJSON, data) })
}

func seed(f *testing.F, pattern string) {
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func check(t *testing.T, format Format, data []byte) {
	recs, err := Parse(context.Background(), format, bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, ErrLimit) {
			if n, ok := lineOf(err.Error()); ok && (n < 1 || n > 1+bytes.Count(data, []byte("\n"))+bytes.Count(data, []byte("\r"))) {
				t.Errorf("limit error %q does not name a line of the input", err)
			}
			return
		}
		if format != CSLJSON && utf8.Valid(data) {
			t.Fatalf("valid UTF-8 %s unreadable as a whole: %v", format, err)
		}
		return
	}
	body := bytes.TrimPrefix(data, bom)
	lines := 1 + max(bytes.Count(body, []byte("\n")), bytes.Count(body, []byte("\r")))
	inRange := func(what string, msg string) {
		n, ok := lineOf(msg)
		if !ok || n < 1 || n > lines {
			t.Errorf("%s %q does not name a line of the input (1-%d)", what, msg, lines)
		}
	}
	for _, r := range recs {
		if r.Line < 1 || r.Line > lines {
			t.Errorf("record at line %d of a %d-line input", r.Line, lines)
		}
		for _, w := range r.Warnings {
			inRange("warning", w)
		}
		if r.Err != nil {
			inRange("error", r.Err.Error())
			var le *LineError
			if !errors.As(r.Err, &le) {
				t.Errorf("error %q is not a *LineError", r.Err)
			}
			continue
		}
		s := r.Study
		if !study.ValidID(s.ID) || s.Status != "draft" || r.CSL.ID != s.ID {
			t.Errorf("record at line %d: id %q, status %q, CSL id %q", r.Line, s.ID, s.Status, r.CSL.ID)
		}
		if !slices.Contains(study.Types, s.Type) {
			t.Errorf("record at line %d: type %q", r.Line, s.Type)
		}
		if s.DOI != "" && !study.ValidDOI(s.DOI) {
			t.Errorf("record at line %d: DOI %q", r.Line, s.DOI)
		}
		if s.URL != "" && !study.ValidSourceURL(s.URL) {
			t.Errorf("record at line %d: URL %q", r.Line, s.URL)
		}
		for _, v := range []string{s.Title, s.Journal, s.Container, s.Pages, people(s.Authors), people(s.Editors)} {
			if !utf8.ValidString(v) || strings.ContainsAny(v, "\n\r\t") || v != strings.TrimSpace(v) {
				t.Errorf("record at line %d: untidy text %q", r.Line, v)
			}
		}
	}
}

// lineOf reads N from a message "line N: …".
func lineOf(msg string) (int, bool) {
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, false
	}
	num, _, ok := strings.Cut(rest, ":")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(num)
	return n, err == nil
}

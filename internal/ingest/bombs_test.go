package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// Import bombs: inputs built to cost time or memory out of proportion to
// their size. Each must end with the error it names, or a bounded result,
// having allocated less than maxBombAlloc. Allocation is deterministic, so
// it is asserted; wall time depends on the machine and is only reported
// (go test -v -run TestImportBombs, or BenchmarkImportBombs).
//
// The small bombs are files in testdata/bombs (and fuzz seeds); the big
// ones are built by their gen functions, each just under the server's
// 16 MiB body limit. The runner and helpers are in bombrun_test.go.

const maxBombAlloc = 200 << 20

// bodyLimit is the server's maxImport, less room for the bomb's ends.
const bodyLimit = 16<<20 - 1024

type bomb struct {
	name   string
	format Format
	file   string        // in testdata/bombs; or
	gen    func() []byte // built here
	check  func(t testing.TB, recs []Record, err error)
}

var bombs = []bomb{
	{name: "string-expansion", format: BibTeX, file: "string-expansion.bib", check: gives(6, map[int]string{
		0: "line 5: e: the value comes to more than 64 KiB, the limit for one field",
		1: `line 6: f: @string macro "e" is unusable: its definition at line 5 passed a limit`,
		2: `line 7: g: @string macro "f" is unusable: its definition at line 6 passed a limit`,
		3: `line 8: h: @string macro "g" is unusable: its definition at line 7 passed a limit`,
		4: `line 9: i: @string macro "h" is unusable: its definition at line 8 passed a limit`,
		5: `line 10: title: @string macro "i" is unusable: its definition at line 9 passed a limit`,
	})},
	{name: "string-entry", format: BibTeX, file: "string-entry.bib", check: gives(2, map[int]string{
		0: "line 34: note26: the entry's fields come to more than 1 MiB together, the limit for one record",
	})},
	{name: "string-file", format: BibTeX, file: "string-file.bib",
		check: fails("line 878: the file's fields come to more than 32 MiB of text with @string macros and crossrefs expanded; split it into smaller files")},
	{name: "crossref-fanout", format: BibTeX, file: "crossref-fanout.bib",
		check: fails("line 51: the file's fields come to more than 32 MiB of text with @string macros and crossrefs expanded; split it into smaller files")},
	{name: "crossref-names", format: BibTeX, file: "crossref-names.bib",
		check: fails("line 101: the file lists more than 100,000 authors and editors; split it into smaller files")},
	{name: "crossref-cycle", format: BibTeX, file: "crossref-cycle.bib", check: func(t testing.TB, recs []Record, err error) {
		gives(6, nil)(t, recs, err)
		if c := recs[4].Study.Container; c != "The book" {
			t.Errorf("c2 inherits booktitle %q from c3, want The book", c)
		}
		if c := recs[3].Study.Container; c != "Chapter C2" {
			t.Errorf("c1 inherits booktitle %q from c2, want Chapter C2 (one hop, not c3's)", c)
		}
		if w := strings.Join(recs[2].Warnings, "\n"); !strings.Contains(w, `line 4: crossref "self": no entry with that key in this file`) {
			t.Errorf("self: warnings %q", w)
		}
	}},
	{name: "macro-references", format: BibTeX, file: "macro-references.bib", check: func(t testing.TB, recs []Record, err error) {
		gives(2, map[int]string{1: "line 2: title: more than 1,000 parts joined with #, the limit for one value"})(t, recs, err)
		w := recs[0].Warnings
		if len(w) != maxWarnings+1 || w[len(w)-1] != "line 1: 979 more warnings not shown" {
			t.Errorf("%d warnings, ending %q; want %d, the last saying 979 more", len(w), w[len(w)-1], maxWarnings+1)
		}
	}},
	{name: "deep-nesting", format: BibTeX, file: "deep-nesting.bib", check: func(t testing.TB, recs []Record, err error) {
		gives(5, nil)(t, recs, err)
		if got := recs[0].Study.Title + " / " + recs[3].Study.Title; got != "Deep / Text" {
			t.Errorf("titles %q, want Deep / Text", got)
		}
	}},
	{name: "deep-nesting", format: CSLJSON, file: "deep-nesting.json", check: gives(2, map[int]string{
		0: "line 1: title: expected text, found a list",
		1: "line 2: invalid JSON: invalid character '[' exceeded max depth",
	})},

	{name: "entries-100k", format: BibTeX, gen: entries(bodyLimit, func(i int) string {
		return fmt.Sprintf("@article{k%d, author = {Doe, Jane}, title = {Near-identical entry}, year = 2024}\n", i)
	}), check: fails("line 5001: the file holds more than 5,000 records; split it into smaller files")},
	{name: "entries-100k", format: RIS, gen: entries(bodyLimit, func(i int) string {
		return "TY  - JOUR\nAU  - Doe, Jane\nTI  - Near-identical entry\nPY  - 2024\nER  - \n\n"
	}), check: fails("line 30001: the file holds more than 5,000 records; split it into smaller files")},
	{name: "entries-100k-nbib", format: RIS, gen: entries(bodyLimit, func(i int) string {
		return fmt.Sprintf("PMID- %d\nTI  - Near-identical entry.\nFAU - Doe, Jane\nDP  - 2024\n\n", i+1)
	}), check: fails("line 25001: the file holds more than 5,000 records; split it into smaller files")},
	{name: "entries-100k", format: CSLJSON, gen: func() []byte {
		return repeat("[\n", func(i int) string {
			return `{"type": "book", "title": "Near-identical entry", "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2024]]}},` + "\n"
		}, `{"type": "book"}]`, bodyLimit)
	}, check: fails("line 5002: the file holds more than 5,000 records; split it into smaller files")},
	{name: "same-id-5000", format: BibTeX, gen: func() []byte {
		return []byte(strings.Repeat("@article{k, author = {Doe, Jane}, title = {Same title here}, year = 2000}\n", MaxRecords))
	}, check: func(t testing.TB, recs []Record, err error) {
		gives(MaxRecords, nil)(t, recs, err)
		if id := recs[len(recs)-1].Study.ID; id != "doe-2000-same-title-5000" {
			t.Errorf("last id %q, want doe-2000-same-title-5000", id)
		}
	}},
	{name: "many-macros", format: BibTeX, gen: entries(bodyLimit, func(i int) string {
		return fmt.Sprintf("@string{s%d = \"x\"}\n", i)
	}), check: fails("line 10001: the file defines more than 10,000 @string macros; split it into smaller files")},

	{name: "one-field-16MiB", format: BibTeX, gen: func() []byte {
		return []byte("@article{big, author = {Doe, Jane}, year = 2024, title = {" + words(bodyLimit) + "}}\n")
	}, check: gives(1, map[int]string{0: "line 1: title: the value comes to more than 64 KiB, the limit for one field"})},
	{name: "one-field-16MiB", format: RIS, gen: func() []byte {
		return []byte("TY  - JOUR\nTI  - " + words(bodyLimit) + "\nER  - \n")
	}, check: gives(1, map[int]string{0: "line 2: TI: the value comes to more than 64 KiB, the limit for one field"})},
	{name: "continuation-16MiB", format: RIS, gen: func() []byte {
		return repeat("TY  - JOUR\nTI  - Start\n", func(int) string { return "ab\n" }, "ER  - \n", bodyLimit)
	}, check: gives(1, map[int]string{0: "line 2: TI: the value comes to more than 64 KiB with its continuation lines, the limit for one field"})},
	{name: "one-field-16MiB", format: CSLJSON, gen: func() []byte {
		return []byte(`[{"type": "book", "title": "` + words(bodyLimit) + `"}]`)
	}, check: gives(1, map[int]string{0: "line 1: the item is larger than 1 MiB, the limit for one record"})},
	{name: "authors-16MiB", format: CSLJSON, gen: func() []byte {
		few := strings.Repeat(`{"family": "Doe"},`, 1000) + `{"family": "Doe"}`
		return repeat(`[{"type": "book", "author": [`+few+"]},\n"+`{"type": "book", "author": [{}`,
			func(int) string { return ",{}" }, "]}]", bodyLimit)
	}, check: gives(2, map[int]string{
		0: "line 1: author: more than 1,000 names, the limit for one record",
		1: "line 2: the item is larger than 1 MiB, the limit for one record",
	})},
	{name: "authors-16MiB", format: RIS, gen: func() []byte {
		return repeat("TY  - JOUR\n"+strings.Repeat("AU  - Doe, J\n", 1001)+"ER  - \nTY  - JOUR\n",
			func(int) string { return "AU  - Doe, J\n" }, "ER  - \n", bodyLimit)
	}, check: gives(2, map[int]string{
		0: "line 1: author: more than 1,000 names, the limit for one record",
		1: "line 6005: the record has more than 5,000 fields, the limit for one record",
	})},
	{name: "names-file", format: RIS, gen: entries(bodyLimit, func(int) string {
		return "TY  - JOUR\n" + strings.Repeat("AU  - Doe, J\n", 999) + "ER  - \n"
	}), check: fails("line 100101: the file lists more than 100,000 authors and editors; split it into smaller files")},
	{name: "long-names", format: BibTeX, gen: func() []byte {
		// A book of 250 editors, each a name of 127 one-letter words
		// (254 bytes), and 500 chapters inheriting them.
		name := strings.Repeat("A ", 126) + "Doe"
		var b bytes.Buffer
		b.WriteString("@book{book, title = {Big}, year = 2024, editor = {" + strings.Repeat(name+" and ", 249) + name + "}}\n")
		for i := range 500 {
			fmt.Fprintf(&b, "@incollection{ch%d, title = {Chapter}, crossref = {book}}\n", i)
		}
		return b.Bytes()
	}, check: fails("line 45: the file's authors and editors come to more than 4 MiB of names; split it into smaller files")},
	{name: "crossref-5000", format: BibTeX, gen: func() []byte {
		// A book of 20 editors of 14 words ("A. A. … Doe", 41 bytes
		// as kept) and 4,999 chapters inheriting them: 100,000 names,
		// 4 MB, in 5,000 records, as much as the limits allow.
		name := strings.Repeat("A ", 13) + "Doe"
		var b bytes.Buffer
		b.WriteString("@book{book, title = {Big}, year = 2024, editor = {" + strings.Repeat(name+" and ", 19) + name + "}}\n")
		for i := range MaxRecords - 1 {
			fmt.Fprintf(&b, "@incollection{ch%d, title = {Chapter}, crossref = {book}}\n", i)
		}
		return b.Bytes()
	}, check: gives(MaxRecords, nil)},
	{name: "long-names-16MiB", format: RIS, gen: entries(bodyLimit, func(int) string {
		return "TY  - JOUR\nTI  - T\n" + strings.Repeat("AU  - "+strings.Repeat("A ", 126)+"Doe\n", 1000) + "ER  - \n"
	}), check: fails("line 16049: the file's authors and editors come to more than 4 MiB of names; split it into smaller files")},
	{name: "long-names-16MiB", format: CSLJSON, gen: func() []byte {
		name := `{"family": "Doe", "given": "` + strings.Repeat("A ", 120) + `"}`
		item := `{"type": "book", "title": "T", "author": [` + strings.Repeat(name+",", 999) + name + "]},\n"
		return repeat("[", func(int) string { return item }, `{"type": "book"}]`, bodyLimit)
	}, check: fails("line 12: the file's authors and editors come to more than 4 MiB of names; split it into smaller files")},
	{name: "name-too-long", format: BibTeX, gen: func() []byte {
		return []byte("@article{long, title = {T}, year = 2024, author = {Doe, Jane and " + strings.Repeat("A ", 200) + "Doe}}\n")
	}, check: gives(1, map[int]string{0: "line 1: author: a name of more than 256 bytes, the limit for one name: \"" +
		strings.Repeat("A ", 100) + "…\""})},
	{name: "tiny-fields-16MiB", format: BibTeX, gen: func() []byte {
		return repeat("@article{many,"+strings.Repeat("a=1,", 6000)+"}\n", func(i int) string {
			return fmt.Sprintf("@article{k%d, author = {Doe, Jane}, title = {T}, year = 2024,", i) + strings.Repeat("a=1,", 4000) + "}\n"
		}, "", bodyLimit)
	}, check: func(t testing.TB, recs []Record, err error) {
		if err != nil || len(recs) < 1000 || recs[0].Err == nil ||
			recs[0].Err.Error() != "line 1: the entry has more than 5,000 fields, the limit for one record" || recs[1].Err != nil {
			t.Errorf("Parse = %d records, %v; want the first failing at 5,000 fields, then 1,000 good ones", len(recs), err)
		}
	}},
	{name: "tiny-fields-16MiB", format: RIS, gen: entries(bodyLimit, func(int) string {
		return "TY  - JOUR\nAU  - Doe, J\nTI  - T\nPY  - 2024\n" + strings.Repeat("KW  -\n", 4000) + "ER  - \n"
	}), check: func(t testing.TB, recs []Record, err error) {
		if err != nil || len(recs) < 500 || recs[0].Err != nil {
			t.Errorf("Parse = %d records, %v; want 500 good ones", len(recs), err)
		}
	}},
	{name: "junk-16MiB", format: BibTeX, gen: func() []byte {
		// Text after an entry is searched for a stray "field =".
		return repeat("@article{a, author = {Doe, Jane}, title = {T}, year = 2024}\n",
			func(int) string { return "aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n" }, "", bodyLimit)
	}, check: gives(1, nil)},
	{name: "unclosed-16MiB", format: BibTeX, gen: entries(bodyLimit, func(i int) string {
		// Each entry unclosed: its fields are searched for a swallowed
		// "field =".
		return fmt.Sprintf("@article{k%d, author = {Doe, Jane}, title = {T}, year = 2024, abstract = {%s}\n", i, strings.Repeat("\n  aaaa aaaa", 5000))
	}), check: func(t testing.TB, recs []Record, err error) {
		if err != nil || len(recs) < 250 || recs[0].Err == nil ||
			recs[0].Err.Error() != `line 1: @article entry is not closed (missing "}") before the entry at line 5002` {
			t.Errorf("Parse = %d records, %v; want 250 unclosed entries", len(recs), err)
		}
	}},
	{name: "blank-lines-16MiB", format: RIS, gen: func() []byte { return bytes.Repeat([]byte("\n"), bodyLimit) },
		check: gives(0, nil)},
	{name: "at-signs-16MiB", format: BibTeX, gen: func() []byte { return bytes.Repeat([]byte("@"), bodyLimit) },
		check: gives(0, nil)},
}

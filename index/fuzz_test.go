package index

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"litkb/internal/study"
)

// fuzzTopics give the synonym expansion something to rewrite: one-letter,
// abbreviated and multi-word forms, as in data/topics.toml.
var fuzzTopics = []study.Topic{
	{ID: "aai", Label: "Adult Attachment Interview", Synonyms: []string{"AAI", "attachment interview"}},
	{ID: "strange-situation", Label: "Strange Situation Procedure", Synonyms: []string{"SSP", "Strange Situation"}},
	{ID: "unresolved", Label: "Unresolved", Synonyms: []string{"U", "U/d", "cannot classify"}},
	{ID: "earned-security", Label: "Earned security", Synonyms: []string{"earned-secure", "earned secure"}},
}

// FuzzParse: Parse never panics; it returns a node, an error, or (for blank
// input only) neither; errors are *SyntaxError pointing inside the query;
// and whatever parses compiles with the real mapping, as typed and after
// synonym expansion, with and without typo tolerance.
func FuzzParse(f *testing.F) {
	file, err := os.Open(filepath.Join("testdata", "fuzz-seeds.txt"))
	if err != nil {
		f.Fatal(err)
	}
	sc := bufio.NewScanner(file)
	seeds := 0
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			f.Add(line)
			seeds++
		}
	}
	if err := sc.Err(); err != nil {
		f.Fatal(err)
	}
	file.Close()
	if seeds < 30 {
		f.Fatalf("testdata/fuzz-seeds.txt has %d queries, want at least 30", seeds)
	}
	// Seeds a line-per-query text file cannot hold.
	f.Add("")
	f.Add(" \t\n")
	f.Add("ab\x00c")
	f.Add("ab\xffc")
	f.Add("a\nOR\nb")
	f.Add(strings.Repeat("x", MaxQueryLen+1))

	m, err := Mapping(nil, testCommon...)
	if err != nil {
		f.Fatal(err)
	}
	compilers := []*compiler{newCompiler(m, false), newCompiler(m, true)}
	syn := newSynonyms(fuzzTopics)

	f.Fuzz(func(t *testing.T, q string) {
		n, err := Parse(q)
		if err != nil {
			if n != nil {
				t.Errorf("Parse(%q) returned both %#v and %v", q, n, err)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error is %T (%v), want *SyntaxError", q, err, err)
			}
			if max := utf8.RuneCountInString(q) + 1; se.Pos < 1 || se.Pos > max {
				t.Errorf("Parse(%q) Pos = %d, outside 1..%d (%s)", q, se.Pos, max, se.Msg)
			}
			if se.Msg == "" {
				t.Errorf("Parse(%q) error has no message", q)
			}
			return
		}
		if n == nil {
			if strings.TrimSpace(q) != "" {
				t.Errorf("Parse(%q) = nil, nil for a query that is not blank", q)
			}
			return
		}
		if strings.TrimSpace(q) == "" {
			t.Errorf("Parse(%q) = %#v for a blank query, want nil", q, n)
		}
		if c := clauses(n); c > MaxClauses {
			t.Errorf("Parse(%q) accepted %d clauses, more than %d", q, c, MaxClauses)
		}
		for _, c := range compilers {
			for _, node := range []Node{n, syn.expand(n)} {
				if _, err := c.compile(node); err != nil {
					t.Errorf("compile(%#v) (from %q, fuzzy %v): %v", node, q, c.fuzzy, err)
				}
			}
		}
	})
}

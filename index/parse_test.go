package index_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"litkb/index"
)

// Shorthands for expected trees.
func word(text string) index.Term          { return index.Term{Text: text} }
func in(field, text string) index.Term     { return index.Term{Field: field, Text: text} }
func phrase(field, text string) index.Term { return index.Term{Field: field, Text: text, Phrase: true} }
func prefix(field, text string) index.Term { return index.Term{Field: field, Text: text, Prefix: true} }
func years(from, to int) index.YearRange   { return index.YearRange{From: from, To: to} }
func not(n index.Node) index.Not           { return index.Not{Node: n} }

// words are plain terms, for And, Loose and Or.
func words(ws ...string) []index.Node {
	out := make([]index.Node, len(ws))
	for i, w := range ws {
		out[i] = word(w)
	}
	return out
}

func TestParse(t *testing.T) {
	tests := []struct {
		q    string
		want index.Node
	}{
		// Words, phrases, prefixes.
		{"attachment", word("attachment")},
		{"  attachment\t", word("attachment")},
		{"Earned", word("Earned")}, // case is the analyzer's business
		{`"earned secure"`, phrase("", "earned secure")},
		{`"  earned secure  "`, phrase("", "earned secure")},
		{"attach*", prefix("", "attach")},
		{"at*", prefix("", "at")},
		{"éé*", prefix("", "éé")}, // two letters, counted in runes
		{"a-b", word("a-b")},      // a hyphen inside a word is part of it
		{"van-IJzendoorn", word("van-IJzendoorn")},

		// Two words are an AND; three or more written side by side are Loose.
		{"earned secure", index.And(words("earned", "secure"))},
		{"how common is earned security", index.Loose(words("how", "common", "is", "earned", "security"))},
		{"a AND b", index.And(words("a", "b"))},
		{"a AND b c", index.And(words("a", "b", "c"))}, // an explicit AND keeps all required
		{"a b AND c", index.And(words("a", "b", "c"))},
		{"and or not", index.Loose(words("and", "or", "not"))}, // operators are upper case only

		// OR binds looser than AND.
		{"a OR b", index.Or(words("a", "b"))},
		{"a OR b c", index.Or{word("a"), index.And(words("b", "c"))}},
		{"a b OR c", index.Or{index.And(words("a", "b")), word("c")}},
		{"(a OR b) c", index.And{index.Or(words("a", "b")), word("c")}},
		{"((a))", word("a")},

		// Negation.
		{"NOT dismissing", not(word("dismissing"))},
		{"-dismissing", not(word("dismissing"))},
		{"secure -dismissing", index.And{word("secure"), not(word("dismissing"))}},
		{"secure AND -dismissing", index.And{word("secure"), not(word("dismissing"))}},
		{"a b -c", index.Loose{word("a"), word("b"), not(word("c"))}},
		{"-(a OR b)", not(index.Or(words("a", "b")))},
		{"NOT NOT a", not(not(word("a")))},
		{"-", word("-")},                             // a lone hyphen is a word
		{"a - b", index.Loose(words("a", "-", "b"))}, // so is a spaced one
		{`-"earned secure"`, not(phrase("", "earned secure"))},

		// Fields.
		{"title:attachment", in("title", "attachment")},
		{"TITLE:attachment", in("title", "attachment")},
		{"author:roisman", in("author", "roisman")},
		{"topic:aai", in("topic", "aai")},
		{"design:review", in("design", "review")},
		{"type:article", in("type", "article")},
		{"journal:development", in("journal", "development")},
		{"construct:aai-coherence", in("construct", "aai-coherence")},
		{`title:"earned secure"`, phrase("title", "earned secure")},
		{"author:roi*", prefix("author", "roi")},
		{"title:AND", in("title", "AND")}, // after a colon an operator is a word
		{"-title:review", not(in("title", "review"))},
		{"title:(a OR b)", index.Or{in("title", "a"), in("title", "b")}},
		{"title:(a b)", index.And{in("title", "a"), in("title", "b")}},
		{"title:(a b c)", index.Loose{in("title", "a"), in("title", "b"), in("title", "c")}},
		{`title:("a b" OR co*)`, index.Or{phrase("title", "a b"), prefix("title", "co")}},
		{"title:(a -b)", index.And{in("title", "a"), not(in("title", "b"))}},
		{"title:(a author:b)", index.And{in("title", "a"), in("author", "b")}}, // an inner field wins
		{"secure title:earned", index.And{word("secure"), in("title", "earned")}},

		// Years.
		{"year:2002", years(2002, 2002)},
		{"year:1990..2005", years(1990, 2005)},
		{"year:..2005", years(0, 2005)},
		{"year:1990..", years(1990, 0)},
		{"year:2002..2002", years(2002, 2002)},
		{"year:(2002 OR 2005)", index.Or{years(2002, 2002), years(2005, 2005)}},
		{"year:(1990..2000)", years(1990, 2000)},
		{"earned year:1990..", index.And{word("earned"), years(1990, 0)}},
		{"-year:..1980", not(years(0, 1980))},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			got, err := index.Parse(tc.q)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.q, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse(%q)\n got %#v\nwant %#v", tc.q, got, tc.want)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	for _, q := range []string{"", " ", "\t\n\r ", "\u00a0\u2003"} {
		n, err := index.Parse(q)
		if n != nil || err != nil {
			t.Errorf("Parse(%q) = %#v, %v; want nil, nil", q, n, err)
		}
	}
}

func TestParseLimits(t *testing.T) {
	t.Run("MaxDepth parentheses parse", func(t *testing.T) {
		q := strings.Repeat("(", index.MaxDepth) + "a" + strings.Repeat(")", index.MaxDepth)
		if n, err := index.Parse(q); err != nil || !reflect.DeepEqual(n, word("a")) {
			t.Errorf("Parse(%q) = %#v, %v", q, n, err)
		}
	})
	t.Run("MaxClauses terms parse", func(t *testing.T) {
		q := strings.TrimSpace(strings.Repeat("w ", index.MaxClauses))
		n, err := index.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		if l, ok := n.(index.Loose); !ok || len(l) != index.MaxClauses {
			t.Errorf("Parse(%q) = %#v", q, n)
		}
	})
	t.Run("MaxQueryLen characters parse", func(t *testing.T) {
		// Counted in characters, not bytes: 512 two-byte letters are fine.
		q := strings.Repeat("é", index.MaxQueryLen)
		if _, err := index.Parse(q); err != nil {
			t.Error(err)
		}
	})
}

func TestParseErrors(t *testing.T) {
	nested := func(n int) string { return strings.Repeat("(", n) + "a" + strings.Repeat(")", n) }
	tests := []struct {
		name string
		q    string
		pos  int
		msg  string
	}{
		{"unclosed paren after field", "title:(attachment", 7, "unbalanced parenthesis: this '(' is never closed"},
		{"unclosed paren", "(a OR b", 1, "this '(' is never closed"},
		{"lone open paren", "(", 2, "the query ends where a term was expected"},
		{"stray close paren", "a)", 2, "unbalanced parenthesis: this ')' has no '('"},
		{"extra close paren", "(a))", 4, "this ')' has no '('"},
		{"empty parens", "()", 2, `a term was expected before ")"`},
		{"unclosed quote", `"open phrase`, 1, "unbalanced quote"},
		{"unclosed quote later", `earned "open`, 8, "unbalanced quote"},
		{"empty phrase", `""`, 1, "empty phrase"},
		{"empty phrase in field", `title:"  "`, 7, "empty phrase"},
		{"leading star", "*tach", 1, "starts with a wildcard"},
		{"leading question mark", "?tach", 1, "starts with a wildcard"},
		{"inner star", "a*b", 2, "a wildcard may only end a word"},
		{"question mark inside a word", "ab?c", 3, "a wildcard may only end a word"},
		{"two stars", "ab*c*", 3, "a wildcard may only end a word"},
		{"short prefix", "x*", 1, `"x*": put at least 2 letters before the *`},
		{"short prefix counted in runes", "é*", 1, "put at least 2 letters"},
		{"unknown field", "foo:bar", 1, `unknown field "foo"; use one of: title, author`},
		{"unknown field later", "earned foo:bar", 8, `unknown field "foo"`},
		{"field without value", "title:", 6, "title: needs a value right after the colon"},
		{"field then space", "title: x", 6, "needs a value right after the colon"},
		{"field then close paren", "title:)", 1, "title: needs a value"},
		{"field in field", "title:title:x", 7, "title: cannot be used inside title:( … )"},
		{"year not a number", "year:abc", 6, "year:abc is not a year or range"},
		{"year too short", "year:99", 6, "year:99 is not a year or range"},
		{"year too long", "year:12345", 6, "is not a year or range"},
		{"year open both ends", "year:..", 6, "is not a year or range"},
		{"year two ranges", "year:1990..2005..2010", 6, "is not a year or range"},
		{"year phrase", `year:"2002"`, 6, "year: takes a year or a range"},
		{"year backwards", "year:2005..1990", 6, "year:2005..1990 runs backwards; write year:1990..2005"},
		{"AND first", "AND a", 1, "AND needs a term before it"},
		{"AND last", "a AND", 3, "AND needs a term after it"},
		{"AND AND", "a AND AND b", 3, "AND needs a term after it"},
		{"OR last", "a OR", 3, "OR needs a term after it"},
		{"OR OR", "a OR OR b", 3, "OR needs a term after it"},
		{"OR first", "OR a", 1, `a term was expected before "OR"`},
		{"OR before paren", "(a OR) b", 4, "OR needs a term after it"},
		{"NOT alone", "NOT", 1, "NOT needs a term after it"},
		{"NOT last", "a NOT", 3, "NOT needs a term after it"},
		{"NOT before paren", "(NOT)", 2, "NOT needs a term after it"},
		{"minus before OR", "a -OR b", 3, "- needs a term after it"},
		{"too deep", nested(index.MaxDepth + 1), index.MaxDepth + 1, fmt.Sprintf("parentheses nest more than %d deep", index.MaxDepth)},
		{"too many terms", strings.Repeat("w ", index.MaxClauses+1), 1, fmt.Sprintf("the query has %d terms; use at most %d", index.MaxClauses+1, index.MaxClauses)},
		{"too many terms in ORs", strings.Repeat("w OR ", index.MaxClauses) + "w", 1, "terms; use at most"},
		{"too long", strings.Repeat("x", index.MaxQueryLen+1), index.MaxQueryLen, fmt.Sprintf("has %d characters; shorten it to %d", index.MaxQueryLen+1, index.MaxQueryLen)},
		{"invalid UTF-8", "ab\xffc", 1, "not valid UTF-8"},
		{"NUL byte", "ab\x00c", 3, "control characters are not allowed"},
		{"escape character", "é\x1b", 2, "control characters are not allowed"},
		{"C1 control", "a\u0085b", 2, "control characters are not allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := index.Parse(tc.q)
			if err == nil {
				t.Fatalf("Parse(%q) = %#v, want an error", tc.q, n)
			}
			if n != nil {
				t.Errorf("Parse(%q) returned a node with its error: %#v", tc.q, n)
			}
			var se *index.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %T %v, want *index.SyntaxError", tc.q, err, err)
			}
			if se.Pos != tc.pos {
				t.Errorf("Parse(%q) Pos = %d, want %d (%s)", tc.q, se.Pos, tc.pos, se.Msg)
			}
			if !strings.Contains(se.Msg, tc.msg) {
				t.Errorf("Parse(%q) Msg = %q, want it to contain %q", tc.q, se.Msg, tc.msg)
			}
			if want := fmt.Sprintf("at character %d: ", se.Pos); !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Error() = %q, want prefix %q", err.Error(), want)
			}
		})
	}
}

// TestParseYearGroupErrorPosition: a bad year inside year:( … ) should point
// at the bad value, as year:abc does.
func TestParseYearGroupErrorPosition(t *testing.T) {
	_, err := index.Parse("year:(2002 OR abc)")
	var se *index.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a *index.SyntaxError", err)
	}
	if !strings.Contains(se.Msg, "year:abc is not a year or range") {
		t.Errorf("Msg = %q", se.Msg)
	}
	if se.Pos != 15 {
		t.Errorf("Pos = %d, want 15 (the bad value inside the group)", se.Pos)
	}
}

// TestParseQuestions: the punctuation that ends a question or a sentence is
// not part of the last word.
func TestParseQuestions(t *testing.T) {
	for q, want := range map[string]index.Node{
		"how common is earned security?": index.Loose{index.Term{Text: "how"}, index.Term{Text: "common"}, index.Term{Text: "is"}, index.Term{Text: "earned"}, index.Term{Text: "security"}},
		"stability!":                     index.Term{Text: "stability"},
		"attachment ?":                   index.Term{Text: "attachment"},
	} {
		got, err := index.Parse(q)
		if err != nil {
			t.Errorf("%q: %v", q, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q = %#v, want %#v", q, got, want)
		}
	}
}

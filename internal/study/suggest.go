package study

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// SuggestID is the id litkb proposes for a study, the way reference
// managers make citation keys: the first author's family name (particles
// run together, a corporate author's initials), the year and two
// significant title words, e.g. "roisman-2002-earned-secure",
// "vanijzendoorn-1995-adult-attachment", "who-2022-world-mental". It is
// the one rule for the curator's form, the API and imports.
func SuggestID(s *Study) string {
	var parts []string
	people := s.Authors
	if len(people) == 0 {
		people = s.Editors
	}
	if len(people) > 0 {
		if who := idName(people[0]); who != "" {
			parts = append(parts, who)
		}
	}
	if s.Year > 0 {
		parts = append(parts, strconv.Itoa(s.Year))
	}
	kept := 0
	for _, w := range strings.Split(Slugify(foldASCII(s.Title)), "-") {
		if kept == 2 {
			break
		}
		if len(w) <= 3 || idStopWords[w] {
			continue
		}
		parts = append(parts, w)
		kept++
	}
	id := Slugify(strings.Join(parts, "-"))
	for len(id) > 80 {
		i := strings.LastIndexByte(id, '-')
		if i < 0 {
			id = id[:80]
			break
		}
		id = id[:i]
	}
	if id == "" {
		return "untitled"
	}
	return id
}

// UniqueID is id, or id with -b, -c, … (then a number) when taken says it
// is in use: the letters citation keys get for one author's several works
// of a year.
func UniqueID(id string, taken func(string) bool) string {
	c, _ := UniqueIDFrom(id, 1, taken)
	return c
}

// UniqueIDFrom is UniqueID starting at the n-th candidate (1 is id itself,
// 2 is id-b, …). It also returns the candidate's number, so a caller
// assigning many ids from one base can start the next search there instead
// of probing every taken one again.
func UniqueIDFrom(id string, n int, taken func(string) bool) (string, int) {
	for n = max(n, 1); ; n++ {
		if c := WithSuffix(id, n); !taken(c) {
			return c, n
		}
	}
}

// WithSuffix is the n-th candidate for id: id itself, then id-b … id-z,
// then id-27, id-28, ….
func WithSuffix(id string, n int) string {
	switch {
	case n <= 1:
		return id
	case n <= 26:
		return id + "-" + string(rune('a'+n-1))
	}
	return fmt.Sprintf("%s-%d", id, n)
}

// idStopWords are skipped when choosing the title words of an id.
var idStopWords = map[string]bool{"the": true, "and": true, "from": true, "with": true, "into": true,
	"over": true, "their": true, "among": true, "that": true, "this": true, "what": true, "when": true}

// idName is the family name with its particle run together ("van
// IJzendoorn" -> "vanijzendoorn", "Bakermans-Kranenburg" kept hyphenated),
// or a corporate author's initials ("World Health Organization" -> "who").
func idName(p Person) string {
	if p.Literal != "" {
		var initials strings.Builder
		words := strings.Fields(foldASCII(p.Literal))
		for _, w := range words {
			if startsUpper(w) {
				if r, ok := firstAlnum(w); ok {
					initials.WriteRune(r)
				}
			}
		}
		if len(words) > 1 && initials.Len() > 1 {
			return Slugify(initials.String())
		}
		return Slugify(p.Literal)
	}
	return Slugify(strings.ReplaceAll(foldASCII(p.Family), " ", ""))
}

// startsUpper reports whether the first letter of s is upper case.
func startsUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
	}
	return false
}

func firstAlnum(s string) (rune, bool) {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r, true
		}
	}
	return 0, false
}

// letterFold are Latin letters that do not decompose into a base letter
// and a mark.
var letterFold = strings.NewReplacer("ß", "ss", "æ", "ae", "Æ", "AE", "œ", "oe", "Œ", "OE", "ø", "o", "Ø", "O",
	"ł", "l", "Ł", "L", "ı", "i", "ð", "d", "Ð", "D", "þ", "th", "Þ", "Th", "đ", "d", "Đ", "D")

// foldASCII replaces accented Latin letters by their base letters, for
// ids: "Jańczak" -> "Janczak".
func foldASCII(s string) string {
	if isASCII(s) { // most names and titles: no accents to strip
		return s
	}
	out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		out = s
	}
	return letterFold.Replace(out)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

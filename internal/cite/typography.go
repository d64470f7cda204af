package cite

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// smartQuotes gives text the typographic quotes and apostrophes citeproc-js
// prints: ' becomes ’ and "…" becomes “…”, or ‘…’ when the text is itself
// set inside double quotes (nested).
func smartQuotes(s string, nested bool) string {
	if !strings.ContainsAny(s, `'"`) {
		return s
	}
	open, close := "“", "”"
	if nested {
		open, close = "‘", "’"
	}
	var b strings.Builder
	prev := ' '
	for _, r := range s {
		switch r {
		case '\'':
			b.WriteString("’")
		case '"':
			if unicode.IsSpace(prev) || strings.ContainsRune("([{-–—/", prev) {
				b.WriteString(open)
			} else {
				b.WriteString(close)
			}
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// ordinal gives "1st", "2nd", "3rd", "4th", "11th", "21st" (the en-US and
// en-GB locale terms).
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// editionNumber reports the edition as a number when CSL would treat it as
// numeric ("2", "2nd").
func editionNumber(ed string) (int, bool) {
	ed = strings.TrimSpace(ed)
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		ed = strings.TrimSuffix(ed, suf)
	}
	n, err := strconv.Atoi(ed)
	return n, err == nil && n > 0
}

// edition renders an edition: numeric ones as ordinal plus term ("2nd ed.",
// "2nd edn"), others as written.
func edition(ed, term string) string {
	if n, ok := editionNumber(ed); ok {
		return ordinal(n) + " " + term
	}
	return smartQuotes(strings.TrimSpace(ed), false)
}

// pageRange formats a page value the way a style's page-range-format asks,
// as citeproc-js's PageRangeMangler does: every range in it ("10-14, 20-22"
// has two) gets an en dash, and "minimal", "minimal-two" or "chicago"
// (Chicago 15th ed. rules) set how many digits of its second number are
// printed; those three also drop a prefix the second number repeats
// ("S1-S10" -> "S1–10"). "expanded" completes a shortened second number
// ("1204-19" -> "1204–1219"); with no format (""), citeproc-js leaves the
// numbers as written. Other hyphens become en dashes.
func pageRange(p, format string) string {
	p = strings.TrimSpace(p)
	if format == "" {
		return strings.ReplaceAll(p, "-", "–")
	}
	var b strings.Builder
	last := 0
	for _, m := range pageRangeRE.FindAllStringSubmatchIndex(p, -1) {
		b.WriteString(strings.ReplaceAll(p[last:m[0]], "-", "–"))
		b.WriteString(formatRange(p, m, format))
		last = m[1]
	}
	b.WriteString(strings.ReplaceAll(p[last:], "-", "–"))
	return b.String()
}

// pageRangeRE is citeproc-js's range: an optional prefix ("S", "e"), the
// first number, a hyphen or en dash, the same for the second.
var pageRangeRE = regexp.MustCompile(`([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)\s*[-–]\s*([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)`)

// formatRange formats the range that match m (submatch indexes into p)
// found.
func formatRange(p string, m []int, format string) string {
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return p[m[2*i]:m[2*i+1]]
	}
	pre1, a, pre2, b := group(1), group(2), group(3), group(4)
	whole := strings.ReplaceAll(p[m[0]:m[1]], "-", "–")
	if pre2 != "" && pre1 != pre2 {
		return whole // "A1-B2" names two different sequences
	}
	if len(b) < len(a) { // "1204-19" means 1204-1219
		b = a[:len(a)-len(b)] + b
	}
	na, nb := leadingInt(a), leadingInt(b)
	if na >= nb {
		return whole
	}
	second := pre1
	switch format {
	case "minimal":
		b, second = minimizeDigits(a, b, 0), ""
	case "minimal-two":
		b, second = minimizeDigits(a, b, 2), ""
	case "chicago":
		if na > 100 && na%100 != 0 && na/100 == nb/100 {
			b = strconv.Itoa(nb % 100)
		} else if na >= 10000 {
			b = strconv.Itoa(nb % 1000)
		}
		second = ""
	}
	return pre1 + a + "–" + second + b
}

// leadingInt is the number a page starts with ("12a" -> 12), as
// JavaScript's parseInt reads it.
func leadingInt(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, _ := strconv.Atoi(s[:i])
	return n
}

// splitRange splits "1204-1219" (hyphen or en dash, optional spaces) into
// its two numbers.
func splitRange(p string) (string, string, bool) {
	i := strings.IndexAny(p, "-–")
	if i <= 0 {
		return "", "", false
	}
	_, size := utf8.DecodeRuneInString(p[i:])
	a, b := strings.TrimSpace(p[:i]), strings.TrimSpace(p[i+size:])
	if !allDigits(a) || !allDigits(b) {
		return "", "", false
	}
	return a, b, true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// minimizeDigits drops the leading digits b shares with a, keeping at
// least keep digits (citeproc-js's minimize).
func minimizeDigits(a, b string, keep int) string {
	if len(a) != len(b) {
		return b
	}
	i := 0
	for i < len(a) && a[i] == b[i] && len(b)-i > keep {
		i++
	}
	return b[i:]
}

// pluralPages reports whether a page value names more than one page, for
// choosing "p." or "pp.".
func pluralPages(p string) bool {
	return strings.ContainsAny(p, "-–—,&")
}

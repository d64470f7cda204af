package cite

import (
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

// pageRange formats a page range the way a style's page-range-format asks,
// after citeproc-js: hyphens become en dashes, and "expanded", "minimal",
// "minimal-two" or "chicago" (Chicago 15th ed. rules) set how many digits
// of the second number are printed. Anything that is not a simple range
// is returned with its hyphens turned into en dashes.
func pageRange(p, format string) string {
	p = strings.TrimSpace(p)
	a, b, ok := splitRange(p)
	if !ok {
		return strings.ReplaceAll(p, "-", "–")
	}
	if len(b) < len(a) { // "1204-19" means 1204-1219
		b = a[:len(a)-len(b)] + b
	}
	na, _ := strconv.Atoi(a)
	nb, _ := strconv.Atoi(b)
	if na >= nb {
		return a + "–" + b
	}
	switch format {
	case "minimal":
		b = minimizeDigits(a, b, 0)
	case "minimal-two":
		b = minimizeDigits(a, b, 2)
	case "chicago":
		if na > 100 && na%100 != 0 && na/100 == nb/100 {
			b = strconv.Itoa(nb % 100)
		} else if na >= 10000 {
			b = strconv.Itoa(nb % 1000)
		}
	}
	return a + "–" + b
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

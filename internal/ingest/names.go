package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"litkb/internal/study"
)

// splitBibNames splits a raw BibTeX name list at the word "and" outside
// braces, as BibTeX does. "and others" is reported, not kept as a name.
// It stops past maxNames names (more is an error anyway): the list of a
// 64 KiB "A and A and …" would take 180 KB.
func splitBibNames(raw string) (names []string, others bool) {
	depth, start := 0, 0
	for i := 0; i < len(raw) && len(names) <= maxNames; i++ {
		switch raw[i] {
		case '{':
			depth++
		case '}':
			depth--
		case ' ', '\t', '\n', '\r':
			if depth != 0 {
				continue
			}
			j := i + 1
			if j+3 < len(raw) && strings.EqualFold(raw[j:j+3], "and") && isSpace(raw[j+3]) {
				names = append(names, raw[start:i])
				start = j + 4
				i = j + 3
			}
		}
	}
	names = append(names, raw[start:])
	out := names[:0]
	for _, n := range names {
		n = strings.TrimSpace(n)
		switch {
		case n == "":
		case strings.EqualFold(n, "others"):
			others = true
		default:
			out = append(out, n)
		}
	}
	return out, others
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// bibPerson reads one BibTeX name: "von Last, Jr, First", "von Last,
// First" or "First von Last". The particle stays in Family, as litkb keeps
// it ("van der Berg"). A name wholly in braces ({World Health
// Organization}) is corporate.
func bibPerson(raw string) study.Person {
	raw = strings.TrimSpace(raw)
	if isWhollyBraced(raw) {
		return study.Person{Literal: decodeLaTeX(raw)}
	}
	// Names are cut and joined in place, never split into lists: a list
	// costs 16 bytes a word or part, and a file holds 100,000 names.
	family, rest, two := cutTopLevel(raw, ',')
	if !two {
		return firstVonLast(raw)
	}
	given, rest, three := cutTopLevel(rest, ',')
	if !three {
		return study.Person{Family: decodeLaTeX(strings.TrimSpace(family)), Given: decodeLaTeX(strings.TrimSpace(given))}
	}
	// von Last, Jr, First; more commas than that are part of First.
	return study.Person{Family: decodeLaTeX(strings.TrimSpace(family)), Suffix: decodeLaTeX(strings.TrimSpace(given)),
		Given: decodeLaTeX(joinParts(rest, func(s string) (string, string, bool) { return cutTopLevel(s, ',') }))}
}

// firstVonLast splits "First von Last": the von part runs from the first
// to the last lower-case word before the final word; without one, the last
// word is the family name. A trailing "Jr." or "III" is a suffix.
func firstVonLast(s string) study.Person {
	n := 0
	var last, prev [2]int // the last two words, as spans of s
	for ws := (wordScanner{s: s}); ; n++ {
		start, end, ok := ws.next()
		if !ok {
			break
		}
		prev, last = last, [2]int{start, end}
	}
	if n == 0 {
		return study.Person{}
	}
	var suffix string
	if w := s[last[0]:last[1]]; n > 2 && isSuffix(decodeLaTeX(w)) {
		suffix = decodeLaTeX(w)
		n, last = n-1, prev
	}
	familyStart := last[0]
	ws := wordScanner{s: s}
	for range n - 1 {
		start, end, _ := ws.next()
		if bibLowerWord(s[start:end]) {
			familyStart = start
			break
		}
	}
	return study.Person{
		Given:  decodeLaTeX(joinWords(s[:familyStart])),
		Family: decodeLaTeX(joinWords(s[familyStart:last[1]])),
		Suffix: suffix,
	}
}

// wordScanner yields the words of a name, split at white space and ~
// outside braces.
type wordScanner struct {
	s          string
	pos, depth int
}

func (w *wordScanner) next() (start, end int, ok bool) {
	start = -1
	for ; w.pos < len(w.s); w.pos++ {
		c := w.s[w.pos]
		if w.depth == 0 && (isSpace(c) || c == '~') {
			if start >= 0 {
				w.pos++
				return start, w.pos - 1, true
			}
			continue
		}
		if start < 0 {
			start = w.pos
		}
		switch c {
		case '{':
			w.depth++
		case '}':
			w.depth--
		}
	}
	if start >= 0 {
		return start, len(w.s), true
	}
	return 0, 0, false
}

// joinWords is the words of s joined by single spaces.
func joinWords(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for ws := (wordScanner{s: s}); ; {
		start, end, ok := ws.next()
		if !ok {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[start:end])
	}
	return b.String()
}

// joinParts is the parts of s that cut separates, trimmed, joined by ", ".
func joinParts(s string, cut func(string) (string, string, bool)) string {
	part, rest, more := cut(s)
	if !more {
		return strings.TrimSpace(part)
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(strings.TrimSpace(part))
	for more {
		part, rest, more = cut(rest)
		b.WriteString(", ")
		b.WriteString(strings.TrimSpace(part))
	}
	return b.String()
}

// bibLowerWord reports whether a name word counts as lower case for
// BibTeX's von rule: its first letter is lower case; a word opening with a
// brace group ({Van}) is protected and counts as upper case, unless the
// group is a special character ({\'e}).
func bibLowerWord(w string) bool {
	if strings.HasPrefix(w, "{") && !strings.HasPrefix(w, `{\`) {
		return false
	}
	if w != "" && isASCIILetter(w[0]) {
		return w[0] >= 'a' // no decoding needed for the common case
	}
	r, _ := utf8.DecodeRuneInString(decodeLaTeX(w))
	return unicode.IsLower(r)
}

// isWhollyBraced reports whether s is one brace group from its first
// character to its last.
func isWhollyBraced(s string) bool {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' || strings.HasPrefix(s, `{\`) {
		return false
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 && i != len(s)-1 {
				return false
			}
		}
	}
	return depth == 0
}

// cutTopLevel cuts s at the first sep outside braces.
func cutTopLevel(s string, sep byte) (before, after string, found bool) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
		case sep:
			if depth == 0 {
				return s[:i], s[i+1:], true
			}
		}
	}
	return s, "", false
}

// isSuffix recognises generational suffixes.
func isSuffix(s string) bool {
	if s = strings.TrimSpace(s); len(s) > len("jnr.") {
		return false // not worth lower-casing
	}
	switch strings.TrimSuffix(strings.ToLower(s), ".") {
	case "jr", "sr", "ii", "iii", "iv", "jnr", "snr":
		return true
	}
	return false
}

// plainPerson reads a name as RIS and similar plain-text formats write it:
// "Family, Given", "Family, Given, Suffix", "Family, Jr., Given", PubMed's
// "Family GI", or, without a comma, a corporate name. "Name," is either a
// person known only by the family name (the RIS specification's
// "Lastname, Firstname" with no first name, as litkb writes one) or
// EndNote's mark of a corporate name; the format cannot tell them apart.
// One word ("Bateman,") or a family name that opens with a lower-case
// particle ("van IJzendoorn,") is read as a family name, anything else
// ("World Health Organization,", "Apple Computer, Inc.,") as corporate.
// Either way the name prints the same in every style.
func plainPerson(s string) study.Person {
	s = collapse(s)
	if rest, ok := strings.CutSuffix(s, ","); ok {
		rest = strings.TrimSpace(rest)
		words := strings.Fields(rest)
		if !strings.Contains(rest, ",") && (len(words) == 1 || len(words) > 1 && startsLower(words[0])) {
			return study.Person{Family: rest}
		}
		return study.Person{Literal: rest}
	}
	family, rest, two := strings.Cut(s, ",")
	if !two {
		if p, ok := initialsName(s); ok {
			return p
		}
		return study.Person{Literal: s}
	}
	family = strings.TrimSpace(family)
	second, rest, three := strings.Cut(rest, ",")
	second = strings.TrimSpace(second)
	if !three {
		return study.Person{Family: family, Given: second}
	}
	cut := func(s string) (string, string, bool) { return strings.Cut(s, ",") }
	if third, _, _ := strings.Cut(rest, ","); isSuffix(second) && !isSuffix(third) {
		return study.Person{Family: family, Suffix: second, Given: joinParts(rest, cut)}
	}
	return study.Person{Family: family, Given: second, Suffix: joinParts(rest, cut)}
}

// initialsName reads PubMed's "Roisman GI" and "van IJzendoorn MH": a
// family name followed by one to four capital initials, which become
// "G. I.".
func initialsName(s string) (study.Person, bool) {
	i := strings.LastIndexByte(s, ' ')
	if i <= 0 {
		return study.Person{}, false
	}
	family, inits := s[:i], s[i+1:]
	if len(inits) > 4 {
		return study.Person{}, false
	}
	var given []string
	for _, r := range inits {
		if r < 'A' || r > 'Z' {
			return study.Person{}, false
		}
		given = append(given, string(r)+".")
	}
	return study.Person{Family: family, Given: strings.Join(given, " ")}, true
}

// withParticle joins a particle and a family name; an elided particle
// (d’, dell') takes no space.
func withParticle(particle, family string) string {
	particle, family = strings.TrimSpace(particle), strings.TrimSpace(family)
	switch {
	case particle == "":
		return family
	case family == "":
		return particle
	case strings.HasSuffix(particle, "'") || strings.HasSuffix(particle, "’") || strings.HasSuffix(particle, "-"):
		return particle + family
	}
	return particle + " " + family
}

// cleanPeople trims every part and drops names with nothing in them.
func cleanPeople(ps []study.Person) []study.Person {
	if len(ps) == 0 {
		return nil
	}
	out := make([]study.Person, 0, len(ps))
	for _, p := range ps {
		p.Family, p.Given = collapse(p.Family), dotInitials(p.Given)
		p.Suffix, p.Literal = collapse(p.Suffix), collapse(p.Literal)
		if p.Literal != "" {
			p = study.Person{Literal: p.Literal}
		}
		if p.Family == "" && p.Literal == "" && p.Given != "" {
			// A lone given name is all there is: keep it as the family
			// name rather than lose it.
			p.Family, p.Given = p.Given, ""
		}
		if p.Family == "" && p.Literal == "" {
			continue
		}
		out = append(out, p)
	}
	return out
}

// dotInitials writes a bare initial with its period, as litkb keeps given
// names: Google Scholar's "Glenn I" and PubMed's "G I" become "Glenn I."
// and "G. I.". White space is collapsed, as by collapse.
func dotInitials(given string) string {
	bare := 0
	for w := range strings.FieldsSeq(given) {
		if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsUpper(r) {
			bare++
		}
	}
	if bare == 0 {
		return collapse(given)
	}
	var b strings.Builder
	b.Grow(len(given) + bare)
	for w := range strings.FieldsSeq(given) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsUpper(r) {
			b.WriteByte('.')
		}
	}
	return b.String()
}

// collapse trims s and turns every run of white space into one space, as
// strings.Join(strings.Fields(s), " ") would, in one pass: the list of
// words would cost 16 bytes a word, eight times the text of "a a a …".
// Text already collapsed is returned as it is.
func collapse(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			space = true
		} else {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isCollapsed reports whether s has no white space but single spaces
// between words.
func isCollapsed(s string) bool {
	prev := ' ' // so that a leading space counts as a run
	for _, r := range s {
		if unicode.IsSpace(r) && (r != ' ' || prev == ' ') {
			return false
		}
		prev = r
	}
	return prev != ' ' || s == ""
}

// startsLower reports whether w begins with a lower-case letter, as name
// particles do ("van", "de", "von").
func startsLower(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r)
}

package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"litkb/internal/study"
)

// splitBibNames splits a raw BibTeX name list at the word "and" outside
// braces, as BibTeX does. "and others" is reported, not kept as a name.
func splitBibNames(raw string) (names []string, others bool) {
	depth, start := 0, 0
	for i := 0; i < len(raw); i++ {
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
	parts := splitTopLevel(raw, ',')
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	switch len(parts) {
	case 1:
		return firstVonLast(parts[0])
	case 2:
		return study.Person{Family: decodeLaTeX(parts[0]), Given: decodeLaTeX(parts[1])}
	default:
		// von Last, Jr, First; more commas than that are part of First.
		return study.Person{Family: decodeLaTeX(parts[0]), Suffix: decodeLaTeX(parts[1]),
			Given: decodeLaTeX(strings.Join(parts[2:], ", "))}
	}
}

// firstVonLast splits "First von Last": the von part runs from the first
// to the last lower-case word before the final word; without one, the last
// word is the family name. A trailing "Jr." or "III" is a suffix.
func firstVonLast(s string) study.Person {
	words := splitTopLevelSpace(s)
	if len(words) == 0 {
		return study.Person{}
	}
	var suffix string
	if len(words) > 2 && isSuffix(decodeLaTeX(words[len(words)-1])) {
		suffix = decodeLaTeX(words[len(words)-1])
		words = words[:len(words)-1]
	}
	last := len(words) - 1
	von := -1
	for i := 0; i < last; i++ {
		if bibLowerWord(words[i]) {
			von = i
			break
		}
	}
	familyStart := last
	if von >= 0 {
		familyStart = von
	}
	return study.Person{
		Given:  decodeLaTeX(strings.Join(words[:familyStart], " ")),
		Family: decodeLaTeX(strings.Join(words[familyStart:], " ")),
		Suffix: suffix,
	}
}

// bibLowerWord reports whether a name word counts as lower case for
// BibTeX's von rule: its first letter is lower case; a word opening with a
// brace group ({Van}) is protected and counts as upper case, unless the
// group is a special character ({\'e}).
func bibLowerWord(w string) bool {
	if strings.HasPrefix(w, "{") && !strings.HasPrefix(w, `{\`) {
		return false
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

// splitTopLevel splits s at sep outside braces.
func splitTopLevel(s string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
		case sep:
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// splitTopLevelSpace splits s into words at white space and ~ outside
// braces.
func splitTopLevelSpace(s string) []string {
	var out []string
	depth, start := 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if depth == 0 && (isSpace(c) || c == '~') {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
		switch c {
		case '{':
			depth++
		case '}':
			depth--
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// isSuffix recognises generational suffixes.
func isSuffix(s string) bool {
	switch strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".") {
	case "jr", "sr", "ii", "iii", "iv", "jnr", "snr":
		return true
	}
	return false
}

// plainPerson reads a name as RIS and similar plain-text formats write it:
// "Family, Given", "Family, Given, Suffix", "Family, Jr., Given", PubMed's
// "Family GI", or, without a comma, a corporate name (EndNote marks those
// with a trailing comma, which is dropped).
func plainPerson(s string) study.Person {
	s = strings.Join(strings.Fields(s), " ")
	if strings.HasSuffix(s, ",") && strings.Count(s, ",") == 1 {
		return study.Person{Literal: strings.TrimSpace(strings.TrimSuffix(s, ","))}
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	switch {
	case len(parts) == 1:
		if p, ok := initialsName(s); ok {
			return p
		}
		return study.Person{Literal: s}
	case len(parts) == 2:
		return study.Person{Family: parts[0], Given: parts[1]}
	case isSuffix(parts[1]) && !isSuffix(parts[2]):
		return study.Person{Family: parts[0], Suffix: parts[1], Given: strings.Join(parts[2:], ", ")}
	default:
		return study.Person{Family: parts[0], Given: parts[1], Suffix: strings.Join(parts[2:], ", ")}
	}
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
	var out []study.Person
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
// and "G. I.".
func dotInitials(given string) string {
	words := strings.Fields(given)
	for i, w := range words {
		if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsUpper(r) {
			words[i] = w + "."
		}
	}
	return strings.Join(words, " ")
}

// collapse trims s and turns every run of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

package cite

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitParticle separates a lowercase particle from a family name as
// citeproc-js does: "van IJzendoorn" -> ("van", "IJzendoorn"), "de la Cruz"
// -> ("de la", "Cruz"), "d'Alembert" -> ("d'", "Alembert"). A capitalised
// particle ("De Wolff", "Van Gogh") is part of the family name in CSL's
// model, and the last word always stays the family name.
func splitParticle(family string) (particle, rest string) {
	words := strings.Fields(family)
	if len(words) == 0 {
		return "", ""
	}
	n := 0
	for n < len(words)-1 && startsLower(words[n]) {
		n++
	}
	last := words[n:]
	// An elided particle glued to the name: d'Alembert, dell'Orto.
	if i := strings.IndexAny(last[0], "'’"); i > 0 && startsLower(last[0]) {
		j := i + utf8.RuneLen([]rune(last[0][i:])[0])
		if j < len(last[0]) {
			r, _ := utf8.DecodeRuneInString(last[0][j:])
			if unicode.IsUpper(r) {
				p := strings.Join(append(append([]string{}, words[:n]...), last[0][:j]), " ")
				return p, strings.Join(append([]string{last[0][j:]}, last[1:]...), " ")
			}
		}
	}
	if n == 0 {
		return "", strings.Join(words, " ")
	}
	return strings.Join(words[:n], " "), strings.Join(last, " ")
}

func startsLower(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r)
}

// nameOpts is one CSL <name> element with the et-al settings in force
// where it is used.
type nameOpts struct {
	sortOrder   int    // sortNone, sortFirst (first name inverted) or sortAll
	short       bool   // form="short": family name (with its particle) only
	initialize  bool   // reduce given names to initials
	initWith    string // what follows each initial: ". ", "." or ""
	noHyphen    bool   // initialize-with-hyphen="false": "Jean-Pierre" -> "JP"
	sortSep     string // between family and given when inverted: ", " or " "
	delim       string // between names
	and         string // "" (none), "text" or "symbol"
	precLast    string // delimiter-precedes-last: "contextual" (default), "always", "never"
	precEtAl    string // delimiter-precedes-et-al: "contextual" (default), "always", "never"
	etAlMin     int    // 0: never
	etAlFirst   int
	etAlLast    bool // APA: "…" and the last name after the first etAlFirst
	demote      bool // demote-non-dropping-particle="display-and-sort"
	italicEtAl  bool
	stripSuffix bool // suffix without periods ("Jr"), as Vancouver prints it
}

const (
	sortNone = iota
	sortFirst
	sortAll
)

// names renders a name list per opts, applying the et-al rule.
func names(ns []Name, o nameOpts) rich {
	if len(ns) == 0 {
		return nil
	}
	delim := o.delim
	if delim == "" {
		delim = ", "
	}
	shown := ns
	etAl := o.etAlMin > 0 && len(ns) >= o.etAlMin && o.etAlFirst < len(ns)
	if etAl {
		shown = ns[:o.etAlFirst]
	}
	parts := make([]string, len(shown))
	for i, n := range shown {
		inverted := o.sortOrder == sortAll || (o.sortOrder == sortFirst && i == 0)
		parts[i] = o.one(n, inverted)
	}
	if etAl && o.etAlLast && len(ns) > o.etAlFirst+1 {
		// APA 7: the first 19, an ellipsis, the last.
		last := o.one(ns[len(ns)-1], o.sortOrder == sortAll)
		return txt(strings.Join(parts, delim) + delim + "… " + last)
	}
	if etAl {
		sep := " "
		switch o.precEtAl {
		case "always":
			sep = delim
		case "never":
		default:
			if len(shown) > 1 {
				sep = delim
			}
		}
		etal := txt("et al.")
		if o.italicEtAl {
			etal = ital(etal)
		}
		return cat(txt(strings.Join(parts, delim)+sep), etal)
	}
	if len(parts) == 1 {
		return txt(parts[0])
	}
	head := strings.Join(parts[:len(parts)-1], delim)
	last := parts[len(parts)-1]
	if o.and == "" {
		return txt(head + delim + last)
	}
	andTerm := "and"
	if o.and == "symbol" {
		andTerm = "&"
	}
	sep := " "
	switch o.precLast {
	case "always":
		sep = delim
	case "never":
	default:
		if len(parts) > 2 {
			sep = delim
		}
	}
	return txt(head + sep + andTerm + " " + last)
}

// one renders a single name.
func (o nameOpts) one(n Name, inverted bool) string {
	if n.Literal != "" {
		return smartQuotes(n.Literal, false)
	}
	family := smartQuotes(n.Family, false)
	particle := smartQuotes(strings.TrimSpace(n.NonDroppingParticle), false)
	given := smartQuotes(n.Given, false)
	script := nameScript(n)
	if script == scriptCJK {
		// "王小明": family then given, no space, never initialised or
		// inverted; the short form is the family name.
		if o.short {
			return particle + family
		}
		return particle + family + given
	}
	switch {
	case !startsRomanesqueRE.MatchString(given):
		// A given name in CJK script is never initialised ("Wang, 小明").
	case o.initialize:
		given = initials(given, o.initWith, !o.noHyphen)
	case o.initWith != "":
		// initialize="false" with initialize-with (MLA): names are kept,
		// but what is already an initial takes the style's form.
		given = normalizeInitials(given, o.initWith)
	}
	if dp := strings.TrimSpace(n.DroppingParticle); dp != "" {
		given = strings.TrimSpace(given + " " + smartQuotes(dp, false))
	}
	suffix := n.Suffix
	if o.stripSuffix {
		suffix = strings.ReplaceAll(suffix, ".", "")
	}
	if o.short {
		return withParticle(particle, family)
	}
	if script == scriptMixed {
		// A CJK family name with a given name in Latin letters keeps
		// family-first order with a space and no comma ("王 X.").
		return joinNonEmpty(" ", withParticle(particle, family), given)
	}
	if !inverted {
		return joinNonEmpty(" ", given, withParticle(particle, family), suffix)
	}
	sep := o.sortSep
	if sep == "" {
		sep = ", "
	}
	if o.demote && particle != "" {
		// "IJzendoorn, Marinus H. van"
		return joinNonEmpty(sep, family, joinNonEmpty(" ", given, particle), suffix)
	}
	return joinNonEmpty(sep, withParticle(particle, family), given, suffix)
}

// withParticle joins a particle to the family name; an elided particle
// (d’, dell’) takes no space.
func withParticle(particle, family string) string {
	if particle == "" {
		return family
	}
	if strings.HasSuffix(particle, "’") || strings.HasSuffix(particle, "'") || strings.HasSuffix(particle, "-") {
		return particle + family
	}
	return particle + " " + family
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// initials reduces given names to initials as citeproc-js does: each
// space- or period-separated part gives its first letter followed by with
// ("Glenn I." -> "G. I.", "G.I." or "GI"); a hyphenated name keeps its
// hyphen ("Jean-Pierre" -> "J.-P.") unless hyphen is false ("JP").
func initials(given, with string, hyphen bool) string {
	dot := strings.TrimRight(with, " ")
	space := with[len(dot):]
	var b strings.Builder
	first := true
	for _, word := range strings.FieldsFunc(given, func(r rune) bool { return r == ' ' || r == '.' }) {
		for k, part := range strings.Split(word, "-") {
			r, _ := utf8.DecodeRuneInString(part)
			if r == utf8.RuneError {
				continue
			}
			switch {
			case first:
			case k > 0 && hyphen:
				b.WriteString("-")
			default:
				b.WriteString(space)
			}
			b.WriteRune(unicode.ToUpper(r))
			b.WriteString(dot)
			first = false
		}
	}
	return b.String()
}

// normalizeInitials gives bare initials in a given name the style's
// initialize-with, as citeproc-js does when initialize="false": with ". ",
// "J" -> "J.", "J.P." -> "J. P.", "Mary-J" -> "Mary-J."; whole names and
// abbreviations ("Jean", "JP", "Ma. Teresa", "Wm.") are kept as written.
func normalizeInitials(given, with string) string {
	dot := strings.TrimRight(with, " ")
	space := with[len(dot):]
	if space == "" {
		space = " "
	}
	var out []string
	for _, word := range strings.Fields(given) {
		parts := strings.Split(word, ".")
		for k, p := range parts {
			p = strings.TrimLeft(p, "-") // "J.-P": citeproc-js prints "J. P."
			if p == "" {
				continue
			}
			last := p[strings.LastIndex(p, "-")+1:]
			if r, n := utf8.DecodeRuneInString(last); n == len(last) && unicode.IsUpper(r) {
				p += dot
			} else if k < len(parts)-1 {
				p += "." // an abbreviation keeps its period
			}
			out = append(out, p)
		}
	}
	return strings.Join(out, space)
}

// The scripts of a personal name, as citeproc-js's _isRomanesque tells
// them apart: whether the family name has any letter of the alphabetic
// scripts (Latin, Greek, Cyrillic, Hebrew, Arabic, Thai) or a digit.
const (
	scriptCJK   = iota // no such letter in the family name, nor at the start of the given name
	scriptMixed        // no such letter in the family name, but the given name starts with one
	scriptRomanesque
)

var (
	romanesqueRE       = regexp.MustCompile("[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b\u202a-\u202e]")
	startsRomanesqueRE = regexp.MustCompile("^[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b\u202a-\u202e]")
)

func nameScript(n Name) int {
	switch {
	case romanesqueRE.MatchString(strings.ReplaceAll(n.Family, `"`, "")):
		return scriptRomanesque
	case startsRomanesqueRE.MatchString(n.Given):
		return scriptMixed
	}
	return scriptCJK
}

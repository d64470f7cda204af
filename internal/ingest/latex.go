package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// accents lists, per LaTeX accent command, the precomposed letters it makes
// and, position by position, their base letters. A base letter that has no
// precomposed form here gets the Unicode combining mark instead.
var accents = []struct {
	cmd            string
	letters, bases string
	mark           rune // combining mark, for letters not listed
}{
	{"`", "àèìòùǹẁỳÀÈÌÒÙǸẀỲ", "aeiounwyAEIOUNWY", '\u0300'},
	{"'", "áéíóúýćńśźĺŕǵḱḿṕẃǘÁÉÍÓÚÝĆŃŚŹĹŔǴḰḾṔẂǗ", "aeiouycnszlrgkmpwüAEIOUYCNSZLRGKMPWÜ", '\u0301'},
	{"^", "âêîôûĉĝĥĵŝŵŷẑÂÊÎÔÛĈĜĤĴŜŴŶẐ", "aeioucghjswyzAEIOUCGHJSWYZ", '\u0302'},
	{"~", "ãñõĩũỹẽÃÑÕĨŨỸẼ", "anoiuyeANOIUYE", '\u0303'},
	{"=", "āēīōūȳḡĀĒĪŌŪȲḠ", "aeiouygAEIOUYG", '\u0304'},
	{"u", "ăĕğĭŏŭĂĔĞĬŎŬ", "aegiouAEGIOU", '\u0306'},
	{".", "żėċġȧȯḃḋḟṁṅṗṙṡṫẇẋẏŻĖĊĠİȦȮḂḊḞṀṄṖṘṠṪẆẊẎ", "zecgaobdfmnprstwxyZECGIAOBDFMNPRSTWXY", '\u0307'},
	{"\"", "äëïöüÿḧẅẍÄËÏÖÜŸḦẄẌ", "aeiouyhwxAEIOUYHWX", '\u0308'},
	{"r", "åůÅŮ", "auAU", '\u030A'},
	{"H", "őűŐŰ", "ouOU", '\u030B'},
	{"v", "čďěňřšťžǎǐǒǔǧǩľČĎĚŇŘŠŤŽǍǏǑǓǦǨĽ", "cdenrstzaiougklCDENRSTZAIOUGKL", '\u030C'},
	{"c", "çşţģķļņŗȩÇŞŢĢĶĻŅŖȨ", "cstgklnreCSTGKLNRE", '\u0327'},
	{"k", "ąęįųǫĄĘĮŲǪ", "aeiuoAEIUO", '\u0328'},
	{"d", "ạẹịọụṣṭḍṇṛẠẸỊỌỤṢṬḌṆṚ", "aeioustdnrAEIOUSTDNR", '\u0323'},
	{"b", "ḇḏḻṉṟṯẕḆḎḺṈṞṮẔ", "bdlnrtzBDLNRTZ", '\u0331'},
	{"t", "", "", '\u0361'},
}

// letterCommands are LaTeX commands that stand for one letter or symbol.
var letterCommands = map[string]string{
	"ss": "ß", "SS": "SS", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "o": "ø", "O": "Ø",
	"l": "ł", "L": "Ł", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
	"th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
	"textendash": "–", "textemdash": "—", "textquoteleft": "‘", "textquoteright": "’",
	"textquotedblleft": "“", "textquotedblright": "”", "textquotesingle": "'", "textquotedbl": "\"",
	"guillemotleft": "«", "guillemotright": "»", "guillemetleft": "«", "guillemetright": "»",
	"textbackslash": `\`, "textbraceleft": "{", "textbraceright": "}", "textasciitilde": "~",
	"textasciicircum": "^", "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">",
	"S": "§", "P": "¶", "dag": "†", "ddag": "‡", "textdagger": "†", "ldots": "…", "dots": "…", "textellipsis": "…",
	"copyright": "©", "textcopyright": "©", "textregistered": "®", "texttrademark": "™",
	"textdegree": "°", "pounds": "£", "textsterling": "£", "euro": "€", "texteuro": "€",
	"textperiodcentered": "·", "textbullet": "•", "textperthousand": "‰", "textpercent": "%",
	"LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "slash": "/", "quad": " ", "qquad": " ",
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
	"zeta": "ζ", "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
	"xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ",
	"chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
	"Lambda": "Λ", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
	"pm": "±", "times": "×", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠",
	"approx": "≈", "sim": "∼", "cdot": "·", "infty": "∞", "textminus": "−", "to": "→", "rightarrow": "→",
	"textonehalf": "½", "textmu": "µ", "textalpha": "α", "textbeta": "β", "textkappa": "κ",
}

// dropWithArgument are commands whose first argument is not text: \href{url}{text}
// keeps only the text.
var dropWithArgument = map[string]bool{"href": true, "label": true, "cite": true, "ref": true}

// accentIndex finds the composition table for an accent command.
var accentIndex = func() map[string]int {
	idx := map[string]int{}
	for i, a := range accents {
		idx[a.cmd] = i
	}
	return idx
}()

// compose puts accent cmd on base: the precomposed letter when there is
// one, else base followed by the combining mark.
func compose(cmd string, base string) string {
	i, ok := accentIndex[cmd]
	if !ok {
		return base
	}
	a := accents[i]
	r, size := utf8.DecodeRuneInString(base)
	if base == "" || r == utf8.RuneError {
		if !isASCIILetter(cmd[0]) {
			return cmd // \^{} is a circumflex on its own
		}
		return ""
	}
	if r == 'ı' {
		r = 'i' // \'{\i} is í
	}
	if r == 'ȷ' {
		r = 'j'
	}
	letters, bases := []rune(a.letters), []rune(a.bases)
	for j, b := range bases {
		if b == r && j < len(letters) {
			return string(letters[j]) + base[size:]
		}
	}
	return string(r) + string(a.mark) + base[size:]
}

// decodeLaTeX turns a BibTeX value into plain text: accents composed
// ({\'o}, \"{u}, \c{c}, {\ss}), escaped specials unescaped, the TeX
// ligatures for dashes and quotes made typographic, formatting commands
// (\emph, \textit) dropped with their argument kept, protective braces
// and math shifts removed, and white space collapsed.
func decodeLaTeX(s string) string {
	d := latexDecoder{src: s}
	d.out.Grow(len(s)) // decoding never lengthens text by much
	d.run(false)
	return collapse(d.out.String())
}

type latexDecoder struct {
	src   string
	pos   int
	out   strings.Builder
	math  bool
	depth int // arguments this decoder is nested in
}

// run decodes until the end, or until the brace that closes the current
// group when inGroup is set.
func (d *latexDecoder) run(inGroup bool) {
	depth := 0
	for d.pos < len(d.src) {
		c := d.src[d.pos]
		switch {
		case c == '\\':
			d.command()
		case c == '{':
			d.pos++
			depth++
		case c == '}':
			d.pos++
			if depth == 0 && inGroup {
				return
			}
			depth--
		case c == '$':
			d.pos++
			d.math = !d.math
		case c == '~':
			d.pos++
			d.out.WriteByte(' ')
		case c == '^' || c == '_':
			d.pos++
			d.script(c)
		case strings.HasPrefix(d.src[d.pos:], "---"):
			d.pos += 3
			d.out.WriteString("—")
		case strings.HasPrefix(d.src[d.pos:], "--"):
			d.pos += 2
			d.out.WriteString("–")
		case strings.HasPrefix(d.src[d.pos:], "``"):
			d.pos += 2
			d.out.WriteString("“")
		case strings.HasPrefix(d.src[d.pos:], "''"):
			d.pos += 2
			d.out.WriteString("”")
		case c == '`':
			d.pos++
			d.out.WriteString("‘")
		default:
			r, size := utf8.DecodeRuneInString(d.src[d.pos:])
			d.pos += size
			d.out.WriteRune(r)
		}
	}
}

// script handles ^ and _: in math, digits become super- and subscripts
// (R^2 -> R²); elsewhere the character is kept.
func (d *latexDecoder) script(c byte) {
	if !d.math {
		d.out.WriteByte(c)
		return
	}
	arg := d.argument()
	table := "⁰¹²³⁴⁵⁶⁷⁸⁹"
	if c == '_' {
		table = "₀₁₂₃₄₅₆₇₈₉"
	}
	digits := []rune(table)
	for _, r := range arg {
		if r >= '0' && r <= '9' {
			d.out.WriteRune(digits[r-'0'])
		} else {
			d.out.WriteRune(r)
		}
	}
}

// command decodes one control sequence at d.pos (a backslash).
func (d *latexDecoder) command() {
	d.pos++ // the backslash
	if d.pos >= len(d.src) {
		return
	}
	name := d.controlName()
	if _, ok := accentIndex[name]; ok {
		if isASCIILetter(name[0]) && !d.accentFollows() {
			return // \c, \v … with nothing to put the accent on
		}
		d.out.WriteString(compose(name, d.argument()))
		return
	}
	switch name {
	case "&", "%", "$", "#", "_", "{", "}", "~", "^":
		d.out.WriteString(name)
		return
	case " ", "\\", ",", ";", ":", "\n", "\t", "\r", "quad", "qquad":
		d.out.WriteByte(' ')
		return
	case "-", "/", "@", "relax", "protect", "noopsort", "NoCaseChange", "nocase":
		if name == "noopsort" {
			d.argument() // \noopsort{key} sorts and prints nothing
		}
		return
	}
	if s, ok := letterCommands[name]; ok {
		d.out.WriteString(s)
		return
	}
	if dropWithArgument[name] {
		d.argument()
	}
	// Any other command (\emph, \textit, \url, \it …) is dropped; its
	// arguments are text and are decoded where they stand.
}

// controlName reads the name after a backslash: a run of letters (and the
// spaces after it, which TeX ignores) or one other character.
func (d *latexDecoder) controlName() string {
	start := d.pos
	for d.pos < len(d.src) && isASCIILetter(d.src[d.pos]) {
		d.pos++
	}
	if d.pos == start {
		_, size := utf8.DecodeRuneInString(d.src[d.pos:])
		d.pos += size
		return d.src[start:d.pos]
	}
	name := d.src[start:d.pos]
	if d.math {
		return name // spacing in math is TeX's business; the text keeps the space
	}
	for d.pos < len(d.src) && (d.src[d.pos] == ' ' || d.src[d.pos] == '\n' || d.src[d.pos] == '\t' || d.src[d.pos] == '\r') {
		d.pos++
	}
	return name
}

// accentFollows reports whether a letter accent (\c, \v …) has an
// argument to act on.
func (d *latexDecoder) accentFollows() bool {
	if d.pos >= len(d.src) {
		return false
	}
	c := d.src[d.pos]
	return c == '{' || c == '\\' || c >= 0x80 || isASCIILetter(c) || (c >= '0' && c <= '9')
}

// argument reads one macro argument, decoded: a braced group, a control
// sequence (\i) or one character.
func (d *latexDecoder) argument() string {
	for d.pos < len(d.src) && d.src[d.pos] == ' ' {
		d.pos++
	}
	if d.pos >= len(d.src) {
		return ""
	}
	if d.depth >= maxLaTeXDepth {
		// Every level copies the text inside it: \'{\'{…}} 20,000 deep
		// would copy 400 MB. No title nests this deep; the rest is dropped.
		d.pos = skipArgument(d.src, d.pos)
		return ""
	}
	sub := latexDecoder{src: d.src, pos: d.pos, math: d.math, depth: d.depth + 1}
	switch d.src[d.pos] {
	case '{':
		sub.pos++
		sub.run(true)
	case '\\':
		sub.command()
	case '}':
		return ""
	default:
		_, size := utf8.DecodeRuneInString(d.src[d.pos:])
		sub.pos += size
		sub.out.WriteString(d.src[d.pos:sub.pos])
	}
	d.pos = sub.pos
	return sub.out.String()
}

// skipArgument passes over the macro argument at s[i] (a braced group, a
// control sequence or one character) without decoding it.
func skipArgument(s string, i int) int {
	switch s[i] {
	case '}':
		return i
	case '{':
		depth := 0
		for ; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++ // an escaped brace does not count
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(s)
	case '\\':
		i++
		j := i
		for j < len(s) && isASCIILetter(s[j]) {
			j++
		}
		if j == i && i < len(s) {
			_, size := utf8.DecodeRuneInString(s[i:])
			j = i + size
		}
		return j
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return i + size
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// decodeVerbatim reads a DOI or URL field: braces dropped and escaped
// specials unescaped, and nothing else touched (a URL may hold ~ and --).
func decodeVerbatim(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '{' || c == '}':
		case c == '\\' && i+1 < len(s) && strings.IndexByte("_%&#$~{}", s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i++
		case c == '\\' && strings.HasPrefix(s[i:], `\url`):
			i += len(`\url`) - 1
		default:
			b.WriteByte(c)
		}
	}
	return collapse(b.String())
}

// startsUpper reports whether the first letter of s is upper case (for
// titles and names after decoding).
func startsUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
	}
	return false
}

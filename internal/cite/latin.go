package cite

import "strings"

// accented lists Latin letters with diacritics by LaTeX accent command:
// each entry gives the accented letters and, position by position, their
// base letters.
var accented = []struct{ cmd, letters, bases string }{
	{"`", "àèìòùÀÈÌÒÙ", "aeiouAEIOU"},
	{"'", "áéíóúýćńśźĺŕÁÉÍÓÚÝĆŃŚŹĹŔ", "aeiouycnszlrAEIOUYCNSZLR"},
	{"^", "âêîôûĉĝĥĵŝŵŷÂÊÎÔÛĈĜĤĴŜŴŶ", "aeioucghjswyAEIOUCGHJSWY"},
	{"\"", "äëïöüÿÄËÏÖÜŸ", "aeiouyAEIOUY"},
	{"~", "ãñõÃÑÕ", "anoANO"},
	{"c", "çşţÇŞŢ", "cstCST"},
	{"v", "čďěňřšťžČĎĚŇŘŠŤŽ", "cdenrstzCDENRSTZ"},
	{"u", "ăğĂĞ", "agAG"},
	{"H", "őűŐŰ", "ouOU"},
	{"k", "ąęįųĄĘĮŲ", "aeiuAEIU"},
	{".", "żėŻĖİ", "zezEI"},
	{"=", "āēīōūĀĒĪŌŪ", "aeiouAEIOU"},
	{"r", "ůŮ", "uU"},
}

// special are letters LaTeX writes as commands of their own.
var special = map[rune]struct{ tex, fold string }{
	'ß': {`{\ss}`, "ss"}, 'æ': {`{\ae}`, "ae"}, 'Æ': {`{\AE}`, "AE"},
	'œ': {`{\oe}`, "oe"}, 'Œ': {`{\OE}`, "OE"}, 'ø': {`{\o}`, "o"}, 'Ø': {`{\O}`, "O"},
	'ł': {`{\l}`, "l"}, 'Ł': {`{\L}`, "L"}, 'å': {`{\aa}`, "a"}, 'Å': {`{\AA}`, "A"},
	'ı': {`{\i}`, "i"},
}

// latexAccents maps accented letters to LaTeX ({\'o}, {\v{c}}), and
// asciiFold maps them to their base letters, for BibTeX keys.
var latexAccents, asciiFold = func() (map[rune]string, map[rune]string) {
	tex, fold := map[rune]string{}, map[rune]string{}
	for _, a := range accented {
		letters, bases := []rune(a.letters), []rune(a.bases)
		for i, r := range letters {
			base := string(bases[i])
			if len(a.cmd) == 1 && strings.ContainsAny(a.cmd, "`'^\"~.=") {
				tex[r] = `{\` + a.cmd + base + `}`
			} else {
				tex[r] = `{\` + a.cmd + `{` + base + `}}`
			}
			fold[r] = base
		}
	}
	for r, s := range special {
		tex[r], fold[r] = s.tex, s.fold
	}
	return tex, fold
}()

// foldASCII replaces accented Latin letters by their base letters.
func foldASCII(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f, ok := asciiFold[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

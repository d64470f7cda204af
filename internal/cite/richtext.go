package cite

import (
	"strings"
	"unicode/utf8"
)

// rich is formatted text: a sequence of runs, each plain or italic. Every
// style builds its output as rich text so that the plain and the HTML form
// of a reference come from one rendering and cannot drift apart.
type rich []run

type run struct {
	s      string
	italic bool
}

// txt is plain rich text; the empty string gives empty rich text, so that
// absent fields vanish together with their delimiters and affixes, as CSL
// groups do.
func txt(s string) rich {
	if s == "" {
		return nil
	}
	return rich{{s: s}}
}

func (r rich) empty() bool {
	for _, x := range r {
		if x.s != "" {
			return false
		}
	}
	return true
}

// ital returns r in italics.
func ital(r rich) rich {
	out := make(rich, len(r))
	for i, x := range r {
		out[i] = run{s: x.s, italic: true}
	}
	return out
}

// affix wraps r in prefix and suffix, or gives nothing when r is empty.
func affix(prefix string, r rich, suffix string) rich {
	if r.empty() {
		return nil
	}
	return cat(txt(prefix), r, txt(suffix))
}

// join joins the non-empty parts with delim, as a CSL group with a
// delimiter does.
func join(delim string, parts ...rich) rich {
	var out rich
	first := true
	for _, p := range parts {
		if p.empty() {
			continue
		}
		if !first {
			out = cat(out, txt(delim))
		}
		out = cat(out, p)
		first = false
	}
	return out
}

// cat concatenates rich texts, resolving punctuation where two pieces meet
// the way citeproc-js does (its punctuation table, below): "Jr." + "."
// gives "Jr.", "depression?" + ". " gives "depression? ", "1994;" + "."
// gives "1994;". A period or comma after a closing double quote moves
// inside it (American punctuation: “Title.”), and two spaces collapse.
func cat(parts ...rich) rich {
	var out rich
	for _, p := range parts {
		for _, x := range p {
			if x.s == "" {
				continue
			}
			out = appendRun(out, x)
		}
	}
	return out
}

// punctMerge is citeproc-js's table for two punctuation marks that meet:
// punctMerge[left][right] replaces both. A mark meeting itself is kept
// once.
var punctMerge = map[rune]map[rune]string{
	'!': {'.': "!", '?': "!?", ':': "!", ',': "!,", ';': "!;"},
	'?': {'!': "?!", '.': "?", ':': "?", ',': "?,", ';': "?;"},
	'.': {'!': ".!", '?': ".?", ':': ".:", ',': ".,", ';': ".;"},
	':': {'!': "!", '?': "?", '.': ":", ',': ":,", ';': ":;"},
	',': {'!': ",!", '?': ",?", ':': ",:", '.': ",.", ';': ",;"},
	';': {'!': "!", '?': "?", ':': ";", ',': ";,", '.': ";"},
}

// merge joins two punctuation marks.
func merge(left, right rune) string {
	if left == right {
		return string(left)
	}
	if m, ok := punctMerge[left]; ok {
		if s, ok := m[right]; ok {
			return s
		}
	}
	return string(left) + string(right)
}

func appendRun(out rich, x run) rich {
	if len(out) == 0 {
		return append(out, x)
	}
	last := &out[len(out)-1]
	right, size := utf8.DecodeRuneInString(x.s)
	left, lsize := utf8.DecodeLastRuneInString(last.s)
	switch {
	case right == ' ' && left == ' ':
		x.s = x.s[1:]
	case left == '”' && (right == '.' || right == ','):
		// Move the mark inside the quotes, merging it with any mark there.
		inner := last.s[:len(last.s)-lsize]
		p, psize := utf8.DecodeLastRuneInString(inner)
		if _, ok := punctMerge[p]; ok {
			last.s = inner[:len(inner)-psize] + merge(p, right) + "”"
		} else {
			last.s = inner + string(right) + "”"
		}
		x.s = x.s[size:]
	case left == '’' && punctMerge[right] != nil:
		// British quotes keep the mark outside, but a mark the quoted
		// text already ends with absorbs it as citeproc-js's table says:
		// ‘Why does it change?’ + "." gives ‘Why does it change?’, while
		// ‘Why does it change?’ + "," keeps the comma.
		inner := last.s[:len(last.s)-lsize]
		if p, _ := utf8.DecodeLastRuneInString(inner); punctMerge[p] != nil && merge(p, right) == string(p) {
			x.s = x.s[size:]
		}
	case punctMerge[left] != nil && punctMerge[right] != nil:
		m := merge(left, right)
		if m == string(left)+string(right) {
			// Both marks stay, each in its own run: an italic
			// "security?" keeps a roman "," outside the <i>.
			break
		}
		last.s = last.s[:len(last.s)-lsize] + m
		x.s = x.s[size:]
	}
	if x.s == "" {
		return out
	}
	if last.italic == x.italic {
		last.s += x.s
		return out
	}
	return append(out, x)
}

// String is the plain-text form.
func (r rich) String() string {
	var b strings.Builder
	for _, x := range r {
		b.WriteString(x.s)
	}
	return b.String()
}

// HTML is the HTML form: text escaped, italics as <i>.
func (r rich) HTML() string {
	var b strings.Builder
	for _, x := range r {
		if x.italic {
			b.WriteString("<i>")
		}
		b.WriteString(escapeHTML(x.s))
		if x.italic {
			b.WriteString("</i>")
		}
	}
	return b.String()
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

func escapeHTML(s string) string { return htmlEscaper.Replace(s) }

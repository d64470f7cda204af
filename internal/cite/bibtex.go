package cite

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"litkb/internal/study"
)

// ExportBibTeX writes studies as BibTeX entries that classic BibTeX, biber
// and reference managers all read: special characters escaped, accented
// Latin letters as LaTeX accents ({\'o}), capitals in titles protected by
// braces so that styles which lowercase titles keep proper nouns and
// acronyms. Keys are stable (first author's family name, year, first
// significant title word: roisman2002earned); within one export, repeated
// keys get a, b, c … appended.
func ExportBibTeX(studies []*study.Study) []byte {
	var b bytes.Buffer
	seen := map[string]int{}
	for i, s := range studies {
		it := exportItem(s)
		key := bibKey(it)
		if n := seen[key]; n > 0 {
			seen[key] = n + 1
			key += suffixLetters(n)
		} else {
			seen[key] = 1
		}
		if i > 0 {
			b.WriteString("\n")
		}
		writeBibTeX(&b, it, key)
	}
	return b.Bytes()
}

// suffixLetters is a, b, …, z, aa, ab, … for the n-th repeat (n >= 1).
func suffixLetters(n int) string {
	s := ""
	for n > 0 {
		n--
		s = string(rune('a'+n%26)) + s
		n /= 26
	}
	return s
}

var bibTypes = map[string]string{
	"article-journal":  "article",
	"book":             "book",
	"chapter":          "incollection",
	"paper-conference": "inproceedings",
	"report":           "techreport",
	// litkb does not record the kind of thesis, so the biblatex type that
	// leaves it open is used rather than guessing @phdthesis.
	"thesis": "thesis",
	// biblatex's type for a web page; BibTeX styles treat it as @misc.
	"webpage": "online",
	// A preprint as Zotero exports one: @misc with the server as publisher.
	"article":    "misc",
	"manuscript": "unpublished",
	"dataset":    "dataset", // biblatex; BibTeX styles treat it as @misc
}

func writeBibTeX(b *bytes.Buffer, it Item, key string) {
	ty := bibTypes[it.Type]
	if ty == "" {
		ty = "misc"
	}
	fmt.Fprintf(b, "@%s{%s,\n", ty, key)
	field := func(name, value string) {
		if value == "" {
			return
		}
		fmt.Fprintf(b, "  %s = {%s},\n", name, value)
	}
	field("author", bibNames(it.Author))
	field("editor", bibNames(it.Editor))
	field("title", bibTitle(it.Title))
	switch it.Type {
	case "article-journal":
		field("journal", bibEscape(it.ContainerTitle))
		field("shortjournal", bibEscape(it.ContainerTitleShort)) // biblatex; BibTeX styles ignore it
	case "chapter":
		field("booktitle", bibTitle(it.ContainerTitle))
	case "paper-conference":
		field("booktitle", bibTitle(it.ContainerTitle))
		field("eventtitle", bibTitle(it.Event)) // biblatex; BibTeX styles ignore it
	case "webpage":
		field("organization", bibEscape(it.ContainerTitle)) // biblatex's field for the site an @online entry is on
	}
	field("series", bibEscape(it.CollectionTitle))
	field("year", it.year())
	// The month as BibTeX's own macro (aug), which every BibTeX and
	// biblatex style reads; a day only biblatex's date can hold.
	if m := it.month(bibMonths); m != "" {
		fmt.Fprintf(b, "  month = %s,\n", m)
	}
	if it.Issued.Day() != 0 {
		field("date", fmt.Sprintf("%s-%02d-%02d", it.year(), it.Issued.Month(), it.Issued.Day()))
	}
	field("origdate", it.originalYear()) // biblatex; BibTeX styles ignore it
	field("volume", bibEscape(it.Volume))
	if it.Type == "report" || it.Type == "dataset" {
		field("number", bibEscape(it.Number))
		field("version", bibEscape(it.Version)) // biblatex
	} else {
		field("number", bibEscape(it.Issue))
		field("eid", bibEscape(it.Number)) // article number
	}
	field("pages", bibPages(it.Page))
	field("chapter", bibEscape(it.ChapterNumber))
	field("edition", bibEscape(it.Edition))
	field("type", bibEscape(it.Genre))
	switch it.Type {
	case "report":
		field("institution", bibEscape(it.Publisher))
	case "thesis":
		field("school", bibEscape(it.Publisher))
	case "manuscript":
		field("howpublished", bibEscape(it.Publisher)) // where it is held; @unpublished has no publisher
	default:
		field("publisher", bibEscape(it.Publisher))
	}
	field("address", bibEscape(it.PublisherPlace))
	field("doi", bibVerbatim(it.DOI))
	field("url", bibVerbatim(it.URL))
	if d := it.Accessed; d.Day() != 0 {
		field("urldate", fmt.Sprintf("%04d-%02d-%02d", d.Year(), d.Month(), d.Day())) // biblatex, as Zotero writes it
	}
	// isbn is biblatex's; pmid and pmcid are the fields JabRef and Better
	// BibTeX write (biblatex's eprint can hold only one of them).
	field("isbn", bibEscape(it.ISBN))
	field("pmid", bibEscape(it.PMID))
	field("pmcid", bibEscape(it.PMCID))
	// The BCP 47 tag, as Zotero writes it; biblatex's langid wants a babel
	// name instead, which a tag does not always have.
	field("language", bibEscape(it.Language))
	field("note", bibEscape(it.Note)) // a retraction or correction (exportItem)
	b.WriteString("}\n")
}

// bibKey is the stable key: first author's (or editor's) family name
// without particle, folded to lowercase ASCII, the year, and the first
// significant word of the title.
func bibKey(it Item) string {
	var who string
	switch {
	case len(it.Author) > 0:
		who = nameForKey(it.Author[0])
	case len(it.Editor) > 0:
		who = nameForKey(it.Editor[0])
	}
	who = asciiKey(who)
	if who == "" {
		who = "anon"
	}
	word := ""
	for _, w := range strings.FieldsFunc(foldASCII(it.Title), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		lw := strings.ToLower(w)
		if !keyStopWords[lw] {
			word = lw
			break
		}
	}
	return who + it.year() + word
}

// nameForKey is the family name, or the first word of a corporate name
// that is not an article ("World Health Organization" -> "World").
func nameForKey(n Name) string {
	if n.Literal == "" {
		return n.Family
	}
	for _, w := range strings.Fields(n.Literal) {
		if !keyStopWords[strings.ToLower(w)] {
			return w
		}
	}
	return n.Literal
}

// keyStopWords are skipped when choosing the title word of a key.
var keyStopWords = map[string]bool{"a": true, "an": true, "the": true, "of": true, "on": true, "in": true,
	"and": true, "for": true, "to": true, "at": true, "by": true, "with": true, "from": true, "is": true}

// asciiKey keeps the ASCII letters and digits of s, lowercased.
func asciiKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(foldASCII(s)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// bibNames joins names with " and " in BibTeX's "von Last, Jr, First"
// form; a corporate name is braced so BibTeX does not split it.
func bibNames(ns []Name) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		if n.Literal != "" {
			parts[i] = "{" + bibEscape(n.Literal) + "}"
			continue
		}
		family := bibEscape(withParticle(n.NonDroppingParticle, n.Family))
		parts[i] = joinNonEmpty(", ", family, bibEscape(n.Suffix), bibEscape(n.Given))
	}
	return strings.Join(parts, " and ")
}

// bibTitle escapes a sentence-case title and braces every word that has a
// capital BibTeX would otherwise lowercase: all but the first letter of the
// title and of the word after a colon, which BibTeX keeps.
func bibTitle(title string) string {
	words := strings.Split(title, " ")
	afterColon := true
	for i, w := range words {
		if w == "" {
			continue
		}
		protect := false
		for j, r := range []rune(w) {
			if unicode.IsUpper(r) && !(j == 0 && afterColon) {
				protect = true
				break
			}
		}
		if protect {
			// Brace the word, not the punctuation around it.
			core := strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) && r != '-' })
			if k := strings.Index(w, core); core != "" && k >= 0 {
				words[i] = bibEscape(w[:k]) + "{" + bibEscape(core) + "}" + bibEscape(w[k+len(core):])
			} else {
				words[i] = "{" + bibEscape(w) + "}"
			}
		} else {
			words[i] = bibEscape(w)
		}
		afterColon = strings.HasSuffix(w, ":")
	}
	return strings.Join(words, " ")
}

// bibPages writes a range with BibTeX's double hyphen.
func bibPages(p string) string {
	if a, b, ok := splitRange(p); ok {
		return a + "--" + b
	}
	return bibEscape(p)
}

// bibVerbatim is for DOIs and URLs, which BibTeX styles print verbatim
// (\url, \doi): only braces, which would unbalance the entry, are changed.
func bibVerbatim(s string) string {
	return strings.NewReplacer("{", "%7B", "}", "%7D").Replace(strings.TrimSpace(s))
}

// bibEscape makes s safe inside a braced BibTeX value: LaTeX's special
// characters escaped, braces replaced by commands (a backslashed brace
// would still count towards BibTeX's brace matching), accented Latin
// letters as LaTeX accents, typographic dashes and quotes as their TeX
// ligatures. Other characters stay UTF-8, which biber and
// inputenc-based LaTeX read.
func bibEscape(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch r {
		case '\\':
			b.WriteString(`{\textbackslash}`)
		case '{':
			b.WriteString(`{\textbraceleft}`)
		case '}':
			b.WriteString(`{\textbraceright}`)
		case '&', '%', '$', '#', '_':
			b.WriteString(`\` + string(r))
		case '~':
			b.WriteString(`{\textasciitilde}`)
		case '^':
			b.WriteString(`{\textasciicircum}`)
		case '–':
			b.WriteString("--")
		case '—':
			b.WriteString("---")
		case '‘':
			b.WriteString("`")
		case '’':
			b.WriteString("'")
		case '“':
			b.WriteString("``")
		case '”':
			b.WriteString("''")
		case '\n', '\r', '\t':
			b.WriteString(" ")
		default:
			if tex, ok := latexAccents[r]; ok {
				b.WriteString(tex)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

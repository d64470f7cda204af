// Package cite renders litkb's studies as references and exports them.
//
// CSL-JSON is the pivot: a study becomes an Item (FromStudy, FromFinding),
// and every style and export is rendered from the Item. The five styles
// reproduce what citeproc-js prints with the official CSL styles (apa.csl,
// modern-language-association.csl, chicago-author-date.csl, vancouver.csl,
// harvard-cite-them-right.csl) for the item types and fields litkb has;
// the golden tests check that claim against recorded citeproc-js output.
// The exact style versions are pinned in styles.go (PinnedStyles), with the
// procedure to move to newer ones.
package cite

import (
	"fmt"
	"strings"
)

// Style is a citation style.
type Style string

// The styles litkb renders.
const (
	APA       Style = "apa"       // APA 7th edition (apa.csl)
	MLA       Style = "mla"       // MLA 9th edition (modern-language-association.csl)
	Chicago   Style = "chicago"   // Chicago 17th edition, author-date (chicago-author-date.csl)
	Vancouver Style = "vancouver" // Vancouver (vancouver.csl)
	Harvard   Style = "harvard"   // Cite Them Right 12th edition - Harvard, the en-GB revision of 2022-06-27 (harvard-cite-them-right.csl)
)

// Styles lists the styles in the order pages offer them.
var Styles = []Style{APA, MLA, Chicago, Vancouver, Harvard}

// ParseStyle accepts a style name as the API takes it (?style=apa).
func ParseStyle(s string) (Style, error) {
	st := Style(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Styles {
		if st == x {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown citation style %q (expected one of apa, mla, chicago, vancouver, harvard)", s)
}

// Label is the style's name for people ("APA 7th edition").
func (s Style) Label() string {
	switch s {
	case APA:
		return "APA 7th edition"
	case MLA:
		return "MLA 9th edition"
	case Chicago:
		return "Chicago 17th edition (author-date)"
	case Vancouver:
		return "Vancouver"
	case Harvard:
		return "Harvard (Cite Them Right)"
	}
	return string(s)
}

// Reference is one item rendered in one style.
type Reference struct {
	Style Style `json:"style"`
	// Text is the reference-list entry as plain text. Vancouver's list
	// number ("1. ") is not part of it: a reference shown on its own has
	// no place in a list.
	Text string `json:"text"`
	// HTML is the same entry as HTML: every character escaped, italics as
	// <i> where the style italicises, nothing else.
	HTML string `json:"html"`
	// InText is the parenthetical citation: "(Roisman et al., 2002)", with
	// the item's locator when it has one: "(Roisman et al., 2002, p. 1210)".
	// Vancouver cites by number; a reference on its own is number 1: "(1)".
	InText string `json:"in_text"`
	// Narrative is the citation for running text: "Roisman et al. (2002)".
	Narrative string `json:"narrative"`
}

// style is what each style file implements.
type style interface {
	bibliography(it Item) rich
	citation(it Item) string
	narrative(it Item) string
}

var styles = map[Style]style{
	APA:       apa{},
	MLA:       mla{},
	Chicago:   chicago{},
	Vancouver: vancouver{},
	Harvard:   harvard{},
}

// supportedTypes are the CSL types FromStudy produces; the styles are
// written and checked for these only.
var supportedTypes = map[string]bool{
	"article-journal": true, "book": true, "chapter": true, "paper-conference": true, "report": true, "thesis": true, "webpage": true,
	"article": true, "manuscript": true, "dataset": true,
}

// Format renders item in style.
func Format(item Item, st Style) (Reference, error) {
	f, ok := styles[st]
	if !ok {
		return Reference{}, fmt.Errorf("unknown citation style %q", st)
	}
	if !supportedTypes[item.Type] {
		return Reference{}, fmt.Errorf("cannot cite an item of type %q (expected article-journal, book, chapter, paper-conference, report, thesis, webpage, article, manuscript or dataset)", item.Type)
	}
	item = printedAs(item, st)
	var bib rich
	if item.Type == "webpage" {
		bib = webpageBibliography(item, st)
	} else {
		bib = f.bibliography(item)
	}
	return Reference{
		Style:     st,
		Text:      bib.String(),
		HTML:      bib.HTML(),
		InText:    f.citation(item),
		Narrative: f.narrative(item),
	}, nil
}

// year is the item's year, or "" when it has none.
func (it Item) year() string {
	if y := it.Issued.Year(); y != 0 {
		return fmt.Sprint(y)
	}
	return ""
}

// title is the item's title with typographic quotes.
func (it Item) title() string { return smartQuotes(strings.TrimSpace(it.Title), false) }

// text cleans a plain variable for printing.
func text(s string) string { return smartQuotes(strings.TrimSpace(s), false) }

// pagesLabel is "p." or "pp." for a page value.
func pagesLabel(p string) string {
	if pluralPages(p) {
		return "pp."
	}
	return "p."
}

// locator renders the item's locator with its label ("p. 1210"), or "".
func (it Item) locator(format string, withLabel bool) string {
	loc := strings.TrimSpace(it.Locator)
	if loc == "" {
		return ""
	}
	out := pageRange(loc, format)
	if withLabel && (it.Label == "" || it.Label == "page") {
		out = pagesLabel(loc) + " " + out
	}
	return out
}

// doiURL is the DOI as a https://doi.org/ link.
func (it Item) doiURL() string {
	d := strings.TrimSpace(it.DOI)
	if d == "" {
		return ""
	}
	return "https://doi.org/" + d
}

// volume and issue are printed as citeproc-js prints numeric variables: a
// range takes an en dash ("1–2").
func (it Item) volume() string { return numberRange(text(it.Volume)) }
func (it Item) issue() string  { return numberRange(text(it.Issue)) }

func numberRange(s string) string {
	if a, b, ok := splitRange(s); ok {
		return a + "–" + b
	}
	return s
}

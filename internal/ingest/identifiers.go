package ingest

import (
	"net/url"
	"strings"

	"litkb/internal/study"
)

// The identifiers beside a DOI, as exports write them: BibTeX isbn, pmid
// and pmcid; RIS SN (ISBN or ISSN), and EndNote's AN (PubMed's accession
// number, the PMID) and C2 (Custom 2, where EndNote keeps the PMCID);
// MEDLINE PMID and PMC; CSL-JSON ISBN, PMID and PMCID.

// whyISSN is the reason for an ISSN, which names the journal, not the work.
const whyISSN = "litkb has no field for the ISSN (it names the journal, not the work)"

// idKind is one identifier: how to normalise and check it, and where the
// draft keeps it.
type idKind struct {
	name      string // in messages: "an ISBN"
	normalize func(string) string
	problem   func(string) string
	dest      func(*study.Study) *string
}

var (
	isbnKind = idKind{"an ISBN", study.NormalizeISBN, study.ISBNProblem,
		func(s *study.Study) *string { return &s.ISBN }}
	pmidKind = idKind{"a PubMed id", study.NormalizePMID, study.PMIDProblem,
		func(s *study.Study) *string { return &s.PMID }}
	pmcidKind = idKind{"a PubMed Central id", study.NormalizePMCID, study.PMCIDProblem,
		func(s *study.Study) *string { return &s.PMCID }}
)

// setID keeps the first valid identifier of kind in field's value, which
// may list several ("978… (hbk.), 978… (pbk.)"). A field that only may
// hold one (RIS AN and C2 hold other things for other databases and
// types) is shared: it reports whether it was taken and is otherwise left
// for the not-kept list, without a warning.
func (d *draft) setID(k idKind, field string, line int, v string, shared bool) bool {
	var found []string
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if i := strings.IndexByte(part, '('); i >= 0 {
			part = part[:i] // "(pbk.)", "(Online)"
		}
		if id := k.normalize(part); id != "" && k.problem(id) == "" {
			found = append(found, id)
		}
	}
	dest := k.dest(&d.s)
	switch {
	case len(found) == 0 && shared:
		return false
	case len(found) == 0:
		if k.name == isbnKind.name && looksLikeISSN(v) {
			d.drop(field, whyISSN)
			return true
		}
		d.warnf(line, "%q is not %s; left out", clip(strings.TrimSpace(v)), k.name)
		d.drop(field, "not "+k.name)
		return true
	case *dest == "":
		*dest = found[0]
		found = found[1:]
	}
	for _, id := range found {
		if id != *dest && !(k.name == isbnKind.name && isbn13(id) == isbn13(*dest)) {
			d.drop(field, "only the first of several is kept")
			break
		}
	}
	return true
}

// looksLikeISSN recognises "0009-3920" and "1467-8624 (Online)": eight
// characters, the last a digit or X.
func looksLikeISSN(v string) bool {
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
		if i := strings.IndexByte(part, '('); i >= 0 {
			part = part[:i]
		}
		part = strings.TrimSpace(part)
		if strings.HasPrefix(strings.ToUpper(part), "ISSN") {
			return true
		}
		if len(part) == 9 && part[4] == '-' && isDigits(part[:4]) && (isDigits(part[5:]) || isDigits(part[5:8]) && (part[8] == 'X' || part[8] == 'x')) {
			return true
		}
	}
	return false
}

// pubMedLink reads the PMID of a PubMed page link, as PubMed's RIS export
// writes it in UR: https://www.ncbi.nlm.nih.gov/pubmed/<pmid> or
// https://pubmed.ncbi.nlm.nih.gov/<pmid>/.
func pubMedLink(v string) (string, bool) {
	p, err := url.Parse(v)
	if err != nil {
		return "", false
	}
	var id string
	switch strings.ToLower(p.Host) {
	case "www.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov":
		rest, ok := strings.CutPrefix(p.Path, "/pubmed/")
		if !ok {
			return "", false
		}
		id = rest
	case "pubmed.ncbi.nlm.nih.gov":
		id = strings.TrimPrefix(p.Path, "/")
	default:
		return "", false
	}
	id = strings.TrimSuffix(id, "/")
	return id, id != "" && study.PMIDProblem(id) == ""
}

// isbn13 is a valid ISBN's 13-digit form, so that a book's ISBN-10 and
// ISBN-13, which exports often list together, count as one.
func isbn13(isbn string) string {
	if len(isbn) != 10 {
		return isbn
	}
	d := "978" + isbn[:9]
	sum := 0
	for i := 0; i < 12; i++ {
		sum += int(d[i]-'0') * (1 + 2*(i%2))
	}
	return d + string(rune('0'+(10-sum%10)%10))
}

// pubMedEprint reads biblatex's way of giving a PMID, eprint = {…} with
// eprinttype = {pubmed}; other e-prints (arXiv, JSTOR) stay not kept.
func (e *bibEntry) pubMedEprint() {
	typ, ok := e.fields["eprinttype"]
	id, ok2 := e.fields["eprint"]
	if !ok || !ok2 || !strings.EqualFold(strings.TrimSpace(decodeLaTeX(typ.raw)), "pubmed") {
		return
	}
	e.use("eprinttype")
	e.use("eprint")
	e.d.setID(pmidKind, "eprint", id.line, decodeLaTeX(id.raw), false)
}

package registry

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"litkb/internal/study"
)

// LookupDOI asks Crossref for doi and, when Crossref does not hold it,
// DOI content negotiation (DataCite and the other agencies).
func (c *Client) LookupDOI(ctx context.Context, doi string) (*Record, error) {
	rec, err := c.CrossrefWork(ctx, doi)
	if err == nil || !errors.Is(err, ErrNotFound) {
		return rec, err
	}
	rec, err2 := c.ContentNegotiation(ctx, doi)
	if err2 != nil {
		return nil, fmt.Errorf("%w; %w", err, err2)
	}
	return rec, nil
}

// Lookup asks for a work by DOI or by PMID (exactly one is given).
func (c *Client) Lookup(ctx context.Context, doi, pmid string) (*Record, error) {
	switch {
	case doi != "" && pmid != "":
		return nil, errors.New("give a DOI or a PMID, not both")
	case doi != "":
		doi = study.NormalizeDOI(doi)
		if !study.ValidDOI(doi) {
			return nil, fmt.Errorf("%q is not a DOI (expected 10.<registrant>/<suffix>)", doi)
		}
		return c.LookupDOI(ctx, doi)
	case pmid != "":
		return c.PubMedRecord(ctx, pmid)
	}
	return nil, errors.New("give a DOI or a PMID")
}

// Draft is the study a registry record fills: every part of the reference
// the record gives, checked against that registry, and the notices it
// reports. Summary, topics, design, sample and findings are the curator's
// work; the draft's to-do list says so.
func Draft(r *Record) study.Study {
	st := study.Study{
		Status: "draft", Type: r.Type, Title: r.Title, Year: r.Year, Issued: r.Issued,
		Authors: r.Authors, Editors: r.Editors, Journal: r.Journal, Container: r.Container,
		Publisher: r.Publisher, Place: r.Place, Volume: r.Volume, Issue: r.Issue, Pages: r.Pages,
		ArticleNumber: r.ArticleNumber, DOI: r.DOI, PMID: r.PMID, PMCID: r.PMCID, ISBN: r.ISBN,
		JournalAbbrev: r.JournalAbbrev,
	}
	if st.Journal == "" {
		st.JournalAbbrev = ""
	}
	fields := st.CitedFields()
	if st.JournalAbbrev != "" {
		fields = append(fields, "journal_abbrev")
	}
	todo := []string{"write the summary, topics, design, sample and findings in our own words: the registry gives none of them"}
	if titleCased(st.Title) {
		todo = append(todo, "put the title in sentence case, keeping proper nouns capitalised (the registry gives it in title case)")
	}
	if r.Source == SourcePubMed && st.Journal != "" {
		todo = append(todo, "write the journal's name as the journal prints it (PubMed gives its catalogue title)")
	}
	st.Provenance = study.Provenance{
		Confidence: "medium",
		HowChecked: "The reference was filled in from the " + r.Source + " record retrieved " + r.Retrieved + ".",
		ToCheck:    todo,
	}
	if len(fields) > 0 {
		st.Provenance.Checks = []study.Check{{Fields: fields, Kind: "registry", Source: r.Provenance()}}
	}
	MergeNotices(&st, r)
	return st
}

// titleCased reports a title whose longer words nearly all start with a
// capital: "Earned-Secure Attachment Status in Retrospect and Prospect".
func titleCased(t string) bool {
	words, caps := 0, 0
	for _, w := range strings.Fields(t) {
		rs := []rune(w)
		if len(rs) < 4 {
			continue
		}
		words++
		if unicode.IsUpper(rs[0]) {
			caps++
		}
	}
	return words >= 3 && caps*4 >= words*3
}

package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"litkb/internal/study"
)

// CSL-JSON as DOI content negotiation serves it (Accept:
// application/vnd.citationstyles.csl+json): Crossref, DataCite and mEDRA
// all answer in it, so it covers DOIs that Crossref does not hold.

type cslItem struct {
	Type           string      `json:"type"`
	DOI            string      `json:"DOI"`
	Title          cslString   `json:"title"`
	ContainerTitle cslString   `json:"container-title"`
	Author         []cslPerson `json:"author"`
	Editor         []cslPerson `json:"editor"`
	Publisher      string      `json:"publisher"`
	PublisherPlace string      `json:"publisher-place"`
	Volume         cslString   `json:"volume"`
	Issue          cslString   `json:"issue"`
	Page           cslString   `json:"page"`
	Number         cslString   `json:"number"`
	ISBN           cslString   `json:"ISBN"`
	Issued         cslDate     `json:"issued"`
	PMID           cslString   `json:"PMID"`
}

type cslPerson struct {
	Family  string `json:"family"`
	Given   string `json:"given"`
	Suffix  string `json:"suffix"`
	Literal string `json:"literal"`
	Name    string `json:"name"`
}

// cslDate is {"date-parts": [[2019, 3]]}; some agencies send the parts as
// strings.
type cslDate struct {
	DateParts [][]json.RawMessage `json:"date-parts"`
}

func (d cslDate) parts() []int {
	if len(d.DateParts) == 0 {
		return nil
	}
	var out []int
	for _, raw := range d.DateParts[0] {
		var n int
		if json.Unmarshal(raw, &n) != nil {
			var s string
			if json.Unmarshal(raw, &s) != nil || s == "" {
				break
			}
			if _, err := fmt.Sscanf(s, "%d", &n); err != nil {
				break
			}
		}
		out = append(out, n)
	}
	return out
}

// cslString is a CSL string that some agencies send as a number or as a
// one-element list.
type cslString string

func (s *cslString) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err == nil {
		*s = cslString(str)
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err == nil {
		if len(list) > 0 {
			*s = cslString(list[0])
		}
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err == nil {
		*s = cslString(n.String())
		return nil
	}
	if string(b) == "null" {
		return nil
	}
	return errors.New("not a string")
}

// ContentNegotiation fetches doi's CSL-JSON through doi.org.
func (c *Client) ContentNegotiation(ctx context.Context, doi string) (*Record, error) {
	doi = study.NormalizeDOI(doi)
	body, err := c.get(ctx, request{service: "doi.org", id: doi, url: c.opts.DOIURL + "/" + escapePath(doi),
		accept: "application/vnd.citationstyles.csl+json"})
	if err != nil {
		return nil, err
	}
	rec, err := c.cslRecord(body, doi)
	if err != nil {
		return nil, &Error{Service: "doi.org", ID: doi, Err: err}
	}
	return rec, nil
}

func (c *Client) cslRecord(body []byte, asked string) (*Record, error) {
	var it cslItem
	if err := json.Unmarshal(body, &it); err != nil {
		return nil, fmt.Errorf("the answer is not CSL-JSON: %w", err)
	}
	if it.Title == "" && it.DOI == "" {
		return nil, errors.New("the answer is not a CSL-JSON item (no title, no DOI)")
	}
	r := &Record{Source: SourceDOI, Retrieved: c.Today(), Type: typeOf(it.Type), Title: plain(string(it.Title))}
	r.DOI = study.NormalizeDOI(it.DOI)
	if r.DOI == "" {
		r.DOI = asked
	}
	r.Authors, r.Editors = cslPeople(it.Author), cslPeople(it.Editor)
	r.Year, r.Issued = date(it.Issued.parts())
	container := plain(string(it.ContainerTitle))
	if r.Type == "article" {
		r.Journal = container
	} else {
		r.Container = container
		r.Publisher, r.Place = plain(it.Publisher), plain(it.PublisherPlace)
	}
	r.Volume, r.Issue = strings.TrimSpace(string(it.Volume)), strings.TrimSpace(string(it.Issue))
	r.Pages = Pages(string(it.Page))
	if r.Type == "article" && r.Pages == "" {
		r.ArticleNumber = strings.TrimSpace(string(it.Number))
	}
	if r.Type == "book" {
		r.ISBN = study.NormalizeISBN(string(it.ISBN))
	}
	r.PMID = study.NormalizePMID(string(it.PMID))
	return r, nil
}

func cslPeople(ps []cslPerson) []study.Person {
	var out []study.Person
	for _, p := range ps {
		switch {
		case p.Family != "":
			out = append(out, study.Person{Family: plain(p.Family), Given: plain(p.Given), Suffix: plain(p.Suffix)})
		case p.Literal != "":
			out = append(out, study.Person{Literal: plain(p.Literal)})
		case p.Name != "":
			out = append(out, study.Person{Literal: plain(p.Name)})
		}
	}
	return out
}

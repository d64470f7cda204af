package registry

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"litkb/internal/study"
)

// NCBI E-utilities: esummary (JSON) says whether PubMed holds the PMID and
// gives the citation with initials; efetch (PubmedArticleSet XML) adds the
// authors' given names, the journal's catalogue title and the
// retraction and erratum links.

type esummaryAnswer struct {
	Result map[string]json.RawMessage `json:"result"`
}

type esummaryDoc struct {
	UID             string `json:"uid"`
	Error           string `json:"error"`
	PubDate         string `json:"pubdate"`
	Source          string `json:"source"`
	FullJournalName string `json:"fulljournalname"`
	Title           string `json:"title"`
	Volume          string `json:"volume"`
	Issue           string `json:"issue"`
	Pages           string `json:"pages"`
	Authors         []struct {
		Name     string `json:"name"`
		AuthType string `json:"authtype"`
	} `json:"authors"`
	ArticleIDs []struct {
		IDType string `json:"idtype"`
		Value  string `json:"value"`
	} `json:"articleids"`
}

type pubmedSet struct {
	XMLName  xml.Name        `xml:"PubmedArticleSet"`
	Articles []pubmedArticle `xml:"PubmedArticle"`
}

type pubmedArticle struct {
	PMID    string `xml:"MedlineCitation>PMID"`
	Article struct {
		Journal struct {
			Volume  string     `xml:"JournalIssue>Volume"`
			Issue   string     `xml:"JournalIssue>Issue"`
			PubDate pubmedDate `xml:"JournalIssue>PubDate"`
			Title   string     `xml:"Title"`
			ISO     string     `xml:"ISOAbbreviation"`
		} `xml:"Journal"`
		Title      innerText `xml:"ArticleTitle"`
		Pagination struct {
			Start   string `xml:"StartPage"`
			End     string `xml:"EndPage"`
			Medline string `xml:"MedlinePgn"`
		} `xml:"Pagination"`
		ELocations []struct {
			Type  string `xml:"EIdType,attr"`
			Value string `xml:",chardata"`
		} `xml:"ELocationID"`
		Authors []struct {
			LastName   string `xml:"LastName"`
			ForeName   string `xml:"ForeName"`
			Initials   string `xml:"Initials"`
			Suffix     string `xml:"Suffix"`
			Collective string `xml:"CollectiveName"`
		} `xml:"AuthorList>Author"`
	} `xml:"MedlineCitation>Article"`
	MedlineTA   string `xml:"MedlineCitation>MedlineJournalInfo>MedlineTA"`
	Corrections []struct {
		RefType   string `xml:"RefType,attr"`
		RefSource string `xml:"RefSource"`
	} `xml:"MedlineCitation>CommentsCorrectionsList>CommentsCorrections"`
	IDs []struct {
		Type  string `xml:"IdType,attr"`
		Value string `xml:",chardata"`
	} `xml:"PubmedData>ArticleIdList>ArticleId"`
}

type pubmedDate struct {
	Year        string `xml:"Year"`
	Month       string `xml:"Month"`
	Day         string `xml:"Day"`
	MedlineDate string `xml:"MedlineDate"`
}

// innerText keeps the text of an element with inline markup (<i>, <sub>).
type innerText string

func (t *innerText) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch v := tok.(type) {
		case xml.CharData:
			b.Write(v)
		case xml.EndElement:
			if v.Name == start.Name {
				*t = innerText(b.String())
				return nil
			}
		}
	}
}

// PubMedRecord fetches PMID pmid from PubMed: its summary, then the full
// record for names and notices.
func (c *Client) PubMedRecord(ctx context.Context, pmid string) (*Record, error) {
	pmid = study.NormalizePMID(pmid)
	if p := study.PMIDProblem(pmid); p != "" {
		return nil, &Error{Service: "pubmed", ID: pmid, Err: errors.New(p)}
	}
	body, err := c.get(ctx, request{service: "pubmed", id: pmid, url: c.eutils("esummary.fcgi", pmid, "json"), accept: "application/json"})
	if err != nil {
		return nil, err
	}
	rec, err := c.esummaryRecord(body, pmid)
	if err != nil {
		return nil, &Error{Service: "pubmed", ID: pmid, Err: err}
	}
	body, err = c.get(ctx, request{service: "pubmed", id: pmid, url: c.eutils("efetch.fcgi", pmid, "xml"), accept: "application/xml"})
	if err != nil {
		return nil, err
	}
	if err := c.addEFetch(rec, body); err != nil {
		return nil, &Error{Service: "pubmed", ID: pmid, Err: err}
	}
	return rec, nil
}

func (c *Client) eutils(tool, pmid, mode string) string {
	q := url.Values{"db": {"pubmed"}, "id": {pmid}, "retmode": {mode}, "tool": {"litkb"}}
	if c.opts.Contact != "" {
		q.Set("email", c.opts.Contact)
	}
	return c.opts.PubMedURL + "/" + tool + "?" + q.Encode()
}

func (c *Client) esummaryRecord(body []byte, pmid string) (*Record, error) {
	var a esummaryAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, fmt.Errorf("the answer is not esummary JSON: %w", err)
	}
	raw, ok := a.Result[pmid]
	if !ok {
		return nil, ErrNotFound
	}
	var d esummaryDoc
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("the esummary document does not follow its schema: %w", err)
	}
	if d.Error != "" || d.Title == "" {
		return nil, ErrNotFound
	}
	r := &Record{Source: SourcePubMed, Retrieved: c.Today(), Type: "article", PMID: pmid}
	r.Title = pubmedTitle(d.Title)
	r.Journal, r.JournalAbbrev = strings.TrimSpace(d.FullJournalName), strings.TrimSpace(d.Source)
	r.Volume, r.Issue, r.Pages = strings.TrimSpace(d.Volume), strings.TrimSpace(d.Issue), Pages(d.Pages)
	r.Year = leadingYear(d.PubDate)
	for _, au := range d.Authors {
		if au.AuthType != "" && au.AuthType != "Author" {
			continue
		}
		r.Authors = append(r.Authors, initialsPerson(au.Name))
	}
	for _, id := range d.ArticleIDs {
		switch id.IDType {
		case "doi":
			r.DOI = study.NormalizeDOI(id.Value)
		case "pmc":
			r.PMCID = study.NormalizePMCID(id.Value)
		}
	}
	return r, nil
}

// addEFetch completes r from the efetch record: given names, the journal's
// catalogue title, full page ranges and the notices PubMed links.
func (c *Client) addEFetch(r *Record, body []byte) error {
	var set pubmedSet
	if err := xml.Unmarshal(body, &set); err != nil {
		return fmt.Errorf("the answer is not a PubmedArticleSet: %w", err)
	}
	var a *pubmedArticle
	for i := range set.Articles {
		if strings.TrimSpace(set.Articles[i].PMID) == r.PMID {
			a = &set.Articles[i]
		}
	}
	if a == nil {
		return ErrNotFound
	}
	art := &a.Article
	if t := pubmedTitle(string(art.Title)); t != "" {
		r.Title = t
	}
	if j := strings.TrimSpace(art.Journal.Title); j != "" {
		r.Journal = j
	}
	for _, alt := range []string{art.Journal.ISO, a.MedlineTA, r.JournalAbbrev} {
		if alt = strings.TrimSpace(alt); alt != "" && !strings.EqualFold(alt, r.Journal) && !slices.Contains(r.JournalAlt, alt) {
			r.JournalAlt = append(r.JournalAlt, alt)
		}
	}
	if ta := strings.TrimSpace(a.MedlineTA); ta != "" {
		r.JournalAbbrev = ta
	}
	r.Volume, r.Issue = firstOf(art.Journal.Volume, r.Volume), firstOf(art.Journal.Issue, r.Issue)
	switch {
	case art.Pagination.Start != "" && art.Pagination.End != "":
		r.Pages = Pages(art.Pagination.Start + "-" + art.Pagination.End)
	case art.Pagination.Medline != "":
		r.Pages = Pages(art.Pagination.Medline)
	}
	if y, issued := pubmedIssued(art.Journal.PubDate); y > 0 {
		r.Year, r.Issued = y, issued
	}
	var people []study.Person
	for _, au := range art.Authors {
		switch {
		case au.LastName != "":
			given := givenName(au.ForeName)
			if given == "" {
				given = givenName(strings.Join(strings.Split(au.Initials, ""), " "))
			}
			people = append(people, study.Person{Family: au.LastName, Given: given, Suffix: au.Suffix})
		case au.Collective != "":
			people = append(people, study.Person{Literal: au.Collective})
		}
	}
	if len(people) > 0 {
		r.Authors = people
	}
	for _, e := range art.ELocations {
		if e.Type == "doi" && r.DOI == "" {
			r.DOI = study.NormalizeDOI(e.Value)
		}
	}
	for _, id := range a.IDs {
		switch id.Type {
		case "doi":
			if r.DOI == "" {
				r.DOI = study.NormalizeDOI(id.Value)
			}
		case "pmc":
			r.PMCID = study.NormalizePMCID(id.Value)
		}
	}
	r.NoticesKnown = true
	for _, cc := range a.Corrections {
		if n, ok := c.pubmedNotice(cc.RefType, cc.RefSource); ok {
			r.Notices = addNotice(r.Notices, n)
		}
	}
	return nil
}

var (
	refDOIRE  = regexp.MustCompile(`doi:\s*(10\.\S+?)\.?(?:\s|$)`)
	refDateRE = regexp.MustCompile(`\.\s(\d{4})(?:\s([A-Z][a-z]{2}))?(?:\s(\d{1,2}))?[;:.]`)
)

// pubmedNotice reads a CommentsCorrections link ("RetractionIn", with a
// RefSource such as "Science. 2015 Jun 5;348(6239):1100. doi: 10.…").
func (c *Client) pubmedNotice(refType, src string) (study.Notice, bool) {
	var kind string
	switch refType {
	case "RetractionIn":
		kind = "retraction"
	case "ExpressionOfConcernIn":
		kind = "expression_of_concern"
	case "ErratumIn":
		kind = "correction"
	default:
		return study.Notice{}, false
	}
	n := study.Notice{Kind: kind, Source: SourcePubMed + ", retrieved " + c.Today()}
	if m := refDOIRE.FindStringSubmatch(src + " "); m != nil {
		n.DOI = study.NormalizeDOI(m[1])
	}
	if m := refDateRE.FindStringSubmatch(src); m != nil {
		n.Date = m[1]
		if mon, ok := months[m[2]]; ok {
			n.Date += "-" + two(mon)
			if d, err := strconv.Atoi(m[3]); err == nil && d >= 1 && d <= 31 {
				n.Date += "-" + two(d)
			}
		}
	}
	return n, true
}

var months = func() map[string]int {
	m := map[string]int{}
	for i := 1; i <= 12; i++ {
		m[time.Month(i).String()[:3]] = i
	}
	return m
}()

func pubmedIssued(d pubmedDate) (int, string) {
	if d.Year == "" {
		return leadingYear(d.MedlineDate), ""
	}
	y, err := strconv.Atoi(strings.TrimSpace(d.Year))
	if err != nil {
		return 0, ""
	}
	parts := []int{y}
	mon, ok := months[strings.TrimSpace(d.Month)]
	if !ok {
		mon, _ = strconv.Atoi(strings.TrimSpace(d.Month))
	}
	if mon >= 1 && mon <= 12 {
		parts = append(parts, mon)
		if day, err := strconv.Atoi(strings.TrimSpace(d.Day)); err == nil {
			parts = append(parts, day)
		}
	}
	return date(parts)
}

func leadingYear(s string) int {
	s = strings.TrimSpace(s)
	if len(s) < 4 {
		return 0
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil {
		return 0
	}
	return y
}

// pubmedTitle drops the full stop PubMed ends every title with, and the
// square brackets of a translated title.
func pubmedTitle(t string) string {
	t = plain(t)
	if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "].") {
		t = t[1 : len(t)-2]
	}
	return strings.TrimSuffix(t, ".")
}

// initialsPerson reads esummary's "Roisman GI" as family "Roisman", given "G. I.".
func initialsPerson(name string) study.Person {
	name = strings.TrimSpace(name)
	i := strings.LastIndex(name, " ")
	if i < 0 {
		return study.Person{Family: name}
	}
	fam, ini := name[:i], name[i+1:]
	if strings.ToUpper(ini) != ini {
		return study.Person{Family: fam, Given: ini}
	}
	return study.Person{Family: fam, Given: givenName(strings.Join(strings.Split(ini, ""), " "))}
}

// givenName writes PubMed's "Glenn I" or "L Alan" with full stops after
// initials: "Glenn I.", "L. Alan".
func givenName(s string) string {
	fs := strings.Fields(s)
	for i, f := range fs {
		if len([]rune(f)) == 1 && strings.ToUpper(f) == f {
			fs[i] = f + "."
		}
	}
	return strings.Join(fs, " ")
}

func firstOf(a, b string) string {
	if a = strings.TrimSpace(a); a != "" {
		return a
	}
	return b
}

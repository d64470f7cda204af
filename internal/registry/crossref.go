package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"litkb/internal/study"
)

// Crossref's REST API: /works/{doi} answers
// {"status": "ok", "message-type": "work", "message": {…}} and
// /works?filter=updates:{doi} a "work-list" whose message.items are the
// works (notices) that update the DOI.

type crossrefEnvelope struct {
	Status      string          `json:"status"`
	MessageType string          `json:"message-type"`
	Message     json.RawMessage `json:"message"`
}

type crossrefList struct {
	Items []crossrefWork `json:"items"`
}

type crossrefWork struct {
	DOI                 string           `json:"DOI"`
	Type                string           `json:"type"`
	Title               []string         `json:"title"`
	Subtitle            []string         `json:"subtitle"`
	ContainerTitle      []string         `json:"container-title"`
	Author              []crossrefPerson `json:"author"`
	Editor              []crossrefPerson `json:"editor"`
	Publisher           string           `json:"publisher"`
	PublisherLocation   string           `json:"publisher-location"`
	Volume              string           `json:"volume"`
	Issue               string           `json:"issue"`
	Page                string           `json:"page"`
	ArticleNumber       string           `json:"article-number"`
	ISBN                []string         `json:"ISBN"`
	Issued              crossrefDate     `json:"issued"`
	UpdateTo            []crossrefUpdate `json:"update-to"`
	UpdatedBy           []crossrefUpdate `json:"updated-by"`
	ShortContainerTitle []string         `json:"short-container-title"`
}

type crossrefPerson struct {
	Given  string `json:"given"`
	Family string `json:"family"`
	Suffix string `json:"suffix"`
	Name   string `json:"name"` // an organisation
}

type crossrefUpdate struct {
	DOI     string       `json:"DOI"`
	Type    string       `json:"type"`
	Label   string       `json:"label"`
	Updated crossrefDate `json:"updated"`
}

// crossrefDate is {"date-parts": [[2002, 7, 1]]}; parts may be null.
type crossrefDate struct {
	DateParts [][]*int `json:"date-parts"`
}

func (d crossrefDate) parts() []int {
	if len(d.DateParts) == 0 {
		return nil
	}
	var out []int
	for _, p := range d.DateParts[0] {
		if p == nil {
			break
		}
		out = append(out, *p)
	}
	return out
}

// CrossrefWork fetches the work doi from Crossref, with its notices from
// its updated-by relations.
func (c *Client) CrossrefWork(ctx context.Context, doi string) (*Record, error) {
	doi = study.NormalizeDOI(doi)
	u := c.opts.CrossrefURL + "/works/" + escapePath(doi) + c.mailto("?")
	body, err := c.get(ctx, request{service: "crossref", id: doi, url: u, accept: "application/json"})
	if err != nil {
		return nil, err
	}
	var w crossrefWork
	if err := decodeCrossref(body, "work", &w); err != nil {
		return nil, &Error{Service: "crossref", ID: doi, Err: err}
	}
	return c.crossrefRecord(&w, doi), nil
}

// CrossrefUpdates lists the notices Crossref holds that update doi (the
// updates: filter), for a work whose own record does not carry them.
func (c *Client) CrossrefUpdates(ctx context.Context, doi string) ([]study.Notice, error) {
	doi = study.NormalizeDOI(doi)
	q := url.Values{"filter": {"updates:" + doi}, "rows": {"100"}}
	if c.opts.Contact != "" {
		q.Set("mailto", c.opts.Contact)
	}
	body, err := c.get(ctx, request{service: "crossref", id: doi, url: c.opts.CrossrefURL + "/works?" + q.Encode(), accept: "application/json"})
	if err != nil {
		return nil, err
	}
	var l crossrefList
	if err := decodeCrossref(body, "work-list", &l); err != nil {
		return nil, &Error{Service: "crossref", ID: doi, Err: err}
	}
	var out []study.Notice
	for _, it := range l.Items {
		for _, u := range it.UpdateTo {
			if !strings.EqualFold(study.NormalizeDOI(u.DOI), doi) {
				continue
			}
			if n, ok := c.crossrefNotice(u, it.DOI); ok {
				out = addNotice(out, n)
			}
		}
	}
	return out, nil
}

// Notices asks Crossref for every notice about doi: the work's updated-by
// relations and the works that name it in update-to.
func (c *Client) Notices(ctx context.Context, doi string) ([]study.Notice, error) {
	rec, err := c.CrossrefWork(ctx, doi)
	if err != nil {
		return nil, err
	}
	more, err := c.CrossrefUpdates(ctx, doi)
	if err != nil {
		return nil, err
	}
	for _, n := range more {
		rec.Notices = addNotice(rec.Notices, n)
	}
	return rec.Notices, nil
}

func (c *Client) mailto(sep string) string {
	if c.opts.Contact == "" {
		return ""
	}
	return sep + "mailto=" + url.QueryEscape(c.opts.Contact)
}

func decodeCrossref(body []byte, want string, into any) error {
	var env crossrefEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("the answer is not Crossref JSON: %w", err)
	}
	if env.Status != "ok" || env.MessageType != want || len(bytes.TrimSpace(env.Message)) == 0 {
		return fmt.Errorf("the answer is not a Crossref %s (status %q, message-type %q)", want, env.Status, env.MessageType)
	}
	if err := json.Unmarshal(env.Message, into); err != nil {
		return fmt.Errorf("the Crossref %s does not follow its schema: %w", want, err)
	}
	return nil
}

func (c *Client) crossrefRecord(w *crossrefWork, asked string) *Record {
	r := &Record{Source: SourceCrossref, Retrieved: c.Today(), Type: typeOf(w.Type), NoticesKnown: true}
	r.DOI = study.NormalizeDOI(w.DOI)
	if r.DOI == "" {
		r.DOI = asked
	}
	if len(w.Title) > 0 {
		r.Title = plain(w.Title[0])
		if len(w.Subtitle) > 0 && w.Subtitle[0] != "" && !strings.Contains(strings.ToLower(r.Title), strings.ToLower(plain(w.Subtitle[0]))) {
			r.Title += ": " + plain(w.Subtitle[0])
		}
	}
	r.Authors = crossrefPeople(w.Author)
	r.Editors = crossrefPeople(w.Editor)
	r.Year, r.Issued = date(w.Issued.parts())
	container := ""
	if len(w.ContainerTitle) > 0 {
		container = plain(w.ContainerTitle[0])
	}
	switch r.Type {
	case "article":
		r.Journal = container
	default:
		r.Container = container
		r.Publisher, r.Place = plain(w.Publisher), plain(w.PublisherLocation)
	}
	r.Volume, r.Issue = strings.TrimSpace(w.Volume), strings.TrimSpace(w.Issue)
	r.Pages, r.ArticleNumber = Pages(w.Page), strings.TrimSpace(w.ArticleNumber)
	if r.Type == "book" && len(w.ISBN) > 0 {
		r.ISBN = study.NormalizeISBN(w.ISBN[0])
	}
	for _, u := range w.UpdatedBy {
		if n, ok := c.crossrefNotice(u, u.DOI); ok {
			r.Notices = addNotice(r.Notices, n)
		}
	}
	return r
}

func crossrefPeople(ps []crossrefPerson) []study.Person {
	var out []study.Person
	for _, p := range ps {
		switch {
		case p.Family != "":
			out = append(out, study.Person{Family: plain(p.Family), Given: plain(p.Given), Suffix: plain(p.Suffix)})
		case p.Name != "":
			out = append(out, study.Person{Literal: plain(p.Name)})
		}
	}
	return out
}

// crossrefNotice is an update relation as a study.Notice; noticeDOI is the
// notice's own DOI.
func (c *Client) crossrefNotice(u crossrefUpdate, noticeDOI string) (study.Notice, bool) {
	kind := noticeKind(u.Type)
	if kind == "" {
		return study.Notice{}, false
	}
	n := study.Notice{Kind: kind, DOI: study.NormalizeDOI(noticeDOI), Source: SourceCrossref + ", retrieved " + c.Today()}
	if y, issued := date(u.Updated.parts()); issued != "" {
		n.Date = issued
	} else if y > 0 {
		n.Date = fmt.Sprint(y)
	}
	if strings.EqualFold(u.Type, "partial_retraction") {
		n.Note = "A partial retraction."
	}
	return n, true
}

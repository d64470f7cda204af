package registry

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"litkb/internal/registry/registrytest"
	"litkb/internal/study"
)

var fixedNow = func() time.Time { return time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC) }

func replay(t *testing.T) *registrytest.Server {
	return registrytest.Start(t, registrytest.Replay{
		Dir:      "testdata",
		Works:    map[string]string{"10.1111/1467-8624.00467": "crossref/roisman-2002.json", "10.1126/science.1256151": "crossref/lacour-2014.json"},
		Updates:  map[string]string{"10.1126/science.1256151": "crossref/lacour-updates.json"},
		CSL:      map[string]string{"10.1111/1467-8624.00467": "csl/roisman-2002.json"},
		ESummary: map[string]string{"25504721": "pubmed/lacour-esummary.json"},
		EFetch:   map[string]string{"25504721": "pubmed/lacour-efetch.xml"},
	})
}

func clientFor(s *registrytest.Server) *Client {
	return New(Options{CrossrefURL: s.CrossrefURL(), PubMedURL: s.PubMedURL(), DOIURL: s.DOIURL(),
		Contact: "curators@example.org", Rate: 1000, Now: fixedNow})
}

var roisman = []study.Person{{Family: "Roisman", Given: "Glenn I."}, {Family: "Padrón", Given: "Elena"}, {Family: "Sroufe", Given: "L. Alan"}, {Family: "Egeland", Given: "Byron"}}

func TestCrossrefWork(t *testing.T) {
	s := replay(t)
	rec, err := clientFor(s).CrossrefWork(context.Background(), "https://doi.org/10.1111/1467-8624.00467")
	if err != nil {
		t.Fatal(err)
	}
	want := &Record{Source: SourceCrossref, Retrieved: "2026-12-05", Type: "article",
		Title: "Earned-secure attachment status in retrospect and prospect", Authors: roisman, Year: 2002,
		Journal: "Child Development", Volume: "73", Issue: "4", Pages: "1204-1219", DOI: "10.1111/1467-8624.00467", NoticesKnown: true}
	if !reflect.DeepEqual(rec, want) {
		t.Errorf("got  %+v\nwant %+v", rec, want)
	}
	req := s.Requests()[0]
	if ua := req.Header.Get("User-Agent"); !strings.Contains(ua, "mailto:curators@example.org") {
		t.Errorf("User-Agent %q does not name the contact", ua)
	}
	if m := req.URL.Query().Get("mailto"); m != "curators@example.org" {
		t.Errorf("mailto = %q", m)
	}
}

func TestRetractionNotices(t *testing.T) {
	s := replay(t)
	c := clientFor(s)
	want := []study.Notice{{Kind: "retraction", DOI: "10.1126/science.aac6638", Date: "2015-06-05", Source: "Crossref, retrieved 2026-12-05"}}
	rec, err := c.CrossrefWork(context.Background(), "10.1126/science.1256151")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rec.Notices, want) {
		t.Errorf("updated-by: got %+v, want %+v", rec.Notices, want)
	}
	got, err := c.CrossrefUpdates(context.Background(), "10.1126/science.1256151")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("updates filter: got %+v, %v; want %+v", got, err, want)
	}
	got, err = c.Notices(context.Background(), "10.1126/science.1256151")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("both, merged: got %+v, %v; want %+v", got, err, want)
	}
	// The notice's own record points at the paper with update-to: that is
	// no notice about the notice.
	got, err = c.Notices(context.Background(), "10.1111/1467-8624.00467")
	if err != nil || len(got) != 0 {
		t.Errorf("a work without notices: %+v, %v", got, err)
	}
}

func TestPubMedRecord(t *testing.T) {
	s := replay(t)
	rec, err := clientFor(s).PubMedRecord(context.Background(), "PMID: 25504721")
	if err != nil {
		t.Fatal(err)
	}
	want := &Record{Source: SourcePubMed, Retrieved: "2026-12-05", Type: "article",
		Title:   "Political science. When contact changes minds: an experiment on transmission of support for gay equality",
		Authors: []study.Person{{Family: "LaCour", Given: "Michael J."}, {Family: "Green", Given: "Donald P."}},
		Year:    2014, Issued: "2014-12-12", Journal: "Science (New York, N.Y.)", JournalAlt: []string{"Science"},
		JournalAbbrev: "Science", Volume: "346", Issue: "6215", Pages: "1366-1369", DOI: "10.1126/science.1256151", PMID: "25504721",
		NoticesKnown: true,
		Notices:      []study.Notice{{Kind: "retraction", DOI: "10.1126/science.aac6638", Date: "2015-06-05", Source: "PubMed, retrieved 2026-12-05"}},
	}
	if !reflect.DeepEqual(rec, want) {
		t.Errorf("got  %+v\nwant %+v", rec, want)
	}
	_, err = clientFor(s).PubMedRecord(context.Background(), "99999998")
	if err == nil || err.Error() != "pubmed: 99999998: not found" {
		t.Errorf("unknown PMID: %v", err)
	}
}

func TestLookupFallsBackToContentNegotiation(t *testing.T) {
	// Crossref holds no record here; doi.org serves the same work as CSL-JSON.
	s := registrytest.Start(t, registrytest.Replay{Dir: "testdata", CSL: map[string]string{"10.1111/1467-8624.00467": "csl/roisman-2002.json"}})
	rec, err := clientFor(s).Lookup(context.Background(), "10.1111/1467-8624.00467", "")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Source != SourceDOI || rec.Title != "Earned-secure attachment status in retrospect and prospect" || !reflect.DeepEqual(rec.Authors, roisman) ||
		rec.Journal != "Child Development" || rec.Volume != "73" || rec.Issue != "4" || rec.Pages != "1204-1219" || rec.Year != 2002 || rec.NoticesKnown {
		t.Errorf("got %+v", rec)
	}
	_, err = clientFor(s).Lookup(context.Background(), "10.5555/none", "")
	want := "crossref: 10.5555/none: not found (404); doi.org: 10.5555/none: not found (404)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

func TestDraft(t *testing.T) {
	s := replay(t)
	rec, err := clientFor(s).LookupDOI(context.Background(), "10.1126/science.1256151")
	if err != nil {
		t.Fatal(err)
	}
	st := Draft(rec)
	st.ID = "lacour-2014-when-contact"
	if ps := st.Validate(nil); len(ps) > 0 {
		t.Errorf("the draft does not validate: %v", ps)
	}
	if st.Status != "draft" || len(st.Provenance.Checks) != 1 || st.Provenance.Checks[0].Kind != "registry" || st.Provenance.Checks[0].Source != "Crossref, retrieved 2026-12-05" {
		t.Errorf("provenance: %+v", st.Provenance)
	}
	if want := []string{"title", "authors", "year", "issued", "journal", "volume", "issue", "pages", "doi"}; !reflect.DeepEqual(st.Provenance.Checks[0].Fields, want) {
		t.Errorf("checked fields %v, want %v", st.Provenance.Checks[0].Fields, want)
	}
	if !strings.Contains(strings.Join(st.Provenance.ToCheck, "|"), "summary") {
		t.Errorf("the draft does not say the summary is the curator's: %v", st.Provenance.ToCheck)
	}
	if len(st.Notices) != 1 || st.Notices[0].Kind != "retraction" || st.NoticesChecked != "2026-12-05" {
		t.Errorf("notices %+v checked %q", st.Notices, st.NoticesChecked)
	}
}

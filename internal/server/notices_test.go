package server_test

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"litkb/internal/study"
)

// retractedFixture is a real retracted article with its real retraction
// notice, as Crossref records them (the file names the public record).
const (
	retractedFixture = "../study/testdata/notices/lacour-green-2014-contact.toml"
	retractedID      = "lacour-green-2014-contact"
	retractionDOI    = "10.1126/science.aac6638"
)

// readRetracted decodes the fixture.
func readRetracted(t *testing.T) study.Study {
	t.Helper()
	b, err := os.ReadFile(retractedFixture)
	if err != nil {
		t.Fatal(err)
	}
	st, ps := study.DecodeStudy(retractedFixture, b)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	return st
}

// writeStudy saves st into the corpus at dir.
func writeStudy(t *testing.T, dir string, st study.Study) {
	t.Helper()
	b, err := study.EncodeStudy(st)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "studies", st.ID+".toml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// synthetic is a made-up study for this test only, built from the
// fixture's shape with nothing of the real work's reference left, that
// carries one notice of kind and one numbered finding.
func synthetic(t *testing.T, id, kind string) study.Study {
	st := readRetracted(t)
	st.ID, st.Title, st.DOI, st.Volume, st.Issue, st.Pages = id, "A synthetic "+strings.ReplaceAll(kind, "_", " ")+" fixture", "", "", "", ""
	st.Authors = []study.Person{{Literal: "Synthetic " + kind + " group"}}
	st.Notices = []study.Notice{{Kind: kind, Source: "a test", Note: "Made up for a test."}}
	st.Provenance.Checks = []study.Check{{Fields: []string{"title", "authors", "year", "journal"}, Kind: "secondary", Source: "a test"}}
	st.Provenance.Confidence = "low"
	v, n := 0.5, 10
	st.Findings = []study.Finding{{ID: "f1", Text: "A made-up proportion.", Construct: "aai-secure-2way", Measure: "proportion", Value: &v, N: &n}}
	return st
}

// noticeCorpus is data/ with the real retracted article, a synthetic
// retracted study and a synthetic corrected one, both of the latter
// complicating one claim.
func noticeCorpus(t *testing.T) (dir, claim string) {
	t.Helper()
	dir = copyData(t)
	writeStudy(t, dir, readRetracted(t))
	writeStudy(t, dir, synthetic(t, "synthetic-2014-retracted", "retraction"))
	writeStudy(t, dir, synthetic(t, "synthetic-2014-corrected", "correction"))
	claim = "earned-security-exists"
	f, err := os.OpenFile(filepath.Join(dir, "claims", claim+".toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, id := range []string{"synthetic-2014-retracted", "synthetic-2014-corrected"} {
		if _, err := f.WriteString("\n[[evidence]]\nstudy = \"" + id + "\"\nfinding = \"f1\"\nrelation = \"complicates\"\n"); err != nil {
			t.Fatal(err)
		}
	}
	return dir, claim
}

type warningResp struct {
	Level   string         `json:"level"`
	Label   string         `json:"label"`
	Message string         `json:"message"`
	Notices []study.Notice `json:"notices"`
}

func TestRetractionNotices(t *testing.T) {
	dir, claim := noticeCorpus(t)
	ts, store, _ := openServer(t, dir)
	if ps := store.Corpus().Problems; len(ps) > 0 {
		t.Fatalf("the test corpus has problems: %v", ps)
	}

	t.Run("study page: the red banner, in words", func(t *testing.T) {
		code, _, b := get(t, ts, "/studies/"+retractedID)
		body := string(b)
		if code != 200 {
			t.Fatalf("%d", code)
		}
		for _, want := range []string{
			`class="notice study-warning error unsafe" id="notices" role="alert"`,
			"<strong class=\"warning-label\">Retracted.</strong> This work has been retracted; do not cite it as evidence.",
			"Retraction</span>, issued 2015-06-05",
			`href="https://doi.org/` + retractionDOI + `"`,
			"the survey data were found not to have been collected as the article described",
			"Seen in: Crossref.",
			"last looked for on 2026-09-12",
			`"creativeWorkStatus":"Retracted"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("study page lacks %q", want)
			}
		}
		for _, raw := range []string{"notices_checked", ">retraction<", "expression_of_concern"} {
			if strings.Contains(body, raw) {
				t.Errorf("study page shows the raw name %q", raw)
			}
		}
	})

	t.Run("a correction is a quieter note", func(t *testing.T) {
		_, _, b := get(t, ts, "/studies/synthetic-2014-corrected")
		body := string(b)
		if !strings.Contains(body, `class="notice study-warning quiet caution" id="notices" role="note"`) ||
			!strings.Contains(body, "<strong class=\"warning-label\">Corrected.</strong>") {
			t.Error("no quiet correction note")
		}
		if strings.Contains(body, "study-warning error") || strings.Contains(body, `role="alert"`) {
			t.Error("a correction is shown as loudly as a retraction")
		}
		_, _, b = get(t, ts, "/studies/roisman-2002-earned-secure")
		if strings.Contains(string(b), "study-warning") {
			t.Error("a study with nothing against it has a warning")
		}
	})

	t.Run("search: API and page flag the hit", func(t *testing.T) {
		code, _, b := get(t, ts, "/api/v1/search?q="+url.QueryEscape("contact changes minds"))
		var r struct {
			Hits []struct {
				ID      string       `json:"id"`
				Warning *warningResp `json:"warning"`
			} `json:"hits"`
		}
		if err := json.Unmarshal(b, &r); code != 200 || err != nil {
			t.Fatalf("%d %v", code, err)
		}
		var found bool
		for _, h := range r.Hits {
			switch {
			case h.ID == retractedID:
				found = true
				if h.Warning == nil || h.Warning.Level != study.WarnUnsafe || h.Warning.Label != "Retracted" || h.Warning.Notices[0].DOI != retractionDOI {
					t.Errorf("hit warning = %+v", h.Warning)
				}
			case strings.HasPrefix(h.ID, "synthetic-"):
			case h.Warning != nil:
				t.Errorf("%s has a warning: %+v", h.ID, h.Warning)
			}
		}
		if !found {
			t.Fatal("the retracted study is not found")
		}
		_, _, b = get(t, ts, "/search?q="+url.QueryEscape("contact changes minds"))
		if !strings.Contains(string(b), `<p class="warning-flag unsafe"><strong>Retracted</strong>: do not cite as evidence</p>`) {
			t.Error("the search page does not flag the retracted hit")
		}
	})

	t.Run("cite API answers a warning", func(t *testing.T) {
		for _, tt := range []struct {
			id    string
			level string
		}{{retractedID, study.WarnUnsafe}, {"synthetic-2014-corrected", study.WarnCaution}, {"roisman-2002-earned-secure", ""}} {
			code, _, b := get(t, ts, "/api/v1/studies/"+tt.id+"/cite?style=apa")
			var r struct {
				Text    string       `json:"text"`
				Warning *warningResp `json:"warning"`
			}
			if err := json.Unmarshal(b, &r); code != 200 || err != nil || r.Text == "" {
				t.Fatalf("%s: %d %v %s", tt.id, code, err, b)
			}
			switch {
			case tt.level == "" && r.Warning != nil:
				t.Errorf("%s: warning %+v", tt.id, r.Warning)
			case tt.level != "" && (r.Warning == nil || r.Warning.Level != tt.level || r.Warning.Message == ""):
				t.Errorf("%s: warning %+v, want level %q", tt.id, r.Warning, tt.level)
			}
		}
		code, _, b := get(t, ts, "/api/v1/studies/synthetic-2014-retracted/findings/f1/cite")
		var fc struct {
			Text    string       `json:"text"`
			Warning *warningResp `json:"warning"`
		}
		if err := json.Unmarshal(b, &fc); code != 200 || err != nil {
			t.Fatalf("%d %v", code, err)
		}
		if fc.Warning == nil || fc.Warning.Level != study.WarnUnsafe || !strings.HasSuffix(fc.Text, "\nRetracted: "+fc.Warning.Message) {
			t.Errorf("finding citation: warning %+v, text %q", fc.Warning, fc.Text)
		}
	})

	t.Run("exports carry the note", func(t *testing.T) {
		for format, want := range map[string]string{
			"bibtex":  "note = {This work has been retracted; do not cite it as evidence.",
			"ris":     "N1  - This work has been retracted; do not cite it as evidence.",
			"csljson": `"note": "This work has been retracted; do not cite it as evidence.`,
		} {
			_, _, b := get(t, ts, "/api/v1/studies/"+retractedID+"/export?format="+format)
			if !strings.Contains(string(b), want) || !strings.Contains(string(b), retractionDOI) {
				t.Errorf("%s export lacks the retraction:\n%s", format, b)
			}
		}
	})

	t.Run("claim: a warning, marked findings, marked plot", func(t *testing.T) {
		_, _, b := get(t, ts, "/claims/"+claim)
		body := string(b)
		for _, want := range []string{
			`class="notice claim-warnings error unsafe" id="evidence-warnings" role="alert"`,
			"Evidence from a retracted or withdrawn work.",
			`<a href="/studies/synthetic-2014-retracted#notices">Synthetic retraction group (2014)</a>: <strong>Retracted</strong>, 1 finding of this claim.`,
			`<a href="/studies/synthetic-2014-corrected#notices">Synthetic correction group (2014)</a>: <strong>Corrected</strong>`,
			`<tr class="ev-row unsafe" data-study="synthetic-2014-retracted"`,
			`<tr class="ev-row caution" data-study="synthetic-2014-corrected"`,
			`<circle class="dot unsafe"`,
			`<p class="warning-flag unsafe"><strong>Retracted</strong>`,
			`<p class="warning-flag caution"><strong>Corrected</strong>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("claim page lacks %q", want)
			}
		}
		_, _, b = get(t, ts, "/api/v1/claims/"+claim)
		var cl struct {
			Evidence []struct {
				Study   string       `json:"study"`
				Warning *warningResp `json:"warning"`
			} `json:"evidence"`
		}
		if err := json.Unmarshal(b, &cl); err != nil {
			t.Fatal(err)
		}
		levels := map[string]string{}
		for _, e := range cl.Evidence {
			if e.Warning != nil {
				levels[e.Study] = e.Warning.Level
			}
		}
		if len(levels) != 2 || levels["synthetic-2014-retracted"] != study.WarnUnsafe || levels["synthetic-2014-corrected"] != study.WarnCaution {
			t.Errorf("claim API warnings: %v", levels)
		}
		// A claim without such evidence has no warning.
		_, _, b = get(t, ts, "/claims/therapy-changes-aai")
		if strings.Contains(string(b), "claim-warnings") {
			t.Error("a claim with nothing against its evidence has a warning")
		}
	})

	t.Run("lists of studies tag them", func(t *testing.T) {
		_, _, b := get(t, ts, "/constructs/aai-secure-2way")
		for _, want := range []string{
			`<a href="/studies/synthetic-2014-retracted">A synthetic retraction fixture</a> <span class="warning-tag unsafe">Retracted</span>`,
			`<a href="/studies/synthetic-2014-corrected">A synthetic correction fixture</a> <span class="warning-tag caution">Corrected</span>`,
		} {
			if !strings.Contains(string(b), want) {
				t.Errorf("construct page lacks %s", want)
			}
		}
		if n := strings.Count(string(b), "warning-tag"); n != 2 {
			t.Errorf("%d tagged studies on the construct page, want 2", n)
		}
	})

	t.Run("feed", func(t *testing.T) {
		_, _, b := get(t, ts, "/feed.atom?q="+url.QueryEscape("contact changes minds"))
		if !strings.Contains(string(b), "<title>Retracted: When contact changes minds") ||
			!strings.Contains(string(b), "This work has been retracted; do not cite it as evidence.") {
			t.Errorf("the feed does not warn:\n%s", b)
		}
	})

	t.Run("readiness and metrics say how fresh the check is", func(t *testing.T) {
		withDOI := 0
		for _, st := range store.Corpus().Studies {
			if st.DOI != "" && st.Status != "withdrawn" {
				withDOI++
			}
		}
		_, _, b := get(t, ts, "/readyz")
		var r struct {
			Notices struct {
				WithDOI      int    `json:"with_doi"`
				NeverChecked int    `json:"never_checked"`
				Oldest       string `json:"oldest_check"`
				Newest       string `json:"newest_check"`
				Unsafe       int    `json:"retracted_or_withdrawn"`
				Caution      int    `json:"corrected_or_concern"`
			} `json:"notices"`
		}
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		n := r.Notices
		// Only the fixture was ever checked; the synthetic studies have no DOI.
		if n.WithDOI != withDOI || n.NeverChecked != withDOI-1 || n.Oldest != "2026-09-12" || n.Newest != "2026-09-12" || n.Unsafe != 2 || n.Caution != 1 {
			t.Errorf("readyz notices = %+v (studies with a DOI: %d)", n, withDOI)
		}
		_, _, b = get(t, ts, "/metrics")
		day, _ := time.Parse(time.DateOnly, "2026-09-12")
		for _, want := range []string{
			"litkb_notices_never_checked " + strconv.Itoa(withDOI-1) + "\n",
			"litkb_notices_checked_oldest_timestamp_seconds " + strconv.FormatFloat(float64(day.Unix()), 'g', -1, 64) + "\n",
			"litkb_studies_retracted 2\n",
		} {
			if !strings.Contains(string(b), want) {
				t.Errorf("metrics lack %q", want)
			}
		}
	})
}

// TestEditFormKeepsNotices: the curator form shows a study's notices and
// saving it unchanged keeps them, and the day they were checked, as they
// were.
func TestEditFormKeepsNotices(t *testing.T) {
	dir := copyData(t)
	st := readRetracted(t)
	st.Notices = append(st.Notices, study.Notice{Kind: "correction", Source: "a test"}) // a second, sparser notice: made up
	writeStudy(t, dir, st)
	ts, store, tokens := openServer(t, dir)
	cur, _ := addTokens(t, tokens)
	c := mustSignIn(t, ts, cur)
	before, ok := store.Corpus().Study(retractedID)
	if !ok {
		t.Fatalf("not loaded: %v", store.Corpus().Problems)
	}
	page := c.get(editURLFor(retractedID))
	if page.code != 200 || !strings.Contains(page.body, "Retraction, issued 2015-06-05 (doi:"+retractionDOI+")") {
		t.Fatalf("the edit page does not show the notice: %d", page.code)
	}
	if r := c.post(editURLFor(retractedID), formOf(t, page.body)); r.code != 303 {
		t.Fatalf("saving the unchanged form: %d %s", r.code, firstError(r.body))
	}
	after, _ := store.Corpus().Study(retractedID)
	if !slices.Equal(after.Notices, before.Notices) || after.NoticesChecked != before.NoticesChecked {
		t.Errorf("notices after a save: %+v checked %q; before: %+v checked %q", after.Notices, after.NoticesChecked, before.Notices, before.NoticesChecked)
	}
}

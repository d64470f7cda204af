package server_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The evidence views over the bundled corpus: a claim's plot, table and
// CSV agree; a finding is cited with its page; a question finds its claim;
// the comparison answers. The feeds and the sitemap are in feed_test.go.

const prevalenceClaim = "earned-security-quarter-to-third"

var (
	plotDot  = regexp.MustCompile(`<circle class="dot( hollow)?" cx="[0-9.]+" cy="[0-9.]+" r="[0-9.]+"`)
	tableRow = regexp.MustCompile(`<tr class="ev-row" data-study="([a-z0-9-]+)" data-finding="([a-z0-9-]+)">`)
	valueTD  = regexp.MustCompile(`<td class="value" data-label="Value">([^<]*)</td>`)
)

func TestClaimPlotTableAndCSVAgree(t *testing.T) {
	ts, c := MustOpenServer(t)
	cl, ok := c.Claim(prevalenceClaim)
	if !ok {
		t.Fatalf("no claim %s in data/", prevalenceClaim)
	}
	withValue := 0
	for _, e := range cl.Evidence {
		st, _ := c.Study(e.Study)
		if f, ok := st.Finding(e.Finding); ok && f.Value != nil {
			withValue++
		}
	}
	if withValue == 0 {
		t.Fatal("the prevalence claim has no finding with a number")
	}

	code, _, body := get(t, ts, "/claims/"+prevalenceClaim)
	if code != 200 {
		t.Fatalf("claim page: %d", code)
	}
	page := string(body)
	svg := page[strings.Index(page, "<svg"):strings.Index(page, "</svg>")]
	dots := len(plotDot.FindAllString(svg, -1)) - 4 // the legend has four
	if dots != withValue {
		t.Errorf("%d dots in the plot, %d findings with a value", dots, withValue)
	}
	rows := tableRow.FindAllStringSubmatch(page, -1)
	if len(rows) != withValue {
		t.Errorf("%d table rows, want %d", len(rows), withValue)
	}
	values := valueTD.FindAllStringSubmatch(page, -1)

	code, h, body := get(t, ts, "/api/v1/findings?claim="+prevalenceClaim+"&format=csv")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
		t.Fatalf("CSV: %d %s %s", code, h.Get("Content-Type"), h.Get("Content-Disposition"))
	}
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records)-1 != len(rows) {
		t.Fatalf("CSV has %d findings, the table %d", len(records)-1, len(rows))
	}
	col := map[string]int{}
	for i, name := range records[0] {
		col[name] = i
	}
	for i, r := range records[1:] {
		if r[col["study_id"]] != rows[i][1] || r[col["finding_id"]] != rows[i][2] {
			t.Errorf("row %d: CSV %s/%s, table %s/%s", i, r[col["study_id"]], r[col["finding_id"]], rows[i][1], rows[i][2])
		}
		if r[col["value_display"]] != values[i][1] {
			t.Errorf("row %d: CSV value %q, table %q", i, r[col["value_display"]], values[i][1])
		}
		if r[col["relation"]] == "" || !strings.HasPrefix(r[col["permalink"]], ts.URL+"/studies/") {
			t.Errorf("row %d: relation %q permalink %q", i, r[col["relation"]], r[col["permalink"]])
		}
	}
	if !strings.Contains(page, `href="/api/v1/findings?claim=`+prevalenceClaim+`&amp;format=csv"`) {
		t.Error("the claim page does not link its CSV")
	}

	var j struct {
		Findings []struct {
			Study, Finding string
			Value          float64
		} `json:"findings"`
		Studies       int `json:"studies"`
		WithoutNumber int `json:"without_number"`
	}
	_, _, body = get(t, ts, "/api/v1/findings?claim="+prevalenceClaim)
	if err := json.Unmarshal(body, &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Findings) != withValue || j.WithoutNumber != len(cl.Evidence)-withValue {
		t.Errorf("JSON: %d findings, %d without number", len(j.Findings), j.WithoutNumber)
	}
	for _, f := range j.Findings {
		if f.Value < 0 || f.Value > 1 {
			t.Errorf("%s/%s: proportion %g outside 0..1", f.Study, f.Finding, f.Value)
		}
	}
}

func TestFindingsAPIErrors(t *testing.T) {
	ts, _ := MustOpenServer(t)
	for path, want := range map[string]int{
		"/api/v1/findings?claim=nope":                     404,
		"/api/v1/findings?construct=nope":                 404,
		"/api/v1/findings?format=xlsx":                    400,
		"/api/v1/findings?q=" + url.QueryEscape("(oops"):  400,
		"/api/v1/findings?construct=aai-ssp-transmission": 200,
		"/api/v1/findings?topic=earned-security":          200,
		"/api/v1/findings":                                200,
	} {
		if code, _, body := get(t, ts, path); code != want {
			t.Errorf("%s: %d, want %d: %s", path, code, want, body)
		}
	}
}

func TestCiteFinding(t *testing.T) {
	ts, _ := MustOpenServer(t)
	const study = "bowlby-1969-attachment-and-loss-vol1"
	var fc struct {
		Page      string `json:"page"`
		Permalink string `json:"permalink"`
		Text      string `json:"text"`
		Reference struct {
			InText    string `json:"in_text"`
			Narrative string `json:"narrative"`
			Style     string `json:"style"`
		} `json:"reference"`
		CSL struct {
			ID      string `json:"id"`
			Locator string `json:"locator"`
			Label   string `json:"label"`
			Note    string `json:"note"`
		} `json:"csl"`
	}
	code, _, body := get(t, ts, "/api/v1/studies/"+study+"/findings/f2/cite")
	if code != 200 {
		t.Fatalf("%d: %s", code, body)
	}
	if err := json.Unmarshal(body, &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Page != "82" || fc.Reference.InText != "(Bowlby, 1969, p. 82)" || fc.Reference.Narrative != "Bowlby (1969, p. 82)" {
		t.Errorf("locator: page %q, in text %q, narrative %q", fc.Page, fc.Reference.InText, fc.Reference.Narrative)
	}
	if fc.CSL.ID != study || fc.CSL.Locator != "82" || fc.CSL.Label != "page" || !strings.Contains(fc.CSL.Note, "#f2") {
		t.Errorf("CSL-JSON: %+v", fc.CSL)
	}
	if fc.Permalink != ts.URL+"/studies/"+study+"#f2" || !strings.Contains(fc.Text, "(Bowlby, 1969, p. 82)") || !strings.Contains(fc.Text, fc.Permalink) {
		t.Errorf("permalink %q, text %q", fc.Permalink, fc.Text)
	}
	_, _, body = get(t, ts, "/api/v1/studies/"+study+"/findings/f2/cite?style=mla")
	_ = json.Unmarshal(body, &fc)
	if fc.Reference.Style != "mla" || fc.Reference.InText != "(Bowlby 82)" {
		t.Errorf("MLA in text %q", fc.Reference.InText)
	}
	for path, want := range map[string]int{
		"/api/v1/studies/" + study + "/findings/f9/cite":           404,
		"/api/v1/studies/nope/findings/f1/cite":                    404,
		"/api/v1/studies/" + study + "/findings/f2/cite?style=ama": 400,
	} {
		if code, _, _ := get(t, ts, path); code != want {
			t.Errorf("%s: %d, want %d", path, code, want)
		}
	}

	// The study page: the finding cited with its locator when asked.
	_, _, body = get(t, ts, "/studies/"+study+"?cite=f2")
	page := string(body)
	for _, want := range []string{`id="cite-finding"`, "(Bowlby, 1969, p. 82)", "p. 82, the locator in the citation", `&#34;locator&#34;: &#34;82&#34;`} {
		if !strings.Contains(page, want) {
			t.Errorf("study page citing f2 lacks %q", want)
		}
	}
}

func TestStudyCitationBlock(t *testing.T) {
	ts, _ := MustOpenServer(t)
	const id = "roisman-2002-earned-secure"
	_, _, body := get(t, ts, "/studies/"+id)
	page := string(body)
	for _, want := range []string{
		`aria-label="Citation style"`,
		`<a href="/studies/` + id + `?style=mla#cite">`,
		`aria-current="true" class="current"><span class="visually-hidden">Citing in </span>APA</a>`,
		`<i>Child Development</i>, <i>73</i>(4), 1204–1219. https://doi.org/10.1111/1467-8624.00467`,
		`(Roisman et al., 2002)`, `Roisman et al. (2002)`,
		`href="/api/v1/studies/` + id + `/export?format=bibtex" download>BibTeX`,
		`href="/api/v1/studies/` + id + `/export?format=ris" download>RIS`,
		`href="/api/v1/studies/` + id + `/export?format=csljson" download>CSL-JSON`,
		`href="?cite=f1#cite-finding"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("study page lacks %q", want)
		}
	}
	_, _, body = get(t, ts, "/studies/"+id+"?style=vancouver")
	if !strings.Contains(string(body), "Roisman GI, Padrón E, Sroufe LA, Egeland B.") || !strings.Contains(string(body), `href="?cite=f1&amp;style=vancouver#cite-finding"`) {
		t.Error("?style=vancouver does not render Vancouver, or the cite links drop the style")
	}
	// An unknown style falls back to APA rather than failing the page.
	if code, _, body := get(t, ts, "/studies/"+id+"?style=ieee"); code != 200 || !strings.Contains(string(body), "Roisman, G. I.") {
		t.Errorf("unknown style: %d", code)
	}
}

func TestStudyJSONLD(t *testing.T) {
	ts, _ := MustOpenServer(t)
	_, _, body := get(t, ts, "/studies/roisman-2002-earned-secure")
	m := regexp.MustCompile(`<script type="application/ld\+json">([^<]*)</script>`).FindSubmatch(body)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld map[string]any
	if err := json.Unmarshal(m[1], &ld); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, m[1])
	}
	if ld["@type"] != "ScholarlyArticle" || ld["@context"] != "https://schema.org" || ld["sameAs"] != "https://doi.org/10.1111/1467-8624.00467" {
		t.Errorf("JSON-LD: %v", ld)
	}
	if id, _ := ld["identifier"].(map[string]any); id["value"] != "10.1111/1467-8624.00467" {
		t.Errorf("identifier %v", ld["identifier"])
	}
	if authors, _ := ld["author"].([]any); len(authors) != 4 {
		t.Errorf("%d authors", len(authors))
	}
}

func TestSearchAnswersAQuestion(t *testing.T) {
	ts, _ := MustOpenServer(t)
	_, _, body := get(t, ts, "/search?q="+url.QueryEscape("how common is earned security"))
	page := string(body)
	card := regexp.MustCompile(`(?s)<aside class="answer-card".*?</aside>`).FindString(page)
	if !strings.Contains(card, `href="/claims/`+prevalenceClaim+`"`) || !strings.Contains(card, "unverifiable") {
		t.Errorf("no answer card for the prevalence claim:\n%s", card)
	}
	if strings.Index(page, "answer-card") > strings.Index(page, `<ol class="hits">`) {
		t.Error("the answer card is not above the results")
	}
	// Typed as a question, the query syntax rejects the "?"; the answer
	// still shows beside the syntax error.
	_, _, body = get(t, ts, "/search?q="+url.QueryEscape("How common is earned security?"))
	if !strings.Contains(string(body), `<aside class="answer-card"`) {
		t.Error("a question mark loses the answer card")
	}
	// A search that names no question gets no card.
	_, _, body = get(t, ts, "/search?q=roisman")
	if strings.Contains(string(body), "answer-card") {
		t.Error("an author search shows an answer card")
	}
	// Several claims tie: no card, only the questions.
	_, _, body = get(t, ts, "/search?q="+url.QueryEscape("earned security"))
	if strings.Contains(string(body), "answer-card") || !strings.Contains(string(body), `class="questions"`) {
		t.Error("an ambiguous search should list questions without choosing one")
	}
}

func TestSearchOffersExportsComparisonAndFeed(t *testing.T) {
	ts, _ := MustOpenServer(t)
	_, _, body := get(t, ts, "/search?q=transmission&design=meta-analysis")
	page := string(body)
	for _, want := range []string{
		`href="/api/v1/export?design=meta-analysis&amp;format=bibtex&amp;q=transmission"`,
		`href="/api/v1/export?design=meta-analysis&amp;format=ris&amp;q=transmission"`,
		`href="/evidence?design=meta-analysis&amp;q=transmission"`,
		`<link rel="alternate" type="application/atom+xml" title="litkb: new and changed studies" href="/feed.atom?design=meta-analysis&amp;q=transmission">`,
		`class="compare-toggle"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	// The export link gives the same studies as the page.
	r := searchAPI(t, ts, "q=transmission&design=meta-analysis&size=100")
	_, _, exp := get(t, ts, "/api/v1/export?design=meta-analysis&format=csljson&q=transmission")
	var items []struct{ ID string }
	if err := json.Unmarshal(exp, &items); err != nil {
		t.Fatal(err)
	}
	if len(items) != r.Total {
		t.Errorf("export has %d studies, the search %d", len(items), r.Total)
	}

	// Picking two studies keeps them in the URL and on the compare page.
	_, _, body = get(t, ts, "/search?q=transmission&compare=verhage-2016-narrowing-transmission-gap&compare=vanijzendoorn-1995-aai-meta-analysis")
	page = string(body)
	if !strings.Contains(page, `class="compare-bar"`) || !strings.Contains(page, `href="/compare?compare=verhage-2016-narrowing-transmission-gap&amp;compare=vanijzendoorn-1995-aai-meta-analysis&amp;q=transmission"`) {
		t.Error("no comparison bar with a compare link")
	}
	code, _, body := get(t, ts, "/compare?compare=verhage-2016-narrowing-transmission-gap&compare=vanijzendoorn-1995-aai-meta-analysis&compare=nope&q=transmission")
	page = string(body)
	if code != 200 || strings.Count(page, `<th scope="col"><a href="/studies/`) != 2 {
		t.Errorf("compare page: %d, want two studies side by side", code)
	}
	for _, want := range []string{">Design</th>", ">Sample</th>", ">Constructs</th>", ">Findings</th>", ">Confidence</th>", "Back to the search"} {
		if !strings.Contains(page, want) {
			t.Errorf("compare page lacks %q", want)
		}
	}
}

func TestConstructAndEvidencePages(t *testing.T) {
	ts, _ := MustOpenServer(t)
	code, _, body := get(t, ts, "/constructs/aai-ssp-transmission")
	page := string(body)
	if code != 200 || !strings.Contains(page, "Parent AAI to child Strange Situation correspondence") || !strings.Contains(page, `<svg`) {
		t.Fatalf("construct page: %d", code)
	}
	// Its findings are of several measures: one panel each.
	if n := strings.Count(page, `<g class="panel">`); n < 2 {
		t.Errorf("%d panels for a construct with proportions, kappas, correlations and effect sizes", n)
	}
	if code, _, _ := get(t, ts, "/constructs/nope"); code != 404 {
		t.Errorf("unknown construct: %d", code)
	}
	code, _, body = get(t, ts, "/evidence?q=transmission")
	if code != 200 || !strings.Contains(string(body), "<svg") || !strings.Contains(string(body), `href="/search?q=transmission"`) {
		t.Errorf("evidence page: %d", code)
	}
	if code, _, _ := get(t, ts, "/evidence?q=%28oops"); code != 400 {
		t.Errorf("evidence for a broken query: %d", code)
	}
	// The topic page plots its findings too.
	_, _, body = get(t, ts, "/topics/earned-security")
	if !strings.Contains(string(body), "<svg") || !strings.Contains(string(body), `/api/v1/findings?format=csv&amp;topic=earned-security`) {
		t.Error("topic page has no plot or no CSV link")
	}
}

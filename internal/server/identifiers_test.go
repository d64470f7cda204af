package server_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// withIdentifiers copies the bundled corpus and gives one study a
// publisher's page beside its DOI, a PMID and a PMCID, checked like its
// DOI. The ids are made up, in the right form; data/ itself is untouched.
func withIdentifiers(t *testing.T) (dir, id string) {
	t.Helper()
	dir, id = copyData(t), "roisman-2002-earned-secure"
	path := filepath.Join(dir, "studies", id+".toml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for old, repl := range map[string]string{
		"doi     = ":       "url = \"https://example.org/publisher/roisman\"\npmid = \"12345678\"\npmcid = \"pmc1234567\"\ndoi     = ",
		`fields = ["doi"]`: `fields = ["doi", "url", "pmid", "pmcid"]`,
	} {
		if !strings.Contains(s, old) {
			t.Fatalf("%s no longer has %q", path, old)
		}
		s = strings.Replace(s, old, repl, 1)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, id
}

// TestStudyPageIdentifiers: the study page links PubMed, PubMed Central
// and the publisher's page, while "Read the original" stays the DOI's;
// the JSON-LD lists every identifier.
func TestStudyPageIdentifiers(t *testing.T) {
	dir, id := withIdentifiers(t)
	ts, _, _ := openServer(t, dir)
	code, _, body := get(t, ts, "/studies/"+id)
	if code != 200 {
		t.Fatalf("study page: %d\n%s", code, body)
	}
	page := string(body)
	for _, want := range []string{
		`<a class="source button has-doi" href="https://doi.org/10.1111/1467-8624.00467"`,
		`<meta name="citation_pmid" content="12345678">`,
		`<a class="publisher-url" href="https://example.org/publisher/roisman" rel="noopener">`,
		`<a class="pmid" href="https://pubmed.ncbi.nlm.nih.gov/12345678/" rel="noopener">PMID 12345678</a>`,
		`<a class="pmcid" href="https://pmc.ncbi.nlm.nih.gov/articles/PMC1234567/" rel="noopener">PMC1234567</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("study page lacks %s", want)
		}
	}

	m := regexp.MustCompile(`<script type="application/ld\+json">([^<]*)</script>`).FindSubmatch(body)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld struct {
		SameAs     []string `json:"sameAs"`
		Identifier []struct {
			Prop  string `json:"propertyID"`
			Value string `json:"value"`
			URL   string `json:"url"`
		} `json:"identifier"`
	}
	if err := json.Unmarshal(m[1], &ld); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, m[1])
	}
	var got []string
	for _, i := range ld.Identifier {
		got = append(got, i.Prop+"="+i.Value+" "+i.URL)
	}
	want := []string{"DOI=10.1111/1467-8624.00467 ", "PMID=12345678 https://pubmed.ncbi.nlm.nih.gov/12345678/",
		"PMCID=PMC1234567 https://pmc.ncbi.nlm.nih.gov/articles/PMC1234567/"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("JSON-LD identifiers:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Join(ld.SameAs, " ") != "https://doi.org/10.1111/1467-8624.00467 https://example.org/publisher/roisman" {
		t.Errorf("JSON-LD sameAs %q", ld.SameAs)
	}

	// The API answers the stored identifiers and the links derived from them.
	_, _, body = get(t, ts, "/api/v1/studies/"+id)
	var api struct {
		URL, PMID, PMCID string
		Links            struct{ Source, PubMed, PMC string }
	}
	if err := json.Unmarshal(body, &api); err != nil {
		t.Fatal(err)
	}
	if got := []string{api.URL, api.PMID, api.PMCID, api.Links.Source, api.Links.PubMed, api.Links.PMC}; strings.Join(got, " ") !=
		"https://example.org/publisher/roisman 12345678 PMC1234567 https://doi.org/10.1111/1467-8624.00467 https://pubmed.ncbi.nlm.nih.gov/12345678/ https://pmc.ncbi.nlm.nih.gov/articles/PMC1234567/" {
		t.Errorf("API study: %q", got)
	}
}

// TestCuratorFormIdentifiers: the study form has the identifiers, stores
// them in their one form, names a wrong one beside its field, and an
// edit keeps them (a form without them would drop them on every save).
func TestCuratorFormIdentifiers(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, _ := addTokens(t, tokens)
	c := mustSignIn(t, ts, cur)

	v := studyFormValues("Zebrafinch identifiers in adults")
	v.Set("url", "https://example.org/zebrafinch")
	v.Set("isbn", "0-8044-2957-1")
	v.Set("pmid", "12345678")
	v.Set("pmcid", "pmc1234567")
	v["provenance.checks[1].fields"] = []string{"title", "authors", "url", "isbn", "pmid", "pmcid"}
	r := c.post("/curate/new", v)
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, `id="f-isbn-err"`) || !strings.Contains(r.body, "check digit does not match") {
		t.Fatalf("a mistyped ISBN: %d, no problem beside the field", r.code)
	}

	v.Set("isbn", "0-8044-2957-X")
	r = c.post("/curate/new", v)
	if r.code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.code, r.body)
	}
	loc := r.hdr.Get("Location")
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/curate/studies/"), "/edit")
	b, err := os.ReadFile(filepath.Join(dir, "studies", id+".toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`url = "https://example.org/zebrafinch"`, `isbn = "080442957X"`, `pmid = "12345678"`, `pmcid = "PMC1234567"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("file lacks %s:\n%s", want, b)
		}
	}
	r = c.get(loc)
	for _, want := range []string{`name="isbn"`, `value="080442957X"`, `value="12345678"`, `value="PMC1234567"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("edit form lacks %s", want)
		}
	}
}

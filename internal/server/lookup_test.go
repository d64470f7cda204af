package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"litkb/internal/registry"
	"litkb/internal/registry/registrytest"
	"litkb/internal/server"
	"litkb/internal/study"
)

// lookupServer serves a copy of data/ with the registries replayed from
// their recorded answers (internal/registry/testdata).
func lookupServer(t *testing.T, down bool) (ts *serverT, dir string) {
	t.Helper()
	rp := registrytest.Start(t, registrytest.Replay{
		Dir:      filepath.Join("..", "registry", "testdata"),
		Works:    map[string]string{"10.1111/1467-8624.00467": "crossref/roisman-2002.json", "10.1126/science.1256151": "crossref/lacour-2014.json"},
		ESummary: map[string]string{"25504721": "pubmed/lacour-esummary.json"},
		EFetch:   map[string]string{"25504721": "pubmed/lacour-efetch.xml"},
	})
	if down {
		rp.Close() // nothing answers at the registries' address
	}
	dir = copyData(t)
	client := registry.New(registry.Options{CrossrefURL: rp.CrossrefURL(), PubMedURL: rp.PubMedURL(), DOIURL: rp.DOIURL(), Rate: 1000})
	h, _, tokens := openServerWith(t, dir, server.Options{Registry: client})
	cur, _ := addTokens(t, tokens)
	return &serverT{h, cur}, dir
}

type serverT struct {
	*httptest.Server
	tok string
}

func TestLookupAPI(t *testing.T) {
	ts, dir := lookupServer(t, false)
	today := time.Now().UTC().Format(time.DateOnly)
	before := dirHash(t, dir)

	code, _, _ := do(t, ts.Server, "GET", "/api/v1/lookup?doi=10.1126/science.1256151", "", nil)
	if code != http.StatusUnauthorized {
		t.Errorf("without a token: %d, want 401", code)
	}

	code, _, body := rawJSON(t, ts, "/api/v1/lookup?doi=10.1126/science.1256151")
	if code != 200 {
		t.Fatalf("lookup: %d %s", code, body)
	}
	var ans struct {
		Study       study.Study          `json:"study"`
		Source      string               `json:"source"`
		Provenance  map[string]string    `json:"provenance"`
		DuplicateOf *struct{ ID string } `json:"duplicate_of"`
	}
	if err := json.Unmarshal(body, &ans); err != nil {
		t.Fatal(err)
	}
	st := ans.Study
	if st.Title != "When contact changes minds: An experiment on transmission of support for gay equality" || st.Journal != "Science" ||
		st.Volume != "346" || st.Issue != "6215" || st.Pages != "1366-1369" || st.Year != 2014 || len(st.Authors) != 2 || st.Status != "draft" {
		t.Errorf("study %+v", st)
	}
	if ans.Source != "Crossref, retrieved "+today || ans.Provenance["volume"] != ans.Source || ans.Provenance["authors"] != ans.Source || ans.DuplicateOf != nil {
		t.Errorf("source %q provenance %v duplicate %v", ans.Source, ans.Provenance, ans.DuplicateOf)
	}
	if len(st.Notices) != 1 || st.Notices[0].Kind != "retraction" || st.Notices[0].DOI != "10.1126/science.aac6638" {
		t.Errorf("notices %+v", st.Notices)
	}
	if dirHash(t, dir) != before {
		t.Error("a lookup wrote to data/")
	}
	// The body is ready to POST.
	code, _, created := do(t, ts.Server, "POST", "/api/v1/studies", ts.tok, ans.Study)
	if code != http.StatusCreated {
		t.Errorf("POST of the looked-up study: %d %v", code, created)
	}

	code, _, body = rawJSON(t, ts, "/api/v1/lookup?doi="+url.QueryEscape("https://doi.org/10.1111/1467-8624.00467"))
	if code != 200 || !strings.Contains(string(body), `"duplicate_of": {
    "id": "roisman-2002-earned-secure"`) {
		t.Errorf("a DOI already in the corpus: %d %s", code, body)
	}
	code, _, body = rawJSON(t, ts, "/api/v1/lookup?pmid=25504721")
	if code != 200 || !strings.Contains(string(body), `"pmid": "25504721"`) || !strings.Contains(string(body), `"source": "PubMed, retrieved `+today) {
		t.Errorf("by PMID: %d %s", code, body)
	}
}

func TestLookupAPIErrors(t *testing.T) {
	ts, _ := lookupServer(t, false)
	down, _ := lookupServer(t, true)
	tests := []struct {
		name string
		ts   *serverT
		q    string
		code int
		want string
	}{
		{"neither", ts, "", 400, "give doi or pmid"},
		{"both", ts, "doi=10.1/x&pmid=1", 400, "give doi or pmid"},
		{"not a DOI", ts, "doi=hello", 400, `doi: \"hello\" is not a DOI`},
		{"not a PMID", ts, "pmid=12a", 400, "pmid: "},
		{"unknown DOI", ts, "doi=10.5555/none", 404, "crossref: 10.5555/none: not found (404); doi.org: 10.5555/none: not found (404)"},
		{"unknown PMID", ts, "pmid=99999998", 404, "pubmed: 99999998: not found"},
		{"registry down", down, "doi=10.1126/science.1256151", 503, "crossref: 10.1126/science.1256151: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, body := rawJSON(t, tt.ts, "/api/v1/lookup?"+tt.q)
			if code != tt.code || !strings.Contains(string(body), tt.want) {
				t.Errorf("%d %s, want %d and %q", code, body, tt.code, tt.want)
			}
		})
	}
}

func TestLookupFillsTheNewStudyForm(t *testing.T) {
	ts, dir := lookupServer(t, false)
	c := mustSignIn(t, ts.Server, ts.tok)
	page := c.get("/curate/new")
	if !strings.Contains(page.body, `<form class="lookup-form" method="get" action="/curate/new"`) {
		t.Fatal("the new-study page has no lookup box")
	}
	before := dirHash(t, dir)
	r := c.get("/curate/new?lookup=" + url.QueryEscape("10.1126/science.1256151"))
	if r.code != 200 || !strings.Contains(r.body, "Filled in from the Crossref, retrieved") ||
		!strings.Contains(r.body, `value="When contact changes minds: An experiment on transmission of support for gay equality"`) {
		t.Fatalf("%d\n%s", r.code, r.body)
	}
	if dirHash(t, dir) != before {
		t.Error("filling the form wrote to data/")
	}
	form := formOf(t, r.body)
	if form.Get("volume") != "346" || form.Get("authors[1].family") != "LaCour" {
		t.Errorf("form values %v", form)
	}
	saved := c.post("/curate/new", form)
	if saved.code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", saved.code, saved.body)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "studies", "lacour-2014-*.toml"))
	if len(files) != 1 {
		t.Fatalf("saved files %v", files)
	}
	b, _ := os.ReadFile(files[0])
	st, ps := study.DecodeStudy(files[0], b)
	if len(ps) > 0 || st.Volume != "346" || len(st.Notices) != 1 || st.Provenance.Checks[0].Kind != "registry" {
		t.Errorf("saved %+v %v", st, ps)
	}

	for _, tt := range []struct{ q, want string }{
		{"10.5555/none", "Nothing was filled in: crossref: 10.5555/none: not found (404)"},
		{"PMID: 25504721", "Filled in from the PubMed, retrieved"},
		{"10.1111/1467-8624.00467", "Careful: DOI 10.1111/1467-8624.00467 is already the study &#34;roisman-2002-earned-secure&#34;"},
	} {
		if r := c.get("/curate/new?lookup=" + url.QueryEscape(tt.q)); r.code != 200 || !strings.Contains(r.body, tt.want) {
			t.Errorf("%s: %d, want %q in\n%s", tt.q, r.code, tt.want, r.body)
		}
	}
}

func rawJSON(t *testing.T, ts *serverT, path string) (int, http.Header, []byte) {
	t.Helper()
	return raw(t, ts.Server, "GET", path, ts.tok, nil)
}

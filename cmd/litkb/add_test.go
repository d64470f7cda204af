package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"litkb/internal/registry/registrytest"
	"litkb/internal/study"
)

// The registry tests run the real binary against loopback replays of the
// registries' recorded answers (internal/registry/testdata).

var (
	regBinOnce sync.Once
	regBin     string
	regBinErr  string
)

// TestMain removes the registry tests' binary after the run, as no single
// test owns it.
func TestMain(m *testing.M) {
	code := m.Run()
	if regBin != "" {
		_ = os.RemoveAll(filepath.Dir(regBin))
	}
	os.Exit(code)
}

// registryBinary builds the binary once for the registry tests.
func registryBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	regBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "litkb-registry-test")
		if err != nil {
			regBinErr = err.Error()
			return
		}
		regBin = filepath.Join(dir, "litkb")
		if out, err := exec.Command("go", "build", "-o", regBin, ".").CombinedOutput(); err != nil {
			regBinErr = err.Error() + "\n" + string(out)
		}
	})
	if regBinErr != "" {
		t.Fatal(regBinErr)
	}
	return regBin
}

func startReplay(t *testing.T) *registrytest.Server {
	return registrytest.Start(t, registrytest.Replay{
		Dir:      filepath.Join("..", "..", "internal", "registry", "testdata"),
		Works:    map[string]string{"10.1111/1467-8624.00467": "crossref/roisman-2002.json", "10.1126/science.1256151": "crossref/lacour-2014.json"},
		Updates:  map[string]string{"10.1126/science.1256151": "crossref/lacour-updates.json"},
		ESummary: map[string]string{"25504721": "pubmed/lacour-esummary.json"},
		EFetch:   map[string]string{"25504721": "pubmed/lacour-efetch.xml"},
	})
}

// litkbAt runs the binary with the registries at rp (nil: none listening).
func litkbAt(t *testing.T, rp *registrytest.Server, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(registryBinary(t), args...)
	env := []string{"LITKB_CONTACT_EMAIL=curators@example.org", "LITKB_REGISTRY_RATE=1000"}
	if rp != nil {
		env = append(env, "LITKB_CROSSREF_URL="+rp.CrossrefURL(), "LITKB_PUBMED_URL="+rp.PubMedURL(), "LITKB_DOI_URL="+rp.DOIURL())
	}
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

// corpusCopy copies data/ into a temporary folder, leaving out the studies named.
func corpusCopy(t *testing.T, without ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	for _, id := range without {
		if err := os.Remove(filepath.Join(dir, "studies", id+".toml")); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readStudy(t *testing.T, path string) study.Study {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, ps := study.DecodeStudy(path, b)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	return st
}

// citation is the part of a study that add fills.
func citation(s study.Study) study.Study {
	return study.Study{Type: s.Type, Title: s.Title, Year: s.Year, Issued: s.Issued, Authors: s.Authors, Editors: s.Editors,
		Journal: s.Journal, Container: s.Container, Publisher: s.Publisher, Volume: s.Volume, Issue: s.Issue, Pages: s.Pages,
		ArticleNumber: s.ArticleNumber, DOI: s.DOI, PMID: s.PMID, PMCID: s.PMCID, ISBN: s.ISBN}
}

func TestAddByDOI(t *testing.T) {
	rp := startReplay(t)
	data := corpusCopy(t, "roisman-2002-earned-secure")
	out, errOut, code := litkbAt(t, rp, "add", "10.1111/1467-8624.00467", "--data", data, "--state", t.TempDir(), "--as", "Ada")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	added, _ := filepath.Glob(filepath.Join(data, "studies", "roisman-2002-*.toml"))
	if len(added) != 1 || !strings.Contains(out, "saved the draft") {
		t.Fatalf("files %v, output %q", added, out)
	}
	draft := readStudy(t, added[0])
	curated := readStudy(t, filepath.Join("..", "..", "data", "studies", "roisman-2002-earned-secure.toml"))
	if got, want := citation(draft), citation(curated); !reflect.DeepEqual(got, want) {
		t.Errorf("draft citation\n got  %+v\n want %+v", got, want)
	}
	today := time.Now().UTC().Format(time.DateOnly)
	checks := draft.Provenance.Checks
	if draft.Status != "draft" || len(checks) != 1 || checks[0].Kind != "registry" || checks[0].Source != "Crossref, retrieved "+today {
		t.Errorf("status %q, checks %+v", draft.Status, checks)
	}
	if !strings.Contains(strings.Join(draft.Provenance.ToCheck, " "), "summary") || draft.Summary != "" || len(draft.Findings) != 0 {
		t.Errorf("the draft does not leave the summary and findings to the curator: %+v", draft.Provenance.ToCheck)
	}
	if draft.NoticesChecked != today || len(draft.Notices) != 0 {
		t.Errorf("notices %+v checked %q", draft.Notices, draft.NoticesChecked)
	}
	if ua := rp.Requests()[0].Header.Get("User-Agent"); !strings.Contains(ua, "curators@example.org") {
		t.Errorf("User-Agent %q names no contact", ua)
	}
}

func TestAddByPMIDKeepsTheRetraction(t *testing.T) {
	rp := startReplay(t)
	data := corpusCopy(t)
	out, errOut, code := litkbAt(t, rp, "add", "--pmid", "25504721", "--data", data, "--state", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	added, _ := filepath.Glob(filepath.Join(data, "studies", "lacour-2014-*.toml"))
	if len(added) != 1 {
		t.Fatalf("files %v\n%s", added, out)
	}
	st := readStudy(t, added[0])
	want := []study.Notice{{Kind: "retraction", DOI: "10.1126/science.aac6638", Date: "2015-06-05", Source: "PubMed, retrieved " + time.Now().UTC().Format(time.DateOnly)}}
	if st.PMID != "25504721" || st.DOI != "10.1126/science.1256151" || !reflect.DeepEqual(st.Notices, want) {
		t.Errorf("pmid %q doi %q notices %+v", st.PMID, st.DOI, st.Notices)
	}
	if !strings.Contains(out, "notice: retraction 10.1126/science.aac6638 2015-06-05") {
		t.Errorf("output does not mention the retraction: %q", out)
	}
}

func TestAddRefused(t *testing.T) {
	rp := startReplay(t)
	tests := []struct {
		name  string
		rp    *registrytest.Server
		args  []string
		want  string
		usage bool
	}{
		{"same DOI", rp, []string{"10.1111/1467-8624.00467"}, `DOI 10.1111/1467-8624.00467 is already the study "roisman-2002-earned-secure"; nothing written`, false},
		{"unknown DOI", rp, []string{"10.5555/none"}, "crossref: 10.5555/none: not found (404); doi.org: 10.5555/none: not found (404); nothing written", false},
		{"unknown PMID", rp, []string{"--pmid", "99999998"}, "pubmed: 99999998: not found; nothing written", false},
		{"registry refused", nil, []string{"10.1111/1467-8624.00467"}, "crossref: 10.1111/1467-8624.00467: ", false},
		{"both", rp, []string{"10.1/x", "--pmid", "1"}, "usage", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := corpusCopy(t)
			before := treeHash(t, data)
			args := append(append([]string{"add"}, tt.args...), "--data", data, "--state", t.TempDir())
			rpx := tt.rp
			if rpx == nil {
				// Nothing listens at the registry's address.
				closed := startReplay(t)
				closed.Close()
				rpx = closed
			}
			_, errOut, code := litkbAt(t, rpx, args...)
			wantCode := 1
			if tt.usage {
				wantCode = 2
			}
			if code != wantCode || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, wantCode, tt.want)
			}
			if treeHash(t, data) != before {
				t.Error("a refused add wrote to data/")
			}
		})
	}
}

package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"litkb/internal/study"
)

// The real retracted article (LaCour & Green 2014, Science) and its
// retraction notice: the study file is the one in the study package's test
// data (its comment names the public Crossref record), and the replay
// server answers with that record.
const (
	retractedFixture = "../../internal/study/testdata/notices/lacour-green-2014-contact.toml"
	retractedID      = "lacour-green-2014-contact"
	retractionDOI    = "10.1126/science.aac6638"
)

// TestRetractionBannerBrowser: a study held without any notice is checked
// by `litkb verify --write` against the replayed Crossref record, which
// stores the retraction; the real program then shows the red banner at the
// top of the study's page, flags the search hit, and the cite API answers
// a warning.
func TestRetractionBannerBrowser(t *testing.T) {
	rp := startReplay(t)
	data := corpusCopy(t)
	b, err := os.ReadFile(retractedFixture)
	if err != nil {
		t.Fatal(err)
	}
	st, ps := study.DecodeStudy(retractedFixture, b)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	st.Notices, st.NoticesChecked = nil, "" // as the corpus held it before the check
	enc, err := study.EncodeStudy(st)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(data, "studies", retractedID+".toml")
	if err := os.WriteFile(path, enc, 0o644); err != nil {
		t.Fatal(err)
	}

	// The notice is a disagreement (exit 1), and --write stores it.
	out, errOut, code := litkbAt(t, rp, "verify", "--write", "--data", data, retractedID)
	if code != 1 || !strings.Contains(out, "notices: ours \"\" registry \"retraction "+retractionDOI+" 2015-06-05\"") {
		t.Fatalf("verify: exit %d\n%s%s", code, out, errOut)
	}
	b, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if written, ps := study.DecodeStudy(path, b); len(ps) > 0 || len(written.Notices) != 1 || written.Notices[0].DOI != retractionDOI || written.NoticesChecked == "" {
		t.Fatalf("verify --write stored %+v (checked %q), problems %v", written.Notices, written.NoticesChecked, ps)
	}

	base := openTestApp(t, data).Server.URL()
	browser := startBrowser(t)
	for _, js := range []bool{true, false} {
		tb := newTab(t, browser, base, js)
		tb.open(t, "/studies/"+retractedID)
		visible, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`(() => { const r = document.querySelector("#notices.unsafe").getBoundingClientRect(); return r.width > 0 && r.height > 0; })()`))
		if err != nil || !visible {
			t.Fatalf("the banner is not shown: %v", err)
		}
		if role, _ := tb.attr(t, "#notices", "role"); role != "alert" {
			t.Errorf("banner role %q, want alert", role)
		}
		text := tb.text(t, "#notices")
		for _, want := range []string{"Retracted. This work has been retracted; do not cite it as evidence.", "Retraction, issued 2015-06-05", "doi:" + retractionDOI} {
			if !strings.Contains(text, want) {
				t.Errorf("banner %q lacks %q", text, want)
			}
		}
		// Above the title, and red: the first thing a reader sees.
		first, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`!!(document.querySelector("#notices").compareDocumentPosition(document.querySelector("h1")) & Node.DOCUMENT_POSITION_FOLLOWING)`))
		if err != nil {
			t.Fatal(err)
		}
		border, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("#notices")).borderLeftColor`))
		if err != nil {
			t.Fatal(err)
		}
		if !first || border != "rgb(163, 35, 26)" {
			t.Errorf("banner before the title: %v; border %s, want the red of errors", first, border)
		}

		tb.open(t, "/search?q=contact+changes+minds")
		if flag := tb.text(t, ".hit .warning-flag.unsafe"); flag != "Retracted: do not cite as evidence" {
			t.Errorf("search flag %q", flag)
		}
	}

	resp, err := http.Get(base + "/api/v1/studies/" + retractedID + "/cite?style=apa")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var cited struct {
		Text    string         `json:"text"`
		Warning *study.Warning `json:"warning"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&cited); err != nil || resp.StatusCode != 200 {
		t.Fatalf("cite API: %d %v", resp.StatusCode, err)
	}
	if w := cited.Warning; cited.Text == "" || w == nil || w.Level != study.WarnUnsafe || len(w.Notices) != 1 || w.Notices[0].DOI != retractionDOI {
		t.Errorf("cite API warning %+v for %q", cited.Warning, cited.Text)
	}
}

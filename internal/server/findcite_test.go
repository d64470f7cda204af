package server_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestFindingCiteText: the example. The 10,000-AAI f2 once read
// "In the same reference distribution, 58% were classified secure-autonomous
// (58%) (Bakermans-Kranenburg & van IJzendoorn, 2009)": an opening pointing
// at another finding, the number twice. Now the statement stands alone and
// the number appears once, in every style; the page shows the same words.
func TestFindingCiteText(t *testing.T) {
	ts, _ := MustOpenServer(t)
	const id = "bakermans-kranenburg-vanijzendoorn-2009-first-10000-aais"
	const claim = "In the reference distribution of North American non-clinical mothers, 58% were classified secure-autonomous"
	tests := []struct {
		style, inText string
	}{
		{"apa", "(Bakermans-Kranenburg & van IJzendoorn, 2009)"},
		{"mla", "(Bakermans-Kranenburg and van IJzendoorn)"},
		{"chicago", "(Bakermans-Kranenburg and van IJzendoorn 2009)"},
		{"vancouver", "(1)"},
		{"harvard", "(Bakermans-Kranenburg and van IJzendoorn, 2009)"},
	}
	for _, tt := range tests {
		t.Run(tt.style, func(t *testing.T) {
			code, _, body := get(t, ts, "/api/v1/studies/"+id+"/findings/f2/cite?style="+tt.style)
			if code != 200 {
				t.Fatalf("%d: %s", code, body)
			}
			var fc struct {
				Statement, Numbers, Text string
				Reference                struct{ Text string }
				CSL                      struct{ Note string }
			}
			if err := json.Unmarshal(body, &fc); err != nil {
				t.Fatal(err)
			}
			want := claim + " " + tt.inText + ".\n" + fc.Reference.Text + "\nFinding f2 in litkb: " + ts.URL + "/studies/" + id + "#f2"
			if fc.Text != want {
				t.Errorf("text\n got %q\nwant %q", fc.Text, want)
			}
			if fc.Numbers != "" || strings.Count(fc.Text, "58%") != 1 || strings.Contains(fc.Text, "not reported") {
				t.Errorf("numbers %q; text %q", fc.Numbers, fc.Text)
			}
			if !strings.HasPrefix(fc.CSL.Note, "Finding f2: "+claim+". ") {
				t.Errorf("CSL note %q", fc.CSL.Note)
			}
		})
	}

	// The study page's panel shows the statement once, with nothing added.
	_, _, body := get(t, ts, "/studies/"+id+"?cite=f2")
	page := string(body)
	i := strings.Index(page, `<p class="cf-statement">`)
	if i < 0 {
		t.Fatal("no cite-finding panel")
	}
	stmt := page[i : i+strings.Index(page[i:], "</p>")]
	if strings.Count(stmt, "58%") != 1 || strings.Contains(stmt, "cf-numbers") {
		t.Errorf("panel statement %q", stmt)
	}
}

// TestFindingCiteNumbers: a statement that gives its value gets only its n
// added; the page panel shows the same addition.
func TestFindingCiteNumbers(t *testing.T) {
	ts, _ := MustOpenServer(t)
	const id = "hazan-shaver-1987-romantic-love" // f4: "About 56% …", n = 620
	_, _, body := get(t, ts, "/api/v1/studies/"+id+"/findings/f4/cite")
	var fc struct{ Statement, Numbers, Text string }
	if err := json.Unmarshal(body, &fc); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fc.Statement, "56%") || fc.Numbers != "n = 620" || strings.Count(fc.Text, "56%") != 1 {
		t.Errorf("statement %q, numbers %q, text %q", fc.Statement, fc.Numbers, fc.Text)
	}
	_, _, body = get(t, ts, "/studies/"+id+"?cite=f4")
	if !strings.Contains(string(body), `<span class="cf-numbers">(n = 620)</span>`) {
		t.Error("the page panel does not add n = 620")
	}
}

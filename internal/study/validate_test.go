package study_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"litkb/internal/study"
)

// want is one problem a fixture must produce: its field, its line (0 when
// the field is absent from the file) and a part of its message.
type want struct {
	field string
	line  int
	msg   string
}

func (w want) String() string { return fmt.Sprintf("%s (line %d): …%s…", w.field, w.line, w.msg) }

// readFixture returns the bytes of testdata/<name>.
func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// mustVocabulary decodes testdata/topics.toml and testdata/constructs.toml,
// failing the test if either has a problem.
func mustVocabulary(tb testing.TB) *study.Vocabulary {
	tb.Helper()
	topics, ps := study.DecodeTopics("topics.toml", readFixture(tb, "topics.toml"))
	if len(ps) > 0 {
		tb.Fatalf("testdata/topics.toml:\n%v", ps)
	}
	constructs, ps := study.DecodeConstructs("constructs.toml", readFixture(tb, "constructs.toml"))
	if len(ps) > 0 {
		tb.Fatalf("testdata/constructs.toml:\n%v", ps)
	}
	if ps := study.ValidateVocabulary(topics, constructs); len(ps) > 0 {
		tb.Fatalf("test vocabulary is invalid:\n%v", ps)
	}
	return study.NewVocabulary(topics, constructs)
}

// diffProblems matches got against wants one to one and describes every
// problem that is missing or unexpected; "" means they are the same set.
// Every problem must also name file.
func diffProblems(file string, got study.Problems, wants []want) string {
	var b strings.Builder
	used := make([]bool, len(got))
	for _, w := range wants {
		found := false
		for i, p := range got {
			if !used[i] && p.Field == w.field && p.Line == w.line && strings.Contains(p.Message, w.msg) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			fmt.Fprintf(&b, "missing: %v\n", w)
		}
	}
	for i, p := range got {
		if !used[i] {
			fmt.Fprintf(&b, "unexpected: {%q, %d, %q}\n", p.Field, p.Line, p.Message)
		}
		if p.File != file {
			fmt.Fprintf(&b, "problem %q has file %q, want %q\n", p.Message, p.File, file)
		}
	}
	return b.String()
}

func TestCheckStudyGood(t *testing.T) {
	v := mustVocabulary(t)
	files, err := filepath.Glob(filepath.Join("testdata", "good", "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no good fixtures (%v)", err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, ps := study.CheckStudy(path, data, v)
			if len(ps) > 0 {
				t.Fatalf("problems in a good fixture:\n%v", ps)
			}
			if want := strings.TrimSuffix(name, ".toml"); s.ID != want {
				t.Errorf("ID = %q, want %q", s.ID, want)
			}
		})
	}
}

// TestCheckStudyBad pairs each file in testdata/bad with every problem it
// must produce, and no others.
func TestCheckStudyBad(t *testing.T) {
	v := mustVocabulary(t)
	const unknown = "unknown field"
	tests := []struct {
		file  string
		wants []want
	}{
		{file: "unknown-key.toml", wants: []want{
			{"journl", 8, unknown},
			{"findings.valeu", 50, unknown},
			{"provenance.checks.sourse", 81, unknown},
		}},
		{file: "unknown-key-repeated.toml", wants: []want{
			{"findings.valeu", 15, unknown},
			{"findings.valeu", 21, unknown},
		}},
		{file: "syntax-error.toml", wants: []want{
			{"title", 5, "TOML syntax: strings cannot contain newlines"},
		}},
		{file: "type-mismatch.toml", wants: []want{
			{"year", 5, "incompatible types"},
		}},
		{file: "missing-required.toml", wants: []want{
			{"type", 0, "missing; one of: article, book"},
			{"title", 0, "missing"},
			{"year", 0, "missing"},
			{"authors", 0, "at least one [[authors]] entry"},
			{"topics", 0, "at least one topic"},
			{"design", 0, "missing; one of: cross-sectional"},
			{"sample", 0, "missing: describe the population"},
			{"summary", 0, "missing: a published study needs a summary"},
			{"provenance.confidence", 6, "missing; one of: high, medium, low"},
			{"provenance.checks", 6, "a published study needs at least one check"},
		}},
		{file: "Bad_ID.toml", wants: []want{
			{"id", 2, `"Bad_ID" is not a slug`},
		}},
		{file: "id-mismatch.toml", wants: []want{
			{"id", 2, `id "roisman-2002-earned-secure" does not match the file name "id-mismatch.toml"`},
		}},
		{file: "year-too-early.toml", wants: []want{
			{"year", 6, "1799 is outside 1800-"},
		}},
		{file: "year-too-late.toml", wants: []want{
			{"year", 6, "9999 is outside 1800-"},
		}},
		{file: "bad-doi.toml", wants: []want{
			{"doi", 11, `"10.11/1467-8624.00467" is not a DOI`},
		}},
		{file: "conference-no-container.toml", wants: []want{
			{"container", 0, "missing: a conference paper needs the title of its proceedings"},
		}},
		{file: "event-on-article.toml", wants: []want{
			{"event", 8, "only a conference paper has an event"},
		}},
		{file: "url-javascript.toml", wants: []want{
			{"url", 11, `"javascript:alert(1)" is not an http or https URL`},
		}},
		{file: "unknown-vocab.toml", wants: []want{
			{"topics[2]", 12, `"astrology" is not in data/topics.toml`},
			{"findings[3].construct", 63, `"zodiac-sign" is not in data/constructs.toml`},
		}},
		{file: "bad-findings.toml", wants: []want{
			{"findings[1].ci_low", 28, "ci_low 0.5 is above ci_high 0.1"},
			{"findings[2].value", 36, "7.5 is outside its interval [1, 2]"},
			{"findings[3].value", 45, "58 is not a proportion in [0,1] (write 58% as 0.58)"},
			{"findings[4].n", 53, "n must be greater than 0"},
			{"findings[5].value", 60, "1.5 is outside [-1,1] for a correlation"},
			{"findings[6].id", 63, `"f1" is used by another finding`},
			{"findings[7].value", 67, `measure "correlation" is given without a value`},
			{"findings[8].measure", 73, "a value needs its measure"},
			{"findings[8].ci_low", 78, "give both ci_low and ci_high"},
			{"findings[9].id", 81, `"F 9" is not a slug`},
			{"findings[9].text", 80, "missing: state the finding"},
			{"findings[9].value", 84, "-3 cannot be negative for a count"},
			{"findings[9].k", 85, "k must be greater than 0"},
		}},
		{file: "bad-enums.toml", wants: []want{
			{"type", 3, `"journal-article" is not one of: article, book, chapter, paper-conference, report, thesis`},
			{"status", 4, `"publish" is not one of: draft, published, retracted`},
			{"design", 13, `"rct" is not one of: cross-sectional`},
			{"findings[3].measure", 64, `"percent" is not one of: proportion, correlation`},
			{"provenance.confidence", 73, `"very high" is not one of: high, medium, low`},
		}},
		{file: "unchecked-citation.toml", wants: []want{
			{"volume", 8, `no provenance check lists "volume"`},
			{"issue", 9, `no provenance check lists "issue"`},
			{"pages", 10, `no provenance check lists "pages"`},
			{"doi", 11, `no provenance check lists "doi"`},
		}},
		{file: "summary-short.toml", wants: []want{
			{"summary", 17, "9 words; write 60-200"},
		}},
		{file: "summary-long.toml", wants: []want{
			{"summary", 17, "201 words; write 60-200"},
		}},
		{file: "people-and-checks.toml", wants: []want{
			{"authors[1]", 22, "a corporate author (literal) has no family or given name"},
			{"authors[2].family", 26, "missing (or use literal"},
			{"editors[1].family", 30, "missing (or use literal"},
			{"pages", 8, `"about ten" is not a page or range`},
			{"article_number", 9, "give pages or an article number, not both"},
			{"sample_size", 13, "must be positive"},
			{"provenance.checks[1].fields", 36, `"colour" is not a field that can be checked`},
			{"provenance.checks[1].source", 37, "say what kind of source"},
			{"provenance.checks[2].fields", 40, "name the fields this source confirmed"},
		}},
	}

	// Every fixture has a row and every row a fixture, so neither side
	// drifts unnoticed.
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, tc := range tests {
		rows[tc.file] = true
	}
	for _, f := range files {
		if !rows[filepath.Base(f)] {
			t.Errorf("%s has no row in the table", f)
		}
		delete(rows, filepath.Base(f))
	}
	for f := range rows {
		t.Errorf("row %s has no file in testdata/bad", f)
	}

	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", tc.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, ps := study.CheckStudy(path, data, v)
			if d := diffProblems(path, ps, tc.wants); d != "" {
				t.Errorf("problems differ:\n%sall problems:\n%v", d, ps)
			}
			for _, p := range ps {
				if p.Message == "" {
					t.Errorf("problem with an empty message: %+v", p)
				}
			}
		})
	}
}

// TestCheckStudyNormalizesDOI: a pasted doi.org URL is stored, encoded and
// linked as the bare DOI, and validates.
func TestCheckStudyNormalizesDOI(t *testing.T) {
	const name = "smith-2010-doi-url.toml"
	data := readFixture(t, filepath.Join("good", name))
	if !bytes.Contains(data, []byte("https://doi.org/")) {
		t.Fatalf("fixture %s no longer pastes a doi.org URL", name)
	}
	s, ps := study.CheckStudy(name, data, mustVocabulary(t))
	if len(ps) > 0 {
		t.Fatalf("problems:\n%v", ps)
	}
	const bare = "10.1000/ABC.def-123"
	if s.DOI != bare {
		t.Errorf("DOI = %q, want %q", s.DOI, bare)
	}
	if got, want := s.SourceURL(), "https://doi.org/"+bare; got != want {
		t.Errorf("SourceURL() = %q, want %q", got, want)
	}
	out, err := study.EncodeStudy(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(`doi = "`+bare+`"`)) {
		t.Errorf("encoded study does not hold the bare DOI:\n%s", out)
	}
}

// TestCheckStudyWithoutVocabulary: a nil vocabulary skips the topic and
// construct checks, and nothing else.
func TestCheckStudyWithoutVocabulary(t *testing.T) {
	path := filepath.Join("testdata", "bad", "unknown-vocab.toml")
	_, ps := study.CheckStudy(path, readFixture(t, filepath.Join("bad", "unknown-vocab.toml")), nil)
	if len(ps) > 0 {
		t.Errorf("with a nil vocabulary, want no problems; got:\n%v", ps)
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "good", "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no good fixtures (%v)", err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, ps := study.DecodeStudy(name, data)
			if len(ps) > 0 {
				t.Fatalf("decode fixture:\n%v", ps)
			}
			out, err := study.EncodeStudy(s)
			if err != nil {
				t.Fatal(err)
			}
			again, ps := study.DecodeStudy(name, out)
			if len(ps) > 0 {
				t.Fatalf("decode encoded study:\n%v\n%s", ps, out)
			}
			if !reflect.DeepEqual(again, s) {
				t.Errorf("round trip changed the study:\n got %+v\nwant %+v\nencoded:\n%s", again, s, out)
			}
			// Encoding is stable: the decoded copy encodes to the same bytes.
			out2, err := study.EncodeStudy(again)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out2, out) {
				t.Errorf("second encoding differs:\n%s\n---\n%s", out, out2)
			}
			// The field order follows data/README.md: id, type, status, title, year.
			last := -1
			for _, key := range []string{"id = ", "type = ", "status = ", "title = ", "year = "} {
				i := bytes.Index(out, []byte("\n"+key))
				if key == "id = " && bytes.HasPrefix(out, []byte(key)) {
					i = 0
				}
				if i <= last {
					t.Errorf("%q is not after the keys before it in:\n%s", key, out)
				}
				last = i
			}
		})
	}
}

func TestDecodeVocabulary(t *testing.T) {
	topics, ps := study.DecodeTopics("topics.toml", readFixture(t, "topics.toml"))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	if got := len(topics); got != 3 {
		t.Fatalf("got %d topics, want 3", got)
	}
	if want := (study.Topic{ID: "aai", Label: "Adult Attachment Interview",
		Definition: "A semi-structured interview coded for state of mind about attachment.",
		Synonyms:   []string{"AAI", "attachment interview"}}); !reflect.DeepEqual(topics[0], want) {
		t.Errorf("topics[0] = %+v, want %+v", topics[0], want)
	}
	constructs, ps := study.DecodeConstructs("constructs.toml", readFixture(t, "constructs.toml"))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	if got := len(constructs); got != 3 {
		t.Fatalf("got %d constructs, want 3", got)
	}
	if c := constructs[0]; c.ID != "aai-secure-3way" || c.Coding != "F / Ds / E" {
		t.Errorf("constructs[0] = %+v", c)
	}
	v := study.NewVocabulary(topics, constructs)
	if _, ok := v.Topics["earned-security"]; !ok {
		t.Error("vocabulary lacks topic earned-security")
	}
	if _, ok := v.Constructs["aai-coherence"]; !ok {
		t.Error("vocabulary lacks construct aai-coherence")
	}

	t.Run("unknown key", func(t *testing.T) {
		const name = "vocab/topics-unknown-key.toml"
		_, ps := study.DecodeTopics(name, readFixture(t, name))
		if d := diffProblems(name, ps, []want{{"topic.synonym", 5, "unknown field"}}); d != "" {
			t.Errorf("problems differ:\n%s", d)
		}
	})
	t.Run("syntax error", func(t *testing.T) {
		_, ps := study.DecodeConstructs("c.toml", []byte("[[construct]]\nid = \"a\"\nlabel = \n"))
		if d := diffProblems("c.toml", ps, []want{{"construct.label", 3, "TOML syntax: expected value"}}); d != "" {
			t.Errorf("problems differ:\n%s", d)
		}
	})
}

func TestValidateVocabulary(t *testing.T) {
	topics, ps := study.DecodeTopics("topics-bad.toml", readFixture(t, "vocab/topics-bad.toml"))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	constructs, ps := study.DecodeConstructs("constructs-bad.toml", readFixture(t, "vocab/constructs-bad.toml"))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	// ValidateVocabulary works on values, not files: problems carry no file
	// or line.
	got := study.ValidateVocabulary(topics, constructs)
	wants := []want{
		{"topic[2].id", 0, `"aai" is defined twice`},
		{"topic[3].synonyms", 0, `"Attachment Interview" is also a synonym of "aai"`},
		{"topic[4].id", 0, `"Earned Security" is not a slug`},
		{"topic[4].label", 0, "missing"},
		{"construct[2].id", 0, `"aai-coherence" is defined twice`},
		{"construct[3].id", 0, `"no_label" is not a slug`},
		{"construct[3].label", 0, "missing"},
		{"construct[3].definition", 0, "missing"},
	}
	if d := diffProblems("", got, wants); d != "" {
		t.Errorf("problems differ:\n%sall problems:\n%v", d, got)
	}

	t.Run("a topic may repeat its own label as a synonym", func(t *testing.T) {
		ts := []study.Topic{{ID: "dismissing", Label: "Dismissing", Synonyms: []string{"dismissing", "Ds"}}}
		if ps := study.ValidateVocabulary(ts, nil); len(ps) > 0 {
			t.Errorf("want no problems, got:\n%v", ps)
		}
	})
}

func TestDecodeClaim(t *testing.T) {
	t.Run("good", func(t *testing.T) {
		const name = "adult-attachment-stable.toml"
		c, ps := study.DecodeClaim(name, readFixture(t, "claims/"+name))
		if len(ps) > 0 {
			t.Fatalf("problems:\n%v", ps)
		}
		if c.Verdict != "supported" || len(c.Evidence) != 2 || c.Evidence[1].Relation != "complicates" {
			t.Errorf("claim = %+v", c)
		}
	})
	tests := []struct {
		file  string
		wants []want
	}{
		{"bad-claim.toml", []want{
			{"id", 2, `id "earned-security-is-common" does not match the file name "bad-claim.toml"`},
			{"verdict", 4, `"true" is not one of: supported, mixed, not supported, unverifiable`},
			{"rationale", 5, "missing: say why"},
			{"evidence[1].relation", 10, `"proves" is not one of: supports, complicates, contradicts`},
			{"evidence[2].study", 12, "missing"},
			{"evidence[3].finding", 18, "missing"},
			{"evidence[3].relation", 16, "missing; one of: supports, complicates, contradicts"},
		}},
		{"syntax-claim.toml", []want{
			{"verdict", 2, "TOML syntax"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "claims", tc.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, ps := study.DecodeClaim(path, data)
			if d := diffProblems(path, ps, tc.wants); d != "" {
				t.Errorf("problems differ:\n%sall problems:\n%v", d, ps)
			}
		})
	}
}

func TestNormalizeDOI(t *testing.T) {
	tests := []struct {
		in, want string
		valid    bool // ValidDOI(want)
	}{
		{"10.1111/1467-8624.00467", "10.1111/1467-8624.00467", true},
		{"  10.1111/1467-8624.00467\n", "10.1111/1467-8624.00467", true},
		{"https://doi.org/10.1111/1467-8624.00467", "10.1111/1467-8624.00467", true},
		{"http://doi.org/10.1037/0022-3514.52.3.511", "10.1037/0022-3514.52.3.511", true},
		{"HTTPS://DOI.ORG/10.1000/xyz", "10.1000/xyz", true},
		{"https://dx.doi.org/10.1000/xyz", "10.1000/xyz", true},
		{"http://dx.doi.org/10.1000/xyz", "10.1000/xyz", true},
		{"doi.org/10.1000/xyz", "10.1000/xyz", true},
		{"doi:10.1000/xyz", "10.1000/xyz", true},
		{"DOI: 10.1000/xyz", "10.1000/xyz", true},
		{"Doi:10.1000/xyz", "10.1000/xyz", true},
		{"10.1000.10/Mixed-Case", "10.1000.10/Mixed-Case", true}, // case is kept
		{"", "", false},
		{"doi:", "", false},
		{"10.11/abc", "10.11/abc", false},     // registrant too short
		{"10.1000/", "10.1000/", false},       // no suffix
		{"10.1000/a b", "10.1000/a b", false}, // space in suffix
		{"11.1000/abc", "11.1000/abc", false}, // not a 10. prefix
		{"https://example.org/10.1000/x", "https://example.org/10.1000/x", false}, // not doi.org
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := study.NormalizeDOI(tc.in)
			if got != tc.want {
				t.Errorf("NormalizeDOI(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if v := study.ValidDOI(got); v != tc.valid {
				t.Errorf("ValidDOI(%q) = %v, want %v", got, v, tc.valid)
			}
			if got := study.DOIKey(tc.in); got != strings.ToLower(tc.want) {
				t.Errorf("DOIKey(%q) = %q, want %q", tc.in, got, strings.ToLower(tc.want))
			}
		})
	}
}

func TestValidSourceURL(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"https://example.org/report.pdf", true},
		{"http://example.org", true},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{"ftp://example.org/file", false},
		{"/relative/path", false},
		{"https://", false},
		{"data:text/html,<script>", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := study.ValidSourceURL(tc.url); got != tc.want {
			t.Errorf("ValidSourceURL(%q) = %v, want %v", tc.url, got, tc.want)
		}
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"roisman-2002-earned-secure", true},
		{"f1", true},
		{"a", true},
		{"", false},
		{"Bad_ID", false},
		{"two--hyphens", false},
		{"-leading", false},
		{"trailing-", false},
		{"with space", false},
		{"émile-1900", false},
		{strings.Repeat("a", 120), true},
		{strings.Repeat("a", 121), false},
	}
	for _, tc := range tests {
		if got := study.ValidID(tc.id); got != tc.want {
			t.Errorf("ValidID(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
}

func TestFindingDisplay(t *testing.T) {
	p := func(f float64) *float64 { return &f }
	tests := []struct {
		name string
		f    study.Finding
		want string
	}{
		{"proportion", study.Finding{Measure: "proportion", Value: p(0.514)}, "51.4%"},
		{"proportion with CI", study.Finding{Measure: "proportion", Value: p(0.514), CILow: p(0.35), CIHigh: p(0.68)}, "51.4% (95% CI 35%–68%)"},
		{"whole proportion", study.Finding{Measure: "proportion", Value: p(1)}, "100%"},
		{"proportion 0.58", study.Finding{Measure: "proportion", Value: p(0.58)}, "58%"},
		{"proportion 0.14", study.Finding{Measure: "proportion", Value: p(0.14)}, "14%"},
		{"proportion 0.291", study.Finding{Measure: "proportion", Value: p(0.291)}, "29.1%"},
		{"correlation", study.Finding{Measure: "correlation", Value: p(0.31)}, "r = .31"},
		{"negative correlation with CI", study.Finding{Measure: "correlation", Value: p(-0.12), CILow: p(-0.27), CIHigh: p(0.03)}, "r = −.12 (95% CI −.27, .03)"},
		{"kappa", study.Finding{Measure: "kappa", Value: p(0.63)}, "κ = .63"},
		{"kappa of one", study.Finding{Measure: "kappa", Value: p(1)}, "κ = 1"},
		{"effect size", study.Finding{Measure: "effect size", Value: p(0.5)}, "d = 0.5"},
		{"odds ratio with CI", study.Finding{Measure: "odds ratio", Value: p(2.1), CILow: p(1.2), CIHigh: p(3.4)}, "OR = 2.1 (95% CI 1.2, 3.4)"},
		{"mean with unit", study.Finding{Measure: "mean", Value: p(4.2), Unit: "points on the PHQ-9"}, "4.2 points on the PHQ-9"},
		{"count", study.Finding{Measure: "count", Value: p(23)}, "23"},
		{"no value", study.Finding{Measure: "correlation"}, ""},
		{"qualitative", study.Finding{Text: "Earned-secure adults reported more depression."}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.f.Display()
			if got == tc.want {
				return
			}
			t.Errorf("Display() = %q, want %q", got, tc.want)
		})
	}
}

func TestPathologicalFilesAreRefusedBeforeDecoding(t *testing.T) {
	dotted := func(n int) string { return strings.Repeat("a.", n) + "a" }
	refused := []struct{ name, file string }{
		{"deep arrays", "x = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"},
		{"deep dotted key", dotted(20000) + " = 1\n"},
		{"200 KB of dotted key", dotted(100000) + " = 1\n"},
		{"deep table header", "[" + dotted(40) + "]\nx = 1\n"},
		{"header and dotted key together", "[" + dotted(9) + "]\n" + dotted(9) + " = 1\n"},
		{"dotted keys in nested inline tables", "x = " + strings.Repeat("{"+dotted(3)+" = ", 10) + "1" + strings.Repeat("}", 10) + "\n"},
		{"arrays of inline tables", "x = " + strings.Repeat("[{a = ", 10) + "1" + strings.Repeat("}]", 10) + "\n"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			_, ps := study.DecodeStudy("deep.toml", []byte(tc.file))
			if len(ps) != 1 || !strings.Contains(ps[0].Message, "more than the 16 allowed") || ps[0].Line == 0 {
				t.Errorf("%d problems: %v; want one, naming the depth and its line", len(ps), ps)
			}
		})
	}
	// Dots and brackets in strings, comments and values are not nesting.
	accepted := []struct{ name, file string }{
		{"brackets in strings", "title = \"[[[[[[[[[[[[[[[[[[[[\" # [[[[[[[[[[[[[[[[[[[[[\nsummary = '''{{{{{{{{{{{{{{{{{{{{{{'''\n"},
		{"dots in strings and values", "title = \"" + dotted(40) + "\"\nyear = 2002 # " + dotted(40) + "\n\"" + dotted(30) + "\" = 1.5\nx = [" + strings.Repeat("1.5, ", 40) + "]\n"},
		{"a study's own nesting", "[[provenance.checks]]\nfields = [\"title\"]\nx.y.z = {a.b = [[1.5]]}\n"},
	}
	for _, tc := range accepted {
		t.Run(tc.name, func(t *testing.T) {
			_, ps := study.DecodeStudy("ok.toml", []byte(tc.file))
			for _, p := range ps {
				if strings.Contains(p.Message, "deep") {
					t.Errorf("refused as deep: %v", p)
				}
			}
		})
	}
	big := "summary = \"" + strings.Repeat("a", study.MaxFileSize) + "\"\n"
	if _, ps := study.DecodeStudy("big.toml", []byte(big)); len(ps) != 1 || !strings.Contains(ps[0].Message, "more than the") {
		t.Errorf("oversized: %v", ps)
	}
}

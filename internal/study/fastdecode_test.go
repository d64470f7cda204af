package study

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fastSeeds are the study files the fast path is compared on: the
// fixtures, the curated studies, and files that test where two TOML
// decoders may part: keys in another case, repeated keys, empty arrays,
// CRLF in strings, dates and numbers where text belongs, dotted keys,
// inline tables, escapes.
func fastSeeds(t testing.TB) [][]byte {
	t.Helper()
	var seeds [][]byte
	for _, glob := range []string{"testdata/good/*.toml", "testdata/bad/*.toml", curatedStudies} {
		seeds = append(seeds, readAll(t, glob)...)
	}
	for _, s := range []string{
		"id = \"a\"\nID = \"b\"\n",
		"Id = \"a\"\ntitle = \"t\"\n",
		"topics = []\n",
		"authors = []\n",
		"[[authors]]\n[[authors]]\nfamily = \"x\"\n",
		"authors = [{family = \"x\", given = \"y\"}]\n",
		"authors = [{family = \"x\", Family = \"y\"}]\n",
		"summary = \"\"\"\r\na\r\nb \\\r\n  c\r\n\"\"\"\n",
		"summary = '''\r\na\r\nb'''\n",
		"title = \"\\u00e9\\U0001F600\\t\\\"\"\n",
		"accessed = 2024-03-05\n",
		"issued = 1997-08-15T10:00:00Z\n",
		"year = 1978.0\n",
		"year = \"1978\"\n",
		"year = 1_978\n",
		"year = 0x7B6\n",
		"year = +1978\n",
		"volume = 12\n",
		"sample_size = 9223372036854775808\n",
		"provenance.confidence = \"high\"\n",
		"[provenance]\nconfidence = \"high\"\n[provenance]\nnotes = \"x\"\n",
		"[provenance]\nchecks = [{fields = [\"title\"], kind = \"publisher\"}]\n",
		"[[findings]]\nid = \"f1\"\ntext = \"x\"\n[findings.extra]\n",
		"\"id\" = \"a\"\n'title' = 'b'\n",
		"id = \"a\" # comment\n# only\n",
		"id = \"a\"\nid = \"a\"\n",
		"topics = [\"a\", 1]\n",
		"topics = [\"a\",]\n",
		"topics = [\n\"a\", # c\n\"b\"\n]\n",
		"title = \"a\\x41\"\n",
		"title = \"a\\e\"\n",
		"authors = [{family = \"x\",\n given = \"y\"}]\n",
		"notices = [{kind = \"retraction\"}]\n",
		"retraction = true\n",
		"\ufeffid = \"a\"\n",
		"id=\"a\"\r\ntitle=\"b\"\r\n",
		"id = \"a\"\n\n[[authors]]\nfamily = \"\"\n",
	} {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}

// curatedStudies are the study files of data/.
const curatedStudies = "../../data/studies/*.toml"

// readAll reads the files glob names; none is an error.
func readAll(t testing.TB, glob string) [][]byte {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		t.Fatalf("no files %s (%v)", glob, err)
	}
	var out [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// FuzzDecodeFastAgrees: whatever the fast path decodes, BurntSushi/toml,
// with its checks for unknown keys, decodes to the same study. What the
// fast path refuses goes to BurntSushi anyway, so only what it takes
// needs holding to this.
func FuzzDecodeFastAgrees(f *testing.F) {
	for _, s := range fastSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if checkInput(data) != nil {
			return
		}
		var fast Study
		if !decodeFast(data, &fast) {
			if !reflect.DeepEqual(fast, Study{}) {
				t.Fatalf("a refused file left a study behind: %+v", fast)
			}
			return
		}
		var slow Study
		if ps := decodeChecked(data, &slow); len(ps) > 0 {
			t.Fatalf("go-toml took a file BurntSushi refuses (%v):\n%q", ps, data)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("the decoders differ on\n%q\ngo-toml:    %+v\nBurntSushi: %+v", data, fast, slow)
		}
	})
}

// TestDecodeFastTakesTheCorpus: the curated studies all go the fast way
// (a build of them would otherwise gain nothing), and a misspelt key does
// not: it reaches BurntSushi, which names it.
func TestDecodeFastTakesTheCorpus(t *testing.T) {
	for i, data := range readAll(t, curatedStudies) {
		var s Study
		if !decodeFast(data, &s) {
			t.Errorf("curated study %d: not decoded by the fast path", i)
		}
	}
	data := []byte("id = \"a\"\ntitel = \"b\"\n")
	var s Study
	if decodeFast(data, &s) {
		t.Fatalf("the fast path took an unknown key: %+v", s)
	}
	if _, ps := DecodeStudy("data/studies/a.toml", data); len(ps) == 0 || ps[0].Field != "titel" || ps[0].Line != 2 {
		t.Errorf("problems %+v, want the unknown key titel on line 2", ps)
	}
}

// TestKeysInCapitalsAreRefused: a key that reaches a field only by
// ignoring case is a problem on its line, so a file with "title" and
// "Title" no longer decodes to either at random; keys in lowercase,
// quoted or not, are as before.
func TestKeysInCapitalsAreRefused(t *testing.T) {
	for _, tc := range []struct {
		in    string
		field string // "" for no problem about case
		line  int    // -1: a quoted key, which problems find no line for
	}{
		{"title = \"a\"\nTitle = \"b\"\n", "Title", 2},
		{"id = \"a\"\n\n[[findings]]\nid = \"f1\"\nTEXT = \"x\"\n", "findings.TEXT", 5},
		{"[[Authors]]\nfamily = \"x\"\n", "Authors", 1},
		{"authors = [{family = \"x\", Given = \"y\"}]\n", "authors.Given", 1},
		{"\"Id\" = \"a\"\n", "Id", -1},
		{"\"\u017fummary\" = \"a long s, which folds to s\"\n", "\"\u017fummary\"", -1},
		{"\"title\" = \"a\"\n", "", 0},
		{"[provenance]\nhow_checked = \"x\"\n", "", 0},
	} {
		_, ps := DecodeStudy("data/studies/a.toml", []byte(tc.in))
		var got *Problem
		for i := range ps {
			if strings.Contains(ps[i].Message, "lowercase") {
				got = &ps[i]
			}
		}
		switch {
		case tc.field == "" && got != nil:
			t.Errorf("%q: %+v", tc.in, *got)
		case tc.field != "" && got == nil:
			t.Errorf("%q: no problem about the key's case in %+v", tc.in, ps)
		case tc.field != "" && (got.Field != tc.field || tc.line >= 0 && got.Line != tc.line):
			t.Errorf("%q: problem %+v, want field %s on line %d", tc.in, *got, tc.field, tc.line)
		}
	}
}

// BenchmarkDecodeStudy decodes the curated studies the way a load does
// (DecodeStudy: the fast path, its key check included) and with
// BurntSushi alone, as before.
func BenchmarkDecodeStudy(b *testing.B) {
	data := readAll(b, curatedStudies)
	b.Run("fast", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, ps := DecodeStudy("s.toml", data[i%len(data)]); hasSyntaxError(ps) {
				b.Fatal(ps)
			}
		}
	})
	b.Run("checked", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			var s Study
			if ps := decodeStrict(data[i%len(data)], &s); len(ps) > 0 {
				b.Fatal(ps)
			}
		}
	})
	b.Run("keys", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if !plainKeys(data[i%len(data)]) {
				b.Fatal("refused")
			}
		}
	})
}

// TestPlainKeys: the fast path leaves to BurntSushi what the decoders
// take differently: tables where a study has lists of tables, and keys
// not in lowercase.
func TestPlainKeys(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"[[findings]]\nid = \"a\"\n[[findings]]\nid = \"b\"\n", true},
		{"[[provenance.checks]]\nkind = \"x\"\n", true},
		{"[provenance]\nchecks = [{kind = \"x\"}]\n", true},
		{"provenance = {checks = [{kind = \"x\"}]}\n", true},
		{"authors = [{family = \"x\"}]\ntopics = [\"a\", \"b\"]\nfindings = []\n", true},
		{"[findings]\nid = \"x\"\n", false},
		{"findings.id = \"x\"\n", false},
		{"[provenance.checks]\nkind = \"x\"\n", false},
		{"[[findings]]\nid = \"a\"\n[findings.x]\n", false},
		{"findings = \"x\"\n", false},
		{"topics = [{a = 1}]\n", false},
		{"topics = [[\"a\"]]\n", false},
		{"[[provenance]]\nnotes = \"x\"\n", false},
		{"Title = \"x\"\n", false},
		{"authors = [{Family = \"x\"}]\n", false},
		{"id = \n", false},
	} {
		if got := plainKeys([]byte(tc.in)); got != tc.want {
			t.Errorf("plainKeys(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

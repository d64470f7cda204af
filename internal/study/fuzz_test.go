package study_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"litkb/internal/study"
)

// FuzzDecodeStudy feeds the decoder arbitrary bytes, starting from every
// study fixture. It must never panic, every problem must say what is wrong,
// and a study that decodes cleanly must survive EncodeStudy and decode again.
func FuzzDecodeStudy(f *testing.F) {
	for _, dir := range []string{"good", "bad"} {
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*.toml"))
		if err != nil {
			f.Fatal(err)
		}
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte{})
	f.Add([]byte("id = \"\xff\""))
	f.Add([]byte(strings.Repeat("a.", 2000) + "a = 1\n"))
	f.Add([]byte("[" + strings.Repeat("a.", 30) + "a]\nb.c = {d.e = [1.5]}\n"))
	v := mustVocabulary(f)

	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "data/studies/fuzz.toml"
		s, ps := study.DecodeStudy(name, data)
		checkMessages(t, ps)
		// Validation against the vocabulary must not panic either.
		_, cps := study.CheckStudy(name, data, v)
		checkMessages(t, cps)
		if len(ps) > 0 {
			return
		}
		out, err := study.EncodeStudy(s)
		if err != nil {
			t.Fatalf("EncodeStudy of a cleanly decoded study: %v\ninput:\n%s", err, data)
		}
		if _, ps := study.DecodeStudy(name, out); len(ps) > 0 {
			t.Fatalf("encoded study does not decode:\n%v\nencoded:\n%s\ninput:\n%s", ps, out, data)
		}
	})
}

func checkMessages(t *testing.T, ps study.Problems) {
	t.Helper()
	for _, p := range ps {
		if p.Message == "" {
			t.Errorf("problem without a message: %+v", p)
		}
		if p.Line < 0 {
			t.Errorf("problem with a negative line: %+v", p)
		}
	}
}

package ingest

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"litkb/internal/cite"
)

var updateCSL = flag.Bool("update-csl", false, "rewrite testdata/csl/*.json from what each fixture imports as")

// TestFixturesAsCSLJSON records, for every exporter's fixture, the
// CSL-JSON each record imports as (what the study will be cited and
// exported from), beside the fields not kept and the error of a record
// that is refused. A change in what any exporter's file becomes shows up
// here as a diff to review; -update-csl rewrites the files after review.
func TestFixturesAsCSLJSON(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	type entry struct {
		Line    int        `json:"line"`
		CSL     *cite.Item `json:"csl,omitempty"`
		NotKept []NotKept  `json:"not_kept,omitempty"`
		Error   string     `json:"error,omitempty"`
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			var out []entry
			for _, r := range parseFile(t, name) {
				e := entry{Line: r.Line, NotKept: r.NotKept}
				if r.Err != nil {
					e.Error = r.Err.Error()
				} else {
					it := r.CSL
					e.CSL = &it
				}
				out = append(out, e)
			}
			got, err := json.MarshalIndent(out, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "csl", strings.ReplaceAll(name, ".", "_")+".json")
			if *updateCSL {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update-csl after reviewing the import)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s imports differently from %s; review the difference and run with -update-csl:\n%s", name, golden, firstDiff(string(want), string(got)))
			}
		})
	}
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + al[i] + "\n  got: " + bl[i]
		}
	}
	return "lengths differ: " + strconv.Itoa(len(al)) + " vs " + strconv.Itoa(len(bl)) + " lines"
}

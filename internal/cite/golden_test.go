package cite

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the current output")

// golden compares got with the file testdata/name, or rewrites the file
// with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it); got:\n%s", name, got)
	}
}

// citedItems are the fixtures as cited: with the first finding's page as
// locator where the fixture has one.
func citedItems() []Item {
	items := make([]Item, len(fixtures))
	for i, s := range fixtures {
		if len(s.Findings) > 0 {
			items[i] = FromFinding(s, s.Findings[0])
		} else {
			items[i] = FromStudy(s)
		}
	}
	return items
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// setVolume rewrites one study's volume line in a corpus copy.
func setVolume(t *testing.T, data, id, from, to string) string {
	t.Helper()
	path := filepath.Join(data, "studies", id+".toml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	old := `volume  = "` + from + `"`
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no line %s", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, `volume  = "`+to+`"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// lineOf is the line number of the first line that sets key.
func lineOf(t *testing.T, path, key string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, key+" ") || strings.HasPrefix(l, key+"=") {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("%s sets no %s", path, key)
	return ""
}

func TestVerifyPrintsTheOneDisagreement(t *testing.T) {
	rp := startReplay(t)
	data := corpusCopy(t)
	path := setVolume(t, data, "roisman-2002-earned-secure", "73", "74")
	before := treeHash(t, data)
	out, errOut, code := litkbAt(t, rp, "verify", "--data", data)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	if want := path + ":" + lineOf(t, path, "volume") + `: volume: ours "74" registry "73"` + "\n"; out != want {
		t.Errorf("stdout\n%q\nwant\n%q", out, want)
	}
	if !strings.Contains(errOut, "1 disagreed") {
		t.Errorf("stderr lacks the tally: %s", errOut)
	}
	if treeHash(t, data) != before {
		t.Error("verify without --write changed data/")
	}
	// Without the change, the same run agrees and exits 0.
	setVolume(t, data, "roisman-2002-earned-secure", "74", "73")
	if out, errOut, code := litkbAt(t, rp, "verify", "--data", data); code != 0 || out != "" {
		t.Errorf("exit %d, stdout %q\n%s", code, out, errOut)
	}
}

func TestVerifyWrite(t *testing.T) {
	rp := startReplay(t)
	data := corpusCopy(t)
	id := "roisman-2002-earned-secure"
	path := setVolume(t, data, id, "73", "74")
	before := readStudy(t, path)
	out, errOut, code := litkbAt(t, rp, "verify", id, "--write", "--data", data, "--state", t.TempDir())
	if code != 1 { // the volume still disagrees
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	after := readStudy(t, path)
	if after.Volume != "74" || after.Title != before.Title || after.Pages != before.Pages {
		t.Errorf("a curated value changed: volume %q", after.Volume)
	}
	today := time.Now().UTC().Format(time.DateOnly)
	last := after.Provenance.Checks[len(after.Provenance.Checks)-1]
	if last.Kind != "registry" || last.Source != "Crossref, retrieved "+today || slices.Contains(last.Fields, "volume") ||
		!slices.Equal(last.Fields, []string{"title", "authors", "year", "journal", "issue", "pages", "doi"}) {
		t.Errorf("registry check %+v", last)
	}
	if after.NoticesChecked != today {
		t.Errorf("notices_checked %q", after.NoticesChecked)
	}
	hist, err := os.ReadFile(filepath.Join(data, "history", id+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(hist)), "\n")
	var entry struct {
		Who string `json:"who"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &entry); err != nil || entry.Who != "registry" {
		t.Errorf("last history entry %s (%v)", lines[len(lines)-1], err)
	}
	if out, errOut, code := litkbAt(t, nil, "validate", data); code != 0 {
		t.Errorf("validate after --write: exit %d\n%s%s", code, out, errOut)
	}
}

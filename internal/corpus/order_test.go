package corpus_test

import (
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// Studies are in id order even where file order differs (x-b.toml sorts
// before x.toml), files that do not load leave no gap, and each study's
// hash stays with it.
func TestLoadOrdersStudiesByID(t *testing.T) {
	files := map[string]string{
		"a-2000-x-b.toml": studyTOML("a-2000-x-b", "10.1000/ab", `"doi"`),
		"a-2000-x.toml":   studyTOML("a-2000-x", "10.1000/a", `"doi"`),
		"a-2000-x-a.toml": "not = [toml",
		"b-2001-y.toml":   studyTOML("b-2001-y", "10.1000/b", `"doi"`),
		"a-2000-x-c.toml": studyTOML("a-2000-x-c", "10.1000/ac", `"doi"`),
	}
	for _, cached := range []bool{false, true} {
		dir := agedCorpus(t, files)
		cache := ""
		if cached {
			cache = filepath.Join(t.TempDir(), "corpus.snapshot")
			loadCached(t, dir, cache)
		}
		c := loadCached(t, dir, cache)
		if cached && c.Stats.FromSnapshot != 4 {
			t.Fatalf("stats %+v, want 4 from the snapshot", c.Stats)
		}
		var ids []string
		for _, s := range c.Studies {
			ids = append(ids, s.ID)
		}
		if want := []string{"a-2000-x", "a-2000-x-b", "a-2000-x-c", "b-2001-y"}; !slices.Equal(ids, want) {
			t.Errorf("cached %v: studies %q, want %q", cached, ids, want)
		}
		for i, s := range c.Studies {
			if want, _ := strconv.ParseUint(c.ETag(s.ID)[:16], 16, 64); c.StudyHashes()[i] != want {
				t.Errorf("cached %v: %s has the hash of another file", cached, s.ID)
			}
			if got, ok := c.Study(s.ID); !ok || got.ID != s.ID {
				t.Errorf("cached %v: Study(%q) = %v, %v", cached, s.ID, got, ok)
			}
		}
	}
}

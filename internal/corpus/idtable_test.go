package corpus

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"litkb/internal/study"
)

// idStudies are n studies in id order, ids alike but for their ends (as a
// corpus's are: author, year, words), every third a draft.
func idStudies(n int) []*study.Study {
	list := make([]*study.Study, n)
	for i := range list {
		status := "published"
		if i%3 == 0 {
			status = "draft"
		}
		list[i] = &study.Study{ID: fmt.Sprintf("author%06d-%d-attachment", i, 1990+i%30), Status: status}
	}
	slices.SortFunc(list, byID)
	return list
}

// The id table finds every study at its position, finds no other id, and
// answers only for the list it was made of.
func TestIDTableFinds(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 1000, 4097} {
		list := idStudies(n)
		published := 0
		for _, s := range list {
			if s.Status == "published" {
				published++
			}
		}
		tables := map[string]*idTable{"made at first use": lazyIDs(list)}
		slots := make([]uint64, idSlots(n))
		if got, ok := makeIDs(list, slots); !ok || got != published {
			t.Fatalf("%d studies: makeIDs counted %d published (%v), want %d", n, got, ok, published)
		}
		tables["made already"] = readyIDs(list, slots, published)
		tables["reused for a copy"] = lazyIDs(list).reuse(list, slices.Clone(list))
		for name, tab := range tables {
			for i, s := range tab.studies {
				if got, found, known := tab.find(tab.studies, s.ID); got != i || !found || !known {
					t.Fatalf("%d studies, %s: %s found at %d (%v, %v), want %d", n, name, s.ID, got, found, known, i)
				}
			}
			for _, id := range []string{"", "author", "author000001-1991-attachmenu", "zzz"} {
				if _, found, known := tab.find(tab.studies, id); found || !known {
					t.Errorf("%d studies, %s: %q found (%v) or not known (%v)", n, name, id, found, known)
				}
			}
			if got, ok := tab.publishedOf(tab.studies); !ok || got != published {
				t.Errorf("%d studies, %s: %d published (%v), want %d", n, name, got, ok, published)
			}
			if n > 0 {
				other := slices.Clone(tab.studies)
				if _, _, known := tab.find(other, other[0].ID); known {
					t.Errorf("%d studies, %s: answers for another list", n, name)
				}
				if _, ok := tab.publishedOf(other); ok {
					t.Errorf("%d studies, %s: counts another list", n, name)
				}
			}
		}
	}
	var none *idTable
	if _, _, known := none.find(nil, "a"); known {
		t.Error("no table answers")
	}
	if got := none.reuse(nil, idStudies(2)); !got.of(got.studies) || len(got.studies) != 2 {
		t.Error("no table reused is a table made at first use")
	}
}

// Corpus.Study finds the same study with its table, without one, and with
// a table made of another list (a copy of the corpus a path forgot to give
// a table of its own).
func TestCorpusStudyWithAndWithoutTable(t *testing.T) {
	list := idStudies(500)
	ids := make([]string, 0, len(list)+2)
	for _, s := range list {
		ids = append(ids, s.ID)
	}
	ids = append(ids, "absent", "author000250-2000-attachment-x")
	corpora := map[string]*Corpus{
		"table":           {Studies: list, ids: lazyIDs(list)},
		"no table":        {Studies: list},
		"another's table": {Studies: list, ids: lazyIDs(slices.Clone(list))},
	}
	for name, c := range corpora {
		for _, id := range ids {
			i, ok := slices.BinarySearchFunc(list, id, func(s *study.Study, id string) int { return cmp.Compare(s.ID, id) })
			got, found := c.Study(id)
			if found != ok || (ok && got != list[i]) {
				t.Errorf("%s: Study(%q) = %v, %v; want the study at %d (%v)", name, id, got, found, i, ok)
			}
			if at, found := c.find(id); at != i || found != ok {
				t.Errorf("%s: find(%q) = %d, %v; want %d, %v", name, id, at, found, i, ok)
			}
		}
	}
}

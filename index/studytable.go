package index

import (
	"cmp"
	"slices"

	"litkb/internal/study"
)

// studyTable finds the studies an index was built from by id: with the
// source's Find when it has one (a corpus's table of ids, which reads one
// study where a binary search reads twenty). Otherwise a source's studies
// come sorted by id (the corpus keeps them so), and then the table is a
// binary search of the list: a write makes a new table without a map of
// every id (100 ms at 1,000,000 studies). An unsorted list gets a map.
type studyTable struct {
	list []*study.Study
	pos  map[string]int                       // nil when list is sorted; never changed once made
	find func(id string) (*study.Study, bool) // the source's, when it has one
}

func newStudyTable(list []*study.Study) studyTable {
	if slices.IsSortedFunc(list, func(a, b *study.Study) int { return cmp.Compare(a.ID, b.ID) }) {
		return studyTable{list: list}
	}
	pos := make(map[string]int, len(list))
	for i := range list {
		pos[list[i].ID] = i
	}
	return studyTable{list: list, pos: pos}
}

// studyTable is the table of src's studies.
func (src Source) studyTable() studyTable {
	if src.Sorted {
		return studyTable{list: src.Studies, find: src.Find}
	}
	return newStudyTable(src.Studies)
}

func (t studyTable) get(id string) (*study.Study, bool) {
	if t.find != nil {
		return t.find(id)
	}
	if t.pos == nil {
		i, ok := slices.BinarySearchFunc(t.list, id, func(s *study.Study, id string) int { return cmp.Compare(s.ID, id) })
		if !ok {
			return nil, false
		}
		return t.list[i], true
	}
	i, ok := t.pos[id]
	if !ok {
		return nil, false
	}
	return t.list[i], true
}

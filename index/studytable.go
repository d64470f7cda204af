package index

import "litkb/internal/study"

// studyTable finds the studies an index was built from by id.
type studyTable struct {
	list []study.Study
	pos  map[string]int // never changed once made: tables share it
}

func newStudyTable(list []study.Study) studyTable {
	pos := make(map[string]int, len(list))
	for i := range list {
		pos[list[i].ID] = i
	}
	return studyTable{list: list, pos: pos}
}

// sameOrder is the table of list, which has the same ids in the same
// order as t's list (an edit): the positions are t's.
func (t studyTable) sameOrder(list []study.Study) studyTable {
	return studyTable{list: list, pos: t.pos}
}

func (t studyTable) get(id string) (*study.Study, bool) {
	i, ok := t.pos[id]
	if !ok {
		return nil, false
	}
	return &t.list[i], true
}

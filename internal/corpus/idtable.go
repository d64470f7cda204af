package corpus

import (
	"sync"
	"unsafe"

	"github.com/cespare/xxhash/v2"

	"litkb/internal/study"
)

// An idTable finds a study's position in Corpus.Studies by its id reading
// one study, where a binary search reads twenty. The reading is what
// costs: a server's studies are mapped from their image (image.go) and
// left out of its resident set until read, and each study read maps the
// pages around it back (64 KiB). The binary searches that found the hits
// of the bench's searches brought 1 GiB of a 1.5 GiB image back at
// 1,000,000 studies, nearly all of it at 100,000.
//
// It is a hash table of the ids' xxHash: each slot holds 32 bits of the
// hash and the position plus one (0: empty), with at least twice as many
// slots as studies. Only a slot whose bits match is checked against its
// study. A table is made of one Studies list and answers only for it: a
// write's new list gets a new table, made at its first use. It counts the
// list's published studies too, which a server's start prints.
type idTable struct {
	once      sync.Once
	studies   []*study.Study // the list it was made of
	slots     []uint64
	published int
}

// idSlots is the table's size for n studies: a power of two, at least 2n.
func idSlots(n int) int {
	s := 2
	for s < 2*n {
		s *= 2
	}
	return s
}

// lazyIDs is the table of studies, made when first asked.
func lazyIDs(studies []*study.Study) *idTable { return &idTable{studies: studies} }

// readyIDs is the table of studies whose slots were made already (by
// makeIDs, for the same list, as an image keeps them).
func readyIDs(studies []*study.Study, slots []uint64, published int) *idTable {
	t := &idTable{studies: studies, slots: slots, published: published}
	t.once.Do(func() {})
	return t
}

// reuse is the table of studies, a new list with the same ids at the
// same positions as old (a write that replaced studies and added or
// removed none): t's slots, when t is old's table and has made them.
func (t *idTable) reuse(old, studies []*study.Study) *idTable {
	if !t.of(old) || len(old) != len(studies) {
		return lazyIDs(studies)
	}
	t.make()
	if t.slots == nil {
		return lazyIDs(studies)
	}
	n := 0
	for _, s := range studies {
		if s.Status == "published" {
			n++
		}
	}
	return readyIDs(studies, t.slots, n)
}

// makeIDs fills slots (idSlots(len(studies)) of them, zeroed) for
// studies, and counts the published. False when it cannot: more studies
// than positions fit in 32 bits.
func makeIDs(studies []*study.Study, slots []uint64) (published int, ok bool) {
	if len(studies) >= 1<<32-1 || len(slots) != idSlots(len(studies)) {
		return 0, false
	}
	mask := uint64(len(slots) - 1)
	for i, s := range studies {
		if s.Status == "published" {
			published++
		}
		h := xxhash.Sum64String(s.ID)
		j := h & mask
		for slots[j] != 0 {
			j = (j + 1) & mask
		}
		slots[j] = h>>32<<32 | uint64(i+1)
	}
	return published, true
}

// of says whether t is the table of studies.
func (t *idTable) of(studies []*study.Study) bool {
	return t != nil && len(t.studies) == len(studies) && unsafe.SliceData(t.studies) == unsafe.SliceData(studies)
}

// make makes the table, once.
func (t *idTable) make() {
	t.once.Do(func() {
		slots := make([]uint64, idSlots(len(t.studies)))
		if n, ok := makeIDs(t.studies, slots); ok {
			t.slots, t.published = slots, n
		}
	})
}

// publishedOf is how many of studies are published, when t is their
// table.
func (t *idTable) publishedOf(studies []*study.Study) (int, bool) {
	if !t.of(studies) {
		return 0, false
	}
	t.make()
	return t.published, t.slots != nil
}

// find is the position of the study with id in studies, and whether the
// table knows: it does not when it was made of another list, or could not
// be made.
func (t *idTable) find(studies []*study.Study, id string) (i int, found, known bool) {
	if !t.of(studies) {
		return 0, false, false
	}
	if t.make(); t.slots == nil {
		return 0, false, false
	}
	h := xxhash.Sum64String(id)
	mask := uint64(len(t.slots) - 1)
	for j := h & mask; t.slots[j] != 0; j = (j + 1) & mask {
		v := t.slots[j]
		if v>>32 != h>>32 {
			continue
		}
		if p := int(v&(1<<32-1)) - 1; p >= 0 && p < len(studies) && studies[p].ID == id {
			return p, true, true
		}
	}
	return 0, false, true
}

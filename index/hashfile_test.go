package index

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"litkb/internal/study"
)

func hashesOf(vocab uint64, m map[string]uint64) *studyHashes {
	h := &studyHashes{vocab: vocab}
	for id := range m {
		h.ids = append(h.ids, id)
	}
	slices.Sort(h.ids)
	for _, id := range h.ids {
		h.seq = append(h.seq, m[id])
	}
	return h
}

func sameHashes(t *testing.T, what string, got, want *studyHashes) {
	t.Helper()
	if got.vocab != want.vocab || !slices.Equal(got.ids, want.ids) || !slices.Equal(got.seq, want.seq) {
		t.Fatalf("%s: %d hashes (vocab %x), want %d (vocab %x)", what, len(got.ids), got.vocab, len(want.ids), want.vocab)
	}
}

func TestDiff(t *testing.T) {
	old := hashesOf(1, map[string]uint64{"a": 1, "b": 2, "c": 3, "e": 5})
	tests := []struct {
		name    string
		next    map[string]uint64
		changed []string
		removed []string
	}{
		{"nothing", map[string]uint64{"a": 1, "b": 2, "c": 3, "e": 5}, nil, nil},
		{"one edited", map[string]uint64{"a": 1, "b": 20, "c": 3, "e": 5}, []string{"b"}, nil},
		{"added between and after", map[string]uint64{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}, []string{"d", "f"}, nil},
		{"added first", map[string]uint64{"0": 0, "a": 1, "b": 2, "c": 3, "e": 5}, []string{"0"}, nil},
		{"removed first, middle and last", map[string]uint64{"b": 2}, nil, []string{"a", "c", "e"}},
		{"all of it", map[string]uint64{"b": 9, "d": 4}, []string{"b", "d"}, []string{"a", "c", "e"}},
		{"to nothing", map[string]uint64{}, nil, []string{"a", "b", "c", "e"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := hashesOf(1, tt.next)
			changed, removed := old.diff(next)
			var ids []string
			for _, j := range changed {
				ids = append(ids, next.ids[j])
			}
			if !slices.Equal(ids, tt.changed) || !slices.Equal(removed, tt.removed) {
				t.Errorf("changed %v, removed %v; want %v, %v", ids, removed, tt.changed, tt.removed)
			}
		})
	}
}

// TestHashAllOrder: a source out of id order, or with an id twice (the
// last counts, as a map would keep it), gives sorted hashes and where each
// is in the source.
func TestHashAllOrder(t *testing.T) {
	st := func(id string) *study.Study { return &study.Study{ID: id} }
	src := Source{Studies: []*study.Study{st("c"), st("a"), st("b"), st("a")}, Hashes: []uint64{3, 1, 2, 11}}
	h, at := hashAll(src)
	if !slices.Equal(h.ids, []string{"a", "b", "c"}) || !slices.Equal(h.seq, []uint64{11, 2, 3}) || !slices.Equal(at, []int{3, 2, 0}) {
		t.Errorf("ids %v, hashes %v, at %v", h.ids, h.seq, at)
	}
	src = Source{Studies: []*study.Study{st("a"), st("b")}, Hashes: []uint64{1, 2}}
	if h, at := hashAll(src); at != nil || !slices.Equal(h.ids, []string{"a", "b"}) {
		t.Errorf("a sorted source: ids %v, at %v; want its own order and no positions", h.ids, at)
	}
}

// TestHashFileLogsUpdates: each update's records, replayed over the base,
// give what the update left; a long log becomes a new base; a record cut
// short by a crash ends the replay with the state before it (older than
// the index, never newer) and has the next update write a new base.
func TestHashFileLogsUpdates(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	model := map[string]uint64{}
	for i := range 3000 {
		model[fmt.Sprintf("s%05d", i)] = rng.Uint64()
	}
	h := hashesOf(7, model)
	if err := writeHashes(dir, h); err != nil {
		t.Fatal(err)
	}
	f := hashFile{studyHashes: h}
	bases := 0
	for step := range 120 {
		for range 1 + rng.IntN(40) {
			id := fmt.Sprintf("s%05d", rng.IntN(3100))
			if rng.IntN(4) == 0 {
				delete(model, id)
			} else {
				model[id] = rng.Uint64()
			}
		}
		next := hashesOf(7, model)
		changed, removed := f.diff(next)
		var err error
		if f, err = recordHashes(dir, f, next, changed, removed); err != nil {
			t.Fatal(err)
		}
		if f.logged == 0 {
			bases++
			if _, err := os.Stat(filepath.Join(dir, hashesLog)); !os.IsNotExist(err) {
				t.Fatalf("step %d: a new base left the log behind (%v)", step, err)
			}
		}
		read, err := readHashes(dir)
		if err != nil {
			t.Fatal(err)
		}
		sameHashes(t, fmt.Sprint("step ", step), read.studyHashes, next)
		if read.logged != f.logged {
			t.Fatalf("step %d: read %d log records, wrote %d", step, read.logged, f.logged)
		}
	}
	if bases == 0 {
		t.Fatal("the log never became a new base")
	}

	// A crash in the middle of an update's records: one removal, one
	// change, one study added (its record is the last).
	logPath := filepath.Join(dir, hashesLog)
	log, err := os.ReadFile(logPath)
	if errors.Is(err, fs.ErrNotExist) {
		log, err = nil, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	delete(model, f.ids[0])
	model[f.ids[1]]++
	model["zz-new"] = 1
	next := hashesOf(7, model)
	changed, removed := f.diff(next)
	if len(changed) != 2 || len(removed) != 1 {
		t.Fatalf("%d changed, %d removed", len(changed), len(removed))
	}
	if _, err := recordHashes(dir, f, next, changed, removed); err != nil {
		t.Fatal(err)
	}
	grown, _ := os.ReadFile(logPath)
	if len(grown) <= len(log) {
		t.Fatal("the update wrote no log records")
	}
	want := f.studyHashes.with(map[string]uint64{f.ids[1]: model[f.ids[1]]}, map[string]bool{f.ids[0]: true})
	// Cut short, or whole in length with a byte of its hash not the one
	// written (a block the crash left unwritten).
	garbled := slices.Clone(grown)
	garbled[len(garbled)-6] ^= 0x40
	for name, data := range map[string][]byte{"cut in its last record": grown[:len(grown)-5], "garbled in its last record": garbled} {
		if err := os.WriteFile(logPath, data, 0o644); err != nil {
			t.Fatal(err)
		}
		read, err := readHashes(dir)
		if err != nil {
			t.Fatal(err)
		}
		sameHashes(t, "a log "+name, read.studyHashes, want)
		if read.logged <= logLimit(len(read.ids)) {
			t.Errorf("a log %s leaves %d records counted; the next update must write a new base", name, read.logged)
		}
	}
}

// TestHashFileReadsMapOrder: a base written by an older litkb, in map
// order, is read back sorted.
func TestHashFileReadsMapOrder(t *testing.T) {
	dir := t.TempDir()
	h := &studyHashes{vocab: 3, ids: []string{"b", "c", "a"}, seq: []uint64{2, 3, 1}}
	if err := writeHashes(dir, h); err != nil {
		t.Fatal(err)
	}
	read, err := readHashes(dir)
	if err != nil {
		t.Fatal(err)
	}
	sameHashes(t, "map order", read.studyHashes, &studyHashes{vocab: 3, ids: []string{"a", "b", "c"}, seq: []uint64{1, 2, 3}})
}

// BenchmarkRecordHashes: what keeping the hashes costs one update of one
// study, at 100,000 studies: a record appended to the log, against a new
// base (what every update wrote before the log).
func BenchmarkRecordHashes(b *testing.B) {
	model := map[string]uint64{}
	for i := range 100_000 {
		model[fmt.Sprintf("author-%06d-some-title-words", i)] = uint64(i)
	}
	h := hashesOf(1, model)
	b.Run("log", func(b *testing.B) {
		dir := b.TempDir()
		if err := writeHashes(dir, h); err != nil {
			b.Fatal(err)
		}
		f := hashFile{studyHashes: h}
		for b.Loop() {
			next := &studyHashes{vocab: h.vocab, ids: h.ids, seq: slices.Clone(f.seq)}
			next.seq[7]++
			var err error
			if f, err = recordHashes(dir, f, next, []int{7}, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("base", func(b *testing.B) {
		dir := b.TempDir()
		for b.Loop() {
			if err := writeHashes(dir, h); err != nil {
				b.Fatal(err)
			}
		}
	})
}

package index

import (
	"io"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/cespare/xxhash/v2"

	"litkb/internal/study"
)

// Per-study content hashes let Sync update a live index in place: when a
// few studies changed, it re-indexes those and deletes the removed ones,
// instead of rebuilding everything. The hashes of what an index holds are
// kept in files beside Bleve's own (hashfile.go).

const hashesFile = "litkb-studies" // inside the index directory, beside Bleve's store

// studyHashes are the hash of everything each study's documents are made
// of, in id order; vocab is the hash of the topic vocabulary, which every
// study's documents depend on (topic labels, mention marks). Sorted lists,
// not a map: a write compares two of them in one pass and patches the
// file that keeps them (hashfile.go) with what changed, where a map of
// every id was built, diffed and written out whole, a third of a write at
// 1,000,000 studies.
type studyHashes struct {
	vocab uint64
	ids   []string // sorted, unique
	seq   []uint64 // aligned with ids
}

// hashField writes one value and a separator, so that field boundaries
// count ("ab","c" differs from "a","bc").
func hashField(h io.StringWriter, s string) {
	h.WriteString(s)
	h.WriteString("\x00")
}

// studyHash covers every study field that documents() reads. Every write
// hashes the whole corpus again (to diff it against the index), so this is
// xxhash fed strings without copies: a cryptographic hash of converted
// byte slices took 60% of a write at 100,000 studies.
func studyHash(s *study.Study) uint64 {
	h := xxhash.New()
	for _, v := range []string{s.ID, s.Status, s.Title, s.Journal, s.Container, s.Summary, s.Sample, s.Design, s.Type, strconv.Itoa(s.Year)} {
		hashField(h, v)
	}
	for _, a := range s.Byline() {
		for _, v := range []string{a.Literal, "\x01", a.Given, "\x01", a.Family} {
			h.WriteString(v)
		}
		h.WriteString("\x00")
	}
	hashField(h, "\x02topics")
	for _, t := range s.Topics {
		hashField(h, t)
	}
	hashField(h, "\x02findings")
	for _, f := range s.Findings {
		for _, v := range []string{f.ID, "\x01", f.Text, "\x01", f.Construct, "\x01", f.Population} {
			h.WriteString(v)
		}
		h.WriteString("\x00")
	}
	return h.Sum64()
}

// vocabHash covers the topic vocabulary.
func vocabHash(topics []study.Topic) uint64 {
	h := xxhash.New()
	for _, t := range topics {
		hashField(h, t.ID)
		hashField(h, t.Label)
		for _, s := range t.Synonyms {
			hashField(h, s)
		}
		h.WriteString("\x01")
	}
	return h.Sum64()
}

// hashAll is the per-study hashes of src, its own or hashes of the text,
// and where each entry is in src (nil when src is in id order, as a
// corpus's studies are: then entry i is src's study i).
func hashAll(src Source) (*studyHashes, []int) {
	hs := src.Hashes
	if len(hs) != len(src.Studies) {
		hs = textHashes(src)
	}
	h := &studyHashes{vocab: vocabHash(src.Topics), ids: make([]string, len(hs)), seq: slices.Clone(hs)}
	for i := range src.Studies {
		h.ids[i] = src.Studies[i].ID
	}
	if strictlySorted(h.ids) {
		return h, nil
	}
	return sortHashes(h) // out of order, or an id twice (the last one counts)
}

// diff lists, in one pass over two sorted lists, the entries of next that
// are new or changed since h (their positions in next) and the ids h has
// that next does not.
func (h *studyHashes) diff(next *studyHashes) (changed []int, removed []string) {
	i := 0
	for j, id := range next.ids {
		for i < len(h.ids) && h.ids[i] < id {
			removed = append(removed, h.ids[i])
			i++
		}
		if i < len(h.ids) && h.ids[i] == id {
			if h.seq[i] != next.seq[j] {
				changed = append(changed, j)
			}
			i++
			continue
		}
		changed = append(changed, j)
	}
	return changed, append(removed, h.ids[i:]...)
}

// textHashes hashes every study of src, on every core.
func textHashes(src Source) []uint64 {
	hs := make([]uint64, len(src.Studies))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(hs); i += workers {
				hs[i] = studyHash(src.Studies[i])
			}
		}()
	}
	wg.Wait()
	return hs
}

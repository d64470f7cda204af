package corpus

import (
	"fmt"
	"hash/maphash"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"litkb/internal/study"
)

// duplicates refuses a second entry for the same DOI, PubMed or PubMed
// Central id, or (for books) ISBN, and flags a near-identical title in the
// same or an adjacent year. self is the id of
// the study being updated ("" for a new one), which is not its own duplicate.
//
// It runs on every write over every study, so nothing in the loop
// allocates: DOIs are compared case-insensitively in place, and a title
// key is made only for studies of a nearby year. A loaded study's DOI is
// stored bare (decoding normalises it, validation holds it to the
// 10.<registrant>/<suffix> shape), so it is compared as it is:
// normalising 100,000 of them again was a third of a write.
func duplicates(c *Corpus, st *study.Study, self string, confirmed bool) error {
	doi := study.NormalizeDOI(st.DOI)
	key := TitleKey(st.Title)
	for i := range c.Studies {
		o := c.Studies[i]
		if o.ID == self {
			continue
		}
		if doi != "" && sameDOI(o.DOI, doi) {
			return doiConflict(st.DOI, o.ID)
		}
		if ce := sameIdentifier(st, o); ce != nil {
			return ce
		}
		if !confirmed && key != "" && abs(o.Year-st.Year) <= 1 && TitleKey(o.Title) == key {
			return titleConflict(o.ID, o.Year)
		}
	}
	return nil
}

// sameDOI is strings.EqualFold(a, b), told apart sooner by the last byte:
// most DOIs end differently, and folding every one in the corpus was half
// of a write's own work. Two ASCII bytes that differ folded cannot end
// equal strings (the only ASCII letters with non-ASCII folds, k and s,
// fold to runes whose last byte is not ASCII).
func sameDOI(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	x, y := a[len(a)-1], b[len(b)-1]
	if x < utf8.RuneSelf && y < utf8.RuneSelf && lowerASCII(x) != lowerASCII(y) {
		return false
	}
	return strings.EqualFold(a, b)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// sameIdentifier reports a and b sharing a PMID, a PMCID, or as books an
// ISBN (a chapter carries its book's ISBN, which its sibling chapters
// share). Identifiers are stored normalised, so equal means the same.
func sameIdentifier(a, b *study.Study) *ConflictError {
	switch {
	case a.PMID != "" && a.PMID == b.PMID:
		return &ConflictError{Existing: b.ID, Reason: fmt.Sprintf("PMID %s is already the study %q", a.PMID, b.ID)}
	case a.PMCID != "" && a.PMCID == b.PMCID:
		return &ConflictError{Existing: b.ID, Reason: fmt.Sprintf("PMCID %s is already the study %q", a.PMCID, b.ID)}
	case a.ISBN != "" && a.ISBN == b.ISBN && a.Type == "book" && b.Type == "book":
		return &ConflictError{Existing: b.ID, Reason: fmt.Sprintf("ISBN %s is already the book %q", a.ISBN, b.ID)}
	}
	return nil
}

func doiConflict(doi, existing string) *ConflictError {
	return &ConflictError{Existing: existing, Reason: fmt.Sprintf("DOI %s is already the study %q", doi, existing)}
}

func titleConflict(existing string, year int) *ConflictError {
	return &ConflictError{Existing: existing, Possible: true,
		Reason: fmt.Sprintf("%q (%d) looks like the same work; if it is a different one, confirm and send again", existing, year)}
}

// DupIndex finds duplicates among many new studies in time proportional to
// their number, not to their number times the corpus's: an import checks
// thousands of records against 100,000 studies. It applies the rules of
// duplicates (same DOI; same title key in the same or an adjacent year),
// to the corpus it was made from and to every study added since.
type DupIndex struct {
	doi   map[string]string       // DOIKey -> id
	ids   map[string]*study.Study // "pmid:…", "pmcid:…", "isbn:…" (books) -> the study
	title map[string][]titleEntry // TitleKey -> the studies with it
}

type titleEntry struct {
	id   string
	year int
}

// NewDupIndex indexes c's studies.
func NewDupIndex(c *Corpus) *DupIndex {
	d := &DupIndex{doi: make(map[string]string, len(c.Studies)), ids: map[string]*study.Study{}, title: make(map[string][]titleEntry, len(c.Studies))}
	for i := range c.Studies {
		d.Add(c.Studies[i])
	}
	return d
}

// Add counts st as present, so a later study that repeats it is a duplicate.
func (d *DupIndex) Add(st *study.Study) {
	if st.DOI != "" {
		if _, ok := d.doi[study.DOIKey(st.DOI)]; !ok {
			d.doi[study.DOIKey(st.DOI)] = st.ID
		}
	}
	for _, k := range identifierKeys(st) {
		if _, ok := d.ids[k]; !ok { // a copy: the caller's study may be reused
			d.ids[k] = &study.Study{ID: st.ID, Type: st.Type, PMID: st.PMID, PMCID: st.PMCID, ISBN: st.ISBN}
		}
	}
	if k := TitleKey(st.Title); k != "" {
		d.title[k] = append(d.title[k], titleEntry{st.ID, st.Year})
	}
}

// identifierKeys are st's keys in DupIndex.ids.
func identifierKeys(st *study.Study) []string {
	var ks []string
	if st.PMID != "" {
		ks = append(ks, "pmid:"+st.PMID)
	}
	if st.PMCID != "" {
		ks = append(ks, "pmcid:"+st.PMCID)
	}
	if st.ISBN != "" && st.Type == "book" {
		ks = append(ks, "isbn:"+st.ISBN)
	}
	return ks
}

// Check returns the study st would duplicate, or nil. A near-identical
// title is only reported when not confirmed.
func (d *DupIndex) Check(st *study.Study, confirmed bool) *ConflictError {
	if st.DOI != "" {
		if id, ok := d.doi[study.DOIKey(st.DOI)]; ok {
			return doiConflict(st.DOI, id)
		}
	}
	for _, k := range identifierKeys(st) {
		if o, ok := d.ids[k]; ok {
			return sameIdentifier(st, o)
		}
	}
	if confirmed {
		return nil
	}
	for _, e := range d.title[TitleKey(st.Title)] {
		if abs(e.year-st.Year) <= 1 {
			return titleConflict(e.id, e.year)
		}
	}
	return nil
}

// TitleKey is a title with case, punctuation and spacing removed, for
// spotting the same work entered twice.
func TitleKey(t string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(t) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// checkDuplicateDOIs reports every study that shares a DOI with another:
// the same work entered twice splits its citations and its corrections.
func (c *Corpus) checkDuplicateDOIs() {
	seed := maphash.MakeSeed()
	c.checkDuplicateDOIsBy(func(k string) uint64 { return maphash.String(seed, k) })
}

// checkDuplicateDOIsBy is checkDuplicateDOIs with the keys hashed by hash,
// which must not keep the string it is given.
// The studies are mapped by a hash of their DOI's key to their position: a
// map of a million strings to strings was a tenth of a start's CPU at
// 1,000,000 studies. Keys that share a hash go to byKey. Each key is made
// in one buffer, not allocated: a start checks every study.
func (c *Corpus) checkDuplicateDOIsBy(hash func(string) uint64) {
	first := make(map[uint64]int32, len(c.Studies))
	var byKey map[string]string
	var buf []byte
	for i, s := range c.Studies {
		if s.DOI == "" {
			continue
		}
		buf = appendDOIKey(buf[:0], s.DOI)
		k := unsafe.String(unsafe.SliceData(buf), len(buf)) // until the next key
		h := hash(k)
		j, ok := first[h]
		if !ok {
			first[h] = int32(i)
			continue
		}
		other := c.Studies[j].ID
		if study.DOIKey(c.Studies[j].DOI) != k {
			if byKey == nil {
				byKey = map[string]string{}
			}
			if other, ok = byKey[k]; !ok {
				byKey[strings.Clone(k)] = s.ID
				continue
			}
		}
		c.Problems = append(c.Problems, study.Problem{
			File: c.display(filepath.Join(StudiesDir, s.ID+".toml")), Field: "doi",
			Message: fmt.Sprintf("%s is also the DOI of %s: one work, one entry", s.DOI, other),
		})
	}
}

// appendDOIKey appends study.DOIKey(doi) to b, without allocating when the
// DOI is ASCII (as nearly all are).
func appendDOIKey(b []byte, doi string) []byte {
	n := study.NormalizeDOI(doi)
	for i := range len(n) {
		if n[i] >= utf8.RuneSelf {
			return append(b, strings.ToLower(n)...)
		}
	}
	for i := range len(n) {
		c := n[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

package corpus

import (
	"encoding/binary"
	"errors"
	"math"
	"unsafe"

	"litkb/internal/study"
)

// The snapshot's encoding of a study: every field in declaration order,
// strings and slices length-prefixed (a slice's length is stored plus one,
// so nil and empty stay apart), optional numbers behind a presence byte.
// It exists because decoding TOML is nearly all of a corpus load, and a
// restart should not pay it again for files that have not changed.
// TestCodecRoundTrip fills every field by reflection, so a field added to
// the study types and forgotten here fails it.
//
// The bytes of prose (summary, findings, authors, the publication's
// details) go to a second stream, the record's text, and the record holds
// only their lengths: decoding points the study's strings into the text
// without reading it, so a start reads the quarter of a snapshot that is
// structure. What passes over every study read (ids, DOIs, titles,
// statuses, topics, identifiers, notices) stays in the record itself.

type encoder struct{ b, t []byte } // the record and its text

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int)     { e.b = binary.AppendVarint(e.b, int64(v)) }

func (e *encoder) str(s string) {
	e.uint(uint64(len(s)))
	e.b = append(e.b, s...)
}

// text writes s's length to the record and s to the text.
func (e *encoder) text(s string) {
	e.uint(uint64(len(s)))
	e.t = append(e.t, s...)
}

func (e *encoder) strs(ss []string) {
	e.length(ss == nil, len(ss))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) length(isNil bool, n int) {
	if isNil {
		e.uint(0)
		return
	}
	e.uint(uint64(n) + 1)
}

func (e *encoder) optFloat(p *float64) {
	if p == nil {
		e.b = append(e.b, 0)
		return
	}
	e.b = append(e.b, 1)
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(*p))
}

func (e *encoder) optInt(p *int) {
	if p == nil {
		e.b = append(e.b, 0)
		return
	}
	e.b = append(e.b, 1)
	e.int(*p)
}

func (e *encoder) people(ps []study.Person) {
	e.length(ps == nil, len(ps))
	for _, p := range ps {
		e.text(p.Family)
		e.text(p.Given)
		e.text(p.Suffix)
		e.text(p.Literal)
	}
}

func (e *encoder) notices(ns []study.Notice) {
	e.length(ns == nil, len(ns))
	for _, n := range ns {
		for _, v := range []string{n.Kind, n.DOI, n.Date, n.Source, n.Note} {
			e.str(v)
		}
	}
}

func (e *encoder) study(s *study.Study) {
	for _, v := range []string{s.ID, s.Type, s.Status, s.Title} {
		e.str(v)
	}
	e.int(s.Year)
	e.str(s.Issued)
	e.int(s.OriginalYear)
	e.people(s.Authors)
	e.people(s.Editors)
	for _, v := range []string{s.Journal, s.Container, s.Publisher, s.Place, s.Edition, s.Volume, s.Issue, s.Pages, s.ArticleNumber, s.Chapter, s.Event, s.Genre, s.Number, s.Version} {
		e.text(v)
	}
	e.str(s.DOI)
	e.text(s.URL)
	e.text(s.Accessed)
	for _, v := range []string{s.ISBN, s.PMID, s.PMCID} {
		e.str(v)
	}
	e.text(s.JournalAbbrev)
	e.text(s.Language)
	e.strs(s.Topics)
	e.str(s.Design)
	e.text(s.DesignDetail)
	e.text(s.Sample)
	e.int(s.SampleSize)
	e.text(s.Summary)
	e.str(s.Retraction)
	e.notices(s.Notices)
	e.str(s.NoticesChecked)
	e.length(s.Findings == nil, len(s.Findings))
	for i := range s.Findings {
		f := &s.Findings[i]
		e.str(f.ID)
		e.text(f.Text)
		e.str(f.Construct)
		e.str(f.Measure)
		e.optFloat(f.Value)
		e.text(f.Unit)
		e.optInt(f.N)
		e.optInt(f.K)
		e.optFloat(f.CILow)
		e.optFloat(f.CIHigh)
		e.text(f.Population)
		e.text(f.Page)
	}
	p := &s.Provenance
	e.str(p.Confidence)
	e.length(p.Checks == nil, len(p.Checks))
	for _, c := range p.Checks {
		e.strs(c.Fields)
		e.str(c.Kind)
		e.str(c.Source)
	}
	e.text(p.HowChecked)
	e.text(p.Notes)
	e.strs(p.ToCheck)
}

var errCorrupt = errors.New("snapshot is corrupt")

// decoder reads what encoder wrote. Strings are slices of src and txt,
// not copies: a whole snapshot is one allocation instead of millions.
// Every read is bounds-checked, so a damaged snapshot is an error, never a
// panic. What it allocates goes into b's arena (on the heap for a nil b).
type decoder struct {
	src  string // the record
	pos  int
	txt  string // its text, never read here
	tpos int
	err  error
	b    *block
}

func (d *decoder) fail() { d.failWith(errCorrupt) }

func (d *decoder) failWith(err error) {
	if d.err == nil {
		d.err = err
	}
	d.pos = len(d.src)
}

// slice is make([]T, n) where d allocates; nil (and d failed) when the
// arena cannot grow.
func slice[T any](d *decoder, n int) []T {
	out := sliceIn[T](d.b, n)
	if out == nil {
		d.failWith(errArena)
	}
	return out
}

// one is new(T) where d allocates; nil (and d failed) when the arena
// cannot grow.
func one[T any](d *decoder) *T {
	p := newIn[T](d.b)
	if p == nil {
		d.failWith(errArena)
	}
	return p
}

func (d *decoder) uint() uint64 {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if d.pos >= len(d.src) {
			d.fail()
			return 0
		}
		c := d.src[d.pos]
		d.pos++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	d.fail()
	return 0
}

func (d *decoder) int() int {
	u := d.uint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return int(v)
}

func (d *decoder) str() string {
	n := d.uint()
	if n > uint64(len(d.src)-d.pos) {
		d.fail()
		return ""
	}
	s := d.src[d.pos : d.pos+int(n)]
	d.pos += int(n)
	return s
}

// text is the next string of the text: its length is in the record.
func (d *decoder) text() string {
	n := d.uint()
	if n > uint64(len(d.txt)-d.tpos) {
		d.fail()
		return ""
	}
	s := d.txt[d.tpos : d.tpos+int(n)]
	d.tpos += int(n)
	return s
}

// length reads a slice length; ok is false for a nil slice. A length
// larger than the bytes left is corrupt: each element takes at least one.
func (d *decoder) length() (n int, ok bool) {
	v := d.uint()
	if v == 0 {
		return 0, false
	}
	if v-1 > uint64(len(d.src)-d.pos) {
		d.fail()
		return 0, false
	}
	return int(v - 1), true
}

// strs reads a list of strings. In an arena, a list encoded exactly like
// one the block decoded before is that same list: the fields a check
// covers and a study's topics repeat from study to study, and shared they
// leave 137.3 MiB of decoded studies at 100,000 instead of 149.9. Only
// copyOut writes into a decoded list, values it already holds, and a
// block is one goroutine's.
func (d *decoder) strs() []string {
	n, ok := d.length()
	if !ok {
		return nil
	}
	if d.b == nil || n == 0 {
		out := slice[string](d, n)
		for i := range out {
			out[i] = d.str()
		}
		return out
	}
	start := d.pos
	for range n {
		d.str()
	}
	if d.err != nil {
		return nil
	}
	enc, end := d.src[start:d.pos], d.pos
	if out, ok := d.b.lists[enc]; ok {
		return out
	}
	out := slice[string](d, n)
	if out == nil {
		return nil
	}
	d.pos = start
	for i := range out {
		out[i] = d.str()
	}
	d.pos = end
	if len(d.b.lists) < maxLists {
		if d.b.lists == nil {
			d.b.lists = map[string][]string{}
		}
		d.b.lists[enc] = out
	}
	return out
}

func (d *decoder) present() bool {
	if d.pos >= len(d.src) {
		d.fail()
		return false
	}
	c := d.src[d.pos]
	d.pos++
	if c > 1 {
		d.fail()
	}
	return c == 1
}

func (d *decoder) optFloat() *float64 {
	if !d.present() {
		return nil
	}
	if len(d.src)-d.pos < 8 {
		d.fail()
		return nil
	}
	v := one[float64](d)
	if v != nil {
		*v = math.Float64frombits(binary.LittleEndian.Uint64([]byte(d.src[d.pos : d.pos+8])))
		d.pos += 8
	}
	return v
}

func (d *decoder) optInt() *int {
	if !d.present() {
		return nil
	}
	v := d.int()
	p := one[int](d)
	if p != nil {
		*p = v
	}
	return p
}

func (d *decoder) people() []study.Person {
	n, ok := d.length()
	if !ok {
		return nil
	}
	out := slice[study.Person](d, n)
	for i := range out {
		out[i] = study.Person{Family: d.text(), Given: d.text(), Suffix: d.text(), Literal: d.text()}
	}
	return out
}

func (d *decoder) notices() []study.Notice {
	n, ok := d.length()
	if !ok {
		return nil
	}
	out := slice[study.Notice](d, n)
	for i := range out {
		out[i] = study.Notice{Kind: d.str(), DOI: d.str(), Date: d.str(), Source: d.str(), Note: d.str()}
	}
	return out
}

func (d *decoder) study(s *study.Study) {
	s.ID, s.Type, s.Status, s.Title = d.str(), d.str(), d.str(), d.str()
	s.Year = d.int()
	s.Issued = d.str()
	s.OriginalYear = d.int()
	s.Authors = d.people()
	s.Editors = d.people()
	for _, p := range []*string{&s.Journal, &s.Container, &s.Publisher, &s.Place, &s.Edition, &s.Volume, &s.Issue, &s.Pages, &s.ArticleNumber, &s.Chapter, &s.Event, &s.Genre, &s.Number, &s.Version} {
		*p = d.text()
	}
	s.DOI = d.str()
	s.URL, s.Accessed = d.text(), d.text()
	s.ISBN, s.PMID, s.PMCID = d.str(), d.str(), d.str()
	s.JournalAbbrev, s.Language = d.text(), d.text()
	s.Topics = d.strs()
	s.Design = d.str()
	s.DesignDetail, s.Sample = d.text(), d.text()
	s.SampleSize = d.int()
	s.Summary = d.text()
	s.Retraction = d.str()
	s.Notices = d.notices()
	s.NoticesChecked = d.str()
	if n, ok := d.length(); ok {
		s.Findings = slice[study.Finding](d, n)
		for i := range s.Findings {
			f := &s.Findings[i]
			f.ID, f.Text, f.Construct, f.Measure = d.str(), d.text(), d.str(), d.str()
			f.Value = d.optFloat()
			f.Unit = d.text()
			f.N, f.K = d.optInt(), d.optInt()
			f.CILow, f.CIHigh = d.optFloat(), d.optFloat()
			f.Population, f.Page = d.text(), d.text()
		}
	}
	p := &s.Provenance
	p.Confidence = d.str()
	if n, ok := d.length(); ok {
		p.Checks = slice[study.Check](d, n)
		for i := range p.Checks {
			p.Checks[i] = study.Check{Fields: d.strs(), Kind: d.str(), Source: d.str()}
		}
	}
	p.HowChecked, p.Notes = d.text(), d.text()
	p.ToCheck = d.strs()
}

// decodeEntry decodes the study e holds into *s, with what it holds in b
// (on the heap for a nil b). Its strings point into the snapshot, except
// those that scans over every study read (see copyOut).
func decodeEntry(e snapEntry, names map[string]string, b *block, s *study.Study) error {
	d := &decoder{src: e.blob, txt: e.text, b: b}
	d.study(s)
	if d.err == nil && (d.pos != len(d.src) || d.tpos != len(d.txt)) {
		d.fail()
	}
	if d.err == nil && !copyOut(s, names, b) {
		d.err = errArena
	}
	return d.err
}

// copyOut copies out of the snapshot what passes over every study read:
// the id (every lookup and sync), DOI and title (every write's duplicate
// check), status, type, design, topics and constructs (counts, topic and
// evidence pages). Otherwise each such pass would bring the whole mapped
// snapshot back into memory. The named values are shared: names holds one
// copy of each, in b's arena (see snapshotNames). False: the arena could
// not grow.
func copyOut(s *study.Study, names map[string]string, b *block) bool {
	// The three in one allocation: a restart makes 100,000 of them.
	buf := sliceIn[byte](b, len(s.ID)+len(s.DOI)+len(s.Title))
	if buf == nil {
		return false
	}
	n := copy(buf, s.ID)
	n += copy(buf[n:], s.DOI)
	copy(buf[n:], s.Title)
	all, ok := unsafe.String(unsafe.SliceData(buf), len(buf)), true
	s.ID, s.DOI, s.Title = all[:len(s.ID)], all[len(s.ID):len(s.ID)+len(s.DOI)], all[len(s.ID)+len(s.DOI):]
	named := func(v *string) {
		if n, found := names[*v]; found {
			*v = n
		} else if c, cloned := b.clone(*v); cloned {
			*v = c
		} else {
			ok = false
		}
	}
	named(&s.Status)
	named(&s.Type)
	named(&s.Design)
	for i := range s.Topics {
		named(&s.Topics[i])
	}
	for i := range s.Findings {
		named(&s.Findings[i].Construct)
		named(&s.Findings[i].Measure)
	}
	return ok
}

// snapshotNames are the values copyOut shares: the enumerations and the
// vocabulary's ids, each copied once into b's arena (for a nil b, onto
// the heap), as arena studies may point only into arenas.
func snapshotNames(topics []study.Topic, constructs []study.Construct, b *block) map[string]string {
	names := map[string]string{}
	add := func(v string) {
		if c, ok := b.clone(v); ok {
			names[v] = c
		}
	}
	for _, list := range [][]string{study.Statuses, study.Types, study.Designs, study.Measures} {
		for _, v := range list {
			add(v)
		}
	}
	for _, t := range topics {
		add(t.ID)
	}
	for _, c := range constructs {
		add(c.ID)
	}
	return names
}

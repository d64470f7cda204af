package index

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"

	"litkb/internal/corpus"
	"litkb/internal/study"
)

// zap's segment builder is patched too (third_party/zapx, see its
// LITKB.md): a document's postings are added from the terms found when
// the segment's dictionaries are laid out, value by value, instead of from
// a map per field that merges the values' terms; and only the fields kept
// as doc values have their terms gathered for them. This test holds what
// a built segment reads back to what analysing its documents gives.

// wantPosting is what a document's postings list entry must hold: the
// summed frequency of the term over the field's values, the field's
// length (zap's norm, before its square root) and every location, value
// after value.
type wantPosting struct {
	freq, length uint64
	locs         []string
}

// analysedPostings is field -> term -> document number -> posting, and
// field -> document number -> its doc values, from the documents' own
// analysis.
func analysedPostings(docs []bleveindex.Document) (map[string]map[string]map[uint64]*wantPosting, map[string]map[uint64][]string) {
	post := map[string]map[string]map[uint64]*wantPosting{}
	dv := map[string]map[uint64][]string{}
	for n, d := range docs {
		num := uint64(n)
		lengths := map[string]uint64{}
		var mine []*wantPosting
		var names []string
		d.VisitFields(func(f bleveindex.Field) {
			if !f.Options().IsIndexed() {
				return
			}
			name := f.Name()
			lengths[name] += uint64(f.AnalyzedLength())
			for term, tf := range f.AnalyzedTokenFrequencies() {
				if post[name] == nil {
					post[name] = map[string]map[uint64]*wantPosting{}
				}
				if post[name][term] == nil {
					post[name][term] = map[uint64]*wantPosting{}
				}
				p := post[name][term][num]
				if p == nil {
					p = &wantPosting{}
					post[name][term][num] = p
					mine, names = append(mine, p), append(names, name)
				}
				p.freq += uint64(tf.Frequency())
				for _, l := range tf.Locations {
					p.locs = append(p.locs, fmt.Sprintf("%s %d %d-%d %v", name, l.Position, l.Start, l.End, l.ArrayPositions))
				}
				if f.Options().IncludeDocValues() {
					if dv[name] == nil {
						dv[name] = map[uint64][]string{}
					}
					if !slices.Contains(dv[name][num], term) {
						dv[name][num] = append(dv[name][num], term)
					}
				}
			}
		})
		for i, p := range mine {
			p.length = lengths[names[i]]
		}
	}
	return post, dv
}

// checkSegment compares every field, term and posting of seg, and its doc
// values, with what analysing docs gives.
func checkSegment(t *testing.T, seg segment.Segment, docs []bleveindex.Document) {
	t.Helper()
	post, dv := analysedPostings(docs)
	type normed interface{ NormUint64() uint64 }
	fields := seg.Fields()
	for field := range post {
		if !slices.Contains(fields, field) {
			t.Fatalf("field %s, which analysis gives terms, is not in the segment", field)
		}
	}
	for _, field := range fields {
		dict, err := seg.Dictionary(field)
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		it := dict.AutomatonIterator(nil, nil, nil)
		for e, err := it.Next(); e != nil; e, err = it.Next() {
			if err != nil {
				t.Fatal(err)
			}
			want := post[field][e.Term]
			seen++
			pl, err := dict.PostingsList([]byte(e.Term), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			pi := pl.Iterator(true, true, true, nil)
			for p, err := pi.Next(); p != nil; p, err = pi.Next() {
				if err != nil {
					t.Fatal(err)
				}
				got++
				w := want[p.Number()]
				if w == nil {
					t.Fatalf("%s:%q: document %d is not on the analysed list", field, e.Term, p.Number())
				}
				var locs []string
				for _, l := range p.Locations() {
					locs = append(locs, fmt.Sprintf("%s %d %d-%d %v", l.Field(), l.Pos(), l.Start(), l.End(), l.ArrayPositions()))
				}
				norm := p.(normed).NormUint64()
				if p.Frequency() != w.freq || norm != w.length || !slices.Equal(locs, w.locs) {
					t.Fatalf("%s:%q document %d: frequency %d, length %d, locations %v; analysis gives %d, %d, %v",
						field, e.Term, p.Number(), p.Frequency(), norm, locs, w.freq, w.length, w.locs)
				}
			}
			if got != len(want) {
				t.Fatalf("%s:%q: %d postings, analysis gives %d", field, e.Term, got, len(want))
			}
		}
		if seen != len(post[field]) {
			t.Fatalf("field %s: %d terms, analysis gives %d", field, seen, len(post[field]))
		}
	}
	for n := range uint64(len(docs)) {
		got := map[string][]string{}
		_, err := seg.(segment.DocValueVisitable).VisitDocValues(n, fields, func(field string, term []byte) {
			got[field] = append(got[field], string(term))
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, field := range fields {
			want := slices.Sorted(slices.Values(dv[field][n]))
			if g := slices.Sorted(slices.Values(got[field])); !slices.Equal(g, want) {
				t.Fatalf("document %d, doc values of %s: %q; analysis gives %q", n, field, g, want)
			}
		}
	}
}

// repeatedValues is a document whose fields take several values sharing
// terms, with and without locations and doc values: the cases where a
// document's postings gather more than one value.
func repeatedValues(tb testing.TB, id string) bleveindex.Document {
	tb.Helper()
	std := bleve.NewIndexMapping().AnalyzerNamed("standard")
	if std == nil {
		tb.Fatal("no standard analyzer")
	}
	withLocs := bleveindex.IndexField | bleveindex.IncludeTermVectors
	kept := bleveindex.IndexField | bleveindex.DocValues
	d := document.NewDocument(id)
	for i, v := range []string{"state of mind", "secure state", "mind the state of mind"} {
		d.AddField(document.NewTextFieldCustom("prose", []uint64{uint64(i)}, []byte(v), withLocs, std))
		d.AddField(document.NewTextFieldCustom("plain", []uint64{uint64(i)}, []byte(v), bleveindex.IndexField, std))
	}
	for _, v := range []string{"smith", "jones", "smith"} {
		d.AddField(document.NewTextFieldCustom("kept", nil, []byte(v), kept, std))
	}
	d.AddField(document.NewTextFieldCustom("stored", nil, []byte("not indexed"), bleveindex.StoreField, std))
	return d
}

// mappedDocs maps the studies as a build does, with documents of repeated
// values among them when every is above 0 (one after every every-th study),
// and analyses them.
func mappedDocs(tb testing.TB, c *corpus.Corpus, every int) []bleveindex.Document {
	tb.Helper()
	topics := map[string]study.Topic{}
	for _, tp := range c.Topics {
		topics[tp.ID] = tp
	}
	common, err := commonWords(c.Studies, topics)
	if err != nil {
		tb.Fatal(err)
	}
	m, err := Mapping(c.Topics, common...)
	if err != nil {
		tb.Fatal(err)
	}
	var docs []bleveindex.Document
	for i, s := range c.Studies {
		id, data := documents(s, topics)
		doc := document.NewDocument(id)
		if err := m.MapDocument(doc, data); err != nil {
			tb.Fatal(err)
		}
		splitPairs(doc)
		doc.AddIDField()
		docs = append(docs, doc)
		if every > 0 && i%every == 0 {
			r := repeatedValues(tb, fmt.Sprintf("r%d", i))
			r.(*document.Document).AddIDField()
			docs = append(docs, r)
		}
	}
	analyse(docs)
	return docs
}

// analyse analyses every indexed field of docs afresh, as a batch does.
func analyse(docs []bleveindex.Document) {
	for _, d := range docs {
		d.VisitFields(func(f bleveindex.Field) {
			if f.Options().IsIndexed() {
				f.Analyze()
			}
		})
	}
}

// TestSegmentPostingsMatchAnalysis builds zap segments of the curated
// studies, as a build maps them, and of documents with repeated values,
// in batches of several sizes one after another, and checks each against
// the documents' analysis.
func TestSegmentPostingsMatchAnalysis(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	docs := mappedDocs(t, c, 5)
	var multi int
	for _, d := range docs {
		names := map[string]int{}
		d.VisitFields(func(f bleveindex.Field) { names[f.Name()]++ })
		for name, k := range names {
			if k > 1 && !strings.HasPrefix(name, "_") {
				multi++
			}
		}
	}
	if multi == 0 {
		t.Fatal("no document has a field of several values")
	}
	for start, i := 0, 0; start < len(docs); i++ {
		end := min(start+[]int{1, 7, 40, len(docs)}[i%4], len(docs))
		seg, _, err := (&zap.ZapPlugin{}).New(docs[start:end])
		if err != nil {
			t.Fatal(err)
		}
		checkSegment(t, seg, docs[start:end])
		if err := seg.Close(); err != nil {
			t.Fatal(err)
		}
		start = end
	}
}

// BenchmarkNewSegment makes one zap segment of 2,000 generated studies,
// analysed as a build analyses them (afresh each time, untimed: upstream
// zap adds a field's later values into its first value's analysis).
func BenchmarkNewSegment(b *testing.B) {
	docs := generatedDocs(b, 2000)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		analyse(docs)
		b.StartTimer()
		seg, _, err := (&zap.ZapPlugin{}).New(docs)
		if err != nil {
			b.Fatal(err)
		}
		_ = seg.Close()
	}
	b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "studies/s")
}

// BenchmarkAnalyse analyses 2,000 generated studies' documents as a
// build does before it makes their segment: tokens, filters, stems and
// term frequencies.
func BenchmarkAnalyse(b *testing.B) {
	docs := generatedDocs(b, 2000)
	b.ReportAllocs()
	for b.Loop() {
		analyse(docs)
	}
	b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "studies/s")
}

// generatedDocs is n generated studies mapped as a build maps them.
func generatedDocs(b *testing.B, n int) []bleveindex.Document {
	b.Helper()
	c, err := generatedCorpus(b.TempDir(), n)
	if err != nil {
		b.Fatal(err)
	}
	return mappedDocs(b, c, 0)
}

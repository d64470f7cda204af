package corpus

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"

	"litkb/internal/study"
)

// fill sets every field reachable from v to a value that differs from its
// zero value, so a round trip shows any field the codec forgot.
func fill(v reflect.Value, seed int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+seed%26)) + "é")
	case reflect.Int:
		v.SetInt(int64(-seed - 1))
	case reflect.Float64:
		v.SetFloat(float64(seed) + 0.25)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), seed+1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), seed+i+1)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), seed+i)
		}
	default:
		panic("codec test: no filler for " + v.Kind().String() + ": teach fill and the codec this type")
	}
}

func roundTrip(t *testing.T, s *study.Study) study.Study {
	t.Helper()
	var e encoder
	e.study(s)
	var got study.Study
	if err := decodeEntry(snapEntry{blob: string(e.b), text: string(e.t)}, nil, nil, &got); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return got
}

func TestCodecRoundTrip(t *testing.T) {
	var full study.Study
	fill(reflect.ValueOf(&full).Elem(), 0)
	empty := study.Study{Topics: []string{}, Findings: []study.Finding{}, Provenance: study.Provenance{Checks: []study.Check{{}}}}
	cases := map[string]study.Study{"every field set": full, "zero": {}, "empty, not nil, slices": empty,
		"notices": {Status: "published", NoticesChecked: "2026-01-02", Notices: []study.Notice{
			{Kind: "retraction", DOI: "10.1000/r", Date: "2015-05-28", Source: "Crossref, retrieved 2026-01-02", Note: "é"},
			{Kind: "correction", Source: "the journal"}}},
		"empty notices": {Notices: []study.Notice{}}}
	c, err := Load(filepath.Join("..", "..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Studies {
		cases[s.ID] = *s
	}
	for name, s := range cases {
		if got := roundTrip(t, &s); !reflect.DeepEqual(got, s) {
			t.Errorf("%s: round trip changed the study:\n got %+v\nwant %+v", name, got, s)
		}
	}
}

// TestCodecRejectsDamage: every truncation of an encoded study's record or
// text is an error, not a panic and not a shorter study, and so is a byte
// more in either.
func TestCodecRejectsDamage(t *testing.T) {
	var full study.Study
	fill(reflect.ValueOf(&full).Elem(), 3)
	var e encoder
	e.study(&full)
	rec, text := string(e.b), string(e.t)
	if text == "" {
		t.Fatal("the study's text is empty: nothing to damage")
	}
	for n := range len(rec) {
		if err := decodeEntry(snapEntry{blob: rec[:n], text: text}, nil, nil, new(study.Study)); err == nil {
			t.Fatalf("record truncated to %d of %d bytes: decoded without an error", n, len(rec))
		}
	}
	for n := range len(text) {
		if err := decodeEntry(snapEntry{blob: rec, text: text[:n]}, nil, nil, new(study.Study)); err == nil {
			t.Fatalf("text truncated to %d of %d bytes: decoded without an error", n, len(text))
		}
	}
	if err := decodeEntry(snapEntry{blob: rec + "x", text: text}, nil, nil, new(study.Study)); err == nil {
		t.Error("a trailing byte of the record was accepted")
	}
	if err := decodeEntry(snapEntry{blob: rec, text: text + "x"}, nil, nil, new(study.Study)); err == nil {
		t.Error("a trailing byte of the text was accepted")
	}
}

func FuzzCodec(f *testing.F) {
	var full study.Study
	fill(reflect.ValueOf(&full).Elem(), 0)
	var e encoder
	e.study(&full)
	f.Add(e.b, e.t)
	f.Add([]byte{}, []byte{})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, []byte("x"))
	f.Fuzz(func(t *testing.T, rec, text []byte) {
		s := new(study.Study)
		if err := decodeEntry(snapEntry{blob: string(rec), text: string(text)}, nil, nil, s); err != nil {
			return
		}
		// What decodes must survive another round trip unchanged (bytes
		// compared, not values: NaN is not equal to itself).
		var once, twice encoder
		once.study(s)
		s2 := new(study.Study)
		if err := decodeEntry(snapEntry{blob: string(once.b), text: string(once.t)}, nil, nil, s2); err != nil {
			t.Fatalf("re-encoded study does not decode: %v", err)
		}
		twice.study(s2)
		if string(once.b) != string(twice.b) || string(once.t) != string(twice.t) {
			t.Errorf("round trip is not stable: %q %q then %q %q", once.b, once.t, twice.b, twice.t)
		}
	})
}

// TestDecodedScanFieldsOnHeap: what passes over every study read is not
// left in the snapshot's bytes (a pass would read the whole mapped file
// back into memory), and enumerated values share one copy.
func TestDecodedScanFieldsOnHeap(t *testing.T) {
	c, err := Load(filepath.Join("..", "..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	names := snapshotNames(c.Topics, c.Constructs, nil)
	for _, s := range c.Studies {
		var e encoder
		e.study(s)
		blob := string(e.b) + string(e.t) // record and text, as in a snapshot's block
		got := new(study.Study)
		if err := decodeEntry(snapEntry{blob: blob[:len(e.b)], text: blob[len(e.b):]}, names, nil, got); err != nil {
			t.Fatal(err)
		}
		lo := uintptr(unsafe.Pointer(unsafe.StringData(blob)))
		inBlob := func(v string) bool {
			p := uintptr(unsafe.Pointer(unsafe.StringData(v)))
			return v != "" && p >= lo && p < lo+uintptr(len(blob))
		}
		scanned := map[string]string{"id": got.ID, "doi": got.DOI, "title": got.Title, "status": got.Status, "type": got.Type, "design": got.Design}
		for i, tp := range got.Topics {
			scanned[fmt.Sprint("topic ", i)] = tp
		}
		for i, f := range got.Findings {
			scanned[fmt.Sprint("construct ", i)], scanned[fmt.Sprint("measure ", i)] = f.Construct, f.Measure
		}
		for field, v := range scanned {
			if inBlob(v) {
				t.Errorf("%s: %s %q points into the snapshot", s.ID, field, v)
			}
		}
		if !inBlob(got.Summary) {
			t.Errorf("%s: the summary was copied out of the snapshot", s.ID)
		}
		if n := names[got.Status]; unsafe.StringData(n) != unsafe.StringData(got.Status) {
			t.Errorf("%s: status %q is a copy of its own, not the shared one", s.ID, got.Status)
		}
		if !reflect.DeepEqual(*got, *s) {
			t.Errorf("%s: decoded study differs", s.ID)
		}
	}
}

package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// fails wants Parse to fail with a limit error saying msg.
func fails(msg string) func(testing.TB, []Record, error) {
	return func(t testing.TB, recs []Record, err error) {
		t.Helper()
		if err == nil || err.Error() != msg || !errors.Is(err, ErrLimit) {
			t.Errorf("Parse = %d records, %v; want the limit error %q", len(recs), err, msg)
		}
	}
}

// gives wants n records, record i failing with errs[i] ("" for none).
func gives(n int, errs map[int]string) func(testing.TB, []Record, error) {
	return func(t testing.TB, recs []Record, err error) {
		t.Helper()
		if err != nil || len(recs) != n {
			t.Fatalf("Parse = %d records, %v; want %d records", len(recs), err, n)
		}
		for i, r := range recs {
			want := errs[i]
			got := ""
			if r.Err != nil {
				got = r.Err.Error()
			}
			if got != want {
				t.Errorf("record %d (line %d): error %q, want %q", i, r.Line, got, want)
			}
		}
	}
}

// repeat builds a file: head, then unit(i) for i = 0, 1, … while the file
// stays under limit, then tail.
func repeat(head string, unit func(i int) string, tail string, limit int) []byte {
	var b bytes.Buffer
	b.WriteString(head)
	for i := 0; ; i++ {
		u := unit(i)
		if b.Len()+len(u)+len(tail) > limit {
			break
		}
		b.WriteString(u)
	}
	b.WriteString(tail)
	return b.Bytes()
}

func entries(n int, unit func(i int) string) func() []byte {
	return func() []byte { return repeat("", unit, "", n) }
}

// words is about n bytes of "a a a …": a field strings.Fields would split
// into n/2 words.
func words(n int) string { return strings.Repeat("a ", n/2) }

func (b bomb) label() string { return b.name + "." + string(b.format) }

// input is the bomb's bytes.
func (b bomb) input(t testing.TB) []byte {
	t.Helper()
	if b.gen != nil {
		data := b.gen()
		if len(data) > 16<<20 {
			t.Fatalf("%s: %d bytes, past the 16 MiB body limit", b.label(), len(data))
		}
		return data
	}
	data, err := os.ReadFile(filepath.Join("testdata", "bombs", b.file))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// allocated runs f and returns the bytes it allocated.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestImportBombs(t *testing.T) {
	for _, b := range bombs {
		t.Run(b.label(), func(t *testing.T) {
			data := b.input(t)
			runtime.GC()
			var recs []Record
			var err error
			start := time.Now()
			alloc := allocated(func() { recs, err = Parse(context.Background(), b.format, bytes.NewReader(data)) })
			t.Logf("%-28s %8d bytes in: %7.1f ms, %6.1f MiB allocated", b.label(), len(data),
				float64(time.Since(start).Microseconds())/1000, float64(alloc)/(1<<20))
			b.check(t, recs, err)
			if alloc > maxBombAlloc {
				t.Errorf("allocated %.0f MiB, want under %d MiB", float64(alloc)/(1<<20), maxBombAlloc>>20)
			}
		})
	}
}

// BenchmarkImportBombs reports, per bomb, the time and the MiB allocated
// by one Parse: go test -run='^$' -bench=ImportBombs ./internal/ingest
func BenchmarkImportBombs(b *testing.B) {
	for _, bm := range bombs {
		b.Run(bm.label(), func(b *testing.B) {
			data := bm.input(b)
			alloc := allocated(func() {
				for b.Loop() {
					_, _ = Parse(context.Background(), bm.format, bytes.NewReader(data))
				}
			})
			b.ReportMetric(float64(alloc)/float64(b.N)/(1<<20), "MiB/op")
		})
	}
}

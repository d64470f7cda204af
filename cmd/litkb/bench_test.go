package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestBenchGenIsValidAndDeterministic: a generated corpus passes
// validation, and the same size and seed give the same files.
func TestBenchGenIsValidAndDeterministic(t *testing.T) {
	gen := func(seed string) string {
		t.Helper()
		dir := filepath.Join(t.TempDir(), "corpus")
		var out, errOut bytes.Buffer
		args := []string{"bench", "gen", "-n", "60", "-seed", seed, "-vocab", filepath.Join("..", "..", "data"), dir}
		if code := run(context.Background(), args, &out, &errOut); code != 0 {
			t.Fatalf("bench gen: exit %d\n%s%s", code, out.String(), errOut.String())
		}
		return dir
	}
	a, b, c := gen("7"), gen("7"), gen("8")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"validate", a}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "60 studies") {
		t.Fatalf("validate: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if benchTreeHash(t, a) != benchTreeHash(t, b) {
		t.Error("the same seed gave different corpora")
	}
	if benchTreeHash(t, a) == benchTreeHash(t, c) {
		t.Error("different seeds gave the same corpus")
	}
	// The generator never writes over a corpus.
	if code := run(context.Background(), []string{"bench", "gen", "-n", "5", "-vocab", filepath.Join("..", "..", "data"), a}, &out, &errOut); code == 0 {
		t.Error("bench gen wrote into a folder that already has studies")
	}
}

// TestBenchSmoke runs the whole benchmark on a few hundred studies, in
// process, and checks that it reports every measurement. It asserts no
// time: CI machines differ, and speed is for litkb bench to show.
func TestBenchSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and serves an index")
	}
	var out, errOut bytes.Buffer
	args := []string{"bench", "-n", "200", "-quick", "-inproc", "-json", "-work", t.TempDir(), "-vocab", filepath.Join("..", "..", "data")}
	if code := run(context.Background(), args, &out, &errOut); code != 0 {
		t.Fatalf("bench: exit %d\n%s", code, errOut.String())
	}
	var rep benchReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out.String())
	}
	if rep.Studies != 200 || rep.Published == 0 || rep.Queries == 0 {
		t.Errorf("corpus: %d studies, %d published, %d queries", rep.Studies, rep.Published, rep.Queries)
	}
	if rep.Build.IndexMiB <= 0 || rep.Build.Seconds <= 0 || rep.Build.IndexStudiesPerSec <= 0 || rep.ColdStartMS <= 0 || rep.ReflectMS <= 0 {
		t.Errorf("missing measurements: build %+v, cold start %v, reflect %v", rep.Build, rep.ColdStartMS, rep.ReflectMS)
	}
	if rep.FirstAnswerMiB <= 0 || rep.ServeAnonMiB <= 0 || rep.ServeRSSMiB < rep.ServeAnonMiB {
		t.Errorf("memory: %.0f MiB at the first answer, %.0f resident after, %.0f of it anonymous", rep.FirstAnswerMiB, rep.ServeRSSMiB, rep.ServeAnonMiB)
	}
	want := map[string]bool{}
	for _, c := range []string{"1", "2"} {
		want["http facets "+c] = true
		want["litkb facets-nocache "+c] = true
		for _, m := range benchModes {
			want["litkb "+string(m)+" "+c] = true
			want["bleve "+string(m)+" "+c] = true
		}
	}
	for _, r := range rep.Runs {
		key := r.Target + " " + string(r.Mode) + " " + map[int]string{1: "1", 2: "2"}[r.Clients]
		if !want[key] {
			t.Errorf("unexpected run %s", key)
		}
		delete(want, key)
		if r.Queries == 0 || r.Errors > 0 {
			t.Errorf("%s: %d queries, %d errors (first: %s)", key, r.Queries, r.Errors, r.FirstError)
		}
	}
	for key := range want {
		t.Errorf("no run %s", key)
	}
	if len(rep.Ratios) == 0 || len(rep.Kinds) == 0 {
		t.Errorf("ratios %v, kinds %v", rep.Ratios, rep.Kinds)
	}
	// The table form of the same report.
	var table bytes.Buffer
	rep.writeTable(&table)
	for _, s := range []string{"litkb index", "cold start", "facets-nocache", "by kind of query"} {
		if !strings.Contains(table.String(), s) {
			t.Errorf("table lacks %q:\n%s", s, table.String())
		}
	}
}

func benchTreeHash(t *testing.T, dir string) [32]byte {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(rel))
		h.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// TestChildPeakIsItsOwn: the peak memory measured of a child (the
// bench's "litkb index") is not this process's, once benchForgetPeak has
// run. Without it, a child that holds little reports this process's peak.
func TestChildPeakIsItsOwn(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("clear_refs and ru_maxrss as Linux has them")
	}
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Skipf("cannot reset the peak here: %v", err)
	}
	const held = 512 << 20
	b := make([]byte, held)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	runtime.KeepAlive(b)
	b = nil
	childPeak := func() int64 {
		t.Helper()
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(exe, "-test.run=^$") // this test binary, running no test
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10
	}
	if p := childPeak(); p < held {
		t.Skipf("a child's peak does not include its parent's here (%d MiB)", p>>20)
	}
	peak := benchProcStatusKB("self", "VmHWM") << 10
	benchForgetPeak()
	holds := benchProcStatusKB("self", "VmRSS") << 10
	if peak-holds < held/2 {
		// The race detector keeps the shadow of freed memory.
		t.Skipf("this process still holds %d of its %d MiB peak", holds>>20, peak>>20)
	}
	if p := childPeak(); p >= holds+(peak-holds)/2 {
		t.Errorf("child's peak %d MiB after benchForgetPeak: this process holds %d MiB and its former peak, %d MiB, still counts", p>>20, holds>>20, peak>>20)
	}
}

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateReportsEveryProblem: a broken study is reported field by
// field with file and line, the exit code is 1, and nothing is written.
func TestValidateReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "broken"))); err != nil {
		t.Fatal(err)
	}
	before := treeHash(t, dir)
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"validate", dir}, &out, &errOut)
	if code != 1 {
		t.Fatalf("exit code %d, want 1\n%s%s", code, out.String(), errOut.String())
	}
	file := filepath.Join(dir, "studies", "smith-2001-broken.toml")
	for _, want := range []string{
		file + ":13: colour: unknown field",
		file + ":5: year: 3001 is outside",
		file + ":7: doi: \"10.1234\" is not a DOI",
		file + ":8: url: \"javascript:alert(1)\" is not an http or https URL",
		file + ":9: topics[2]: \"astrology\" is not in data/topics.toml",
		file + ":10: design: \"vibes\" is not one of",
		file + ":12: summary: 2 words",
		file + ":23: findings[1].value: 58 is not a proportion",
		file + ":23: findings[1].value: 58 is outside its interval [0.5, 0.6]",
		file + ":26: findings[1].n: 0: n must be greater than 0",
		file + ":29: provenance.confidence: \"certain\" is not one of",
		file + ":7: doi: present but no provenance check lists \"doi\"",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", out.String())
	}
	if treeHash(t, dir) != before {
		t.Error("validate changed files")
	}
}

func TestValidateBundledCorpus(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"validate", filepath.Join("..", "..", "data")}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "no problems") {
		t.Errorf("output: %s", out.String())
	}
}

func TestUnknownCommandIsUsageError(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"frobnicate"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "unknown command") {
		t.Errorf("exit %d: %s", code, errOut.String())
	}
}

// TestAppServes starts the real program on port 0 over the bundled corpus.
func TestAppServes(t *testing.T) {
	app := openTestApp(t, filepath.Join("..", "..", "data"))
	resp, err := http.Get(app.Server.URL() + "/api/v1/search?q=AAI")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct{ Total int }
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || resp.StatusCode != 200 || r.Total == 0 {
		t.Fatalf("search: %d %v total %d", resp.StatusCode, err, r.Total)
	}
	if resp, err := http.Get(app.Server.URL() + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
}

func treeHash(t *testing.T, dir string) [32]byte {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		h.Write([]byte(p))
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

// A command given a running server's state folder is refused once its
// wait is over, naming the server, and leaves the server's index as it
// was: it used to build an index of its own and delete the server's.
func TestCommandBesideAServerIsRefused(t *testing.T) {
	data := filepath.Join("..", "..", "data")
	app := openTestApp(t, data)
	ixDir := filepath.Join(app.Config.State, "index")
	before := treeHash(t, ixDir)
	t.Setenv("LITKB_OPEN_TIMEOUT", "200ms")
	for _, args := range [][]string{{"search", "attachment"}, {"export"}} {
		var out, errOut bytes.Buffer
		args = append([]string{args[0], "--data", data, "--state", app.Config.State}, args[1:]...)
		code := run(context.Background(), args, &out, &errOut)
		if want := fmt.Sprintf("in use by pid %d", os.Getpid()); code != 1 || !strings.Contains(errOut.String(), want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", args[0], code, errOut.String(), want)
		}
	}
	if treeHash(t, ixDir) != before {
		t.Error("the server's index folder changed")
	}
	resp, err := http.Get(app.Server.URL() + "/api/v1/search?q=AAI")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the server answers %d after the refused commands", resp.StatusCode)
	}
}

// TestStopDuringLoad: a command told to stop (SIGINT or SIGTERM cancel
// its context) while it loads the corpus stops there, says so, and writes
// nothing: no snapshot, no index, no server.
func TestStopDuringLoad(t *testing.T) {
	data := filepath.Join("..", "..", "data")
	for _, cmd := range []string{"serve", "index", "validate"} {
		t.Run(cmd, func(t *testing.T) {
			state := t.TempDir()
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			args := []string{cmd, "--data", data, "--state", state, "--addr", "127.0.0.1:0"}
			switch cmd {
			case "index":
				args = args[:5]
			case "validate":
				args = []string{cmd, data}
			}
			var out, errOut bytes.Buffer
			code := run(ctx, args, &out, &errOut)
			if code != 1 || !strings.Contains(errOut.String(), "stopped: context canceled") {
				t.Errorf("exit %d, stderr %q; want 1 and the load stopped", code, errOut.String())
			}
			if strings.Contains(out.String(), "serving") || strings.Contains(out.String(), "indexed") {
				t.Errorf("stdout %q", out.String())
			}
			for _, name := range []string{"corpus.snapshot", filepath.Join("index", "CURRENT")} {
				if _, err := os.Stat(filepath.Join(state, name)); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("%s: %v, want none", name, err)
				}
			}
		})
	}
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOpenRemovesStaleTemps: a command that opens the store first clears
// what interrupted writes left in data/studies and the state folder, logs
// each removal, and touches nothing else.
func TestOpenRemovesStaleTemps(t *testing.T) {
	data, state := filepath.Join(t.TempDir(), "data"), t.TempDir()
	if err := os.CopyFS(data, os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	files := map[string]bool{ // path: should be removed
		filepath.Join(data, "studies", ".roisman-2002-earned-secure.toml.tmp-123"): true,
		filepath.Join(state, ".snapshot-45"):                                       true,
		filepath.Join(state, ".sessions-6"):                                        true,
		filepath.Join(state, "notes.txt"):                                          false,
		filepath.Join(data, "studies", "draft.toml.bak"):                           false,
	}
	for p := range files {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"search", "--data", data, "--state", state, "earned security"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d:\n%s", code, errOut.String())
	}
	for p, remove := range files {
		_, err := os.Stat(p)
		if gone := os.IsNotExist(err); gone != remove {
			t.Errorf("%s: removed %v, want %v", p, gone, remove)
		}
		if logged := strings.Contains(errOut.String(), p); logged != remove {
			t.Errorf("%s: logged %v, want %v\n%s", p, logged, remove, errOut.String())
		}
	}
}

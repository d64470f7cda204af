package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"litkb/internal/corpus"
)

// TestRetractedDraftKeepsItsID is the data-loss report replayed on the
// real binary: create a draft, retract it, restart, create another work
// whose id derives to the same slug. The first draft must still load (as
// withdrawn), the new work must get another id, and the first file must
// not change.
func TestRetractedDraftKeepsItsID(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	tmp := t.TempDir()
	bin := buildBinary(t, tmp)
	data, state := filepath.Join(tmp, "data"), filepath.Join(tmp, "state")
	if err := os.CopyFS(data, os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	tok := addToken(t, bin, data, state)

	url, kill := start(t, bin, data, state)
	first, code := postDraft(t, url, tok, "Crash test alpha")
	if code != http.StatusCreated {
		t.Fatalf("create: %d", code)
	}
	req, _ := http.NewRequest("DELETE", url+"/api/v1/studies/"+first+"?reason=entered+by+mistake", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var retracted struct{ Status string }
	_ = json.NewDecoder(resp.Body).Decode(&retracted)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || retracted.Status != "withdrawn" {
		t.Fatalf("retract a draft: %d, status %q; want 200, withdrawn", resp.StatusCode, retracted.Status)
	}
	path := filepath.Join(data, "studies", first+".toml")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	kill()

	url, kill = start(t, bin, data, state)
	defer kill()
	req, _ = http.NewRequest("GET", url+"/api/v1/studies/"+first, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("after a restart the withdrawn draft answers %d; want 200", resp.StatusCode)
	}
	if resp, err = http.Get(url + "/studies/" + first); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("the withdrawn draft's public page answers %d; want 404", resp.StatusCode)
		}
	}
	second, code := postDraft(t, url, tok, "Crash test beta")
	if code != http.StatusCreated || second == first || second == "" {
		t.Fatalf("colliding create: %d, id %q; want 201 and an id other than %q", code, second, first)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Errorf("%s changed:\n%s", path, after)
	}
	c, err := corpus.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) > 0 {
		t.Errorf("data/ has problems: %v", c.Problems)
	}
}

func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "litkb")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func addToken(t *testing.T, bin, data, state string) string {
	t.Helper()
	out, err := exec.Command(bin, "token", "add", "tester", "--role", "editor", "--data", data, "--state", state).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// postDraft creates a draft without an id: every title starting "Crash
// test" by Crash (2024) derives the id crash-2024-crash-test.
func postDraft(t *testing.T, url, tok, title string) (string, int) {
	t.Helper()
	id, code, err := createDraft(url, tok, title)
	if err != nil {
		t.Fatal(err)
	}
	return id, code
}

func createDraft(url, tok, title string) (string, int, error) {
	body, _ := json.Marshal(map[string]any{
		"type": "article", "title": title, "year": 2024,
		"authors":    []map[string]string{{"family": "Crash"}},
		"provenance": map[string]any{"confidence": "low"},
	})
	req, _ := http.NewRequest("POST", url+"/api/v1/studies", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	var st struct{ ID string }
	_ = json.NewDecoder(resp.Body).Decode(&st)
	return st.ID, resp.StatusCode, nil
}

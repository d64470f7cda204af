package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"litkb/internal/corpus"
)

// TestCrashLosesNothingAcknowledged runs the real binary, streams writes
// at it, kills it with SIGKILL at random moments, restarts it, and checks
// that every acknowledged write is in data/ and in search, and that no file
// in data/ is torn.
func TestCrashLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "litkb")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	data, state := filepath.Join(tmp, "data"), filepath.Join(tmp, "state")
	if err := os.CopyFS(data, os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "token", "add", "crash", "--role", "editor", "--data", data, "--state", state).Output()
	if err != nil {
		t.Fatal(err)
	}
	tok := strings.TrimSpace(string(out))

	var acked []string
	rng := rand.New(rand.NewPCG(1, 2))
	n := 0
	for round := range 4 {
		url, kill := start(t, bin, data, state)
		var mu sync.Mutex
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for {
				select {
				case <-stop:
					return
				default:
				}
				mu.Lock()
				n++
				i := n
				mu.Unlock()
				id, ok := create(url, tok, i)
				if ok {
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
				}
			}
		}()
		// Let at least one write through in this round, so every round
		// kills a server that is busy writing, then kill at a random moment.
		mu.Lock()
		base := len(acked)
		mu.Unlock()
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			mu.Lock()
			moved := len(acked) > base
			mu.Unlock()
			if moved {
				break
			}
		}
		time.Sleep(time.Duration(rng.IntN(400)) * time.Millisecond)
		kill() // SIGKILL: no chance to tidy up
		close(stop)
		<-done
		t.Logf("round %d: %d writes acknowledged so far", round+1, len(acked))
	}
	if len(acked) == 0 {
		t.Fatal("no write was acknowledged; the test proves nothing")
	}

	c, err := corpus.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) > 0 {
		t.Fatalf("data/ has damaged files after the crashes:\n%v", c.Problems)
	}
	url, kill := start(t, bin, data, state)
	defer kill()
	for _, id := range acked {
		if _, ok := c.Study(id); !ok {
			t.Errorf("acknowledged %s is not in data/", id)
			continue
		}
		word := id[strings.LastIndexByte(id, '-')+1:] // the study's own word, in no other study
		req, _ := http.NewRequest("GET", url+"/api/v1/search?drafts=true&q="+word, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var r struct{ Hits []struct{ ID string } }
		_ = json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		found := false
		for _, h := range r.Hits {
			found = found || h.ID == id
		}
		if !found {
			t.Errorf("acknowledged %s is not found by search after restart", id)
		}
	}
}

// start runs the binary on a free port and waits until it answers. kill
// ends it with SIGKILL and waits for it to be gone.
func start(t *testing.T, bin, data, state string) (url string, kill func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data", data, "--state", state)
	cmd.Env = append(os.Environ(), "LITKB_WRITE_RATE=0", "LITKB_SEARCH_RATE=0") // this test is about crashes, not limits
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	url = "http://" + addr
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		select {
		case <-exited:
			t.Fatalf("server exited:\n%s", logs.String())
		default:
		}
		if resp, err := http.Get(url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return url, func() { _ = cmd.Process.Kill(); <-exited }
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	t.Fatalf("server did not start:\n%s", logs.String())
	return "", nil
}

// create posts study number i and reports whether it was acknowledged.
func create(url, tok string, i int) (string, bool) {
	word := fmt.Sprintf("crashword%d", i)
	body, _ := json.Marshal(map[string]any{
		"id": fmt.Sprintf("crash-2024-%s", word), "type": "article", "title": "Crash test " + word, "year": 2024, "journal": "Journal of Tests",
		"topics": []string{"aai"}, "design": "cross-sectional", "sample": "none",
		"summary":    "A study written by the crash test. " + word,
		"authors":    []map[string]string{{"family": "Crash"}},
		"provenance": map[string]any{"confidence": "low", "to_check": []string{"everything"}, "checks": []any{}},
	})
	req, _ := http.NewRequest("POST", url+"/api/v1/studies", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", false
	}
	defer resp.Body.Close()
	var st struct{ ID string }
	_ = json.NewDecoder(resp.Body).Decode(&st)
	return st.ID, resp.StatusCode == 201
}

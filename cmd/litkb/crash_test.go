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
// at it (new drafts whose ids all derive to the same slug, and
// retractions of them), kills it with SIGKILL at random moments, restarts
// it, and checks that every acknowledged write is in data/ and in search,
// that no file in data/ is torn or invalid, and that no id ever passed
// from one work to another.
func TestCrashLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary")
	}
	tmp := t.TempDir()
	bin := buildBinary(t, tmp)
	data, state := filepath.Join(tmp, "data"), filepath.Join(tmp, "state")
	if err := os.CopyFS(data, os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	tok := addToken(t, bin, data, state)

	var (
		mu        sync.Mutex
		created   = map[string]string{} // acknowledged id -> its work's own word
		order     []string
		withdrawn = map[string]bool{} // acknowledged retractions of drafts
		n         int
	)
	rng := rand.New(rand.NewPCG(1, 2))
	const rounds = 20
	for round := range rounds {
		url, kill := start(t, bin, data, state)
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			wrng := rand.New(rand.NewPCG(uint64(round), 3))
			for {
				select {
				case <-stop:
					return
				default:
				}
				mu.Lock()
				n++
				i := n
				var victim string
				if len(order) > 0 && wrng.IntN(3) == 0 {
					victim = order[wrng.IntN(len(order))]
				}
				mu.Unlock()
				if victim != "" {
					if retract(url, tok, victim) {
						mu.Lock()
						withdrawn[victim] = true
						mu.Unlock()
					}
					continue
				}
				word := fmt.Sprintf("crashword%d", i)
				id, code, err := createDraft(url, tok, "Crash test "+word)
				if err == nil && code == http.StatusCreated {
					mu.Lock()
					created[id], order = word, append(order, id)
					mu.Unlock()
				}
			}
		}()
		// Let at least one write through in this round, so every round
		// kills a server that is busy writing, then kill at a random moment.
		mu.Lock()
		base := len(order) + len(withdrawn)
		mu.Unlock()
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			mu.Lock()
			moved := len(order)+len(withdrawn) > base
			mu.Unlock()
			if moved {
				break
			}
		}
		time.Sleep(time.Duration(rng.IntN(400)) * time.Millisecond)
		kill() // SIGKILL: no chance to tidy up
		close(stop)
		<-done
		t.Logf("round %d: %d creates and %d retractions acknowledged so far", round+1, len(order), len(withdrawn))
	}
	if len(order) == 0 || len(withdrawn) == 0 {
		t.Fatalf("%d creates and %d retractions acknowledged; the test proves nothing", len(order), len(withdrawn))
	}

	c, err := corpus.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) > 0 {
		t.Fatalf("data/ has damaged or invalid files after the crashes:\n%v", c.Problems)
	}
	store, err := corpus.OpenStore(t.Context(), data, corpus.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	url, kill := start(t, bin, data, state)
	defer kill()
	lost, moved := 0, 0
	for _, id := range order {
		word := created[id]
		st, ok := c.Study(id)
		if !ok {
			lost++
			t.Errorf("acknowledged %s is not in data/", id)
			continue
		}
		if !strings.HasSuffix(st.Title, " "+word) {
			moved++
			t.Errorf("%s holds %q, not the work %s it was created for", id, st.Title, word)
		}
		if withdrawn[id] && st.Status != "withdrawn" {
			lost++
			t.Errorf("%s: acknowledged withdrawal lost (status %q)", id, st.Status)
		}
		hist, err := store.History(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range hist {
			if v.Study == nil || !strings.HasSuffix(v.Study.Title, " "+word) {
				moved++
				t.Errorf("%s: history version %d (%s) is of another work", id, v.Version, v.Action)
			}
		}
		if !searchFinds(t, url, tok, word, id) {
			lost++
			t.Errorf("acknowledged %s is not found by search after restart", id)
		}
	}
	t.Logf("%d rounds: %d creates and %d retractions acknowledged; %d lost, %d ids that changed work, %d problems in data/",
		rounds, len(order), len(withdrawn), lost, moved, len(c.Problems))
}

// retract asks to retract id (a draft: it is withdrawn) and reports
// whether that was acknowledged.
func retract(url, tok, id string) bool {
	req, _ := http.NewRequest("DELETE", url+"/api/v1/studies/"+id+"?reason=crash+test", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func searchFinds(t *testing.T, url, tok, word, id string) bool {
	t.Helper()
	req, _ := http.NewRequest("GET", url+"/api/v1/search?drafts=true&q="+word, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct{ Hits []struct{ ID string } }
	_ = json.NewDecoder(resp.Body).Decode(&r)
	for _, h := range r.Hits {
		if h.ID == id {
			return true
		}
	}
	return false
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

package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// A restart maps the studies the server before it decoded (the corpus
// image) and answers as that server did. Each server is its own process,
// as in use: the image is mapped at the addresses its studies were
// decoded at, which only a new process has free.
func TestRestartFromImage(t *testing.T) {
	bin := registryBinary(t)
	data, state := agedCorpus(t, 30), t.TempDir()
	if out, err := exec.Command(bin, "index", "--data", data, "--state", state).CombinedOutput(); err != nil {
		t.Fatalf("litkb index: %v\n%s", err, out)
	}
	// The first start decodes the snapshot the build wrote, and writes
	// the image once it answers; the second maps it. A new process may,
	// rarely, have something of its own where the image must go (its
	// addresses are chosen at random): it decodes, and writes an image of
	// its own for the next.
	first, logs := serveOnce(t, bin, data, state)
	if !strings.Contains(logs, "from_image=0") {
		t.Errorf("the first start took studies from an image:\n%s", logs)
	}
	var second string
	for try := 1; !strings.Contains(logs, "from_snapshot=30 from_image=30"); try++ {
		if try > 3 {
			t.Fatalf("no restart took every study from the image:\n%s", logs)
		}
		second, logs = serveOnce(t, bin, data, state)
	}
	if first == "" || first != second {
		t.Errorf("the answers differ:\nfirst  %s\nsecond %s", first, second)
	}
}

// serveOnce starts litkb serve, asks it one search, waits for the image
// of its studies when it decoded them, stops it, and returns the answer,
// without the time it took, and the log.
func serveOnce(t *testing.T, bin, data, state string) (answer, log string) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data, "--state", state)
	cmd.Env = append(os.Environ(), "LITKB_LOG_LEVEL=info", "LITKB_SEARCH_RATE=0")
	var mu sync.Mutex
	var logs bytes.Buffer
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := stderr.Read(b)
			mu.Lock()
			logs.Write(b[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	logged := func() string { mu.Lock(); defer mu.Unlock(); return logs.String() }
	sc := bufio.NewScanner(stdout)
	base := ""
	for sc.Scan() {
		if _, url, ok := strings.Cut(sc.Text(), " at "); ok {
			base = url
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	if base == "" {
		t.Fatalf("litkb serve did not start:\n%s", logged())
	}
	resp, err := http.Get(base + "/api/v1/search?q=attachment&facets=topic")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("search: HTTP %d, %v\n%s", resp.StatusCode, err, body)
	}
	if strings.Contains(logged(), "from_image=0") {
		const want = "corpus image written"
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		for !strings.Contains(logged(), want) && ctx.Err() == nil {
			time.Sleep(20 * time.Millisecond)
		}
		if !strings.Contains(logged(), want) {
			t.Fatalf("the server's log never said %q:\n%s", want, logged())
		}
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
	return regexp.MustCompile(`"took_ms":\s*[0-9.]+`).ReplaceAllString(string(body), ""), logged()
}

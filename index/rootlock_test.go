package index_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"litkb/index"
)

// A second Open of a folder in use (a command beside a server) waits out
// its timeout, then fails naming the holder and leaves the folder as it
// was: it used to build a new index and delete the one in use.
func TestOpenOfAFolderInUseFails(t *testing.T) {
	ix, _ := MustOpenCorpusIndex(t)
	root := shared.dir
	before := folder(t, root)
	_, err := index.Open(context.Background(), root, index.Options{OpenTimeout: 200 * time.Millisecond, Logger: quiet()})
	var inUse *index.InUseError
	if !errors.As(err, &inUse) {
		t.Fatalf("second open: %v, want an InUseError", err)
	}
	if want := fmt.Sprintf("pid %d", os.Getpid()); !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), root) {
		t.Errorf("error %q names neither the holder (%s) nor the folder", err, want)
	}
	if after := folder(t, root); !slices.Equal(after, before) {
		t.Errorf("the folder changed: %q, was %q", after, before)
	}
	if res := search(t, ix, index.Request{Query: "attachment", Size: 5}); res.Total == 0 {
		t.Error("the index in use no longer finds anything")
	}
}

// An Open that waits gets the folder once its holder closes.
func TestOpenWaitsForTheHolder(t *testing.T) {
	root := t.TempDir()
	first, err := index.Open(context.Background(), root, index.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	done := make(chan error, 1)
	go func() {
		ix, err := index.Open(context.Background(), root, index.Options{OpenTimeout: time.Minute, Logger: slog.New(slog.NewTextHandler(&log, nil))})
		if err == nil {
			err = ix.Close()
		}
		done <- err
	}()
	for !strings.Contains(log.String(), "index folder in use; waiting") {
		select {
		case err := <-done:
			t.Fatalf("the second open ended (%v) while the first held the folder", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the second open, once the first closed: %v", err)
	}
}

// folder is root's names and the live index's name.
func folder(t *testing.T, root string) []string {
	t.Helper()
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	current, err := os.ReadFile(filepath.Join(root, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	return append(names, string(current))
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// gcPercent reads the current GOGC without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestBulkGC(t *testing.T) {
	if _, err := memAvailable(); err != nil {
		t.Skipf("memory available unknown here: %v", err)
	}
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before, limit := gcPercent(), debug.SetMemoryLimit(-1)
	restore := bulkGC()
	if got := gcPercent(); got != 400 {
		t.Errorf("during bulk work GOGC = %d, want 400", got)
	}
	if got := debug.SetMemoryLimit(-1); got <= 0 || got == limit {
		t.Errorf("during bulk work the memory limit is %d, want half the memory available", got)
	}
	bulkLimit := debug.SetMemoryLimit(-1)
	snapshot := filepath.Join(t.TempDir(), "corpus.snapshot")
	if resume := pauseGC(snapshot); gcPercent() != 400 {
		resume()
		t.Error("without a snapshot the collector was paused")
	}
	if err := os.WriteFile(snapshot, make([]byte, 1<<20), 0o644); err != nil {
		restore()
		t.Fatal(err)
	}
	resume := pauseGC(snapshot)
	if got := gcPercent(); got != -1 {
		t.Errorf("while a snapshot loads GOGC = %d, want off", got)
	}
	if got, want := debug.SetMemoryLimit(-1), min(bulkLimit, 4<<20+256<<20); got != want {
		t.Errorf("while a snapshot loads the memory limit is %d, want %d (four times the snapshot, plus 256 MiB)", got, want)
	}
	resume()
	if got := gcPercent(); got != 400 {
		t.Errorf("after the load GOGC = %d, want 400 again", got)
	}
	if got := debug.SetMemoryLimit(-1); got != bulkLimit {
		t.Errorf("after the load the memory limit is %d, want bulk work's %d again", got, bulkLimit)
	}
	restore()
	if got := gcPercent(); got != before {
		t.Errorf("after: GOGC = %d, want %d again", got, before)
	}
	resume = pauseGC(snapshot)
	paused := gcPercent() != before
	resume()
	if limit == math.MaxInt64 && paused {
		t.Error("without a memory limit the collector was paused")
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("after: memory limit %d, want %d again", got, limit)
	}

	t.Run("a GOMEMLIMIT the user set is kept", func(t *testing.T) {
		t.Setenv("GOMEMLIMIT", "8GiB")
		prev := debug.SetMemoryLimit(8 << 30)
		defer debug.SetMemoryLimit(prev)
		resume := pauseGC(snapshot)
		off, got := gcPercent(), debug.SetMemoryLimit(-1)
		resume()
		if off != -1 || got != 8<<30 {
			t.Errorf("while a snapshot loads: GOGC %d, limit %d; want off under the user's 8 GiB", off, got)
		}
	})
	t.Run("a GOGC the user set is kept", func(t *testing.T) {
		t.Setenv("GOGC", "150")
		defer bulkGC()()
		defer pauseGC(snapshot)()
		if got := gcPercent(); got != before {
			t.Errorf("GOGC = %d, want %d untouched", got, before)
		}
	})
}

func TestBuildGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	debug.SetGCPercent(400) // whatever came before
	defer debug.SetGCPercent(100)
	limit := debug.SetMemoryLimit(-1)
	restore := buildGC()
	during := gcPercent()
	restore()
	if during != 100 {
		t.Errorf("during a build GOGC = %d, want 100: 400 let a 100,000-study build grow to gigabytes", during)
	}
	if got := gcPercent(); got != 400 {
		t.Errorf("after: GOGC = %d, want 400 again", got)
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("after: memory limit %d, want %d again", got, limit)
	}
	t.Setenv("GOGC", "250")
	debug.SetGCPercent(250)
	defer buildGC()()
	if got := gcPercent(); got != 250 {
		t.Errorf("GOGC = %d, want the user's 250 untouched", got)
	}
}

func TestServeGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "")
	stop := serveGC()
	defer stop()
	// After a collection the tuning has set GOGC from what lives: this
	// test's heap is small, so the headroom sets it.
	for range 100 {
		runtime.GC()
		if gcPercent() > 50 {
			break
		}
		time.Sleep(10 * time.Millisecond) // the finalizer runs on its own goroutine
	}
	if got := gcPercent(); got <= 50 {
		t.Errorf("a server's GOGC = %d after collections, want above 50: its heap is small", got)
	}
	stop()
	t.Setenv("GOGC", "300")
	debug.SetGCPercent(300)
	defer serveGC()()
	runtime.GC()
	if got := gcPercent(); got != 300 {
		t.Errorf("a server's GOGC = %d, want the user's 300 kept", got)
	}
}

func TestServePercent(t *testing.T) {
	tests := []struct {
		name string
		live int64
		want int
	}{
		{"not known yet", 0, 50},
		{"100,000 studies: the headroom sets it", 7 << 20, 230},
		{"a tiny heap: at most 1000", 1 << 20, 1000},
		{"a large heap: half of it", 200 << 20, 50},
		{"where the two meet", 32 << 20, 50},
		{"just under", 30 << 20, 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := servePercent(tt.live); got != tt.want {
				t.Errorf("servePercent(%d MiB) = %d, want %d", tt.live>>20, got, tt.want)
			}
		})
	}
}

func TestBuildLimit(t *testing.T) {
	tests := []struct {
		name       string
		live, want int64
	}{
		{"100,000 studies: a fixed headroom", 180 << 20, 180<<20 + buildHeadroom},
		{"headroom as large as what lives", buildHeadroom, 2 * buildHeadroom},
		{"1,000,000 studies: as much again as lives", 1800 << 20, 3600 << 20},
	}
	for _, tc := range tests {
		if got := buildLimit(tc.live); got != tc.want {
			t.Errorf("%s: buildLimit(%d) = %d, want %d", tc.name, tc.live, got, tc.want)
		}
	}
}

func TestBoundBuild(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer buildGC()()
	boundBuild()
	limit := debug.SetMemoryLimit(-1)
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	if got := gcPercent(); got != 400 {
		t.Errorf("during the build GOGC = %d, want 400 below the bound", got)
	}
	if lo, hi := int64(buildHeadroom), buildLimit(int64(live[0].Value.Uint64())+64<<20); limit < lo || limit > hi {
		t.Errorf("during the build the memory limit is %d, want what lives (%d) plus %d", limit, live[0].Value.Uint64(), buildHeadroom)
	}
	t.Run("a GOMEMLIMIT the user set is kept", func(t *testing.T) {
		t.Setenv("GOMEMLIMIT", "8GiB")
		prev := debug.SetMemoryLimit(8 << 30)
		defer debug.SetMemoryLimit(prev)
		gc := debug.SetGCPercent(100)
		defer debug.SetGCPercent(gc)
		boundBuild()
		if got, lim := gcPercent(), debug.SetMemoryLimit(-1); got != 100 || lim != 8<<30 {
			t.Errorf("GOGC %d, limit %d; want 100 under the user's 8 GiB", got, lim)
		}
	})
}

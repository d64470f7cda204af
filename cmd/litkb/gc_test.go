package main

import (
	"runtime/debug"
	"testing"
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
	restore()
	if got := gcPercent(); got != before {
		t.Errorf("after: GOGC = %d, want %d again", got, before)
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("after: memory limit %d, want %d again", got, limit)
	}

	t.Run("a GOGC the user set is kept", func(t *testing.T) {
		t.Setenv("GOGC", "150")
		defer bulkGC()()
		if got := gcPercent(); got != before {
			t.Errorf("GOGC = %d, want %d untouched", got, before)
		}
	})
}

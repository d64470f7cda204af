//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// benchChildPeakMiB is the peak resident memory of a child that has
// ended (its ru_maxrss: KiB, but bytes on macOS), or 0 when unknown.
func benchChildPeakMiB(ps *os.ProcessState) float64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return float64(ru.Maxrss) / (1 << 20)
	}
	return float64(ru.Maxrss) / 1024
}

//go:build !unix

package main

import "os"

// benchChildPeakMiB is 0 where the system reports no peak memory of a
// child (the table shows none).
func benchChildPeakMiB(*os.ProcessState) float64 { return 0 }

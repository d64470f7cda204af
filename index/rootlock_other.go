//go:build !unix

package index

import "os"

// tryLock takes no lock where flock is not available: Bleve's own lock is
// all there is.
func tryLock(*os.File) error { return nil }

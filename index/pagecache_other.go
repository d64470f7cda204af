//go:build !linux

package index

// dropCached leaves the page cache as it is where there is no fadvise.
func dropCached(string) {}

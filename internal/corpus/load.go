package corpus

import "context"

// Load reads dir. A file with problems is reported in Problems and left out,
// so one bad file never keeps the rest from being served. The error is only
// for a directory that cannot be read at all.
func Load(dir string) (*Corpus, error) { return LoadCached(dir, "") }

// LoadCached is Load with a snapshot at cache (see snapshot.go): files
// unchanged since it was written are not decoded again, and it is
// rewritten when what it would hold has changed. An empty cache is Load.
func LoadCached(dir, cache string) (*Corpus, error) {
	return LoadWith(context.Background(), dir, LoadOptions{Cache: cache})
}

// LoadOptions are how a load runs.
type LoadOptions struct {
	Cache string // the snapshot (see LoadCached); empty for none
	// Progress, when set, is told how many of the study files have been
	// read, now and then and at the end: a load that decodes every file
	// takes minutes at 1,000,000 studies. Calls never overlap.
	Progress func(done, total int)
	// KeepPages keeps the studies' text that the snapshot holds in memory
	// after the load, for a caller that reads every study next (a build);
	// a server lets it go and reads back only the studies it shows.
	KeepPages bool
	// NoSnapshot, when set, is called before the studies are read when
	// the snapshot cannot give them (none, or another program's or
	// vocabulary's): every file will be decoded, whose garbage a caller
	// that paused the collector for a load from the snapshot must collect.
	NoSnapshot func()

	// checkLater: with a usable snapshot, take its record of the study
	// files (names and stamps) as the folder's, unlisted and unstated;
	// the Store compares the folder with it afterwards (checklater.go).
	checkLater bool
}

// LoadWith is Load as o says. A cancelled ctx stops the reading of the
// study files: the load returns ctx's error and keeps nothing (a
// snapshot being written is left unwritten).
func LoadWith(ctx context.Context, dir string, o LoadOptions) (*Corpus, error) {
	return loadCached(ctx, dir, o, nil)
}

package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Durable writes go to a temporary file that is renamed over its target; a
// process killed in between leaves the temporary file behind for good.
// These are the exact names os.CreateTemp gives them (its "*" becomes up to
// ten decimal digits), one per writer. Nothing else is ever removed.
var tempNames = []*regexp.Regexp{
	// writeFileDurable: ".<target>.tmp-*", e.g. data/studies/.x.toml.tmp-123
	regexp.MustCompile(`^\.[^/]+\.tmp-[0-9]{1,10}$`),
	// writeSnapshot: snapshotTemp, in the state folder
	regexp.MustCompile(`^\.snapshot-[0-9]{1,10}$`),
	// imageSource.write: imageTemp, in the state folder
	regexp.MustCompile(`^\.image-[0-9]{1,10}$`),
	// internal/token: the tokens and the curator sessions, in the state folder
	regexp.MustCompile(`^\.tokens-[0-9]{1,10}$`),
	regexp.MustCompile(`^\.sessions-[0-9]{1,10}$`),
}

// staleAfter is how long a temporary file must have gone unwritten before
// it counts as abandoned. Another litkb on the same folders (a `litkb
// import` beside `litkb serve`) may be writing one right now; a live
// writer touches its file continuously and renames it within seconds, so a
// file untouched this long has no writer left.
const staleAfter = 10 * time.Minute

// isTempName reports whether name is a temporary file of a durable write.
func isTempName(name string) bool {
	for _, re := range tempNames {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}

// RemoveStaleTemps removes the temporary files that interrupted durable
// writes left in dir (not its subfolders): regular files whose names match
// a writer's pattern exactly and that nobody has written for staleAfter.
// It returns the paths removed; a folder that does not exist holds none.
func RemoveStaleTemps(dir string) (removed []string, err error) {
	return removeStaleTempsAt(dir, time.Now())
}

func removeStaleTempsAt(dir string, now time.Time) ([]string, error) {
	return removeStaleTempsIn(listDir(dir), now)
}

// removeStaleTempsIn is RemoveStaleTemps over a listing already taken.
func removeStaleTempsIn(l *listing, now time.Time) ([]string, error) {
	if errors.Is(l.err, fs.ErrNotExist) {
		return nil, nil
	}
	if l.err != nil {
		return nil, fmt.Errorf("stale temporary files: %w", l.err)
	}
	var removed []string
	var errs []error
	for _, e := range l.entries {
		// Never a folder or a symlink, whatever its name. Every temporary
		// name starts with a dot: the patterns run on those alone.
		if !e.typ.IsRegular() || !strings.HasPrefix(e.name, ".") || !isTempName(e.name) {
			continue
		}
		path := filepath.Join(l.dir, e.name)
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue // its writer renamed it meanwhile
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if now.Sub(fi.ModTime()) < staleAfter {
			continue
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, path)
	}
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("stale temporary files in %s: %w", l.dir, err)
	}
	return removed, nil
}

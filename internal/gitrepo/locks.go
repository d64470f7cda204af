package gitrepo

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// lockWait is how long Open waits for a git still running from before
// (one litkb started and was killed) to let go of the index.
var lockWait = 5 * time.Second

// removeStaleLock deletes the locks a git process killed mid-way left:
// litkb is the only one running git here, and nothing runs yet. A git
// that outlived the litkb that started it gets lockWait to finish. The
// index lock is not the only one: a fast-forward killed as it moved the
// branch left refs/heads/<branch>.lock or ORIG_HEAD.lock, and every
// fast-forward after it failed on that lock, each one logged only once.
func (r *Repo) removeStaleLock(ctx context.Context) error {
	p, err := r.g.run(ctx, "rev-parse", "--path-format=absolute", "--git-path", "index.lock")
	if err != nil {
		return err
	}
	p = strings.TrimSpace(p)
	for deadline := time.Now().Add(lockWait); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(p); err != nil {
			break
		}
	}
	dirs, err := r.g.run(ctx, "rev-parse", "--path-format=absolute", "--git-dir", "--git-common-dir")
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, dir := range strings.Fields(dirs) {
		if seen[dir] {
			continue
		}
		seen[dir] = true
		locks, err := staleLocks(dir)
		if err != nil {
			return err
		}
		for _, l := range locks {
			r.log.Warn("git: removed the lock of a git command that was interrupted", "path", l)
			if err := os.Remove(l); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

// staleLocks are the lock files in a git folder: its own (index.lock,
// HEAD.lock, ORIG_HEAD.lock, packed-refs.lock, config.lock, …) and those
// of its refs.
func staleLocks(gitDir string) ([]string, error) {
	var locks []string
	entries, err := os.ReadDir(gitDir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".lock") {
			locks = append(locks, filepath.Join(gitDir, e.Name()))
		}
	}
	err = filepath.WalkDir(filepath.Join(gitDir, "refs"), func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".lock") {
			locks = append(locks, p)
		}
		return err
	})
	return locks, err
}

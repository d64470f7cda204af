// Package gitrepo keeps litkb's data folder in git: a primary commits
// every curator write and pushes it, and replicas (and a primary that
// also follows) fast-forward to what origin has, checking each new commit
// by the loader's rules before they serve it. It drives the git command
// line; the corpus store knows nothing of git and only reports its writes
// through corpus.StoreOptions.OnWrite.
package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"litkb/internal/corpus"
)

// HoldCommitsEnv, set to 1, keeps the committer from committing: a test
// uses it to kill the primary between a write's acknowledgement and its
// commit. Never set it in production.
const HoldCommitsEnv = "LITKB_TEST_HOLD_GIT_COMMITS"

// Options say what the repository does.
type Options struct {
	Dir      string        // the data folder, inside a git working tree
	Commit   bool          // commit every write (the primary)
	Push     string        // remote to push commits to; "" for none
	Follow   string        // remote to fast-forward from; "" for none
	Interval time.Duration // between fetches
	Log      *slog.Logger
}

// Repo is the data folder's repository and the goroutines that commit,
// push and follow.
type Repo struct {
	opts   Options
	g      *git   // in the data folder: paths relative to it
	top    *git   // at the top of the working tree: plumbing takes paths from there
	prefix string // the data folder's path inside the repository ("" at its root)
	branch string
	log    *slog.Logger
	store  atomic.Pointer[corpus.Store]
	hold   bool

	gitMu sync.Mutex // commits and fast-forwards, one at a time
	loops sync.WaitGroup

	queueMu sync.Mutex
	queue   []corpus.Written
	wake    chan struct{} // committer
	pushNow chan struct{} // pusher
	syncNow chan struct{} // follower

	st status
}

// Open checks the repository and repairs what a crash left: a stale
// index.lock; on a primary, files written but never committed (committed
// now as recovered); on a replica, a fast-forward cut short (the folder
// is put back to its commit). Open does not start anything; Start does.
func Open(ctx context.Context, opts Options) (*Repo, error) {
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if opts.Interval <= 0 {
		opts.Interval = 5 * time.Second
	}
	r := &Repo{opts: opts, log: opts.Log, hold: os.Getenv(HoldCommitsEnv) == "1",
		wake: make(chan struct{}, 1), pushNow: make(chan struct{}, 1), syncNow: make(chan struct{}, 1),
		g: &git{dir: opts.Dir, env: []string{
			"GIT_TERMINAL_PROMPT=0", "LC_ALL=C",
			"GIT_COMMITTER_NAME=litkb", "GIT_COMMITTER_EMAIL=litkb@litkb.invalid",
		}}}
	if _, err := r.g.run(ctx, "--version"); err != nil {
		return nil, fmt.Errorf("git: the git command line is needed to keep the corpus in git: %w", err)
	}
	prefix, err := r.g.run(ctx, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, fmt.Errorf("git: %s is not in a git working tree (git init, or git clone the corpus): %w", opts.Dir, err)
	}
	r.prefix = strings.TrimSpace(prefix)
	top, err := r.g.run(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	r.top = &git{dir: strings.TrimSpace(top), env: r.g.env}
	branch, err := r.g.run(ctx, "symbolic-ref", "--quiet", "--short", "HEAD")
	if err != nil {
		return nil, fmt.Errorf("git: the repository of %s must be on a branch: %w", opts.Dir, err)
	}
	r.branch = strings.TrimSpace(branch)
	for _, remote := range []string{opts.Push, opts.Follow} {
		if remote == "" {
			continue
		}
		if _, err := r.g.run(ctx, "remote", "get-url", remote); err != nil {
			return nil, fmt.Errorf("git: no remote %q in the repository of %s: %w", remote, opts.Dir, err)
		}
	}
	if err := r.removeStaleLock(ctx); err != nil {
		return nil, err
	}
	if opts.Commit {
		if err := r.recover(ctx); err != nil {
			return nil, err
		}
	} else if opts.Follow != "" {
		if err := r.restore(ctx); err != nil {
			return nil, err
		}
	}
	head, err := r.g.rev(ctx, "HEAD")
	if err != nil && opts.Commit {
		head = "" // a repository without commits yet: the first write makes one
	} else if err != nil {
		return nil, fmt.Errorf("git: %s has no commit to serve: %w", opts.Dir, err)
	}
	r.st.setServed(head)
	r.updateAhead(ctx)
	return r, nil
}

// restore puts a replica's folder back to its commit: a kill during a
// fast-forward can leave some files of the next commit on disk.
func (r *Repo) restore(ctx context.Context) error {
	dirty, err := r.g.run(ctx, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
	if err != nil {
		return err
	}
	if dirty == "" {
		return nil
	}
	files := nulList(dirty)
	r.log.Warn("git: the data folder differs from its commit (an update cut short?); putting it back", "files", len(files), "first", files[0])
	if _, err := r.g.run(ctx, "reset", "--hard", "--quiet", "HEAD"); err != nil {
		return err
	}
	_, err = r.g.run(ctx, "clean", "-f", "-d", "--quiet", "--", ".")
	return err
}

// Attach gives the repository the store it applies commits to and
// reports the served commit of; Start needs it.
func (r *Repo) Attach(s *corpus.Store) { r.store.Store(s) }

// Start runs the committer, the pusher and the follower until ctx ends;
// Wait waits for them to stop.
func (r *Repo) Start(ctx context.Context) {
	if r.opts.Commit {
		r.loops.Go(func() { r.commitLoop(ctx) })
	}
	if r.opts.Push != "" {
		r.loops.Go(func() { r.pushLoop(ctx) })
	}
	if r.opts.Follow != "" {
		r.loops.Go(func() { r.followLoop(ctx) })
	}
}

// Wait returns once the loops Start ran have stopped: an apply under way
// finishes first, so a stop never leaves the folder half fast-forwarded.
func (r *Repo) Wait() { r.loops.Wait() }

// Written is the store's OnWrite: it queues the commit and returns at
// once, so no write waits for git.
func (r *Repo) Written(w corpus.Written) {
	if !r.opts.Commit {
		return
	}
	r.queueMu.Lock()
	r.queue = append(r.queue, w)
	r.queueMu.Unlock()
	signal(r.wake)
}

// Sync asks the follower to fetch now (the webhook).
func (r *Repo) Sync() { signal(r.syncNow) }

// Commit is the commit being served.
func (r *Repo) Commit() string { return r.st.served() }

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

var errDiverged = errors.New("origin's history is not a fast-forward of the served commit")

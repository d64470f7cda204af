package gitrepo

import (
	"context"
	"strings"
	"time"
)

// Backoff between failed pushes: from pushRetryMin, doubling, up to pushRetryMax.
var (
	pushRetryMin = 500 * time.Millisecond
	pushRetryMax = time.Minute
)

// pushLoop pushes the branch whenever it is ahead of the push remote:
// at start (commits made before a restart), after each commit, and again
// with backoff after a failure. A commit made while pushes fail tries at
// once but does not shorten or lengthen the backoff; a push refused
// because origin moved asks the follower to fetch (and merge) now.
func (r *Repo) pushLoop(ctx context.Context) {
	wait := pushRetryMin
	retry := time.NewTimer(0) // at start
	defer retry.Stop()
	failing := false
	for {
		timer := false
		select {
		case <-ctx.Done():
			return
		case <-r.pushNow:
		case <-retry.C:
			timer = true
		}
		r.updateAhead(ctx)
		r.st.mu.Lock()
		ahead := r.st.ahead
		r.st.mu.Unlock()
		if ahead == 0 {
			continue
		}
		_, err := r.g.run(ctx, "push", "--quiet", r.opts.Push, "HEAD:refs/heads/"+r.branch)
		r.st.mu.Lock()
		last := r.st.pushErr
		if err != nil {
			r.st.pushErr = err.Error()
		} else {
			r.st.pushErr = ""
		}
		r.st.mu.Unlock()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if r.opts.Follow != "" && strings.Contains(err.Error(), "[rejected]") {
				r.Sync() // origin has commits we lack: take them first
			}
			if !failing || timer {
				if err.Error() != last {
					r.log.Warn("git: push failed; retrying", "remote", r.opts.Push, "in", wait, "err", err)
				}
				retry.Reset(wait)
				wait = min(2*wait, pushRetryMax)
			}
			failing = true
			continue
		}
		if failing {
			r.log.Info("git: pushed again", "remote", r.opts.Push)
		}
		failing, wait = false, pushRetryMin
		// git push updates the remote-tracking ref, so this counts from it.
		r.updateAhead(ctx)
	}
}

// Flush commits the writes still queued and, when the branch is ahead of
// the push remote, pushes once: a clean stop leaves nothing to recover.
func (r *Repo) Flush(ctx context.Context) {
	if !r.opts.Commit {
		return
	}
	r.commitPending(ctx)
	if r.opts.Push == "" {
		return
	}
	r.updateAhead(ctx)
	r.st.mu.Lock()
	ahead := r.st.ahead
	r.st.mu.Unlock()
	if ahead > 0 {
		if _, err := r.g.run(ctx, "push", "--quiet", r.opts.Push, "HEAD:refs/heads/"+r.branch); err != nil {
			r.log.Warn("git: push at stop failed; the commits go out at the next start", "remote", r.opts.Push, "err", err)
		}
	}
}

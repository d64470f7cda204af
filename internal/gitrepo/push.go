package gitrepo

import (
	"context"
	"time"
)

// Backoff between failed pushes: from pushRetryMin, doubling, up to pushRetryMax.
var (
	pushRetryMin = 500 * time.Millisecond
	pushRetryMax = time.Minute
)

// pushLoop pushes the branch whenever it is ahead of the push remote:
// at start (commits made before a restart), after each commit, and again
// with backoff after a failure.
func (r *Repo) pushLoop(ctx context.Context) {
	wait := pushRetryMin
	retry := time.NewTimer(0) // at start
	defer retry.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.pushNow:
		case <-retry.C:
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
			r.log.Warn("git: push failed; retrying", "remote", r.opts.Push, "in", wait, "err", err)
			retry.Reset(wait)
			wait = min(2*wait, pushRetryMax)
			continue
		}
		wait = pushRetryMin
		// git push updates the remote-tracking ref, so this counts from it.
		r.updateAhead(ctx)
		r.log.Debug("git: pushed", "remote", r.opts.Push)
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

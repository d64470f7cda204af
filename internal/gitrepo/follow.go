package gitrepo

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"litkb/internal/corpus"
	"litkb/internal/study"
)

// followLoop fetches every interval, or at once when the webhook asks,
// and applies what origin has.
func (r *Repo) followLoop(ctx context.Context) {
	tick := time.NewTicker(r.opts.Interval)
	defer tick.Stop()
	last := ""
	for {
		err := r.FollowOnce(ctx)
		switch {
		case ctx.Err() != nil:
		case err != nil && err.Error() != last: // once per cause, not every interval
			r.log.Warn("git: follow failed; serving the last good commit", "remote", r.opts.Follow, "err", err)
		case err == nil && last != "":
			r.log.Info("git: follow works again", "remote", r.opts.Follow)
		}
		last = ""
		if err != nil {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-r.syncNow:
		}
	}
}

// FollowOnce fetches origin and, when its head is a fast-forward of the
// served commit whose files the loader accepts, applies it: the changed
// files to the corpus, the changed studies to the index, then the served
// commit. Anything else is refused and reported; the served commit stays.
func (r *Repo) FollowOnce(ctx context.Context) error {
	store := r.store.Load()
	if store == nil {
		return errors.New("no store attached")
	}
	ref := r.remoteRef(r.opts.Follow)
	_, err := r.g.run(ctx, "fetch", "--quiet", "--no-tags", r.opts.Follow, "+refs/heads/"+r.branch+":"+ref)
	if err != nil {
		r.st.fetched("", false, err)
		return err
	}
	target, err := r.g.rev(ctx, ref)
	if err != nil {
		r.st.fetched("", false, err)
		return err
	}
	head, err := r.g.rev(ctx, "HEAD")
	if err != nil {
		return err
	}
	if head == target {
		r.st.fetched(target, false, nil)
		r.st.setServed(head)
		return nil
	}
	if ahead, err := r.g.ok(ctx, "merge-base", "--is-ancestor", target, head); err != nil || ahead {
		r.st.fetched(target, false, nil) // only our own commits, not pushed yet
		return err
	}
	r.st.fetched(target, true, nil)
	if r.alreadyRefused(target) {
		return nil
	}
	ff, err := r.g.ok(ctx, "merge-base", "--is-ancestor", head, target)
	if err != nil {
		return err
	}
	if ff {
		return r.apply(ctx, store, head, head, target)
	}
	if !r.opts.Commit {
		r.refuse(target, errDiverged.Error()+"; the replica keeps serving "+short(head), nil)
		return nil
	}
	// A primary whose writes origin does not have yet, while origin took
	// other commits (a merged pull request): merge them when they changed
	// different files, as a push would have needed anyway.
	base, err := r.g.run(ctx, "merge-base", head, target)
	if err != nil {
		return err
	}
	base = strings.TrimSpace(base)
	ours, err := r.changedFiles(ctx, base, head)
	if err != nil {
		return err
	}
	theirs, err := r.changedFiles(ctx, base, target)
	if err != nil {
		return err
	}
	mine := make(map[string]bool, len(ours))
	for _, f := range ours {
		mine[f] = true
	}
	for _, f := range theirs {
		if mine[f] {
			r.refuse(target, fmt.Sprintf("%s; both changed %s since %s: merge them by hand in the data folder's repository", errDiverged, f, short(base)), nil)
			return nil
		}
	}
	return r.apply(ctx, store, base, head, target)
}

// changedFiles lists the files of the data folder that differ between two
// commits, relative to it.
func (r *Repo) changedFiles(ctx context.Context, from, to string) ([]string, error) {
	out, err := r.g.run(ctx, "diff", "--name-only", "-z", "--no-renames", "--relative", from, to, "--", ".")
	return nulList(out), err
}

func (r *Repo) alreadyRefused(target string) bool {
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	return r.st.refused == target
}

func (r *Repo) refuse(commit, reason string, ps study.Problems) {
	r.st.refuse(commit, reason, ps)
	r.log.Error("git: origin's commit not applied", "commit", short(commit), "reason", reason)
	for _, p := range ps {
		r.log.Error("git: problem in origin's commit", "commit", short(commit), "problem", p.String())
	}
}

// apply checks the files target changed since from by the loader's rules
// against the served corpus and, when they bring no new problem, moves
// HEAD to it: a fast-forward when from is head, else a merge.
func (r *Repo) apply(ctx context.Context, store *corpus.Store, from, head, target string) error {
	start := time.Now()
	r.log.Info("git: applying origin's commit", "commit", short(target), "from", short(head))
	changed, err := r.changedFiles(ctx, from, target)
	if err != nil {
		return err
	}
	out, err := r.g.run(ctx, "ls-tree", "-r", "-z", "--name-only", target, "--", corpus.ClaimsDir+"/")
	if err != nil {
		return err
	}
	claims := nulList(out)
	blobs, err := r.g.readBlobs(ctx, target, r.prefix, append(append([]string{}, changed...), claims...))
	if err != nil {
		return err
	}
	base := store.Corpus()
	next, err := base.Patch(changed, claims, blobReader(blobs))
	if errors.Is(err, corpus.ErrNeedsFullLoad) {
		next, err = r.loadTree(ctx, target)
		if err == nil {
			if ps := base.NewProblems(next); len(ps) > 0 {
				r.refuse(target, "its files do not pass the loader's checks", ps)
				return nil
			}
			next = nil // loaded again from the folder once it is there
		}
	} else if err == nil {
		if ps := base.NewProblems(next); len(ps) > 0 {
			r.refuse(target, "its files do not pass the loader's checks", ps)
			return nil
		}
	}
	if err != nil {
		return err
	}
	checked := time.Since(start)
	// On a primary, writes not yet committed are files changed in the
	// working tree: a fast-forward keeps them (or, if origin changed the
	// same files, fails and is tried again), and they are committed on top.
	ctx = context.WithoutCancel(ctx) // from here on, a stop waits for the apply to end
	err = store.Replace(ctx, base, next, changed, func() error {
		r.gitMu.Lock()
		defer r.gitMu.Unlock()
		if now, err := r.g.rev(ctx, "HEAD"); err != nil || now != head {
			return corpus.ErrStale // a write was committed meanwhile: try again
		}
		if from == head {
			_, err := r.g.run(ctx, "merge", "--ff-only", "--quiet", target)
			return err
		}
		msg := fmt.Sprintf("merge %s/%s: changes made on origin while the primary wrote\n", r.opts.Follow, r.branch)
		_, err := r.g.runEnv(ctx, []string{"GIT_AUTHOR_NAME=litkb", "GIT_AUTHOR_EMAIL=litkb@litkb.invalid"},
			"-c", "commit.gpgsign=false", "merge", "--no-ff", "--no-edit", "--no-verify", "--quiet", "-m", msg, target)
		if err != nil {
			_, _ = r.g.run(ctx, "merge", "--abort")
		}
		return err
	})
	if errors.Is(err, corpus.ErrStale) {
		signal(r.syncNow)
		return nil
	}
	if err != nil {
		return err
	}
	took := time.Since(start)
	served, err := r.g.rev(ctx, "HEAD")
	if err != nil {
		return err
	}
	r.st.applyDone(served, took)
	if served != target { // a merge: origin needs it
		r.updateAhead(ctx)
		signal(r.pushNow)
	}
	r.log.Info("git: applied origin's commit", "commit", short(target), "from", short(head), "files", len(changed), "took", took.Round(time.Millisecond), "checking", checked.Round(time.Millisecond))
	return nil
}

// loadTree loads target's data folder from a copy outside the working
// tree: the check of a change the corpus cannot apply piece by piece.
func (r *Repo) loadTree(ctx context.Context, target string) (*corpus.Corpus, error) {
	tmp, err := os.MkdirTemp("", "litkb-check-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	// In a subfolder, git archive writes that folder's content only.
	cmd := r.g.command(ctx, "archive", "--format=tar", target, "--", ".")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git archive: %w", err)
	}
	untarErr := untar(out, tmp)
	_, _ = io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("git archive: %w", err)
	}
	if untarErr != nil {
		return nil, untarErr
	}
	return corpus.Load(tmp)
}

// untar writes the regular files of a tar stream from git archive under dir.
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("git archive: %w", err)
		}
		if h.Typeflag != tar.TypeReg {
			continue // folders are made as files need them; links are not corpus files
		}
		name := filepath.Join(dir, filepath.FromSlash(h.Name))
		if !strings.HasPrefix(name, dir+string(filepath.Separator)) {
			return fmt.Errorf("git archive: %q leaves the folder", h.Name)
		}
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		f, err := os.Create(name)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, tr)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
}

func short(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

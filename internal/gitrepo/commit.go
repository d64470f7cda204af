package gitrepo

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"litkb/internal/corpus"
)

// commitLoop commits queued writes in the order they were made, then
// wakes the pusher.
func (r *Repo) commitLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		}
		// A stop lets the commit under way finish; Flush commits the rest.
		if r.commitPending(context.WithoutCancel(ctx)) > 0 {
			signal(r.pushNow)
		}
	}
}

// batch is writes and the blob ids their files had right after the last
// of them: what each commit holds, whatever has been written since.
type batch struct {
	writes []corpus.Written
	blobs  map[string]string // path in the repository -> blob id
}

// commitPending commits every queued write and returns how many commits
// it made. The files' content is taken under the store's writer lock
// (git hash-object), so a commit never holds half of a write or part of
// a later one, and committed from the index: no write waits for a commit.
// A failed commit is logged and counted; its files stay on disk and the
// next start commits them as recovered.
func (r *Repo) commitPending(ctx context.Context) int {
	if r.hold {
		return 0
	}
	store := r.store.Load()
	if store == nil {
		return 0
	}
	var b batch
	var capErr error
	store.Locked(func() {
		r.queueMu.Lock()
		b.writes, r.queue = r.queue, nil
		r.queueMu.Unlock()
		b.blobs, capErr = r.hashFiles(ctx, b.writes)
	})
	if capErr != nil {
		r.commitFailed(b.writes, capErr)
		return 0
	}
	r.gitMu.Lock()
	defer r.gitMu.Unlock()
	made := 0
	for _, group := range groups(b.writes) {
		ok, err := r.commitGroup(ctx, group, b.blobs)
		if err != nil {
			r.commitFailed(group, err)
			continue
		}
		if ok {
			made++
		}
	}
	if made > 0 {
		if head, err := r.g.rev(ctx, "HEAD"); err == nil {
			r.st.setServed(head)
		}
		r.updateAhead(ctx)
	}
	return made
}

func (r *Repo) commitFailed(ws []corpus.Written, err error) {
	for _, w := range ws {
		r.log.Error("git: write not committed; it is on disk and will be committed as recovered at the next start", "action", w.Action, "ids", strings.Join(w.IDs, ","), "err", err)
	}
	r.st.mu.Lock()
	r.st.commitFails += len(ws)
	r.st.mu.Unlock()
}

// hashFiles stores the current content of ws's files as blobs.
func (r *Repo) hashFiles(ctx context.Context, ws []corpus.Written) (map[string]string, error) {
	var paths []string
	seen := map[string]bool{}
	for _, w := range ws {
		for _, f := range w.Files {
			if p := r.prefix + filepath.ToSlash(f); !seen[p] {
				seen[p] = true
				paths = append(paths, p)
			}
		}
	}
	if len(paths) == 0 {
		return nil, nil
	}
	out, err := r.top.runInput(ctx, strings.Join(paths, "\n")+"\n", "hash-object", "-w", "--stdin-paths")
	if err != nil {
		return nil, err
	}
	ids := strings.Fields(out)
	if len(ids) != len(paths) {
		return nil, fmt.Errorf("git hash-object: %d ids for %d files", len(ids), len(paths))
	}
	blobs := make(map[string]string, len(paths))
	for i, p := range paths {
		blobs[p] = ids[i]
	}
	return blobs, nil
}

// groups splits writes into commits: one per write, except that writes
// sharing a file (one study saved twice before its first commit) share a
// commit, since only the later content is known.
func groups(ws []corpus.Written) [][]corpus.Written {
	var out [][]corpus.Written
	owner := map[string]int{} // file -> its group
	for _, w := range ws {
		g := -1
		for _, f := range w.Files {
			if i, ok := owner[f]; ok && i > g {
				g = i
			}
		}
		if g < 0 {
			out = append(out, nil)
			g = len(out) - 1
		} else if g != len(out)-1 {
			// Merge every group from g on: the order of commits stays the
			// order of writes.
			for _, rest := range out[g+1:] {
				out[g] = append(out[g], rest...)
			}
			out = out[:g+1]
		}
		out[g] = append(out[g], w)
		for _, v := range out[g] {
			for _, f := range v.Files {
				owner[f] = g
			}
		}
	}
	return out
}

// commitGroup stages the group's blobs and commits them with the
// curator as author. A group whose blobs HEAD already has needs no commit.
func (r *Repo) commitGroup(ctx context.Context, ws []corpus.Written, blobs map[string]string) (bool, error) {
	args := []string{"update-index", "--add"}
	var paths []string
	for _, w := range ws {
		for _, f := range w.Files {
			p := r.prefix + filepath.ToSlash(f)
			args = append(args, "--cacheinfo", "100644,"+blobs[p]+","+p)
			paths = append(paths, p)
		}
	}
	if _, err := r.top.run(ctx, args...); err != nil {
		return false, err
	}
	same, err := r.top.ok(ctx, append([]string{"diff", "--cached", "--quiet", "--"}, paths...)...)
	if err != nil || same {
		return false, err
	}
	w := ws[0]
	env := []string{"GIT_AUTHOR_NAME=" + authorName(w.Who), "GIT_AUTHOR_EMAIL=" + AuthorEmail(w.Who)}
	if _, err := r.top.runEnv(ctx, env, "-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "-m", message(ws)); err != nil {
		return false, err
	}
	return true, nil
}

// recover commits what is on disk but not committed: writes acknowledged
// just before a crash. Temporary files of interrupted writes are left out.
func (r *Repo) recover(ctx context.Context) error {
	out, err := r.g.run(ctx, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".", ":(exclude,glob)**/.*.tmp-*")
	if err != nil {
		return err
	}
	files := nulList(out)
	if len(files) == 0 {
		return nil
	}
	r.log.Warn("git: committing changes to the data folder that were never committed (writes acknowledged before a crash, or edits by hand)", "files", len(files), "first", files[0])
	if _, err := r.g.run(ctx, "add", "-A", "--", ".", ":(exclude,glob)**/.*.tmp-*"); err != nil {
		return err
	}
	if same, err := r.g.ok(ctx, "diff", "--cached", "--quiet", "--", "."); err != nil || same {
		return err
	}
	msg := fmt.Sprintf("recovered: %d uncommitted changes found at start\n\nlitkb found these files changed but not committed when it started,\nmost likely writes acknowledged just before it stopped.\n", len(files))
	env := []string{"GIT_AUTHOR_NAME=litkb", "GIT_AUTHOR_EMAIL=litkb@litkb.invalid"}
	if _, err := r.g.runEnv(ctx, env, "-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "-m", msg, "--", "."); err != nil {
		return fmt.Errorf("git: commit recovered changes: %w", err)
	}
	return nil
}

// message is a commit's message: the action and the study on the first
// line, the fields that changed and a note below; for several writes
// (one study saved twice before its first commit), each in turn.
func message(ws []corpus.Written) string {
	if len(ws) == 1 {
		return message1(ws[0])
	}
	var b strings.Builder
	var actions []string
	for _, w := range ws {
		actions = append(actions, w.Action)
	}
	fmt.Fprintf(&b, "%s %s\n\n", strings.Join(actions, ", "), strings.Join(ws[0].IDs, ", "))
	for _, w := range ws {
		b.WriteString(message1(w) + "\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func message1(w corpus.Written) string {
	var b strings.Builder
	switch len(w.IDs) {
	case 1:
		fmt.Fprintf(&b, "%s %s\n", w.Action, w.IDs[0])
	default:
		fmt.Fprintf(&b, "%s %d studies\n", w.Action, len(w.IDs))
	}
	b.WriteString("\n")
	if len(w.IDs) > 1 {
		b.WriteString("studies: " + strings.Join(w.IDs, ", ") + "\n")
	}
	if fs := topFields(w.Fields); len(fs) > 0 {
		b.WriteString("fields: " + strings.Join(fs, ", ") + "\n")
	}
	if w.Note != "" {
		b.WriteString("note: " + strings.ReplaceAll(w.Note, "\n", " ") + "\n")
	}
	fmt.Fprintf(&b, "by: %s\n", w.Who)
	return b.String()
}

// topFields names changed fields by their top-level name ("findings",
// not "findings[2].value"), each once, in order.
func topFields(fields []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range fields {
		top := f
		if i := strings.IndexAny(top, ".["); i > 0 {
			top = top[:i]
		}
		if !seen[top] {
			seen[top] = true
			out = append(out, top)
		}
	}
	return out
}

// authorName keeps a curator's name fit for a commit header.
func authorName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r == '<' || r == '>' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, name)
	if strings.TrimSpace(name) == "" {
		return "litkb"
	}
	return name
}

// AuthorEmail is the address commits give a curator: litkb knows names,
// not addresses, so it is a name at a domain that never resolves.
func AuthorEmail(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "."):
			b.WriteByte('.')
		}
	}
	local := strings.Trim(b.String(), ".")
	if local == "" {
		local = "curator"
	}
	return local + "@litkb.invalid"
}

// updateAhead counts the commits the push remote does not have.
func (r *Repo) updateAhead(ctx context.Context) {
	if r.opts.Push == "" {
		return
	}
	rng := "HEAD"
	if _, err := r.g.rev(ctx, r.remoteRef(r.opts.Push)); err == nil {
		rng = r.remoteRef(r.opts.Push) + "..HEAD"
	}
	out, err := r.g.run(ctx, "rev-list", "--count", rng)
	if err != nil {
		return // no commit yet
	}
	n, _ := strconv.Atoi(strings.TrimSpace(out))
	r.st.mu.Lock()
	r.st.ahead = n
	r.st.mu.Unlock()
}

// remoteRef is the remote-tracking ref of the branch on remote.
func (r *Repo) remoteRef(remote string) string {
	return "refs/remotes/" + remote + "/" + r.branch
}

package gitrepo

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"strconv"
	"strings"
)

// git runs the git command line in one folder (the data folder, which may
// be the repository's root or a folder inside it).
type git struct {
	dir string
	env []string // added to the process's environment
}

// run runs git with args and returns its standard output; a failure
// carries git's own message.
func (g *git) run(ctx context.Context, args ...string) (string, error) {
	return g.runEnv(ctx, nil, args...)
}

func (g *git) runEnv(ctx context.Context, env []string, args ...string) (string, error) {
	return g.exec(ctx, env, "", args...)
}

// runInput runs git with stdin.
func (g *git) runInput(ctx context.Context, stdin string, args ...string) (string, error) {
	return g.exec(ctx, nil, stdin, args...)
}

func (g *git) exec(ctx context.Context, env []string, stdin string, args ...string) (string, error) {
	cmd := g.command(ctx, args...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	cmd.Env = append(cmd.Env, env...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		msg := withoutHints(stderr.String())
		if msg == "" {
			msg = strings.TrimSpace(out.String())
		}
		return out.String(), fmt.Errorf("git %s: %w: %s", args[0], err, msg)
	}
	return out.String(), nil
}

// withoutHints is git's message without its "hint:" lines, which tell a
// person at a terminal what to type next.
func withoutHints(msg string) string {
	var keep []string
	for _, l := range strings.Split(msg, "\n") {
		if !strings.HasPrefix(l, "hint:") {
			keep = append(keep, l)
		}
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}

// command is git with args, in the folder, with the environment, dying
// with litkb. The index is split (core.splitIndex): a corpus folder holds
// one file per study, and rewriting a 100,000-entry index (12 MiB) on
// every fast-forward cost a replica about 0.7 s of each apply; split, git
// writes only the entries that changed.
func (g *git) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-c", "core.splitIndex=true"}, args...)...)
	cmd.Dir = g.dir
	cmd.Env = append(cmd.Environ(), g.env...)
	cmd.SysProcAttr = procAttr()
	return cmd
}

// ok runs a git command whose exit status is its answer (merge-base
// --is-ancestor, diff --quiet): 0 is true, 1 is false, anything else an error.
func (g *git) ok(ctx context.Context, args ...string) (bool, error) {
	_, err := g.run(ctx, args...)
	var ee *exec.ExitError
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &ee) && ee.ExitCode() == 1:
		return false, nil
	default:
		return false, err
	}
}

// rev resolves a revision to its full commit id.
func (g *git) rev(ctx context.Context, name string) (string, error) {
	out, err := g.run(ctx, "rev-parse", "--verify", "--quiet", name+"^{commit}")
	return strings.TrimSpace(out), err
}

// nulList splits -z output.
func nulList(out string) []string {
	var list []string
	for _, p := range strings.Split(out, "\x00") {
		if p != "" {
			list = append(list, p)
		}
	}
	return list
}

// readBlobs reads the files rels (relative to the data folder, whose path
// in the repository is prefix) as they are in commit, in one git process.
// A file the commit does not have maps to nil.
func (g *git) readBlobs(ctx context.Context, commit, prefix string, rels []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(rels))
	if len(rels) == 0 {
		return out, nil
	}
	cmd := g.command(ctx, "cat-file", "--batch")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	go func() { // writes and reads at once, so neither pipe fills up
		w := bufio.NewWriter(stdin)
		for _, rel := range rels {
			fmt.Fprintf(w, "%s:%s%s\n", commit, prefix, rel)
		}
		w.Flush()
		stdin.Close()
	}()
	r := bufio.NewReaderSize(stdout, 64<<10)
	var readErr error
	for _, rel := range rels {
		head, err := r.ReadString('\n')
		if err != nil {
			readErr = fmt.Errorf("git cat-file: %w", err)
			break
		}
		f := strings.Fields(head)
		if len(f) == 2 && f[1] == "missing" {
			out[rel] = nil
			continue
		}
		if len(f) != 3 {
			readErr = fmt.Errorf("git cat-file: unexpected %q", head)
			break
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			readErr = fmt.Errorf("git cat-file: unexpected %q", head)
			break
		}
		data := make([]byte, n+1) // and the newline after it
		if _, err := io.ReadFull(r, data); err != nil {
			readErr = fmt.Errorf("git cat-file: %w", err)
			break
		}
		out[rel] = data[:n]
	}
	_, _ = io.Copy(io.Discard, stdout)
	if err := cmd.Wait(); err != nil && readErr == nil {
		readErr = fmt.Errorf("git cat-file: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return out, readErr
}

// blobReader serves a corpus patch from blobs read in advance.
func blobReader(blobs map[string][]byte) func(rel string) ([]byte, error) {
	return func(rel string) ([]byte, error) {
		data, ok := blobs[rel]
		if !ok || data == nil {
			return nil, fmt.Errorf("%s: %w", rel, fs.ErrNotExist)
		}
		return data, nil
	}
}

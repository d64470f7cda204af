package main

import (
	"context"
	"flag"
	"time"

	"litkb/internal/config"

	"litkb/internal/corpus"
	"litkb/internal/gitrepo"
	"litkb/internal/server"
)

// openGit opens the data folder's repository when the settings keep the
// corpus in git, before the corpus loads: it repairs what a crash left
// (see gitrepo.Open). Without git settings it does nothing.
func (a *App) openGit(ctx context.Context) error {
	c := a.Config
	if !c.GitCommit && c.Follow == "" {
		return nil
	}
	push := ""
	if c.GitCommit {
		push = c.GitPush
	}
	r, err := gitrepo.Open(ctx, gitrepo.Options{Dir: c.Data, Commit: c.GitCommit, Push: push, Follow: c.Follow,
		Interval: c.FollowInterval.Duration, Log: a.Log})
	if err != nil {
		return err
	}
	a.Git = r
	return nil
}

// startGit runs the committer, pusher and follower once the store is open.
func (a *App) startGit(ctx context.Context) {
	if a.Git == nil {
		return
	}
	a.Git.Attach(a.Store)
	a.Git.Start(ctx)
	role := "primary"
	if a.Config.Replica() {
		role = "replica"
	}
	a.Log.Info("git: keeping the corpus in git", "role", role, "commit", a.Git.Commit(), "push", a.Config.GitPush, "follow", a.Config.Follow, "interval", a.Config.FollowInterval.Duration)
}

// onWrite is the store's OnWrite: the git committer, or nothing.
func (a *App) onWrite() func(corpus.Written) {
	if a.Git == nil {
		return nil
	}
	return a.Git.Written
}

// replication is what the server shows of git, or nil (never a nil
// pointer in an interface).
func (a *App) replication() server.Replication {
	if a.Git == nil {
		return nil
	}
	return a.Git
}

// stopGit waits, once serve's context has ended, for an apply under way
// to finish, before the index closes.
func (a *App) stopGit() {
	if a.Git != nil {
		a.Git.Wait()
	}
}

// closeGit commits writes still queued when serve stops (requests have
// drained) and tries one push, so a clean stop leaves nothing to recover.
func (a *App) closeGit(ctx context.Context) {
	if a.Git != nil {
		a.Git.Flush(ctx)
	}
}

// gitFlags are serve's git flags; those not given leave the config alone.
type gitFlags struct {
	commit                bool
	push, follow, primary string
	interval              time.Duration
}

func (g *gitFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&g.commit, "git-commit", false, "commit every write in the data folder's git repository (the primary)")
	fs.StringVar(&g.push, "git-push", "", "push commits to this remote, e.g. origin (with --git-commit)")
	fs.StringVar(&g.follow, "follow", "", "fast-forward the data folder from this remote, e.g. origin (a replica, or with --git-commit a primary that takes merged pull requests)")
	fs.DurationVar(&g.interval, "follow-interval", 0, "time between fetches when following (default 5s)")
	fs.StringVar(&g.primary, "primary-url", "", "a replica's primary: where curator pages redirect and API writes are sent")
}

// apply sets the flags that were given over cfg and checks it again.
func (g *gitFlags) apply(fs *flag.FlagSet, cfg config.Config) (config.Config, error) {
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "git-commit":
			cfg.GitCommit = g.commit
		case "git-push":
			cfg.GitPush = g.push
		case "follow":
			cfg.Follow = g.follow
		case "follow-interval":
			cfg.FollowInterval.Duration = g.interval
		case "primary-url":
			cfg.PrimaryURL = g.primary
		}
	})
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	return cfg, cfg.ValidateGit()
}

package config

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
)

// applyGitEnv reads LITKB_GIT_COMMIT, LITKB_GIT_PUSH, LITKB_FOLLOW,
// LITKB_FOLLOW_INTERVAL, LITKB_SYNC_SECRET and LITKB_PRIMARY_URL.
func (c *Config) applyGitEnv(lookup func(string) (string, bool)) error {
	if v, ok := lookupEnv(lookup, "LITKB_GIT_COMMIT"); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("config: LITKB_GIT_COMMIT: %q is not true or false", v)
		}
		c.GitCommit = b
	}
	for name, dst := range map[string]*string{"LITKB_GIT_PUSH": &c.GitPush, "LITKB_FOLLOW": &c.Follow,
		"LITKB_SYNC_SECRET": &c.SyncSecret, "LITKB_PRIMARY_URL": &c.PrimaryURL} {
		if v, ok := lookupEnv(lookup, name); ok {
			*dst = v
		}
	}
	if v, ok := lookupEnv(lookup, "LITKB_FOLLOW_INTERVAL"); ok {
		if err := c.FollowInterval.UnmarshalText([]byte(v)); err != nil {
			return fmt.Errorf("config: LITKB_FOLLOW_INTERVAL: %w", err)
		}
	}
	return nil
}

// Replica is a server that follows a remote and writes nothing itself.
func (c Config) Replica() bool { return c.Follow != "" && !c.GitCommit }

// ValidateGit checks the git settings against each other; serve calls it
// once its flags are applied (a flag may supply the other half).
func (c Config) ValidateGit() error {
	var errs []error
	if c.GitPush != "" && !c.GitCommit {
		errs = append(errs, errors.New("git_push needs git_commit = true: only a primary that commits has commits to push"))
	}
	if c.SyncSecret != "" && c.Follow == "" {
		errs = append(errs, errors.New("sync_secret is for a server that follows a remote: set follow too"))
	}
	if len(errs) > 0 {
		return fmt.Errorf("config: %w", errors.Join(errs...))
	}
	return nil
}

// validateGit checks each git setting on its own.
func (c Config) validateGit() []error {
	var errs []error
	if c.FollowInterval.Duration <= 0 {
		errs = append(errs, errors.New("follow_interval must be positive"))
	}
	if c.PrimaryURL != "" {
		u, err := url.Parse(c.PrimaryURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			errs = append(errs, fmt.Errorf("primary_url %q: give the primary's origin, e.g. https://primary.litkb.example.org", c.PrimaryURL))
		}
	}
	return errs
}

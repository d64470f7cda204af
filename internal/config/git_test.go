package config

import (
	"strings"
	"testing"
	"time"
)

func TestGitSettings(t *testing.T) {
	env := map[string]string{"LITKB_GIT_COMMIT": "true", "LITKB_GIT_PUSH": "origin", "LITKB_FOLLOW": "origin",
		"LITKB_FOLLOW_INTERVAL": "2s", "LITKB_SYNC_SECRET": "s", "LITKB_PRIMARY_URL": "https://primary.example.org"}
	c, err := Load("", false, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	if !c.GitCommit || c.GitPush != "origin" || c.Follow != "origin" || c.FollowInterval.Duration != 2*time.Second ||
		c.SyncSecret != "s" || c.PrimaryURL != "https://primary.example.org" || c.Replica() {
		t.Errorf("got %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	if err := c.ValidateGit(); err != nil {
		t.Error(err)
	}
	if d := Default(); d.FollowInterval.Duration != 5*time.Second || d.GitCommit || d.Replica() {
		t.Errorf("defaults %+v", d)
	}
}

func TestGitSettingErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"push without commit", func(c *Config) { c.GitPush = "origin" }, "git_push needs git_commit"},
		{"secret without follow", func(c *Config) { c.SyncSecret = "s" }, "sync_secret is for a server that follows"},
		{"zero interval", func(c *Config) { c.Follow, c.FollowInterval.Duration = "origin", 0 }, "follow_interval must be positive"},
		{"primary with a path", func(c *Config) { c.PrimaryURL = "https://p.example.org/kb" }, "primary_url"},
		{"primary without scheme", func(c *Config) { c.PrimaryURL = "p.example.org" }, "primary_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.edit(&c)
			err := c.Validate()
			if err == nil {
				err = c.ValidateGit()
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := Load("", false, func(k string) (string, bool) { return "yes please", k == "LITKB_GIT_COMMIT" }); err == nil || !strings.Contains(err.Error(), "LITKB_GIT_COMMIT") {
		t.Errorf("a bad LITKB_GIT_COMMIT: %v", err)
	}
}

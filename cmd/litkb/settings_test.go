package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestURLSettingsPrecedence: base_url and allowed_hosts come from the
// file, then LITKB_*, then --base-url and --allowed-hosts.
func TestURLSettingsPrecedence(t *testing.T) {
	file := filepath.Join(t.TempDir(), "litkb.toml")
	toml := "addr = \"127.0.0.1:8080\"\nbase_url = \"https://file.example.org\"\nallowed_hosts = [\"file.example.org\"]\n"
	if err := os.WriteFile(file, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LITKB_BASE_URL", "https://env.example.org")
	t.Setenv("LITKB_ALLOWED_HOSTS", "env.example.org")
	for _, tt := range []struct {
		args  []string
		base  string
		hosts []string
	}{
		{nil, "https://env.example.org", []string{"env.example.org", "127.0.0.1"}},
		{[]string{"--base-url", "https://Flag.example.org/", "--allowed-hosts", "a.example, b.example:8080"},
			"https://flag.example.org", []string{"a.example", "b.example:8080", "127.0.0.1"}},
		{[]string{"--base-url", "", "--allowed-hosts", ""}, "", []string{"127.0.0.1"}},
	} {
		s := serveSettings(io.Discard)
		if err := s.fs.Parse(append([]string{"--config", file}, tt.args...)); err != nil {
			t.Fatal(err)
		}
		c, err := s.load()
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		base, _ := c.PublicURL()
		hosts, _ := c.Hosts()
		if base != tt.base || !slices.Equal(hosts, tt.hosts) {
			t.Errorf("%q: base %q hosts %q, want %q %q", tt.args, base, hosts, tt.base, tt.hosts)
		}
	}
}

// TestServeRefusesBadBaseURL: a bad setting stops the start, naming it,
// before anything is opened.
func TestServeRefusesBadBaseURL(t *testing.T) {
	for _, tt := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"--base-url", "https://kb.example.org/kb"}, "", "path prefix"},
		{[]string{"--base-url", "kb.example.org"}, "", "must start with https://"},
		{nil, "https://kb.example.org/?a=1", "query"},
		{[]string{"--allowed-hosts", "*.example.org"}, "", "allowed_hosts"},
	} {
		t.Setenv("LITKB_BASE_URL", tt.env)
		var out, errOut bytes.Buffer
		args := append([]string{"serve", "--config", filepath.Join(t.TempDir(), "none.toml"), "--state", t.TempDir()}, tt.args...)
		// A missing --config file is an error too; give an empty one.
		_ = os.WriteFile(args[2], nil, 0o644)
		code := run(context.Background(), args, &out, &errOut)
		if code != 1 || !strings.Contains(errOut.String(), tt.want) || (tt.want != "allowed_hosts" && !strings.Contains(errOut.String(), "base_url")) {
			t.Errorf("%q %q: exit %d, %s", tt.args, tt.env, code, errOut.String())
		}
	}
}

package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestBaseURLAndHostsOrder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "litkb.toml")
	toml := "base_url = \"https://file.example.org\"\nallowed_hosts = [\"file.example.org\"]\n"
	if err := os.WriteFile(file, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		env       map[string]string
		wantBase  string
		wantHosts []string
	}{
		{"file over defaults", nil, "https://file.example.org", []string{"file.example.org", "localhost"}},
		{"env over file", map[string]string{"LITKB_BASE_URL": "https://ENV.example.org:443/", "LITKB_ALLOWED_HOSTS": " a.example , b.example:8080 "},
			"https://env.example.org", []string{"a.example", "b.example:8080", "localhost"}},
		{"empty env clears", map[string]string{"LITKB_BASE_URL": "", "LITKB_ALLOWED_HOSTS": ""}, "", []string{"localhost"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(file, true, func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			base, _ := c.PublicURL()
			hosts, _ := c.Hosts()
			if base != tt.wantBase || !slices.Equal(hosts, tt.wantHosts) {
				t.Errorf("base %q hosts %q, want %q %q", base, hosts, tt.wantBase, tt.wantHosts)
			}
		})
	}
}

func TestDefaultHosts(t *testing.T) {
	for _, tt := range []struct {
		addr string
		want []string
	}{
		{"localhost:8080", []string{"localhost", "127.0.0.1", "[::1]"}},
		{"10.0.0.5:8080", []string{"localhost", "127.0.0.1", "[::1]", "10.0.0.5"}},
		{"[fe80::1]:8080", []string{"localhost", "127.0.0.1", "[::1]", "[fe80::1]"}},
		{"kb.internal:80", []string{"localhost", "127.0.0.1", "[::1]", "kb.internal"}},
		{"0.0.0.0:8080", []string{"localhost", "127.0.0.1", "[::1]"}}, // a wildcard names no host
		{"[::]:8080", []string{"localhost", "127.0.0.1", "[::1]"}},
		{":8080", []string{"localhost", "127.0.0.1", "[::1]"}},
	} {
		c := Default()
		c.Addr = tt.addr
		got, err := c.Hosts()
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("addr %s: hosts %q, %v; want %q", tt.addr, got, err, tt.want)
		}
	}
}

func TestPublicURL(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"", "", ""},
		{"https://litkb.example.org", "https://litkb.example.org", ""},
		{"https://litkb.example.org/", "https://litkb.example.org", ""},
		{" HTTPS://LitKB.Example.org ", "https://litkb.example.org", ""},
		{"http://litkb.example.org:80", "http://litkb.example.org", ""},
		{"https://litkb.example.org:8443", "https://litkb.example.org:8443", ""},
		{"http://[2001:DB8::1]:8080", "http://[2001:db8::1]:8080", ""},
		{"ftp://litkb.example.org", "", "must start with https://"},
		{"litkb.example.org", "", "must start with https://"},
		{"https://", "", "has no host"},
		{"https:litkb.example.org", "", "has no host"},
		{"https://user:pw@litkb.example.org", "", "user name or password"},
		{"https://litkb.example.org/?a=1", "", "query"},
		{"https://litkb.example.org?", "", "query"},
		{"https://litkb.example.org/#top", "", "fragment"},
		{"https://litkb.example.org#", "", "fragment"},
		{"https://litkb.example.org/kb", "", "path prefix"},
		{"https://litkb.example.org/kb/", "", "path prefix"},
		{"https://lit kb.example.org", "", "base_url"},
		{"https://litkb.example.org:0", "", "bad port"},
		{"https://*.example.org", "", "bad host"},
	}
	for _, tt := range tests {
		c := Default()
		c.BaseURL = tt.in
		got, err := c.PublicURL()
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("%q: %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), "base_url")):
			t.Errorf("%q: error %v, want one naming base_url and saying %q", tt.in, err, tt.err)
		}
	}
}

func TestAllowedHostsValidation(t *testing.T) {
	good := map[string]string{
		"Litkb.Example.org.": "litkb.example.org", "10.0.0.5:08080": "10.0.0.5:8080", "::1": "[::1]",
		"[::1]:8080": "[::1]:8080", "my_service": "my_service",
	}
	for in, want := range good {
		c := Default()
		c.Addr, c.AllowedHosts = ":8080", []string{in}
		got, err := c.Hosts()
		if err != nil || !slices.Equal(got, []string{want}) {
			t.Errorf("%q: %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "https://a.example", "a.example/x", "*.example.org", "a.example:", "a.example:http",
		"a.example:70000", "[::1", "[::1]x", "[1.2.3.4]", "-a.example", "a..example", "bücher.example", "fe80::1%eth0", "u@a.example"} {
		c := Default()
		c.AllowedHosts = []string{in}
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), "allowed_hosts") {
			t.Errorf("%q: Validate() = %v, want an allowed_hosts error", in, err)
		}
	}
}

func TestUnknownHostsKeyStillRefused(t *testing.T) {
	file := filepath.Join(t.TempDir(), "litkb.toml")
	_ = os.WriteFile(file, []byte("allowed_host = [\"a\"]\n"), 0o644)
	if _, err := Load(file, true, nil); err == nil || !strings.Contains(err.Error(), "allowed_host") {
		t.Errorf("a misspelt allowed_hosts: %v", err)
	}
}

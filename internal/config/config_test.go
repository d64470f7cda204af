package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadOrder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "litkb.toml")
	if err := os.WriteFile(file, []byte("addr = \"0.0.0.0:9000\"\ndata = \"corpus\"\nsearch_timeout = \"2s\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"LITKB_DATA": "from-env", "LITKB_WRITE_RATE": "1.5", "LITKB_SEARCH_CORES": "1"}
	c, err := Load(file, true, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.Data != "from-env" || c.State != ".litkb" || c.SearchTimeout.Duration != 2*time.Second || c.WriteRate != 1.5 || c.SearchCores != 1 {
		t.Errorf("got %+v", c)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, file string
		env        map[string]string
		want       string
	}{
		{"unknown key", "adress = \"x\"\n", nil, "unknown setting adress"},
		{"bad duration", "open_timeout = \"soon\"\n", nil, "not a duration"},
		{"bad env duration", "", map[string]string{"LITKB_SEARCH_TIMEOUT": "x"}, "LITKB_SEARCH_TIMEOUT"},
		{"bad env rate", "", map[string]string{"LITKB_SEARCH_RATE": "fast"}, "LITKB_SEARCH_RATE"},
		{"bad env cores", "", map[string]string{"LITKB_SEARCH_CORES": "all"}, "LITKB_SEARCH_CORES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "litkb.toml")
			_ = os.WriteFile(file, []byte(tt.file), 0o644)
			_, err := Load(file, true, func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.toml"), true, nil); err == nil {
		t.Error("a required config file that is missing gave no error")
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.toml"), false, nil); err != nil {
		t.Errorf("an optional missing config file: %v", err)
	}
}

func TestValidate(t *testing.T) {
	c := Default()
	c.TLSCert = "cert.pem"
	c.LogLevel = "loud"
	c.TrustedProxies = []string{"10.0.0.0/8", "not-an-ip"}
	c.SearchCores = -1
	err := c.Validate()
	for _, want := range []string{"tls_cert and tls_key", "log_level", "not-an-ip", "search_cores"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to mention %q", err, want)
		}
	}
	if err := Default().Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

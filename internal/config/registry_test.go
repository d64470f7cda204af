package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRegistrySettings(t *testing.T) {
	file := filepath.Join(t.TempDir(), "litkb.toml")
	body := "crossref_url = \"http://127.0.0.1:9/crossref\"\ncontact_email = \"curators@example.org\"\nverify_interval = \"24h\"\n"
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"LITKB_PUBMED_URL": "http://127.0.0.1:9/eutils", "LITKB_DOI_URL": "http://127.0.0.1:9/doi", "LITKB_VERIFY_INTERVAL": "48h", "LITKB_REGISTRY_RATE": "50"}
	c, err := Load(file, true, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	if c.CrossrefURL != "http://127.0.0.1:9/crossref" || c.PubMedURL != "http://127.0.0.1:9/eutils" || c.DOIURL != "http://127.0.0.1:9/doi" ||
		c.ContactEmail != "curators@example.org" || c.VerifyInterval.Duration != 48*time.Hour || c.RegistryRate != 50 {
		t.Errorf("got %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	d := Default()
	if d.CrossrefURL != "https://api.crossref.org" || d.PubMedURL != "https://eutils.ncbi.nlm.nih.gov/entrez/eutils" || d.DOIURL != "https://doi.org" || d.VerifyInterval.Duration != 0 || d.RegistryRate != 3 {
		t.Errorf("defaults are not the public services, refresh off: %+v", d)
	}
}

func TestRegistrySettingsRefused(t *testing.T) {
	tests := []struct {
		name string
		set  func(*Config)
		want string
	}{
		{"crossref url", func(c *Config) { c.CrossrefURL = "ftp://mirror" }, "crossref_url"},
		{"pubmed url", func(c *Config) { c.PubMedURL = "" }, "pubmed_url"},
		{"doi url", func(c *Config) { c.DOIURL = "doi.org" }, "doi_url"},
		{"contact", func(c *Config) { c.ContactEmail = "nobody" }, "contact_email"},
		{"interval too short", func(c *Config) { c.VerifyInterval.Duration = time.Minute }, "verify_interval"},
		{"rate", func(c *Config) { c.RegistryRate = 0 }, "registry_rate"},
		{"interval negative", func(c *Config) { c.VerifyInterval.Duration = -time.Hour }, "verify_interval"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.set(&c)
			if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want it to name %q", err, tt.want)
			}
		})
	}
}

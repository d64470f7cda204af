// Package config loads litkb's settings: defaults, then litkb.toml, then
// LITKB_* environment variables; command-line flags are applied last by
// cmd/litkb. Only cmd/litkb imports it.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is every setting litkb has.
type Config struct {
	Addr            string   `toml:"addr"`             // listen address
	Data            string   `toml:"data"`             // the corpus folder
	State           string   `toml:"state"`            // index and other rebuildable state
	LogLevel        string   `toml:"log_level"`        // debug, info, warn, error
	OpenTimeout     Duration `toml:"open_timeout"`     // waiting for the index lock
	ShutdownTimeout Duration `toml:"shutdown_timeout"` // draining requests on stop
	SearchTimeout   Duration `toml:"search_timeout"`   // one search, before a 503
	RequireReview   bool     `toml:"require_review"`   // the publisher must not be the author of the last change
	SearchRate      float64  `toml:"search_rate"`      // searches per second per client; 0: no limit
	SearchCores     int      `toml:"search_cores"`     // cores one search may use when they are idle; 0: all
	WriteRate       float64  `toml:"write_rate"`       // curator writes per second per client; 0: no limit
	TrustedProxies  []string `toml:"trusted_proxies"`  // addresses or CIDRs allowed to set X-Forwarded-For
	TLSCert         string   `toml:"tls_cert"`         // serve HTTPS directly with this certificate
	TLSKey          string   `toml:"tls_key"`          // and this key
	BaseURL         string   `toml:"base_url"`         // public origin of every absolute URL: https://litkb.example.org
	AllowedHosts    []string `toml:"allowed_hosts"`    // without base_url: Host headers that may appear in absolute URLs

	// Registries that add, verify and the notice refresh ask (mirrors and
	// tests point them elsewhere), the contact they are given, and how
	// often serve re-checks notices (0: never).
	CrossrefURL    string   `toml:"crossref_url"`
	PubMedURL      string   `toml:"pubmed_url"`
	DOIURL         string   `toml:"doi_url"`
	ContactEmail   string   `toml:"contact_email"`
	RegistryRate   float64  `toml:"registry_rate"` // requests per second to each registry host
	VerifyInterval Duration `toml:"verify_interval"`

	// Git (git.go): the primary commits and pushes every write; replicas
	// (and a primary that also follows) fast-forward from a remote.
	GitCommit      bool     `toml:"git_commit"`
	GitPush        string   `toml:"git_push"`
	Follow         string   `toml:"follow"`
	FollowInterval Duration `toml:"follow_interval"`
	SyncSecret     string   `toml:"sync_secret"`
	PrimaryURL     string   `toml:"primary_url"`
}

// Duration is a time.Duration written as "10s" in TOML and the environment.
type Duration struct{ time.Duration }

// UnmarshalText parses "10s", "1m".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration such as 10s", string(b))
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration back as "10s".
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Default is litkb out of the box: the bundled corpus, state in .litkb,
// http://localhost:8080.
func Default() Config {
	return Config{
		Addr:            "localhost:8080",
		Data:            "data",
		State:           ".litkb",
		LogLevel:        "info",
		OpenTimeout:     Duration{10 * time.Second},
		ShutdownTimeout: Duration{15 * time.Second},
		SearchTimeout:   Duration{5 * time.Second},
		SearchRate:      20,
		WriteRate:       5,
		// Loopback only: a Host header anyone can send must not become
		// the address in a canonical link, feed or sitemap.
		AllowedHosts:   []string{"localhost", "127.0.0.1", "[::1]"},
		CrossrefURL:    "https://api.crossref.org",
		PubMedURL:      "https://eutils.ncbi.nlm.nih.gov/entrez/eutils",
		DOIURL:         "https://doi.org",
		RegistryRate:   3, // NCBI\'s limit without an API key
		FollowInterval: Duration{5 * time.Second},
	}
}

// Load reads path over the defaults (a missing file is fine unless
// required) and then the LITKB_* variables from lookup.
func Load(path string, required bool, lookup func(string) (string, bool)) (Config, error) {
	c := Default()
	if path != "" {
		data, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist) && !required:
		case err != nil:
			return c, fmt.Errorf("config: %w", err)
		default:
			md, err := toml.Decode(string(data), &c)
			if err != nil {
				return c, fmt.Errorf("config %s: %w", path, err)
			}
			if und := md.Undecoded(); len(und) > 0 {
				keys := make([]string, len(und))
				for i, k := range und {
					keys[i] = k.String()
				}
				return c, fmt.Errorf("config %s: unknown setting %s", path, strings.Join(keys, ", "))
			}
		}
	}
	if err := c.applyEnv(lookup); err != nil {
		return c, err
	}
	if err := c.applyGitEnv(lookup); err != nil {
		return c, err
	}
	if v, ok := lookupEnv(lookup, "LITKB_ALLOWED_HOSTS"); ok {
		c.AllowedHosts = SplitList(v)
	}
	for name, dst := range map[string]*float64{"LITKB_SEARCH_RATE": &c.SearchRate, "LITKB_WRITE_RATE": &c.WriteRate, "LITKB_REGISTRY_RATE": &c.RegistryRate} {
		if lookup == nil {
			break
		}
		if v, ok := lookup(name); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return c, fmt.Errorf("config: %s: %q is not a number", name, v)
			}
			*dst = f
		}
	}
	if v, ok := lookupEnv(lookup, "LITKB_SEARCH_CORES"); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			return c, fmt.Errorf("config: LITKB_SEARCH_CORES: %q is not a whole number", v)
		}
		c.SearchCores = n
	}
	return c, nil
}

func lookupEnv(lookup func(string) (string, bool), name string) (string, bool) {
	if lookup == nil {
		return "", false
	}
	return lookup(name)
}

// SplitList reads a comma-separated list (LITKB_ALLOWED_HOSTS,
// --allowed-hosts); "" is the empty list.
func SplitList(v string) []string {
	out := []string{}
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// applyEnv reads LITKB_ADDR, LITKB_DATA, LITKB_STATE, LITKB_LOG_LEVEL,
// LITKB_OPEN_TIMEOUT, LITKB_SHUTDOWN_TIMEOUT, LITKB_SEARCH_TIMEOUT,
// LITKB_TLS_CERT, LITKB_TLS_KEY, LITKB_BASE_URL, LITKB_CROSSREF_URL,
// LITKB_PUBMED_URL, LITKB_DOI_URL, LITKB_CONTACT_EMAIL, LITKB_VERIFY_INTERVAL.
func (c *Config) applyEnv(lookup func(string) (string, bool)) error {
	if lookup == nil {
		return nil
	}
	for _, s := range []struct {
		name string
		str  *string
		dur  *Duration
	}{
		{"LITKB_ADDR", &c.Addr, nil},
		{"LITKB_DATA", &c.Data, nil},
		{"LITKB_STATE", &c.State, nil},
		{"LITKB_LOG_LEVEL", &c.LogLevel, nil},
		{"LITKB_OPEN_TIMEOUT", nil, &c.OpenTimeout},
		{"LITKB_SHUTDOWN_TIMEOUT", nil, &c.ShutdownTimeout},
		{"LITKB_SEARCH_TIMEOUT", nil, &c.SearchTimeout},
		{"LITKB_TLS_CERT", &c.TLSCert, nil},
		{"LITKB_TLS_KEY", &c.TLSKey, nil},
		{"LITKB_BASE_URL", &c.BaseURL, nil},
		{"LITKB_CROSSREF_URL", &c.CrossrefURL, nil},
		{"LITKB_PUBMED_URL", &c.PubMedURL, nil},
		{"LITKB_DOI_URL", &c.DOIURL, nil},
		{"LITKB_CONTACT_EMAIL", &c.ContactEmail, nil},
		{"LITKB_VERIFY_INTERVAL", nil, &c.VerifyInterval},
	} {
		v, ok := lookup(s.name)
		if !ok {
			continue
		}
		if s.str != nil {
			*s.str = v
			continue
		}
		if err := s.dur.UnmarshalText([]byte(v)); err != nil {
			return fmt.Errorf("config: %s: %w", s.name, err)
		}
	}
	return nil
}

// Validate checks the settings together.
func (c Config) Validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("addr is empty"))
	}
	if c.Data == "" {
		errs = append(errs, errors.New("data is empty"))
	}
	if c.State == "" {
		errs = append(errs, errors.New("state is empty"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log_level %q is not one of debug, info, warn, error", c.LogLevel))
	}
	for name, d := range map[string]Duration{"open_timeout": c.OpenTimeout, "shutdown_timeout": c.ShutdownTimeout, "search_timeout": c.SearchTimeout} {
		if d.Duration <= 0 {
			errs = append(errs, fmt.Errorf("%s must be positive", name))
		}
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("tls_cert and tls_key go together: give both or neither"))
	}
	if c.SearchCores < 0 {
		errs = append(errs, errors.New("search_cores cannot be negative (0: as many as are idle; 1: one a search)"))
	}
	if c.SearchRate < 0 || c.WriteRate < 0 {
		errs = append(errs, errors.New("search_rate and write_rate cannot be negative (0 turns a limit off)"))
	}
	if _, err := c.Proxies(); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, c.validateRegistries()...)
	errs = append(errs, c.validateGit()...)
	if _, err := c.PublicURL(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.Hosts(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return fmt.Errorf("config: %w", errors.Join(errs...))
	}
	return nil
}

// Proxies parses trusted_proxies: addresses ("10.0.0.1") or networks ("10.0.0.0/8").
func (c Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, p := range c.TrustedProxies {
		if pre, err := netip.ParsePrefix(p); err == nil {
			out = append(out, pre)
			continue
		}
		a, err := netip.ParseAddr(p)
		if err != nil {
			return nil, fmt.Errorf("trusted_proxies: %q is not an address or network", p)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

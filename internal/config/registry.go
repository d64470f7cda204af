package config

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// minVerifyInterval keeps the scheduled notice refresh polite: the
// registries' notices change over weeks, not minutes.
const minVerifyInterval = time.Hour

// validateRegistries checks the registry settings: http(s) base URLs, a
// contact that looks like an address, and a refresh interval that is off
// or at least an hour.
func (c Config) validateRegistries() []error {
	var errs []error
	for name, v := range map[string]string{"crossref_url": c.CrossrefURL, "pubmed_url": c.PubMedURL, "doi_url": c.DOIURL} {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("%s %q is not an http or https URL", name, v))
		}
	}
	if c.ContactEmail != "" && (!strings.Contains(c.ContactEmail, "@") || strings.ContainsAny(c.ContactEmail, " <>()")) {
		errs = append(errs, fmt.Errorf("contact_email %q is not an email address", c.ContactEmail))
	}
	if c.RegistryRate <= 0 {
		errs = append(errs, fmt.Errorf("registry_rate %g: give the requests per second to each registry (3 is polite)", c.RegistryRate))
	}
	if d := c.VerifyInterval.Duration; d < 0 || (d > 0 && d < minVerifyInterval) {
		errs = append(errs, fmt.Errorf("verify_interval %s: give 0 (off) or at least %s", d, minVerifyInterval))
	}
	return errs
}

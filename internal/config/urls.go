package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// Where litkb's absolute URLs (canonical links, feeds, sitemaps, JSON-LD,
// permalinks) point. The Host header is chosen by whoever sends the
// request, so it may name this server only when the operator said so:
// base_url fixes the public origin, and without it allowed_hosts lists the
// Host values that may be echoed.

// PublicURL is base_url checked and normalised to scheme://host[:port]
// (lower case, no default port, no trailing slash); "" when it is unset.
func (c Config) PublicURL() (string, error) {
	raw := strings.TrimSpace(c.BaseURL)
	if raw == "" {
		return "", nil
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("base_url %q %s", c.BaseURL, fmt.Sprintf(format, args...))
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "", bad("is not a URL such as https://litkb.example.org")
	case u.Scheme != "https" && u.Scheme != "http":
		return "", bad("must start with https:// (or http://)")
	case u.Opaque != "" || u.Host == "":
		return "", bad("has no host: write it as https://litkb.example.org")
	case u.User != nil:
		return "", bad("must not carry a user name or password")
	case u.RawQuery != "" || u.ForceQuery:
		return "", bad("must not have a query (?…)")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return "", bad("must not have a fragment (#…)")
	case u.Path != "" && u.Path != "/":
		// Every route, link and asset of litkb is rooted at "/", so a
		// prefix would give links that lead nowhere.
		return "", bad("has the path %q: litkb cannot be served under a path prefix; give the origin alone (https://litkb.example.org) and route the whole host to litkb", u.Path)
	}
	host, err := hostEntry(u.Host)
	if err != nil {
		return "", bad("has a bad host: %v", err)
	}
	if port := u.Port(); (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		host = strings.TrimSuffix(host, ":"+port)
	}
	return u.Scheme + "://" + host, nil
}

// Hosts is allowed_hosts checked and normalised, plus the host of the
// listen address (any port) unless it is a wildcard such as 0.0.0.0: a
// client that reached litkb by the address it listens on may see that
// address in links. It is never nil.
func (c Config) Hosts() ([]string, error) {
	out := []string{}
	seen := map[string]bool{}
	add := func(h string) {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	var errs []error
	for _, e := range c.AllowedHosts {
		h, err := hostEntry(e)
		if err != nil {
			errs = append(errs, fmt.Errorf("allowed_hosts: %q %w: write a host name or address, with a port to allow only that port (litkb.example.org, 10.0.0.5:8080, [::1])", e, err))
			continue
		}
		add(h)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if host, _, err := net.SplitHostPort(c.Addr); err == nil && host != "" {
		if a, err := netip.ParseAddr(host); err != nil || !a.IsUnspecified() {
			if h, err := hostEntry(host); err == nil {
				add(h)
			}
		}
	}
	return out, nil
}

// hostEntry normalises "name", "name:port", "1.2.3.4[:port]",
// "[v6][:port]" (or a bare v6 address) to lower case with IPv6 in
// brackets, or says what is wrong.
func hostEntry(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	var host, port string
	v6 := false
	switch {
	case s == "":
		return "", errors.New("is empty")
	case strings.ContainsAny(s, "/@?#*"):
		return "", errors.New("is not a host: no scheme, path or wildcard")
	case strings.HasPrefix(s, "["):
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", errors.New("has no closing ]")
		}
		host, port, v6 = s[1:end], s[end+1:], true
		if port != "" {
			if !strings.HasPrefix(port, ":") {
				return "", errors.New("has text after ] that is not :port")
			}
			port = port[1:]
			if port == "" {
				return "", errors.New("has an empty port")
			}
		}
	case strings.Count(s, ":") > 1:
		host, v6 = s, true // a bare IPv6 address
	default:
		var found bool
		host, port, found = strings.Cut(s, ":")
		if found && port == "" {
			return "", errors.New("has an empty port")
		}
	}
	if port != "" {
		n, err := strconv.ParseUint(port, 10, 16)
		if err != nil || n == 0 {
			return "", fmt.Errorf("has a bad port %q", port)
		}
		port = strconv.FormatUint(n, 10)
	}
	if v6 {
		a, err := netip.ParseAddr(host)
		if err != nil || !a.Is6() || a.Zone() != "" {
			return "", errors.New("is not an IPv6 address")
		}
		host = "[" + a.String() + "]"
	} else if err := checkName(strings.TrimSuffix(host, ".")); err != nil {
		return "", err
	} else {
		host = strings.TrimSuffix(host, ".")
	}
	if port != "" {
		host += ":" + port
	}
	return host, nil
}

// checkName accepts a DNS name or an IPv4 address: dot-separated labels
// of letters, digits, '-' and '_'.
func checkName(h string) error {
	if h == "" || len(h) > 253 {
		return errors.New("is not a host name")
	}
	for _, l := range strings.Split(h, ".") {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Errorf("is not a host name (label %q)", l)
		}
		for _, r := range l {
			if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' && r != '_' {
				return fmt.Errorf("is not a host name (character %q)", r)
			}
		}
	}
	return nil
}

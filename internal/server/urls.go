package server

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// Absolute URLs — canonical links, permalinks, JSON-LD, feeds, sitemaps,
// robots.txt, the OpenSearch description, the findings CSV — all start
// with origin. The Host header is whatever the client sent, so echoing it
// lets anyone who can put a response in a cache or a crawler's view
// (Host: evil.example) point this site's links elsewhere: it is used only
// when the operator allowed that host, and never when base_url is set.

// urlPolicy is where absolute URLs point: the configured base URL, or
// the request's host when it is in the allow-list.
type urlPolicy struct {
	base  string // scheme://host[:port], no trailing slash; "" when unset
	hosts map[hostPort]bool
	list  []string  // the allow-list as configured, for the log
	warn  sync.Once // the first refused host is logged, not every one
}

// hostPort is one allowed host; an empty port allows every port.
type hostPort struct{ host, port string }

// defaultHosts are allowed when the server is given no list: loopback
// names, which only someone on this machine reaches us by.
var defaultHosts = []string{"localhost", "127.0.0.1", "[::1]"}

func newURLPolicy(base string, hosts []string) (*urlPolicy, error) {
	p := &urlPolicy{hosts: map[hostPort]bool{}, list: hosts}
	if base != "" {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
			u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
			return nil, fmt.Errorf("base_url %q: want an origin such as https://litkb.example.org, with no path, query, fragment or user", base)
		}
		h, port, ok := splitHost(u.Host)
		if !ok {
			return nil, fmt.Errorf("base_url %q: bad host %q", base, u.Host)
		}
		p.base = u.Scheme + "://" + joinHost(h, port)
	}
	if hosts == nil {
		p.list = defaultHosts
	}
	for _, e := range p.list {
		h, port, ok := splitHost(e)
		if !ok {
			return nil, fmt.Errorf("allowed_hosts: %q is not a host or host:port", e)
		}
		p.hosts[hostPort{h, port}] = true
	}
	return p, nil
}

// logMode says at start where links will point, so an operator sees a
// missing base_url before a crawler does.
func (p *urlPolicy) logMode(log *slog.Logger) {
	if p.base != "" {
		log.Info("absolute URLs start with base_url", "base_url", p.base)
		return
	}
	log.Info("base_url is not set: absolute URLs only for requests to an allowed host; others get relative links and no feed or sitemap",
		"allowed_hosts", strings.Join(p.list, ","))
}

// origin is the scheme and host absolute URLs start with: base_url when
// set, else the request's own when its Host is allowed, else "" (callers
// then give relative URLs, or refuse through absOrigin).
// X-Forwarded-Host is never read; X-Forwarded-Proto only from a trusted
// proxy, which is the one that ended TLS.
func (s *Server) origin(r *http.Request) string {
	if s.urls.base != "" {
		return s.urls.base
	}
	host, port, ok := splitHost(r.Host)
	if !ok || !(s.urls.hosts[hostPort{host, ""}] || s.urls.hosts[hostPort{host, port}]) {
		s.urls.warn.Do(func() {
			s.log.Warn("a request's Host is not in allowed_hosts: its links are relative and feeds and sitemaps are refused; set base_url",
				"host", r.Host, "request_id", requestID(r.Context()))
		})
		return ""
	}
	scheme := "http"
	if r.TLS != nil || (r.Header.Get("X-Forwarded-Proto") == "https" && s.fromTrustedProxy(r)) {
		scheme = "https"
	}
	return scheme + "://" + joinHost(host, port)
}

// absURL is path (starting with "/") on origin: absolute when the origin
// is known, else path itself, which the client resolves against the
// address it used.
func (s *Server) absURL(r *http.Request, path string) string { return s.origin(r) + path }

// absOrigin is origin for documents whose specifications want absolute
// URLs (Atom ids, sitemap locations, OpenSearch templates): relative ones
// would make them invalid, so without an origin they are refused, with
// what the operator should set. The Host is not repeated back.
func (s *Server) absOrigin(r *http.Request) (string, error) {
	if o := s.origin(r); o != "" {
		return o, nil
	}
	return "", errorf(codeUnavailable, "This address is not one litkb may put in links, and this document needs absolute links. "+
		"The operator should set base_url (LITKB_BASE_URL, --base-url) to the site's public address, or add this host to allowed_hosts.")
}

// fromTrustedProxy reports whether the peer is a configured proxy.
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	return err == nil && s.trusted(a)
}

// splitHost reads "name", "name:port", "[v6]:port" (or a bare v6
// address) in lower case, IPv6 in brackets, without a trailing dot; ok is
// false for anything else, which is then never put in a URL.
func splitHost(s string) (host, port string, ok bool) {
	s = strings.ToLower(s)
	switch {
	case strings.HasPrefix(s, "["):
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", "", false
		}
		host, port = s[1:end], s[end+1:]
		if port != "" {
			if port, ok = strings.CutPrefix(port, ":"); !ok {
				return "", "", false
			}
		}
		return v6Host(host, port)
	case strings.Count(s, ":") > 1:
		return v6Host(s, "")
	}
	host, port, found := strings.Cut(s, ":")
	host = strings.TrimSuffix(host, ".")
	if host == "" || (found && !validPort(port)) {
		return "", "", false
	}
	for _, c := range host {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '.' && c != '_' {
			return "", "", false
		}
	}
	return host, port, true
}

func v6Host(h, port string) (string, string, bool) {
	a, err := netip.ParseAddr(h)
	if err != nil || !a.Is6() || a.Zone() != "" || (port != "" && !validPort(port)) {
		return "", "", false
	}
	return "[" + a.String() + "]", port, true
}

func validPort(p string) bool {
	n, err := strconv.ParseUint(p, 10, 16)
	return err == nil && n > 0 && len(p) <= 5
}

// joinHost is the inverse of splitHost.
func joinHost(host, port string) string {
	if port == "" {
		return host
	}
	return host + ":" + port
}

// Package registry asks the public bibliographic registries about a work:
// Crossref (a work by DOI, and the notices that update it), NCBI
// E-utilities (a PubMed record by PMID) and DOI content negotiation
// (CSL-JSON, for DOIs Crossref does not hold). Each answer becomes a Record,
// which maps onto a draft study, is compared with a curated one, or brings
// its notices into one.
//
// The client is polite: it names a contact in its User-Agent (and in
// Crossref's mailto), keeps to a rate per host, retries 429 and 5xx
// answers with backoff (honouring Retry-After), bounds each request in time
// and each answer in size, and stops when its context ends.
package registry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Public services, the defaults of the crossref_url, pubmed_url and doi_url
// settings.
const (
	DefaultCrossrefURL = "https://api.crossref.org"
	DefaultPubMedURL   = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
	DefaultDOIURL      = "https://doi.org"
)

// Options configure a Client; zero values take the defaults.
type Options struct {
	CrossrefURL, PubMedURL, DOIURL string
	// Contact is an email address the services may write to about our
	// traffic; Crossref serves such clients from its "polite" pool.
	Contact string
	HTTP    *http.Client
	// Timeout bounds one request, body included (default 20s).
	Timeout time.Duration
	// MaxBody is the largest answer read (default 4 MiB).
	MaxBody int64
	// Retries after a 429 or 5xx answer (default 3).
	Retries int
	// Rate is requests per second per host (default 3, NCBI's limit
	// without an API key).
	Rate float64
	// MaxWait caps one wait between retries, Retry-After included (default 60s).
	MaxWait time.Duration
	// Now gives the retrieval date; Sleep waits between retries (tests
	// replace both).
	Now   func() time.Time
	Sleep func(context.Context, time.Duration) error
}

// Client asks the registries. It is safe for concurrent use.
type Client struct {
	opts     Options
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
}

// New returns a client with opts over the defaults.
func New(opts Options) *Client {
	if opts.CrossrefURL == "" {
		opts.CrossrefURL = DefaultCrossrefURL
	}
	if opts.PubMedURL == "" {
		opts.PubMedURL = DefaultPubMedURL
	}
	if opts.DOIURL == "" {
		opts.DOIURL = DefaultDOIURL
	}
	for _, u := range []*string{&opts.CrossrefURL, &opts.PubMedURL, &opts.DOIURL} {
		*u = strings.TrimRight(*u, "/")
	}
	if opts.HTTP == nil {
		opts.HTTP = &http.Client{}
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 20 * time.Second
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = 4 << 20
	}
	if opts.Retries < 0 {
		opts.Retries = 0
	} else if opts.Retries == 0 {
		opts.Retries = 3
	}
	if opts.Rate <= 0 {
		opts.Rate = 3
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	return &Client{opts: opts, limiters: map[string]*rate.Limiter{}}
}

// Today is the retrieval date recorded in provenance, YYYY-MM-DD (UTC).
func (c *Client) Today() string { return c.opts.Now().UTC().Format(time.DateOnly) }

// ErrNotFound is a work the service does not hold.
var ErrNotFound = errors.New("not found")

// Error is a failed request, naming the service and the identifier asked
// about: "crossref: 10.1111/x: not found (404)".
type Error struct {
	Service string // "crossref", "pubmed", "doi.org"
	ID      string
	Status  int // the HTTP status, 0 when there was no answer
	Err     error
}

func (e *Error) Error() string {
	switch {
	case errors.Is(e.Err, ErrNotFound) && e.Status != 0:
		return fmt.Sprintf("%s: %s: not found (%d)", e.Service, e.ID, e.Status)
	case e.Status != 0 && e.Err == nil:
		return fmt.Sprintf("%s: %s: answered %d %s", e.Service, e.ID, e.Status, http.StatusText(e.Status))
	case e.Status != 0:
		return fmt.Sprintf("%s: %s: answered %d: %v", e.Service, e.ID, e.Status, e.Err)
	}
	return fmt.Sprintf("%s: %s: %v", e.Service, e.ID, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// request is one GET to a service.
type request struct {
	service, id, url, accept string
}

// get fetches req.url and returns its body, retrying 429 and 5xx answers.
func (c *Client) get(ctx context.Context, req request) ([]byte, error) {
	fail := func(status int, err error) error {
		return &Error{Service: req.service, ID: req.id, Status: status, Err: err}
	}
	u, err := url.Parse(req.url)
	if err != nil {
		return nil, fail(0, err)
	}
	lim := c.limiter(u.Host)
	for attempt := 0; ; attempt++ {
		if err := lim.Wait(ctx); err != nil {
			return nil, fail(0, err)
		}
		body, status, wait, err := c.once(ctx, req)
		if err == nil {
			return body, nil
		}
		if wait < 0 || attempt >= c.opts.Retries {
			if errors.Is(err, errStatus) {
				err = nil
			}
			return nil, fail(status, err)
		}
		if wait == 0 {
			wait = backoff(attempt)
		}
		if err := c.opts.Sleep(ctx, min(wait, c.opts.MaxWait)); err != nil {
			return nil, fail(0, err)
		}
	}
}

// once makes one request. wait is how long to wait before a retry: < 0
// when the failure is final, 0 for the usual backoff.
func (c *Client) once(ctx context.Context, req request) (body []byte, status int, wait time.Duration, err error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, req.url, nil)
	if err != nil {
		return nil, 0, -1, err
	}
	hr.Header.Set("User-Agent", c.userAgent())
	hr.Header.Set("Accept", req.accept)
	resp, err := c.opts.HTTP.Do(hr)
	if err != nil {
		// Offline, refused, or out of time: nothing a retry soon would mend.
		return nil, 0, -1, unwrapURL(err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, resp.StatusCode, -1, ErrNotFound
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, resp.StatusCode, retryAfter(resp.Header.Get("Retry-After"), c.opts.Now()), errStatus
	case resp.StatusCode != http.StatusOK:
		return nil, resp.StatusCode, -1, errStatus
	}
	body, err = io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBody+1))
	if err != nil {
		return nil, 0, -1, fmt.Errorf("reading the answer: %w", unwrapURL(err))
	}
	if int64(len(body)) > c.opts.MaxBody {
		return nil, 0, -1, fmt.Errorf("the answer is larger than %d bytes; refused", c.opts.MaxBody)
	}
	return body, resp.StatusCode, 0, nil
}

// errStatus marks a failure the status alone explains.
var errStatus = errors.New("status")

func (c *Client) userAgent() string {
	if c.opts.Contact == "" {
		return "litkb/1 (+https://github.com/litkb)"
	}
	return "litkb/1 (mailto:" + c.opts.Contact + ")"
}

func (c *Client) limiter(host string) *rate.Limiter {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.limiters[host]
	if !ok {
		l = rate.NewLimiter(rate.Limit(c.opts.Rate), 1)
		c.limiters[host] = l
	}
	return l
}

// retryAfter reads Retry-After (seconds or an HTTP date); 0 when absent.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// backoff is 0.5s, 1s, 2s, … for successive retries.
func backoff(attempt int) time.Duration { return 500 * time.Millisecond << min(attempt, 6) }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// unwrapURL drops *url.Error's repetition of the method and address.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return fmt.Errorf("no answer in time: %w", ue.Err)
		}
		return ue.Err
	}
	return err
}

// escapePath escapes a DOI for a URL path, keeping its slashes: "<", ";",
// "(", ")" and spaces are all legal in a DOI.
func escapePath(doi string) string {
	parts := strings.Split(doi, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

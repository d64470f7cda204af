package server

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter keeps one token bucket per client. Idle clients are forgotten,
// so memory stays bounded by the clients of the last few minutes.
type limiter struct {
	rate  rate.Limit
	burst int

	mu      sync.Mutex
	clients map[string]*client
	swept   time.Time
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

// newLimiter allows perSecond requests per client with bursts of burst;
// perSecond <= 0 means no limit.
func newLimiter(perSecond float64, burst int) *limiter {
	if perSecond <= 0 {
		return nil
	}
	return &limiter{rate: rate.Limit(perSecond), burst: max(burst, 1), clients: map[string]*client{}}
}

// signInsPerMinute bounds failed web sign-ins per client, so tokens
// cannot be tried at speed (they could not be guessed anyway: 256 random
// bits).
const signInsPerMinute = 5

// newSignInLimiter allows signInsPerMinute failed sign-ins a minute per
// client, all of them at once at most.
func newSignInLimiter() *limiter { return newLimiter(signInsPerMinute/60.0, signInsPerMinute) }

// wait is how long key must wait before allow would let it go ahead,
// without using up a request: a sign-in checks it first and spends a
// request only when the token is wrong.
func (l *limiter) wait(key string) time.Duration {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.clients[key]
	if !ok {
		return 0
	}
	if tokens := c.lim.TokensAt(time.Now()); tokens < 1 {
		return time.Duration((1 - tokens) / float64(l.rate) * float64(time.Second))
	}
	return 0
}

// allow reports whether key may go ahead, and if not, how long to wait.
func (l *limiter) allow(key string) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, c := range l.clients {
			if now.Sub(c.seen) > 10*time.Minute {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	c, ok := l.clients[key]
	if !ok {
		c = &client{lim: rate.NewLimiter(l.rate, l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	r := c.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// limited wraps a handler with a per-client limit; past it the client gets
// a 429 with Retry-After.
func (s *Server) limited(l *limiter, h func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	if l == nil {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		if ok, wait := l.allow(s.clientIP(r)); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			return errorf(codeTooMany, "too many requests; try again in %d s", int(math.Ceil(wait.Seconds())))
		}
		return h(w, r)
	}
}

// clientIP is the peer's address, or the client a trusted proxy forwarded
// for: X-Forwarded-For is believed only from the configured proxies.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !s.trusted(peer) {
		return host
	}
	// The rightmost address not belonging to a trusted proxy is the client.
	hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !s.trusted(a) {
			return a.String()
		}
	}
	return host
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

package server

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"sync"
	"time"

	"litkb/internal/corpus"
)

// Web sessions for the curator pages. A curator signs in once with their
// token; the browser then carries only a random session id. Sessions live
// in memory: a restart signs everyone out, which is the safe direction.
const (
	sessionCookie = "litkb_session"
	sessionTTL    = 12 * time.Hour
	maxSessions   = 10000
)

// session is one signed-in browser. Only flash changes after creation, and
// only under sessions.mu.
type session struct {
	id        string
	actor     corpus.Actor
	tokenHash string // the token signed in with: a revoked token ends the session
	csrf      string // the form token every POST must carry
	expires   time.Time
	flash     *flash
}

// flash is a one-time message shown on the page a redirect leads to.
type flash struct {
	Kind     string // "ok" or "error"
	Text     string
	Link     string
	LinkText string
	Items    []string
}

// sessions is the server-side session table.
type sessions struct {
	mu  sync.Mutex
	m   map[string]*session
	now func() time.Time
}

func newSessions() *sessions { return &sessions{m: map[string]*session{}, now: time.Now} }

// randomToken is 32 bytes from crypto/rand, URL-safe.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand panics on a broken source)
	return base64.RawURLEncoding.EncodeToString(b)
}

// create starts a session for a, forgetting expired ones; past the cap the
// session closest to its end makes room.
func (ss *sessions) create(a corpus.Actor, tokenHash string) session {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	now := ss.now()
	for id, s := range ss.m {
		if now.After(s.expires) {
			delete(ss.m, id)
		}
	}
	if len(ss.m) >= maxSessions {
		var oldest *session
		for _, s := range ss.m {
			if oldest == nil || s.expires.Before(oldest.expires) {
				oldest = s
			}
		}
		delete(ss.m, oldest.id)
	}
	s := &session{id: randomToken(), actor: a, tokenHash: tokenHash, csrf: randomToken(), expires: now.Add(sessionTTL)}
	ss.m[s.id] = s
	return *s
}

// get returns a live session by id (a copy: callers never touch the table).
func (ss *sessions) get(id string) (session, bool) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.m[id]
	if !ok {
		return session{}, false
	}
	if ss.now().After(s.expires) {
		delete(ss.m, id)
		return session{}, false
	}
	return *s, true
}

func (ss *sessions) delete(id string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.m, id)
}

// setFlash leaves a message for the next page the session sees.
func (ss *sessions) setFlash(id string, f flash) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if s, ok := ss.m[id]; ok {
		s.flash = &f
	}
}

// takeFlash returns the waiting message once.
func (ss *sessions) takeFlash(id string) *flash {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.m[id]
	if !ok {
		return nil
	}
	f := s.flash
	s.flash = nil
	return f
}

// session returns the signed-in curator of r, if any: a live session whose
// token has not been revoked since.
func (cu *curator) session(r *http.Request) (session, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return session{}, false
	}
	s, ok := cu.sessions.get(c.Value)
	if !ok {
		return session{}, false
	}
	if !cu.tokenActive(s.tokenHash) {
		cu.sessions.delete(s.id)
		return session{}, false
	}
	return s, true
}

// tokenActive reports whether the token a session was opened with still
// exists unrevoked, so `litkb token revoke` ends its sessions too.
func (cu *curator) tokenActive(hash string) bool {
	if cu.s.tokens == nil {
		return false
	}
	ts, err := cu.s.tokens.List()
	if err != nil {
		return false
	}
	for _, t := range ts {
		if t.Hash == hash && t.Revoked == nil {
			return true
		}
	}
	return false
}

// setSessionCookie hands the browser its session id: HttpOnly, SameSite=Lax
// (a link from elsewhere still arrives signed in; a cross-site POST does
// not carry it), Secure when the request came over TLS.
func setSessionCookie(w http.ResponseWriter, r *http.Request, s session) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: s.id, Path: "/", Expires: s.expires, MaxAge: int(sessionTTL.Seconds()),
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode,
	})
}

func clearCookie(w http.ResponseWriter, r *http.Request, name, path string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1, HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

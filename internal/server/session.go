package server

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"time"

	"litkb/internal/corpus"
	"litkb/internal/token"
)

// Web sessions for the curator pages. A curator signs in once with their
// token; the browser then carries only a random session secret. The table
// is kept in memory and written through to the state folder (sessions.json
// beside the tokens, see token.Store.SaveSessions) holding only a hash of
// each secret, so a restart or deploy keeps curators signed in while the
// file alone signs nobody in.
const (
	sessionCookie = "litkb_session"
	sessionTTL    = 12 * time.Hour
	maxSessions   = 10000
	// maxSessionsPerToken keeps one token (a curator signing in from a
	// script, or a leaked token) from crowding everyone else out of the
	// table: its own oldest session makes room.
	maxSessionsPerToken = 20
)

// session is one signed-in browser. Only flash changes after creation, and
// only under sessions.mu. The table holds no id: copies handed to a
// request carry the id from its cookie.
type session struct {
	id        string // the cookie's secret; empty inside the table
	hash      string // token.Hash(id): the table's key and all that is stored
	actor     corpus.Actor
	tokenHash string // the token signed in with: a revoked token ends the session
	csrf      string // the form token every POST must carry
	expires   time.Time
	flash     *flash // not persisted: a restart loses at most one message
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
	m   map[string]*session // by hash
	now func() time.Time

	// store persists the table; nil keeps it in memory only.
	store *token.Store
	log   *slog.Logger
	// saveMu orders writes: the table is copied while it is held, so a
	// later copy is never overwritten by an earlier one.
	saveMu sync.Mutex
}

// newSessions is a table in memory only.
func newSessions() *sessions { return &sessions{m: map[string]*session{}, now: time.Now} }

// openSessions is a table persisted in tokens' folder, starting with the
// sessions that were live when the server stopped. A file that cannot be
// read costs a sign-in, never the start: it is logged and replaced.
func openSessions(tokens *token.Store, log *slog.Logger) *sessions {
	ss := newSessions()
	if tokens == nil {
		return ss
	}
	ss.store, ss.log = tokens, log
	// Expired and revoked sessions leave the file now, not at the next
	// sign-in, which may be days away.
	if err := tokens.PruneSessions(ss.now()); err != nil {
		log.Error("curator sessions not pruned", "err", err)
	}
	stored, err := tokens.Sessions(ss.now())
	if err != nil {
		log.Error("curator sessions not restored; curators sign in again", "err", err)
		return ss
	}
	// Past the cap (a file edited by hand), the sessions ending last stay.
	sort.Slice(stored, func(i, j int) bool { return stored[i].Expires.After(stored[j].Expires) })
	if len(stored) > maxSessions {
		stored = stored[:maxSessions]
	}
	for _, x := range stored {
		ss.m[x.Hash] = &session{hash: x.Hash, actor: corpus.Actor{Name: x.Name, Role: x.Role}, tokenHash: x.Token, expires: x.Expires}
	}
	if len(stored) > 0 {
		log.Info("curator sessions restored", "sessions", len(stored))
	}
	return ss
}

// randomToken is 32 bytes from crypto/rand, URL-safe.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand panics on a broken source)
	return base64.RawURLEncoding.EncodeToString(b)
}

// csrfFor derives a session's form token from its secret, so it needs no
// storage and survives a restart with the session. Knowing it reveals
// nothing of the secret; the domain prefix keeps it apart from the stored
// hash.
func csrfFor(id string) string {
	sum := sha256.Sum256([]byte("litkb form token\x00" + id))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// create starts a session for a, forgetting expired ones; past a cap the
// session closest to its end makes room (the token's own first). It is on
// disk before it is returned.
func (ss *sessions) create(a corpus.Actor, tokenHash string) session {
	id := randomToken()
	ss.mu.Lock()
	now := ss.now()
	mine := 0
	for h, s := range ss.m {
		switch {
		case now.After(s.expires):
			delete(ss.m, h)
		case s.tokenHash == tokenHash:
			mine++
		}
	}
	if mine >= maxSessionsPerToken {
		ss.evictLocked(func(s *session) bool { return s.tokenHash == tokenHash })
	}
	if len(ss.m) >= maxSessions {
		ss.evictLocked(func(*session) bool { return true })
	}
	s := &session{hash: token.Hash(id), actor: a, tokenHash: tokenHash, expires: now.Add(sessionTTL)}
	ss.m[s.hash] = s
	out := *s
	ss.mu.Unlock()
	ss.save()
	out.id, out.csrf = id, csrfFor(id)
	return out
}

// evictLocked removes the session closest to its end among those match
// accepts.
func (ss *sessions) evictLocked(match func(*session) bool) {
	var oldest *session
	for _, s := range ss.m {
		if match(s) && (oldest == nil || s.expires.Before(oldest.expires)) {
			oldest = s
		}
	}
	if oldest != nil {
		delete(ss.m, oldest.hash)
	}
}

// get returns a live session by id (a copy: callers never touch the table).
func (ss *sessions) get(id string) (session, bool) {
	h := token.Hash(id)
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.m[h]
	if !ok {
		return session{}, false
	}
	if ss.now().After(s.expires) {
		delete(ss.m, h) // the file drops it at the next save: expired ones are never written
		return session{}, false
	}
	out := *s
	out.id, out.csrf = id, csrfFor(id)
	return out, true
}

// delete ends a session, on disk too before it returns: a signed-out
// session must not come back with a restart.
func (ss *sessions) delete(id string) {
	h := token.Hash(id)
	ss.mu.Lock()
	_, ok := ss.m[h]
	delete(ss.m, h)
	ss.mu.Unlock()
	if ok {
		ss.save()
	}
}

// save writes the table through to the state folder. A failure is logged,
// not returned: the table in memory stays right, and the next save writes
// it whole.
func (ss *sessions) save() {
	if ss.store == nil {
		return
	}
	ss.saveMu.Lock()
	defer ss.saveMu.Unlock()
	ss.mu.Lock()
	now := ss.now()
	list := make([]token.Session, 0, len(ss.m))
	for _, s := range ss.m {
		list = append(list, token.Session{Hash: s.hash, Name: s.actor.Name, Role: s.actor.Role, Token: s.tokenHash, Expires: s.expires})
	}
	ss.mu.Unlock()
	sort.Slice(list, func(i, j int) bool { return list[i].Expires.Before(list[j].Expires) }) // a stable file to read
	if err := ss.store.SaveSessions(list, now); err != nil {
		ss.log.Error("curator sessions not saved; a restart may sign curators out or keep a signed-out session until it expires", "err", err)
	}
}

// setFlash leaves a message for the next page the session sees.
func (ss *sessions) setFlash(id string, f flash) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if s, ok := ss.m[token.Hash(id)]; ok {
		s.flash = &f
	}
}

// takeFlash returns the waiting message once.
func (ss *sessions) takeFlash(id string) *flash {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.m[token.Hash(id)]
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

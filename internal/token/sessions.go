package token

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Curator browser sessions are kept beside the tokens, so that a restart
// or a deploy does not sign everyone out. As with tokens, only a hash of a
// session's secret is stored; the secret itself lives in the browser's
// cookie, so the file cannot be used to sign in.

// SessionsFile is the sessions file's name, in the tokens file's folder.
const SessionsFile = "sessions.json"

// Session is one signed-in browser as stored.
type Session struct {
	Hash    string    `json:"hash"` // Hash of the cookie's secret
	Name    string    `json:"name"`
	Role    string    `json:"role"`
	Token   string    `json:"token"` // hash of the token signed in with
	Expires time.Time `json:"expires"`
}

func (s *Store) sessionsPath() string { return filepath.Join(filepath.Dir(s.path), SessionsFile) }

// Sessions returns the stored sessions that are live at now: unexpired and
// opened with a token that still exists unrevoked.
func (s *Store) Sessions(now time.Time) ([]Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(); err != nil {
		return nil, err
	}
	all, err := s.readSessions()
	if err != nil {
		return nil, err
	}
	return s.live(all, now), nil
}

// SaveSessions replaces the stored sessions with the live ones among ss,
// durably: a sign-out is not undone by a crash.
func (s *Store) SaveSessions(ss []Session, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(); err != nil {
		return err
	}
	return s.writeSessions(s.live(ss, now))
}

// PruneSessions drops from the file the sessions that have expired by now
// or whose token is no longer active; it writes only when one was dropped.
func (s *Store) PruneSessions(now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(); err != nil {
		return err
	}
	return s.pruneSessions(now)
}

// pruneSessions is PruneSessions for a caller holding s.mu with the tokens
// loaded.
func (s *Store) pruneSessions(now time.Time) error {
	all, err := s.readSessions()
	if err != nil {
		return err
	}
	live := s.live(all, now)
	if len(live) == len(all) {
		return nil
	}
	return s.writeSessions(live)
}

// live keeps the sessions unexpired at now whose token is active; the
// caller holds s.mu with the tokens loaded.
func (s *Store) live(ss []Session, now time.Time) []Session {
	active := make(map[string]bool, len(s.tokens))
	for _, t := range s.tokens {
		if t.Revoked == nil {
			active[t.Hash] = true
		}
	}
	out := make([]Session, 0, len(ss))
	for _, x := range ss {
		if active[x.Token] && now.Before(x.Expires) && x.Hash != "" {
			out = append(out, x)
		}
	}
	return out
}

func (s *Store) readSessions() ([]Session, error) {
	b, err := os.ReadFile(s.sessionsPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	var ss []Session
	if err := json.Unmarshal(b, &ss); err != nil {
		return nil, fmt.Errorf("sessions: %s is damaged: %w", s.sessionsPath(), err)
	}
	return ss, nil
}

func (s *Store) writeSessions(ss []Session) error {
	b, err := json.MarshalIndent(ss, "", "  ")
	if err != nil {
		return fmt.Errorf("sessions: %w", err)
	}
	if err := writeDurable(s.sessionsPath(), sessionsTemp, append(b, '\n')); err != nil {
		return fmt.Errorf("sessions: %w", err)
	}
	return nil
}

package server

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"litkb/internal/corpus"
	"litkb/internal/study"
	"litkb/internal/token"
)

// The curator web pages: sign-in, the drafts queue, the study forms, the
// import preview and the history page. They are server-rendered and work
// without JavaScript; every change is a POST carrying a CSRF token, and
// every successful POST redirects (POST/redirect/GET), so a reload never
// submits twice.

// curator is the state the curator pages keep beside the Server: the
// sessions, the sign-in limit, uploads waiting for confirmation and the
// cross-origin check.
type curator struct {
	s        *Server
	sessions *sessions
	signIns  *limiter
	uploads  *uploads
	cop      *http.CrossOriginProtection
}

func newCurator(s *Server) *curator {
	cu := &curator{s: s, sessions: newSessions(), signIns: newSignInLimiter(), uploads: newUploads(), cop: http.NewCrossOriginProtection()}
	cu.cop.SetDenyHandler(s.pageHandler(func(http.ResponseWriter, *http.Request) error {
		return errorf(codeForbidden, "This request came from another site, so it was refused and nothing was changed. Use the forms on litkb's own pages.")
	}))
	return cu
}

// protect is the second CSRF layer over every /curate route: a
// cross-origin browser POST is refused before any handler runs.
func (cu *curator) protect(h http.Handler) http.Handler { return cu.cop.Handler(h) }

// curatePage is what every curator page template gets.
type curatePage struct {
	Page
	Who   corpus.Actor // the signed-in curator; zero when nobody is
	CSRF  string       // the hidden form field's value
	Flash *flash
	Nav   string // which curator menu item is this page: drafts, new, import
}

// IsEditor reports whether the signed-in curator may publish.
func (p curatePage) IsEditor() bool { return p.Who.Role == corpus.RoleEditor }

func (cu *curator) base(r *http.Request, s session, title, nav string) curatePage {
	p := curatePage{Page: cu.s.page(r, title), Nav: nav}
	p.Query = ""
	p.Meta = append(p.Meta, metaTag{Name: "robots", Content: "noindex"})
	if s.id != "" {
		p.Who, p.CSRF = s.actor, s.csrf
		p.Flash = cu.sessions.takeFlash(s.id)
	}
	return p
}

// curateHandler is a page handler that knows who is signed in.
type curateHandler func(http.ResponseWriter, *http.Request, session) error

// signedIn lets only signed-in curators through; anyone else is sent to
// the sign-in page, which brings them back afterwards.
func (cu *curator) signedIn(h curateHandler) http.HandlerFunc {
	return cu.s.pageHandler(func(w http.ResponseWriter, r *http.Request) error {
		sess, ok := cu.session(r)
		if !ok {
			cu.toSignIn(w, r)
			return nil
		}
		w.Header().Set("Cache-Control", "no-store")
		return h(w, r, sess)
	})
}

// post is a form submission from a signed-in curator: within the write
// limit, its body bounded and parsed, and its CSRF token checked before h
// runs. A missing or wrong token is a 403 and nothing changes.
func (cu *curator) post(limit int64, h curateHandler) http.HandlerFunc {
	return cu.signedIn(func(w http.ResponseWriter, r *http.Request, sess session) error {
		return cu.s.limited(cu.s.writeLimit, func(w http.ResponseWriter, r *http.Request) error {
			if err := parseForm(w, r, limit); err != nil {
				return err
			}
			if !sameSecret(r.PostFormValue(csrfField), sess.csrf) {
				return errCSRF
			}
			return h(w, r, sess)
		})(w, r)
	})
}

// toSignIn redirects to the sign-in page; a page (GET) is remembered so
// the curator lands on it after signing in.
func (cu *curator) toSignIn(w http.ResponseWriter, r *http.Request) {
	q := url.Values{}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		if next := safeNext(r.URL.RequestURI()); next != "" {
			q.Set("next", next)
		}
	} else {
		q.Set("why", "post")
	}
	target := "/curate/sign-in"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// safeNext accepts only a path on this site's curator or study pages as a
// place to return to, never another host.
func safeNext(p string) string {
	if !strings.HasPrefix(p, "/curate/") && !strings.HasPrefix(p, "/studies/") {
		return ""
	}
	if strings.HasPrefix(p, "/curate/sign-") || strings.ContainsAny(p, "\\\r\n\t") {
		return ""
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return p
}

// redirect ends a successful POST: the message waits in the session for
// the page the browser is sent to.
func (cu *curator) redirect(w http.ResponseWriter, r *http.Request, s session, to string, f flash) error {
	cu.sessions.setFlash(s.id, f)
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// signInPage is /curate/sign-in.
type signInPage struct {
	curatePage
	Next    string
	Message string // why the page is shown
	Err     string
}

func (cu *curator) signInData(w http.ResponseWriter, r *http.Request) signInPage {
	d := signInPage{curatePage: cu.base(r, session{}, "Curator sign-in", "")}
	d.CSRF = signInSecret(w, r)
	d.Next = safeNext(r.FormValue("next"))
	if s, ok := cu.session(r); ok {
		d.Who = s.actor
	}
	switch {
	case r.URL.Query().Get("why") == "signed-out":
		d.Message = "You are signed out."
	case r.URL.Query().Get("why") == "post":
		d.Message = "You are not signed in (or your session ended), so nothing was changed. Sign in, then submit the form again."
	case d.Next != "":
		d.Message = "Sign in to continue to that page."
	}
	return d
}

func (cu *curator) handleSignInPage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	return cu.s.render(w, r, "curate_signin", cu.signInData(w, r))
}

// handleSignIn exchanges a curator token for a session. The token is
// verified against the stored hashes in constant time; a wrong or revoked
// one gets the form again with a 401. Failed attempts are limited per
// client (signInsPerMinute); past the limit even a good token waits.
func (cu *curator) handleSignIn(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	client := cu.s.clientIP(r)
	if wait := cu.signIns.wait(client); wait > 0 {
		secs := int(math.Ceil(wait.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		return errorf(codeTooMany, "Too many failed sign-ins from here; try again in %d seconds.", secs)
	}
	if err := parseForm(w, r, 64<<10); err != nil {
		return err
	}
	if !signInCSRFOK(r) {
		return errCSRF
	}
	secret := strings.TrimSpace(r.PostFormValue("token"))
	tok, err := token.Token{}, token.ErrUnknown
	if cu.s.tokens != nil && secret != "" {
		tok, err = cu.s.tokens.Verify(secret)
	}
	if err != nil {
		if !errors.Is(err, token.ErrUnknown) {
			return err
		}
		cu.signIns.allow(client) // spend one of the client's failed attempts
		cu.s.log.Warn("curator sign-in refused", "client", client, "request_id", requestID(r.Context()))
		d := cu.signInData(w, r)
		d.Title = "Error: " + d.Title
		d.Err = "That token was not accepted: it is mistyped, was revoked, or was never issued. Paste the whole token (it starts with lk_); an editor can make a new one with litkb token add NAME."
		if secret == "" {
			d.Err = "Paste your curator token; it starts with lk_."
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="litkb"`)
		cu.s.renderStatus(w, r, http.StatusUnauthorized, "curate_signin", d)
		return nil
	}
	if old, ok := cu.session(r); ok {
		cu.sessions.delete(old.id) // a fresh id on every sign-in: no session fixation
	}
	s := cu.sessions.create(corpus.Actor{Name: tok.Name, Role: tok.Role}, tok.Hash)
	cu.s.log.Info("curator signed in", "name", tok.Name, "role", tok.Role, "client", client)
	setSessionCookie(w, r, s)
	clearCookie(w, r, signInCookie, "/curate/")
	next := safeNext(r.PostFormValue("next"))
	if next == "" {
		next = "/curate/drafts"
	}
	return cu.redirect(w, r, s, next, flash{Kind: "ok", Text: "Signed in as " + tok.Name + " (" + tok.Role + ")."})
}

func (cu *curator) handleSignOut(w http.ResponseWriter, r *http.Request, s session) error {
	cu.sessions.delete(s.id)
	clearCookie(w, r, sessionCookie, "/")
	http.Redirect(w, r, "/curate/sign-in?why=signed-out", http.StatusSeeOther)
	return nil
}

// handleCurateHome sends /curate to the drafts queue.
func (cu *curator) handleCurateHome(w http.ResponseWriter, r *http.Request, _ session) error {
	http.Redirect(w, r, "/curate/drafts", http.StatusSeeOther)
	return nil
}

// handleGoTo answers the "open a study by its id" form, which cannot put
// the id into a path without JavaScript.
func (cu *curator) handleGoTo(w http.ResponseWriter, r *http.Request, _ session) error {
	id := strings.TrimSpace(r.URL.Query().Get("id"))
	if !study.ValidID(id) {
		return errorf(codeNotFound, "%q is not a study id: ids are lowercase slugs such as roisman-2002-earned-secure.", id)
	}
	if _, ok := cu.s.Corpus().Study(id); !ok {
		return errorf(codeNotFound, "No study has the id %q.", id)
	}
	http.Redirect(w, r, editURL(id), http.StatusSeeOther)
	return nil
}

func editURL(id string) string    { return "/curate/studies/" + id + "/edit" }
func historyURL(id string) string { return "/studies/" + id + "/history" }

// draftsPage is the queue of drafts with what each still needs.
type draftsPage struct {
	curatePage
	Drafts []draftRow
}

type draftRow struct {
	Study    *study.Study
	Edit     string
	Missing  study.Problems // what publishing would refuse today
	ToCheck  []string
	Imported bool // fields still rest on an imported record
	Last     *corpus.Version
}

// handleDrafts lists every draft, most recently changed first, each with
// the problems it would have as a published study (validated as if
// published) and its provenance.to_check.
func (cu *curator) handleDrafts(w http.ResponseWriter, r *http.Request, s session) error {
	c := cu.s.Corpus()
	d := draftsPage{curatePage: cu.base(r, s, "Drafts", "drafts")}
	for i := range c.Studies {
		st := c.Studies[i]
		if st.Status != "draft" {
			continue
		}
		row := draftRow{Study: st, Edit: editURL(st.ID), ToCheck: st.Provenance.ToCheck}
		asPublished := *st
		asPublished.Status = "published"
		row.Missing = asPublished.Validate(c.Vocab)
		for _, ch := range st.Provenance.Checks {
			if strings.HasPrefix(ch.Source, corpus.ImportSource) {
				row.Imported = true
			}
		}
		if h, err := cu.s.store.History(st.ID); err == nil && len(h) > 0 {
			row.Last = &h[len(h)-1]
		}
		d.Drafts = append(d.Drafts, row)
	}
	sort.SliceStable(d.Drafts, func(i, j int) bool {
		a, b := d.Drafts[i].Last, d.Drafts[j].Last
		switch {
		case a == nil || b == nil:
			return a != nil
		default:
			return a.Time.After(b.Time)
		}
	})
	return cu.s.render(w, r, "curate_drafts", d)
}

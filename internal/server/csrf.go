package server

import (
	"crypto/subtle"
	"errors"
	"mime"
	"net/http"
)

// CSRF defence for the curator forms, in two layers:
//
//  1. every form carries a random per-session token in a hidden field
//     ("csrf"), compared in constant time with the one kept server-side;
//     the sign-in form, which has no session yet, carries a random value
//     that must match a short-lived cookie (double submit);
//  2. http.CrossOriginProtection refuses cross-origin browser POSTs to
//     /curate/… by Sec-Fetch-Site / Origin before any handler runs.
const (
	csrfField     = "csrf"
	signInCookie  = "litkb_signin" // the sign-in form's double-submit value
	maxFormBody   = 1 << 20        // a study form is a few KB; generous for long summaries
	signInFormTTL = 3600           // seconds the sign-in form stays usable
)

// sameSecret compares two secrets in constant time; an empty one never matches.
func sameSecret(got, want string) bool {
	if got == "" || want == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// errCSRF is a form that did not come from a page litkb served to this
// browser, or that outlived its session.
var errCSRF = errorf(codeForbidden, "This form could not be accepted: it has expired or did not come from litkb. Nothing was changed. Go back, reload the page and try again.")

// parseForm reads a form body (urlencoded or multipart) of at most limit
// bytes.
func parseForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	var err error
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		err = r.ParseMultipartForm(1 << 20)
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return errorf(codeTooLarge, "The form is larger than %d MiB; nothing was changed.", limit>>20)
	case err != nil:
		return errorf(codeInvalid, "The form could not be read; nothing was changed. Reload the page and try again.")
	}
	return nil
}

// signInSecret returns the double-submit value for the sign-in form,
// setting its cookie when the browser has none.
func signInSecret(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(signInCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	v := randomToken()
	http.SetCookie(w, &http.Cookie{Name: signInCookie, Value: v, Path: "/curate/", MaxAge: signInFormTTL,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	return v
}

// signInCSRFOK checks the sign-in form's value against its cookie.
func signInCSRFOK(r *http.Request) bool {
	c, err := r.Cookie(signInCookie)
	return err == nil && sameSecret(r.PostFormValue(csrfField), c.Value)
}

package server_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"litkb/internal/token"
)

// The curator pages, driven as a browser without JavaScript would: a
// cookie jar, forms posted as application/x-www-form-urlencoded (or
// multipart for uploads), redirects inspected rather than followed.

// curatorClient is one browser: its cookies and the last CSRF token seen.
type curatorClient struct {
	t    *testing.T
	ts   *httptest.Server
	http *http.Client
	csrf string
}

func newCuratorClient(t *testing.T, ts *httptest.Server) *curatorClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &curatorClient{t: t, ts: ts, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

type pageResp struct {
	code int
	hdr  http.Header
	body string
}

var (
	csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	etagRE = regexp.MustCompile(`name="etag" value="([^"]+)"`)
)

func (c *curatorClient) do(req *http.Request) pageResp {
	c.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfRE.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return pageResp{resp.StatusCode, resp.Header, string(b)}
}

func (c *curatorClient) get(path string) pageResp {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.ts.URL+path, nil)
	return c.do(req)
}

// post sends a form; the CSRF token of the last page is added unless the
// form has one (an empty "csrf" key sends none).
func (c *curatorClient) post(path string, form url.Values, hdr ...string) pageResp {
	c.t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	} else if form.Get("csrf") == "" {
		form.Del("csrf")
	}
	req, _ := http.NewRequest("POST", c.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return c.do(req)
}

// signIn opens the sign-in page and posts the token.
func (c *curatorClient) signIn(secret string) pageResp {
	c.t.Helper()
	if r := c.get("/curate/sign-in"); r.code != 200 {
		c.t.Fatalf("sign-in page: %d", r.code)
	}
	return c.post("/curate/sign-in", url.Values{"token": {secret}})
}

func mustSignIn(t *testing.T, ts *httptest.Server, secret string) *curatorClient {
	t.Helper()
	c := newCuratorClient(t, ts)
	if r := c.signIn(secret); r.code != http.StatusSeeOther {
		t.Fatalf("sign in: %d\n%s", r.code, r.body)
	}
	if r := c.get("/curate/drafts"); r.code != 200 {
		t.Fatalf("drafts after sign-in: %d", r.code)
	}
	return c
}

// studyForm is a complete, publishable study as the form posts it.
func studyFormValues(title string) url.Values {
	v := url.Values{
		"type": {"article"}, "title": {title}, "year": {"2024"}, "journal": {"Journal of Tests"},
		"authors[1].family": {"Quill"}, "authors[1].given": {"Ada"},
		"authors[2].family": {"van Berg"}, "authors[2].given": {"Jan"},
		"authors[3].family": {""},
		"topics":            {"aai", "earned-security"}, "design": {"cross-sectional"}, "sample": {"120 adults"},
		"summary":        {strings.Repeat("A curator summary in our own words about zebrafinch attachment. ", 8)},
		"findings[1].id": {"f1"}, "findings[1].text": {"Half were secure."}, "findings[1].construct": {"aai-secure-3way"},
		"findings[1].measure": {"proportion"}, "findings[1].value": {"0.5"}, "findings[1].n": {"120"},
		"provenance.confidence":       {"medium"},
		"provenance.checks[1].fields": {"title", "authors"}, "provenance.checks[1].source": {"publisher page"},
		"rows.authors": {"3"},
	}
	return v
}

func addTokens(t *testing.T, tokens *token.Store) (cur, ed string) {
	t.Helper()
	cur, err := tokens.Add("Ada", "curator")
	if err != nil {
		t.Fatal(err)
	}
	ed, err = tokens.Add("Eve", "editor")
	if err != nil {
		t.Fatal(err)
	}
	return cur, ed
}

func TestCuratorSignIn(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, _ := addTokens(t, tokens)

	t.Run("no session redirects to sign-in, and back after", func(t *testing.T) {
		c := newCuratorClient(t, ts)
		for _, p := range []string{"/curate/drafts", "/curate/new", "/curate/import", "/curate/studies/roisman-2002-earned-secure/edit", "/curate"} {
			r := c.get(p)
			if r.code != http.StatusSeeOther || !strings.HasPrefix(r.hdr.Get("Location"), "/curate/sign-in") {
				t.Errorf("GET %s: %d to %q, want a redirect to the sign-in page", p, r.code, r.hdr.Get("Location"))
			}
		}
		r := c.get("/curate/drafts")
		if loc := r.hdr.Get("Location"); loc != "/curate/sign-in?next=%2Fcurate%2Fdrafts" {
			t.Errorf("redirect %q does not remember the page", loc)
		}
		before := dirHash(t, dir)
		r = c.post("/curate/new", studyFormValues("Sessionless zebrafinch study"))
		if r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/curate/sign-in?why=post" {
			t.Errorf("POST without a session: %d %q", r.code, r.hdr.Get("Location"))
		}
		if dirHash(t, dir) != before {
			t.Error("a POST without a session changed data/")
		}
		c.get("/curate/sign-in?next=%2Fcurate%2Fimport")
		r = c.post("/curate/sign-in", url.Values{"token": {cur}, "next": {"/curate/import"}})
		if r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/curate/import" {
			t.Errorf("sign-in with next: %d %q", r.code, r.hdr.Get("Location"))
		}
	})

	t.Run("a wrong, empty or revoked token is a 401 with the form again", func(t *testing.T) {
		revoked, _ := tokens.Add("Mallory", "curator")
		if err := tokens.Revoke("Mallory"); err != nil {
			t.Fatal(err)
		}
		for name, secret := range map[string]string{"wrong": "lk_wrong", "empty": "", "revoked": revoked} {
			c := newCuratorClient(t, ts)
			r := c.signIn(secret)
			if r.code != http.StatusUnauthorized || !strings.Contains(r.body, `id="token-err"`) || !strings.Contains(r.body, `<form class="curate-form signin"`) {
				t.Errorf("%s token: %d\n%s", name, r.code, r.body)
			}
			if name != "empty" && !strings.Contains(r.body, "was revoked") {
				t.Errorf("%s token: the message does not say why", name)
			}
			for _, ck := range c.http.Jar.Cookies(mustURL(t, ts.URL+"/")) {
				if ck.Name == "litkb_session" {
					t.Errorf("%s token: a session cookie was set", name)
				}
			}
		}
	})

	t.Run("a good token gives a session cookie: HttpOnly, SameSite, path /", func(t *testing.T) {
		c := newCuratorClient(t, ts)
		r := c.signIn(cur)
		if r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/curate/drafts" {
			t.Fatalf("sign in: %d %q", r.code, r.hdr.Get("Location"))
		}
		var sc string
		for _, h := range r.hdr.Values("Set-Cookie") {
			if strings.HasPrefix(h, "litkb_session=") {
				sc = h
			}
		}
		for _, want := range []string{"HttpOnly", "SameSite=Lax", "Path=/;", "Max-Age=43200"} {
			if !strings.Contains(sc+";", want) {
				t.Errorf("session cookie %q lacks %s", sc, want)
			}
		}
		if strings.Contains(sc, "Secure") {
			t.Errorf("cookie %q is Secure over plain HTTP; the browser would drop it", sc)
		}
		r = c.get("/curate/drafts")
		if r.code != 200 || !strings.Contains(r.body, "Signed in as <strong>Ada</strong> (curator)") || !strings.Contains(r.body, "Signed in as Ada (curator).") {
			t.Errorf("drafts after sign-in: %d, no name or flash", r.code)
		}
		if cc := r.hdr.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("curator page Cache-Control %q", cc)
		}
		// The flash shows once.
		if r = c.get("/curate/drafts"); strings.Contains(r.body, "Signed in as Ada (curator).") {
			t.Error("the flash message showed twice")
		}
		// Sign out: the session ends server-side, not only in the browser.
		old := c.http.Jar.Cookies(mustURL(t, ts.URL+"/"))
		r = c.post("/curate/sign-out", url.Values{})
		if r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/curate/sign-in?why=signed-out" {
			t.Errorf("sign out: %d %q", r.code, r.hdr.Get("Location"))
		}
		replay := newCuratorClient(t, ts)
		replay.http.Jar.SetCookies(mustURL(t, ts.URL+"/"), old)
		if r = replay.get("/curate/drafts"); r.code != http.StatusSeeOther {
			t.Errorf("the old session cookie still works after sign-out: %d", r.code)
		}
	})

	t.Run("sign-in without its CSRF value is refused", func(t *testing.T) {
		c := newCuratorClient(t, ts)
		c.get("/curate/sign-in")
		for _, v := range []string{"", "forged"} {
			r := c.post("/curate/sign-in", url.Values{"token": {cur}, "csrf": {v}})
			if r.code != http.StatusForbidden {
				t.Errorf("csrf %q: %d, want 403", v, r.code)
			}
		}
	})

	t.Run("revoking the token ends its sessions", func(t *testing.T) {
		tmp, _ := tokens.Add("Temp", "curator")
		c := mustSignIn(t, ts, tmp)
		if err := tokens.Revoke("Temp"); err != nil {
			t.Fatal(err)
		}
		if r := c.get("/curate/drafts"); r.code != http.StatusSeeOther {
			t.Errorf("a revoked token's session still works: %d", r.code)
		}
	})

	t.Run("sign-in attempts are limited per client", func(t *testing.T) {
		ts, _, _ := openServer(t, dir)
		c := newCuratorClient(t, ts)
		c.get("/curate/sign-in")
		var codes []int
		for range 7 {
			codes = append(codes, c.post("/curate/sign-in", url.Values{"token": {"lk_guess"}}).code)
		}
		if codes[0] != 401 || codes[6] != http.StatusTooManyRequests {
			t.Errorf("statuses of 7 quick attempts: %v, want 401 first and 429 at the end", codes)
		}
	})
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestCuratorCSRF(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, _ := addTokens(t, tokens)
	c := mustSignIn(t, ts, cur)
	c.get("/curate/new")
	before := dirHash(t, dir)

	for name, form := range map[string]url.Values{
		"missing": {"csrf": {""}},
		"wrong":   {"csrf": {"not-the-token"}},
	} {
		t.Run(name+" CSRF token is a 403 and nothing changes", func(t *testing.T) {
			v := studyFormValues("Forged zebrafinch study")
			v["csrf"] = form["csrf"]
			if r := c.post("/curate/new", v); r.code != http.StatusForbidden || !strings.Contains(r.body, "Nothing was changed") {
				t.Errorf("new: %d", r.code)
			}
			for _, p := range []string{"/curate/studies/roisman-2002-earned-secure/retract", "/curate/studies/roisman-2002-earned-secure/publish", "/curate/sign-out"} {
				if r := c.post(p, url.Values{"csrf": form["csrf"], "reason": {"forged"}}); r.code != http.StatusForbidden {
					t.Errorf("%s: %d, want 403", p, r.code)
				}
			}
		})
	}
	t.Run("a cross-origin POST is refused even with the token", func(t *testing.T) {
		r := c.post("/curate/new", studyFormValues("Cross-site zebrafinch study"), "Sec-Fetch-Site", "cross-site")
		if r.code != http.StatusForbidden {
			t.Errorf("Sec-Fetch-Site cross-site: %d, want 403", r.code)
		}
		r = c.post("/curate/new", studyFormValues("Cross-origin zebrafinch study"), "Origin", "https://evil.example")
		if r.code != http.StatusForbidden {
			t.Errorf("foreign Origin: %d, want 403", r.code)
		}
	})
	if dirHash(t, dir) != before {
		t.Fatal("a refused form changed data/")
	}
	t.Run("the session still works after the refusals", func(t *testing.T) {
		if r := c.get("/curate/drafts"); r.code != 200 {
			t.Errorf("drafts: %d", r.code)
		}
	})
}

func TestCuratorStudyForm(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, ed := addTokens(t, tokens)
	c := mustSignIn(t, ts, cur)

	t.Run("the new form has every group with blank rows and no JavaScript", func(t *testing.T) {
		r := c.get("/curate/new")
		for _, want := range []string{`name="authors[3].family"`, `name="editors[1].family"`, `name="findings[1].value"`,
			`name="provenance.checks[1].fields"`, `name="topics" value="aai"`, `value="add:authors"`, `name="provenance.to_check"`,
			`name="summary"`, `name="article_number"`, `name="findings[1].ci_high"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("new form lacks %s", want)
			}
		}
		if strings.Contains(r.body, "<script>") {
			t.Error("the form has inline script")
		}
	})

	t.Run("add another author keeps the input and adds a row", func(t *testing.T) {
		v := studyFormValues("Zebrafinch attachment in adults")
		v.Set("action", "add:authors")
		r := c.post("/curate/new", v)
		if r.code != 200 || !strings.Contains(r.body, `name="authors[4].family"`) || strings.Contains(r.body, `name="authors[5].family"`) {
			t.Errorf("add author: %d, rows wrong", r.code)
		}
		if !strings.Contains(r.body, `value="van Berg"`) || !strings.Contains(r.body, `<option value="aai-secure-3way" selected>`) {
			t.Error("the input was not kept")
		}
	})

	before := dirHash(t, dir)
	t.Run("a failed save shows every problem beside its field, with the input", func(t *testing.T) {
		v := studyFormValues("Zebrafinch attachment in adults")
		v.Set("year", "20x4")
		v.Set("findings[1].value", "58")
		v.Set("authors[2].given", "Jan <b>")
		r := c.post("/curate/new", v)
		if r.code != http.StatusBadRequest {
			t.Fatalf("invalid save: %d", r.code)
		}
		for _, want := range []string{
			`id="f-year-err"`, `is not a whole number`,
			`id="f-findings-1-value-err"`, `58 is not a proportion`,
			`aria-describedby="f-findings-1-value-hint f-findings-1-value-err" aria-invalid="true"`,
			`href="#f-findings-1-value"`, `2 problems to fix`, `<title>Error: New study`,
			`value="20x4"`, `value="Jan &lt;b&gt;"`,
		} {
			if !strings.Contains(r.body, want) {
				t.Errorf("the page lacks %s", html.EscapeString(want))
			}
		}
		if dirHash(t, dir) != before {
			t.Error("an invalid form changed data/")
		}
	})

	var id string
	t.Run("a fixed save creates the draft and redirects with a flash", func(t *testing.T) {
		v := studyFormValues("Zebrafinch attachment in adults")
		// Row 2 empty between filled rows: dropped, the rest renumbered.
		v.Set("authors[3].family", "Wren")
		v.Set("authors[2].family", "")
		v.Set("authors[2].given", "")
		r := c.post("/curate/new", v)
		if r.code != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.code, r.body)
		}
		loc := r.hdr.Get("Location")
		id = strings.TrimSuffix(strings.TrimPrefix(loc, "/curate/studies/"), "/edit")
		if id != "quill-2024-zebrafinch-attachment" {
			t.Fatalf("redirected to %q", loc)
		}
		b, err := os.ReadFile(filepath.Join(dir, "studies", id+".toml"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `status = "draft"`) || !strings.Contains(string(b), `family = "Wren"`) {
			t.Errorf("file:\n%s", b)
		}
		r = c.get(loc)
		if !strings.Contains(r.body, "Saved as a draft with the id "+id) {
			t.Error("no flash after the redirect")
		}
		if !strings.Contains(r.body, "<h3>APA reference</h3>") || !strings.Contains(r.body, "Quill, A., &amp; Wren") {
			t.Error("the edit page has no preview with the APA reference")
		}
		if strings.Contains(r.body, `action="/curate/studies/`+id+`/publish"`) {
			t.Error("a curator is offered the publish button")
		}
	})

	t.Run("preview shows the study and its reference without saving", func(t *testing.T) {
		v := studyFormValues("Preview only zebrafinch study")
		v.Set("action", "preview")
		h := dirHash(t, dir)
		r := c.post("/curate/new", v)
		if r.code != 200 || !strings.Contains(r.body, `<p class="preview-title">Preview only zebrafinch study</p>`) ||
			!strings.Contains(r.body, "<i>Journal of Tests</i>") || !strings.Contains(r.body, "quill-2024-preview-only") {
			t.Errorf("preview: %d", r.code)
		}
		if dirHash(t, dir) != h {
			t.Error("preview changed data/")
		}
	})

	t.Run("the drafts queue lists it with what is missing", func(t *testing.T) {
		r := c.get("/curate/drafts")
		if !strings.Contains(r.body, `href="/curate/studies/`+id+`/edit"`) {
			t.Fatal("the new draft is not in the queue")
		}
		// The bundled drafts (if any) and this one; it is complete, so ready.
		item := r.body[strings.Index(r.body, `id="d-`+id+`"`):]
		item = item[:strings.Index(item, "</li>")]
		if !strings.Contains(item, "ready for an editor") || !strings.Contains(item, "create by Ada") {
			t.Errorf("queue entry:\n%s", item)
		}
	})

	t.Run("a duplicate DOI names the existing study beside the field", func(t *testing.T) {
		v := studyFormValues("Another title entirely")
		v.Set("doi", "10.1111/1467-8624.00467")
		v.Set("volume", "")
		v["provenance.checks[1].fields"] = []string{"title", "doi"}
		r := c.post("/curate/new", v)
		if r.code != http.StatusConflict || !strings.Contains(r.body, `id="f-doi-err"`) || !strings.Contains(r.body, "roisman-2002-earned-secure") {
			t.Errorf("duplicate: %d", r.code)
		}
	})

	t.Run("a near-identical title asks for confirmation", func(t *testing.T) {
		v := studyFormValues("Zebrafinch attachment in adults!")
		r := c.post("/curate/new", v)
		if r.code != http.StatusConflict || !strings.Contains(r.body, `name="confirm" value="yes"`) || !strings.Contains(r.body, id) {
			t.Fatalf("possible duplicate: %d", r.code)
		}
		v.Set("confirm", "yes")
		if r = c.post("/curate/new", v); r.code != http.StatusSeeOther {
			t.Errorf("confirmed: %d", r.code)
		}
	})

	t.Run("an editor publishes; it is in search", func(t *testing.T) {
		e := mustSignIn(t, ts, ed)
		r := e.get(editURLFor(id))
		if !strings.Contains(r.body, `action="/curate/studies/`+id+`/publish"`) {
			t.Fatal("the editor has no publish button")
		}
		r = e.post("/curate/studies/"+id+"/publish", url.Values{})
		if r.code != http.StatusSeeOther {
			t.Fatalf("publish: %d\n%s", r.code, r.body)
		}
		if got := searchAPI(t, ts, "q=zebrafinch"); got.Total != 1 || got.Hits[0].ID != id {
			t.Errorf("search after publish: %+v", got)
		}
		if r = e.get(r.hdr.Get("Location")); !strings.Contains(r.body, "Published.") || !strings.Contains(r.body, "Status: published") {
			t.Error("no flash or status after publishing")
		}
	})

	t.Run("publishing what is not ready shows the problems beside the fields", func(t *testing.T) {
		v := studyFormValues("A thin zebrafinch draft")
		v.Set("summary", "Too short.")
		if r := c.post("/curate/new", v); r.code != http.StatusSeeOther {
			t.Fatalf("save: %d", r.code)
		}
		e := mustSignIn(t, ts, ed)
		r := e.post("/curate/studies/quill-2024-thin-zebrafinch/publish", url.Values{})
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, `id="f-summary-err"`) || !strings.Contains(r.body, "cannot be published yet") {
			t.Errorf("publish of a thin draft: %d", r.code)
		}
	})

	t.Run("a draft is withdrawn, not retracted: out of the queue, never public, restorable", func(t *testing.T) {
		const thin = "quill-2024-thin-zebrafinch"
		if r := c.get(editURLFor(thin)); !strings.Contains(r.body, "Withdraw this draft") {
			t.Fatal("a draft's page offers no withdrawal")
		}
		r := c.post("/curate/studies/"+thin+"/retract", url.Values{"reason": {"entered twice"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("withdraw: %d", r.code)
		}
		if r = c.get(r.hdr.Get("Location")); !strings.Contains(r.body, "Withdrawn.") || !strings.Contains(r.body, "from before the withdrawal") {
			t.Error("no flash or way back after withdrawing")
		}
		if code, _, _ := get(t, ts, "/studies/"+thin); code != http.StatusNotFound {
			t.Errorf("the withdrawn draft's public page: %d", code)
		}
		if r = c.get("/curate/drafts"); strings.Contains(r.body, `id="d-`+thin+`"`) {
			t.Error("the withdrawn draft is still in the queue")
		}
	})

	t.Run("retract needs a reason, then shows it", func(t *testing.T) {
		c.get(editURLFor(id))
		if r := c.post("/curate/studies/"+id+"/retract", url.Values{"reason": {"  "}}); r.code != http.StatusBadRequest || !strings.Contains(r.body, `id="reason-err"`) {
			t.Errorf("retract without a reason: %d", r.code)
		}
		r := c.post("/curate/studies/"+id+"/retract", url.Values{"reason": {"duplicate of a later paper"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("retract: %d", r.code)
		}
		r = c.get(editURLFor(id))
		if !strings.Contains(r.body, "Restore version 2, from before the retraction") {
			t.Error("a retracted study offers no way back")
		}
		if _, _, page := get(t, ts, "/studies/"+id); !strings.Contains(string(page), "duplicate of a later paper") {
			t.Error("the public page does not show the reason")
		}
		v := url.Values{"version": {"2"}, "etag": {etagRE.FindStringSubmatch(r.body)[1]}, "back": {editURLFor(id)}}
		if r = c.post("/curate/studies/"+id+"/restore", v); r.code != http.StatusSeeOther || r.hdr.Get("Location") != editURLFor(id) {
			t.Fatalf("restore: %d %q", r.code, r.hdr.Get("Location"))
		}
		if r = c.get(editURLFor(id)); !strings.Contains(r.body, "Status: published") {
			t.Error("restoring the version before the retraction did not publish it again")
		}
	})
}

func editURLFor(id string) string { return "/curate/studies/" + id + "/edit" }

func TestCuratorStaleEdit(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, ed := addTokens(t, tokens)
	const id = "roisman-2002-earned-secure"
	file := filepath.Join(dir, "studies", id+".toml")

	ada := mustSignIn(t, ts, cur)
	eve := mustSignIn(t, ts, ed)
	// Both open the edit page; Eve saves first.
	adaPage := ada.get(editURLFor(id))
	adaEtag := etagRE.FindStringSubmatch(adaPage.body)[1]
	eveForm := formOf(t, eve.get(editURLFor(id)).body)
	eveForm.Set("title", "Earned-secure attachment status, as Eve has it")
	if r := eve.post(editURLFor(id), eveForm); r.code != http.StatusSeeOther {
		t.Fatalf("Eve's save: %d\n%s", r.code, r.body)
	}
	before, _ := os.ReadFile(file)

	adaForm := formOf(t, adaPage.body)
	adaForm.Set("etag", adaEtag)
	adaForm.Set("sample", "Ada's better description of the sample")
	ada.csrf = csrfRE.FindStringSubmatch(adaPage.body)[1]
	r := ada.post(editURLFor(id), adaForm)
	t.Run("a stale save shows both versions and writes nothing", func(t *testing.T) {
		if r.code != http.StatusConflict {
			t.Fatalf("stale save: %d", r.code)
		}
		for _, want := range []string{"Both versions, where they differ", "Theirs (saved)", "Yours (not saved)",
			"as Eve has it", "Ada&#39;s better description", "by Eve", "Save my version"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		after, _ := os.ReadFile(file)
		if !bytes.Equal(before, after) {
			t.Error("a stale save changed the file")
		}
		_, _, metrics := get(t, ts, "/metrics")
		if !strings.Contains(string(metrics), `litkb_write_failures_total{code="precondition_failed"} 1`) {
			t.Errorf("the refused page save is not counted in /metrics:\n%s", grepLines(string(metrics), "litkb_write_failures_total"))
		}
	})
	t.Run("the curator re-applies knowingly with the new ETag", func(t *testing.T) {
		m := etagRE.FindStringSubmatch(r.body)
		if m == nil || m[1] == adaEtag {
			t.Fatal("the conflict page does not carry the current ETag")
		}
		again := formOf(t, r.body)
		if again.Get("sample") != "Ada's better description of the sample" {
			t.Fatalf("the conflict form lost Ada's input: %q", again.Get("sample"))
		}
		if r := ada.post(editURLFor(id), again); r.code != http.StatusSeeOther {
			t.Fatalf("re-apply: %d", r.code)
		}
		b, _ := os.ReadFile(file)
		if !strings.Contains(string(b), "Ada's better description") {
			t.Error("the re-applied version was not saved")
		}
	})
	t.Run("the history page shows who changed what, and restores", func(t *testing.T) {
		_, _, pub := get(t, ts, "/studies/"+id+"/history")
		page := string(pub)
		for _, want := range []string{"Version 1: update", "By Eve", "as Eve has it", "Version 2: update", "By Ada"} {
			if !strings.Contains(page, want) {
				t.Errorf("public history lacks %q", want)
			}
		}
		if strings.Contains(page, "Restore version") {
			t.Error("the public sees restore buttons")
		}
		h := ada.get("/studies/" + id + "/history")
		if !strings.Contains(h.body, "Restore version 1") || strings.Contains(h.body, "Restore version 2<") {
			t.Fatal("a curator sees no restore button, or one for the current version")
		}
		v := url.Values{"version": {"1"}, "etag": {etagRE.FindStringSubmatch(h.body)[1]}}
		if r := ada.post("/curate/studies/"+id+"/restore", v); r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/studies/"+id+"/history" {
			t.Fatalf("restore: %d %q", r.code, r.hdr.Get("Location"))
		}
		b, _ := os.ReadFile(file)
		if !strings.Contains(string(b), "as Eve has it") {
			t.Error("restoring version 1 did not bring Eve's title back")
		}
		// A restore over a stale ETag restores nothing.
		before, _ := os.ReadFile(file)
		if r := ada.post("/curate/studies/"+id+"/restore", v); r.code != http.StatusSeeOther {
			t.Errorf("stale restore: %d", r.code)
		}
		if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
			t.Error("a stale restore changed the file")
		}
		if h := ada.get("/studies/" + id + "/history"); !strings.Contains(h.body, "Nothing was restored") {
			t.Error("a stale restore does not say so")
		}
	})
}

var inputRE = regexp.MustCompile(`<input id="[^"]*" name="([^"]+)" type="text" value="([^"]*)"|<input type="hidden" name="([^"]+)" value="([^"]*)"|<textarea id="[^"]*" name="([^"]+)"[^>]*>([^<]*)</textarea>|<input type="checkbox" id="[^"]*" name="([^"]+)" value="([^"]*)" checked>`)
var selectRE = regexp.MustCompile(`(?s)<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>`)
var selectedRE = regexp.MustCompile(`<option value="([^"]*)" selected>`)

// formOf reads the study form on a page back into values, as a browser
// would submit it unchanged.
func formOf(t *testing.T, page string) url.Values {
	t.Helper()
	i := strings.Index(page, `<form class="curate-form study-form"`)
	if i < 0 {
		t.Fatal("no study form on the page")
	}
	page = page[i:]
	page = page[:strings.Index(page, "</form>")]
	v := url.Values{}
	for _, m := range inputRE.FindAllStringSubmatch(page, -1) {
		for k := 1; k < len(m); k += 2 {
			if m[k] != "" {
				v.Add(html.UnescapeString(m[k]), html.UnescapeString(m[k+1]))
			}
		}
	}
	for _, m := range selectRE.FindAllStringSubmatch(page, -1) {
		if s := selectedRE.FindStringSubmatch(m[2]); s != nil {
			v.Set(m[1], html.UnescapeString(s[1]))
		}
	}
	v.Set("action", "save")
	return v
}

func TestCuratorImportPage(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, _ := addTokens(t, tokens)
	c := mustSignIn(t, ts, cur)
	c.get("/curate/import")
	before := dirHash(t, dir)

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", c.csrf)
	_ = mw.WriteField("format", "")
	fw, _ := mw.CreateFormFile("file", "library.bib")
	_, _ = fw.Write([]byte(bib))
	_ = mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+"/curate/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	r := c.do(req)

	t.Run("an upload shows the preview and writes nothing", func(t *testing.T) {
		if r.code != 200 {
			t.Fatalf("preview: %d\n%s", r.code, r.body)
		}
		for _, want := range []string{"Preview of library.bib", "<strong>1</strong> new", "<strong>1</strong> duplicate,", "<strong>1</strong> error.",
			`Already in litkb as <a href="/curate/studies/roisman-2002-earned-secure/edit">`, "Becomes the draft <code>quill-2025-yarrow-attachment</code>",
			`<tr class="rec rec-error">`, "Import 1 new record as a draft"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("preview lacks %q", want)
			}
		}
		if !regexp.MustCompile(`<td>[0-9]+</td>\s*<td><span class="rec-status">Error`).MatchString(r.body) {
			t.Error("the broken record's line is not shown")
		}
		if dirHash(t, dir) != before {
			t.Fatal("the preview changed data/")
		}
	})

	upload := regexp.MustCompile(`name="upload" value="([^"]+)"`).FindStringSubmatch(r.body)
	if upload == nil {
		t.Fatal("no confirm form")
	}
	t.Run("confirm without the CSRF token is refused", func(t *testing.T) {
		if r := c.post("/curate/import/confirm", url.Values{"upload": {upload[1]}, "csrf": {""}}); r.code != http.StatusForbidden {
			t.Errorf("confirm without CSRF: %d", r.code)
		}
		if dirHash(t, dir) != before {
			t.Fatal("a refused confirm changed data/")
		}
	})
	t.Run("confirm writes the drafts, once", func(t *testing.T) {
		r := c.post("/curate/import/confirm", url.Values{"upload": {upload[1]}})
		if r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/curate/drafts" {
			t.Fatalf("confirm: %d %q", r.code, r.hdr.Get("Location"))
		}
		b, err := os.ReadFile(filepath.Join(dir, "studies", "quill-2025-yarrow-attachment.toml"))
		if err != nil || !strings.Contains(string(b), `status = "draft"`) {
			t.Fatalf("imported draft: %v\n%s", err, b)
		}
		d := c.get("/curate/drafts")
		if !strings.Contains(d.body, "Imported 1 record as a draft.") || !strings.Contains(d.body, `id="d-quill-2025-yarrow-attachment"`) ||
			!strings.Contains(d.body, "not yet checked against the original") {
			t.Error("the drafts page does not show the import")
		}
		h := dirHash(t, dir)
		if r := c.post("/curate/import/confirm", url.Values{"upload": {upload[1]}}); r.code != http.StatusBadRequest || !strings.Contains(r.body, "already imported") {
			t.Errorf("second confirm: %d", r.code)
		}
		if dirHash(t, dir) != h {
			t.Error("confirming twice imported twice")
		}
	})
	t.Run("pasted text with an unknown format asks for the format", func(t *testing.T) {
		r := c.post("/curate/import", url.Values{"paste": {"just some words"}})
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, "cannot tell which format") || !strings.Contains(r.body, "just some words") {
			t.Errorf("unknown format: %d", r.code)
		}
	})
	t.Run("another session cannot confirm someone's upload", func(t *testing.T) {
		other := mustSignIn(t, ts, cur)
		other.get("/curate/import")
		r := other.post("/curate/import", url.Values{"paste": {strings.NewReplacer("Yarrow", "Willow", "yarrow", "willow").Replace(bib)}, "format": {"bibtex"}})
		id := regexp.MustCompile(`name="upload" value="([^"]+)"`).FindStringSubmatch(r.body)
		if id == nil {
			t.Fatalf("no upload id: %d", r.code)
		}
		if r := c.post("/curate/import/confirm", url.Values{"upload": {id[1]}}); r.code != http.StatusBadRequest {
			t.Errorf("confirming another session's upload: %d", r.code)
		}
	})
}

func TestHistoryPageVisibility(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, _ := addTokens(t, tokens)
	c := mustSignIn(t, ts, cur)
	c.get("/curate/new")
	r := c.post("/curate/new", studyFormValues("A private zebrafinch draft"))
	if r.code != http.StatusSeeOther {
		t.Fatalf("save: %d", r.code)
	}
	const id = "quill-2024-private-zebrafinch"
	if code, _, _ := get(t, ts, "/studies/"+id+"/history"); code != 404 {
		t.Errorf("a draft's history is public: %d", code)
	}
	if h := c.get("/studies/" + id + "/history"); h.code != 200 || !strings.Contains(h.body, "Version 1: create") {
		t.Errorf("a curator cannot see a draft's history: %d\n%s", h.code, h.body)
	}
	code, _, body := get(t, ts, "/studies/roisman-2002-earned-secure/history")
	if code != 200 || !strings.Contains(string(body), "No changes are recorded") {
		t.Errorf("history of an unchanged study: %d", code)
	}
	if code, _, _ := get(t, ts, "/studies/no-such-study/history"); code != 404 {
		t.Errorf("history of a missing study: %d", code)
	}

}

// grepLines is the lines of text that contain substr, for failure messages.
func grepLines(text, substr string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"litkb/internal/token"
)

// TestCurateBrowser drives the curator pages in chromium against the real
// program over a writable copy of the corpus: sign in, create a study with
// two authors and a finding, fix a validation error, publish it as an
// editor and find it in search, all with JavaScript off; then axe checks
// every curator page.
func TestCurateBrowser(t *testing.T) {
	base, tokens := startCurateApp(t)
	curator, err := tokens.Add("Ada", "curator")
	if err != nil {
		t.Fatal(err)
	}
	editor, err := tokens.Add("Eve", "editor")
	if err != nil {
		t.Fatal(err)
	}
	browser := startBrowser(t)

	var id string
	t.Run("no-javascript: sign in, create, fix, publish, search", func(t *testing.T) {
		b := newTab(t, browser, base, false)
		id = b.curateFlow(t, curator, editor)
	})
	if id == "" {
		t.Fatal("the flow made no study; the accessibility checks need one")
	}
	t.Run("accessibility", func(t *testing.T) {
		b := newTab(t, browser, base, true)
		b.curateAccessibility(t, curator, id)
	})
}

// startCurateApp serves a copy of the bundled corpus that the test may
// change, and returns the token store at the state folder the App reads.
func startCurateApp(t *testing.T) (string, *token.Store) {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(data, os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	app := openTestApp(t, data)
	return app.Server.URL(), token.Open(tokenPath(app.Config))
}

// submit clicks a submit button and checks the status of the page it
// leads to (a redirect is followed: its target's status counts).
func (b *tab) submit(t *testing.T, sel string, status int64) {
	t.Helper()
	ctx, cancel := b.step(t)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	if resp.Status != status {
		t.Fatalf("click %s: landed on %s with status %d, want %d", sel, resp.URL, resp.Status, status)
	}
}

// fill types into the fields by CSS selector; select elements and long
// text are set directly.
func (b *tab) fill(t *testing.T, fields [][2]string) {
	t.Helper()
	for _, f := range fields {
		sel, v := f[0], f[1]
		act := chromedp.SendKeys(chromedp.CSS(sel), v, chromedp.NodeVisible)
		if strings.HasPrefix(sel, "select") || len(v) > 80 {
			act = chromedp.SetValue(chromedp.CSS(sel), v, chromedp.NodeVisible)
		}
		b.do(t, "fill "+sel, act)
	}
}

func (b *tab) value(t *testing.T, sel string) string {
	t.Helper()
	ctx, cancel := b.step(t)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("value of %s: %v", sel, err)
	}
	return v
}

func (b *tab) signIn(t *testing.T, secret string) {
	t.Helper()
	b.do(t, "token", chromedp.SendKeys(chromedp.CSS("#token"), secret))
	b.submit(t, `form.signin button[type="submit"]`, 200)
}

// curateFlow is the curator's round trip, and returns the new study's id.
func (b *tab) curateFlow(t *testing.T, curator, editor string) string {
	// Not signed in: the curator pages send to the sign-in page and back.
	b.open(t, "/curate/new")
	if u := b.location(t); u.Path != "/curate/sign-in" || u.Query().Get("next") != "/curate/new" {
		t.Fatalf("without a session /curate/new led to %s", u)
	}
	b.do(t, "wrong token", chromedp.SendKeys(chromedp.CSS("#token"), "lk_not-a-token"))
	b.submit(t, `form.signin button[type="submit"]`, 401)
	if got := b.text(t, "#token-err"); !strings.Contains(got, "not accepted") {
		t.Errorf("wrong token message %q", got)
	}
	b.signIn(t, curator)
	if u := b.location(t); u.Path != "/curate/new" {
		t.Fatalf("after sign-in at %s, want /curate/new", u)
	}
	if got := b.text(t, ".flash"); !strings.Contains(got, "Signed in as Ada (curator)") {
		t.Errorf("flash after sign-in %q", got)
	}

	// The new study, with a proportion written as a percentage.
	summary := strings.Repeat("Our own words about attachment in zebrafinch colonies and how it carries into adulthood. ", 6)
	b.fill(t, [][2]string{
		{"#f-title", "Zebrafinch attachment in adulthood"},
		{"#f-year", "2024"},
		{"#f-authors-1-family", "Quill"}, {"#f-authors-1-given", "Ada"},
		{"#f-authors-2-family", "van Berg"}, {"#f-authors-2-given", "Jan"},
		{"#f-journal", "Journal of Tests"},
		{"select#f-design", "cross-sectional"},
		{"#f-sample", "120 adult zebrafinch keepers"},
		{"#f-summary", summary},
		{"#f-findings-1-id", "f1"},
		{"#f-findings-1-text", "More than half were classified secure."},
		{"select#f-findings-1-construct", "aai-secure-3way"},
		{"select#f-findings-1-measure", "proportion"},
		{"#f-findings-1-value", "58"},
		{"#f-findings-1-n", "120"},
		{"select#f-provenance-confidence", "medium"},
		{"#f-provenance-checks-1-source", "publisher page"},
	})
	for _, box := range []string{"#f-topics-aai", "#f-topics-earned-security", "#f-provenance-checks-1-fields-title", "#f-provenance-checks-1-fields-authors"} {
		b.do(t, "tick "+box, chromedp.Click(chromedp.CSS(box), chromedp.NodeVisible))
	}
	b.submit(t, `.form-actions button[value="save"]`, 400)
	if got := b.text(t, "#f-findings-1-value-err"); !strings.Contains(got, "58 is not a proportion") {
		t.Errorf("the value's problem reads %q", got)
	}
	if got := b.text(t, ".error-summary"); !strings.Contains(got, "1 problem to fix") || !strings.Contains(got, "Finding 1: Value") {
		t.Errorf("error summary %q", got)
	}
	if href, _ := b.attr(t, ".error-summary a", "href"); href != "#f-findings-1-value" {
		t.Errorf("the summary links to %q", href)
	}
	if got := b.value(t, "#f-authors-2-family"); got != "van Berg" {
		t.Errorf("the second author came back as %q", got)
	}
	if got := b.value(t, "#f-summary"); strings.TrimSpace(got) != strings.TrimSpace(summary) {
		t.Error("the summary was not kept")
	}

	// Fix it and save: a draft, and its edit page with the preview.
	b.do(t, "fix value", chromedp.Clear(chromedp.CSS("#f-findings-1-value")), chromedp.SendKeys(chromedp.CSS("#f-findings-1-value"), "0.58"))
	b.submit(t, `.form-actions button[value="save"]`, 200)
	u := b.location(t)
	id := strings.TrimSuffix(strings.TrimPrefix(u.Path, "/curate/studies/"), "/edit")
	if id != "quill-2024-zebrafinch-attachment" {
		t.Fatalf("after saving at %s", u)
	}
	if got := b.text(t, ".flash"); !strings.Contains(got, "Saved as a draft") {
		t.Errorf("flash after saving %q", got)
	}
	if got := b.text(t, ".preview .reference"); !strings.HasPrefix(got, "Quill, A., & van Berg, J. (2024). Zebrafinch attachment in adulthood. Journal of Tests.") {
		t.Errorf("APA preview %q", got)
	}
	if got := b.text(t, ".preview table.findings td.value"); got != "58%" {
		t.Errorf("the finding's value shows as %q", got)
	}
	if len(b.all(t, `form[action$="/publish"]`)) != 0 {
		t.Error("a curator is offered the publish button")
	}
	// The drafts queue has it; the public does not see it yet.
	b.follow(t, `.curate-nav a[href="/curate/drafts"]`)
	if got := b.text(t, "#d-"+id); !strings.Contains(got, "ready for an editor") {
		t.Errorf("drafts entry %q", got)
	}

	// An editor publishes.
	b.submit(t, `form.signout button`, 200)
	if got := b.text(t, "main .notice"); got != "You are signed out." {
		t.Errorf("after signing out: %q", got)
	}
	b.open(t, "/curate/studies/"+id+"/edit")
	b.signIn(t, editor)
	if u := b.location(t); u.Path != "/curate/studies/"+id+"/edit" {
		t.Fatalf("the editor landed on %s", u)
	}
	b.submit(t, `form[action$="/publish"] button`, 200)
	if got := b.text(t, ".flash"); !strings.Contains(got, "Published.") {
		t.Errorf("flash after publishing %q", got)
	}

	// Search finds it, and its page links to its history.
	b.open(t, "/search?q="+url.QueryEscape("zebrafinch adulthood"))
	if got := b.total(t); got != 1 {
		t.Errorf("search finds %d studies", got)
	}
	b.follow(t, `ol.hits a[href="/studies/`+id+`"]`)
	if h := b.text(t, "h1"); h != "Zebrafinch attachment in adulthood" {
		t.Errorf("study page h1 %q", h)
	}
	b.follow(t, "a.history-link")
	if got := b.text(t, "ol.versions"); !strings.Contains(got, "Version 2: publish") || !strings.Contains(got, "By Eve") || !strings.Contains(got, "Version 1: create") {
		t.Errorf("history %q", got)
	}
	return id
}

// curateAccessibility runs axe on every curator page, in light and dark.
func (b *tab) curateAccessibility(t *testing.T, curator, id string) {
	b.open(t, "/curate/sign-in")
	signInV := b.axeAll(t)
	b.signIn(t, curator)
	pages := []struct {
		name string
		load func(t *testing.T)
	}{
		{"drafts", func(t *testing.T) { b.open(t, "/curate/drafts") }},
		{"new", func(t *testing.T) { b.open(t, "/curate/new") }},
		{"new with problems", func(t *testing.T) {
			b.open(t, "/curate/new")
			b.do(t, "year", chromedp.SendKeys(chromedp.CSS("#f-year"), "20x4"))
			b.submit(t, `.form-actions button[value="save"]`, 400)
		}},
		{"edit", func(t *testing.T) { b.open(t, "/curate/studies/"+id+"/edit") }},
		{"import preview", func(t *testing.T) {
			b.open(t, "/curate/import")
			b.do(t, "paste", chromedp.SetValue(chromedp.CSS("#paste"), testBib))
			b.submit(t, `form[action="/curate/import"] button[type="submit"]`, 200)
		}},
		{"history", func(t *testing.T) { b.open(t, "/studies/"+id+"/history") }},
	}
	report := func(t *testing.T, vs []axeViolation) {
		for _, v := range vs {
			if v.Impact != "serious" && v.Impact != "critical" {
				t.Logf("%s (%s): %s", v.ID, v.Impact, v.Help)
				continue
			}
			var where []string
			for _, n := range v.Nodes {
				where = append(where, fmt.Sprint(n.Target)+": "+n.Summary)
			}
			t.Errorf("%s (%s): %s\n  %s", v.ID, v.Impact, v.Help, strings.Join(where, "\n  "))
		}
	}
	t.Run("sign-in", func(t *testing.T) { report(t, signInV) })
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			p.load(t)
			report(t, b.axeAll(t))
		})
	}
}

// axeAll runs every axe rule in light colours, then contrast in dark.
func (b *tab) axeAll(t *testing.T) []axeViolation {
	t.Helper()
	var all []axeViolation
	for _, scheme := range []string{"light", "dark"} {
		b.do(t, "color scheme", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		}))
		all = append(all, b.axe(t, scheme == "dark")...)
	}
	return all
}

// testBib has one new record, one duplicate of the bundled corpus and one
// broken record.
const testBib = `@article{roisman2002,
  author = {Roisman, Glenn I. and Padr{\'o}n, Elena and Sroufe, L. Alan and Egeland, Byron},
  title = {Earned-secure attachment status in retrospect and prospect},
  journal = {Child Development}, year = {2002}, volume = {73}, number = {4}, pages = {1204--1219},
  doi = {10.1111/1467-8624.00467}
}

@article{wren2023,
  author = {Wren, Kit},
  title = {Nest attachment in wrens},
  journal = {Journal of Tests}, year = {2023}
}

@article{broken,
  author = {Nobody},
  title = {Unbalanced {braces,
  year = 2020
}
`

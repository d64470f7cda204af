package main

import (
	"context"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"litkb/internal/config"
	"litkb/internal/corpus"
)

// The browser tests drive Debian's chromium against the real program
// (App on 127.0.0.1:0, the bundled corpus, a temporary state folder). They
// never skip: without chromium they fail and say how to install it, because
// CI installs it (scripts/test does).
//
// LITKB_SCREENSHOTS=DIR also writes screenshots of every page at 1280 and
// 390 pixels wide (light, dark and print) to DIR, for a person to look at.

//go:embed testdata/axe.min.js
var axeSource string

// TestBrowser runs every browser check in one chromium.
func TestBrowser(t *testing.T) {
	base := startApp(t)
	browser := startBrowser(t)

	for _, js := range []bool{true, false} {
		name := "javascript"
		if !js {
			name = "no-javascript"
		}
		t.Run(name, func(t *testing.T) {
			b := newTab(t, browser, base, js)
			t.Run("search, facet, chip, page", b.searchFlow)
			t.Run("study and its source link", b.studyFlow)
			t.Run("topic", b.topicFlow)
			t.Run("claim", b.claimFlow)
			t.Run("help and did you mean", b.helpFlow)
			t.Run("enhancements follow javascript", b.enhancements)
			t.Run("claim evidence: plot, table, CSV, cite a finding", b.evidenceFlow)
			t.Run("study citation block", b.citeFlow)
			t.Run("compare studies from the results", b.compareFlow)
		})
	}
	t.Run("JSON-LD under the CSP", func(t *testing.T) {
		b := newTab(t, browser, base, true)
		b.jsonLDUnderCSP(t)
	})
	t.Run("accessibility", func(t *testing.T) {
		b := newTab(t, browser, base, true)
		b.accessibility(t)
	})
	if dir := os.Getenv("LITKB_SCREENSHOTS"); dir != "" {
		t.Run("screenshots", func(t *testing.T) {
			b := newTab(t, browser, base, true)
			b.screenshots(t, dir)
		})
	}
}

// startApp serves the bundled corpus on a free port until the test ends.
func startApp(t *testing.T) string {
	t.Helper()
	return openTestApp(t, filepath.Join("..", "..", "data")).Server.URL()
}

// openTestApp runs the real program on a free port over dataDir, with its
// state in a temporary folder, until the test ends.
func openTestApp(t *testing.T, dataDir string) *App {
	t.Helper()
	cfg := config.Default()
	cfg.Addr = "127.0.0.1:0"
	cfg.Data = dataDir
	cfg.State = t.TempDir()
	app := &App{Config: cfg, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := app.Open(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		app.Close(ctx)
	})
	return app
}

// chromiumPath finds Debian's chromium (or another Chrome on a developer's
// machine). LITKB_CHROMIUM names one explicitly.
func chromiumPath() (string, error) {
	if p := os.Getenv("LITKB_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no chromium on PATH: install it with `apt-get install -y chromium` (./scripts/test does this) or set LITKB_CHROMIUM")
}

// startBrowser starts one headless chromium for all subtests.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	path, err := chromiumPath()
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.WindowSize(1280, 900),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(func() { bcancel(); acancel() })
	if err := chromedp.Do(bctx); err != nil { // start the browser now, without a deadline
		t.Fatalf("start chromium (%s): %v", path, err)
	}
	return bctx
}

// tab is one browser tab and the test helpers that act in it.
type tab struct {
	ctx  context.Context
	base string
	js   bool
}

func newTab(t *testing.T, browser context.Context, base string, js bool) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	b := &tab{ctx: ctx, base: base, js: js}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	if !js {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
	}
	b.viewport(t, 1280, 900)
	return b
}

// step bounds one browser action, so a missing element fails the test
// instead of hanging it.
func (b *tab) step(t *testing.T) (context.Context, context.CancelFunc) {
	t.Helper()
	return context.WithTimeout(b.ctx, 20*time.Second)
}

func (b *tab) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := b.step(t)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// open loads a page and checks that it answered 200 with HTML.
func (b *tab) open(t *testing.T, path string) {
	t.Helper()
	b.openStatus(t, path, 200)
}

func (b *tab) openStatus(t *testing.T, path string, status int64) {
	t.Helper()
	ctx, cancel := b.step(t)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if resp == nil {
		t.Fatalf("open %s: no response (a fragment on the same page?)", path)
	}
	if resp.Status != status {
		t.Fatalf("open %s: status %d, want %d", path, resp.Status, status)
	}
}

// follow clicks the first element matching sel and waits for the page it
// leads to.
func (b *tab) follow(t *testing.T, sel string) {
	t.Helper()
	ctx, cancel := b.step(t)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	if resp.Status != 200 {
		t.Fatalf("click %s: landed on %s with status %d", sel, resp.URL, resp.Status)
	}
}

// text is the visible text of the first element matching sel, with its
// white space collapsed. It reads the DOM, so it works with scripts off.
func (b *tab) text(t *testing.T, sel string) string {
	t.Helper()
	ctx, cancel := b.step(t)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

func (b *tab) attr(t *testing.T, sel, name string) (string, bool) {
	t.Helper()
	ctx, cancel := b.step(t)
	defer cancel()
	r, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil {
		t.Fatalf("attribute %s of %s: %v", name, sel, err)
	}
	return r.Value, r.Exists
}

// all returns every element matching sel (none is fine).
func (b *tab) all(t *testing.T, sel string) []*chromedp.Node {
	t.Helper()
	ctx, cancel := b.step(t)
	defer cancel()
	r, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(sel), chromedp.AtLeast(0)))
	if err != nil {
		t.Fatalf("elements %s: %v", sel, err)
	}
	return r
}

func (b *tab) location(t *testing.T) *url.URL {
	t.Helper()
	ctx, cancel := b.step(t)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (b *tab) viewport(t *testing.T, w, h int64) {
	t.Helper()
	var opts []chromedp.EmulateViewportOption
	if w < 600 {
		opts = append(opts, chromedp.EmulateMobile)
	}
	b.do(t, "viewport", chromedp.EmulateViewport(w, h, opts...))
}

var totalRE = regexp.MustCompile(`^(\d+) stud(y|ies)`)

// total reads the number of hits from the results heading.
func (b *tab) total(t *testing.T) int {
	t.Helper()
	h := b.text(t, "#results-h")
	m := totalRE.FindStringSubmatch(h)
	if m == nil {
		t.Fatalf("results heading %q has no count", h)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// searchFlow: type a query, apply a facet, remove it by its chip, page.
func (b *tab) searchFlow(t *testing.T) {
	b.open(t, "/")
	if got := b.text(t, "h1"); !strings.Contains(got, "Find attachment research") {
		t.Errorf("landing h1 = %q", got)
	}
	b.do(t, "type a query", chromedp.SendKeys(chromedp.CSS("#q"), "earned security"))
	b.follow(t, `form[role="search"] button[type="submit"]`)
	if u := b.location(t); u.Path != "/search" || u.Query().Get("q") != "earned security" {
		t.Fatalf("after submit at %s", u)
	}
	total := b.total(t)
	if total <= 10 {
		t.Fatalf("earned security: %d hits; the paging check needs more than one page", total)
	}
	if got := b.text(t, "#results-h"); !strings.Contains(got, "for “earned security”") {
		t.Errorf("results heading %q", got)
	}
	if n := len(b.all(t, "ol.hits > li.hit")); n != 10 {
		t.Errorf("%d hits on page 1, want 10", n)
	}
	if len(b.all(t, "ol.hits mark")) == 0 {
		t.Error("no highlighted match in the results")
	}
	if got := b.text(t, ".stats"); !strings.Contains(got, "Showing 1–10 of "+strconv.Itoa(total)) || !strings.Contains(got, " ms") {
		t.Errorf("stats line %q lacks the range or the time", got)
	}

	// Apply the design facet "Longitudinal": the count it shows is the
	// number of hits it leaves.
	sel := `section[aria-labelledby="f-design"] a.fv:not(.selected)`
	label := b.text(t, sel+" .fv-label")
	count, err := strconv.Atoi(strings.Fields(b.text(t, sel+" .count"))[0])
	if err != nil {
		t.Fatal(err)
	}
	b.follow(t, sel)
	u := b.location(t)
	if u.Query().Get("design") == "" || u.Query().Get("q") != "earned security" {
		t.Fatalf("facet link led to %s", u)
	}
	if got := b.total(t); got != count {
		t.Errorf("facet %q promised %d hits, the page has %d", label, count, got)
	}
	chip := b.text(t, ".chips a.chip")
	if !strings.Contains(chip, "Remove filter") || !strings.Contains(strings.ToLower(chip), strings.ToLower(label)) {
		t.Errorf("chip %q does not name the filter %q", chip, label)
	}
	if cur, ok := b.attr(t, `section[aria-labelledby="f-design"] a.fv.selected`, "aria-current"); !ok || cur != "true" {
		t.Errorf("selected facet value lacks aria-current: %q %v", cur, ok)
	}
	if got := b.text(t, `section[aria-labelledby="f-design"] a.fv.selected`); !strings.Contains(got, "selected") {
		t.Errorf("selected facet value %q does not say it is selected", got)
	}

	// Remove it again with its chip.
	b.follow(t, ".chips a.chip")
	if u := b.location(t); u.Query().Get("design") != "" {
		t.Errorf("chip did not remove the filter: %s", u)
	}
	if got := b.total(t); got != total {
		t.Errorf("after removing the filter: %d hits, want %d", got, total)
	}
	if n := len(b.all(t, ".chips a.chip")); n != 0 {
		t.Errorf("%d chips left after removing the only filter", n)
	}

	// Page 2 by its number.
	b.follow(t, `nav.pager a[href*="page=2"]:not([rel])`)
	if u := b.location(t); u.Query().Get("page") != "2" || u.Query().Get("q") != "earned security" {
		t.Errorf("page link led to %s", u)
	}
	if cur := b.text(t, `nav.pager a[aria-current="page"]`); cur != "Page 2" {
		t.Errorf("current page reads %q", cur)
	}
	want := fmt.Sprintf("Showing 11–%d of %d", min(20, total), total)
	if got := b.text(t, ".stats"); !strings.Contains(got, want) {
		t.Errorf("page 2 stats %q, want %q", got, want)
	}
	if _, ok := b.attr(t, `nav.pager a[rel="prev"]`, "href"); !ok {
		t.Error("page 2 has no previous link")
	}

	// Sorting by newest puts the years in order.
	b.follow(t, `nav.sort a[href*="sort=newest"]`)
	if u := b.location(t); u.Query().Get("sort") != "newest" || u.Query().Get("page") != "" {
		t.Errorf("sort link led to %s", u)
	}
	if cur := b.text(t, `nav.sort a[aria-current]`); !strings.Contains(cur, "Newest first") {
		t.Errorf("current sort reads %q", cur)
	}
}

// studyFlow: find a study, open it, check its source link and record.
func (b *tab) studyFlow(t *testing.T) {
	const id, doi = "roisman-2002-earned-secure", "10.1111/1467-8624.00467"
	b.open(t, "/search?q="+url.QueryEscape("author:roisman"))
	hit := `ol.hits li.hit:has(a[href="/studies/` + id + `"])`
	if src, _ := b.attr(t, hit+" a.source", "href"); src != "https://doi.org/"+doi {
		t.Errorf("result's source link = %q, want https://doi.org/%s", src, doi)
	}
	if got := b.text(t, hit+" a.source"); !strings.Contains(got, "doi:"+doi) {
		t.Errorf("result's source link text %q lacks the DOI", got)
	}
	b.follow(t, hit+" h3 a")
	if u := b.location(t); u.Path != "/studies/"+id {
		t.Fatalf("title link led to %s", u)
	}
	if h := b.text(t, "h1"); !strings.HasPrefix(h, "Earned-secure attachment status") {
		t.Errorf("study h1 = %q", h)
	}
	// The source link is asserted, never fetched: the test has no network.
	href, _ := b.attr(t, ".source-box a.source", "href")
	if href != "https://doi.org/"+doi {
		t.Errorf("study source link = %q", href)
	}
	if got := b.text(t, ".source-box a.doi"); got != doi {
		t.Errorf("DOI shown as %q", got)
	}
	if canon, _ := b.attr(t, `link[rel="canonical"]`, "href"); canon != b.base+"/studies/"+id {
		t.Errorf("canonical = %q", canon)
	}
	if v, _ := b.attr(t, `meta[name="citation_doi"]`, "content"); v != doi {
		t.Errorf("citation_doi = %q", v)
	}
	if v, _ := b.attr(t, `meta[name="citation_title"]`, "content"); !strings.HasPrefix(v, "Earned-secure") {
		t.Errorf("citation_title = %q", v)
	}
	if n := len(b.all(t, `meta[name="citation_author"]`)); n != 4 {
		t.Errorf("%d citation_author tags, want 4", n)
	}
	if href, _ := b.attr(t, `tr#f1 a.anchor`, "href"); href != "#f1" {
		t.Errorf("finding f1 anchor = %q", href)
	}
	// Its DOI rests on reference lists, not on the publisher or a registry,
	// so the page says Medium and names what to check before citing.
	if got := b.text(t, ".confidence"); !strings.Contains(got, "Medium confidence") || !strings.Contains(got, "DOI") || strings.Contains(got, "High") {
		t.Errorf("confidence line %q", got)
	}
	if len(b.all(t, "#checked li")) == 0 {
		t.Error("no 'what was checked' entries")
	}
	if len(b.all(t, "section#cite")) != 1 {
		t.Error("the citation section #cite is missing")
	}
	if len(b.all(t, `.facts a[href^="/topics/"]`)) == 0 {
		t.Error("no topic links")
	}
	if len(b.all(t, `.related a[href^="/studies/"]`)) == 0 {
		t.Error("no related studies")
	}
	// A finding's permalink lands on its row.
	b.open(t, "/")
	b.open(t, "/studies/"+id+"#f3")
	if got := b.text(t, "tr:target th"); got != "f3" {
		t.Errorf("#f3 targets %q", got)
	}
	b.openStatus(t, "/studies/no-such-study", 404)
	if h := b.text(t, "h1"); h != "Not found" {
		t.Errorf("404 page h1 = %q", h)
	}
}

// topicFlow: from a study's topic link to the topic page and its search.
func (b *tab) topicFlow(t *testing.T) {
	b.open(t, "/studies/roisman-2002-earned-secure")
	b.follow(t, `.facts a[href="/topics/earned-security"]`)
	if h := b.text(t, "h1"); h != "Earned security" {
		t.Errorf("topic h1 = %q", h)
	}
	if got := b.text(t, ".synonyms"); !strings.Contains(got, "earned-secure") {
		t.Errorf("synonyms %q", got)
	}
	studies := len(b.all(t, ".study-list li"))
	if studies == 0 {
		t.Fatal("topic lists no studies")
	}
	b.follow(t, `a.button[href^="/search?topic="]`)
	if got := b.total(t); got != studies {
		t.Errorf("searching within the topic: %d hits, the topic page lists %d", got, studies)
	}
	if chip := b.text(t, ".chips a.chip"); !strings.Contains(chip, "Topic: Earned security") {
		t.Errorf("topic chip %q", chip)
	}
}

// claimFlow: open a claim from the landing page; each finding links to its
// study and source.
func (b *tab) claimFlow(t *testing.T) {
	b.open(t, "/")
	first := ".claims-list li:first-child a"
	statement := b.text(t, first)
	b.follow(t, first)
	if !strings.HasPrefix(b.location(t).Path, "/claims/") {
		t.Fatalf("claim link led to %s", b.location(t))
	}
	if h := b.text(t, "h1"); h != statement {
		t.Errorf("claim h1 %q, want %q", h, statement)
	}
	if v := b.text(t, ".verdict-line"); !strings.HasPrefix(v, "Verdict: ") || len(v) < len("Verdict: x") {
		t.Errorf("verdict line %q", v)
	}
	if r := b.text(t, ".rationale"); len(r) < 40 {
		t.Errorf("rationale %q", r)
	}
	for _, rel := range []string{"supports", "complicates", "contradicts"} {
		if len(b.all(t, "section#"+rel)) != 1 {
			t.Errorf("no %s section", rel)
		}
	}
	items := len(b.all(t, "li.ev"))
	if items == 0 {
		t.Fatal("claim shows no evidence")
	}
	studyLinks := b.all(t, "li.ev a.ev-study")
	if len(studyLinks) != items {
		t.Errorf("%d evidence items, %d study links", items, len(studyLinks))
	}
	for _, a := range studyLinks {
		if !regexp.MustCompile(`^/studies/[a-z0-9-]+#f[0-9]+$`).MatchString(a.AttributeValue("href")) {
			t.Errorf("evidence study link %q", a.AttributeValue("href"))
		}
	}
	for _, a := range b.all(t, "li.ev a.source") {
		if !strings.HasPrefix(a.AttributeValue("href"), "https://") {
			t.Errorf("evidence source link %q is not https", a.AttributeValue("href"))
		}
	}
	// Follow the first finding to its row on the study page.
	target := studyLinks[0].AttributeValue("href")
	b.follow(t, "li.ev a.ev-study")
	u := b.location(t)
	if u.Path+"#"+u.Fragment != target {
		t.Errorf("evidence link led to %s, want %s", u, target)
	}
	if got := b.text(t, "tr:target th"); "#"+got != "#"+u.Fragment {
		t.Errorf("the finding's row is not the target: %q", got)
	}
}

// helpFlow: the help page's examples run; a misspelling gets a suggestion;
// broken syntax says what to fix.
func (b *tab) helpFlow(t *testing.T) {
	b.open(t, "/")
	b.follow(t, "header.site a.help-link")
	if h := b.text(t, "h1"); h != "How to search" {
		t.Errorf("help h1 = %q", h)
	}
	b.follow(t, `table.syntax a[href*="reflective"]`)
	if b.total(t) == 0 {
		t.Error("the phrase example finds nothing")
	}
	b.open(t, "/search?q="+url.QueryEscape("erned securty"))
	if got := b.text(t, "main"); !strings.Contains(got, "earned security") {
		t.Errorf("misspelt search offers no spelling: %q", got[:min(len(got), 300)])
	}
	b.openStatus(t, "/search?q="+url.QueryEscape("title:(attachment"), 400)
	if got := b.text(t, ".search-error"); !strings.Contains(got, "unbalanced parenthesis") {
		t.Errorf("syntax error reads %q", got)
	}
	b.open(t, "/search?q=zzzzqqqq")
	if got := b.text(t, ".empty"); !strings.Contains(got, "No studies match") || !strings.Contains(got, "Try an example") {
		t.Errorf("empty state %q", got)
	}
}

// enhancements: copy buttons appear only when scripts run; without them
// the page still has the text to select.
func (b *tab) enhancements(t *testing.T) {
	b.open(t, "/studies/roisman-2002-earned-secure")
	_, hidden := b.attr(t, "button.copy", "hidden")
	if b.js && hidden {
		t.Error("with JavaScript the copy buttons stay hidden")
	}
	if !b.js && !hidden {
		t.Error("without JavaScript a copy button shows that cannot work")
	}
	if got := b.text(t, ".source-box a.permalink"); got != b.base+"/studies/roisman-2002-earned-secure" {
		t.Errorf("permalink text %q", got)
	}
}

// evidenceFlow: the earned-security prevalence claim leads with its
// verdict, then plots one dot per finding with a value, lists the same
// numbers in a table and offers them as CSV; a finding is cited with its
// page as locator.
func (b *tab) evidenceFlow(t *testing.T) {
	const claim = "earned-security-quarter-to-third"
	c, err := corpus.Load(filepath.Join("..", "..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	cl, ok := c.Claim(claim)
	if !ok {
		t.Fatalf("no claim %s in data/claims", claim)
	}
	var want []string // study/finding of each finding with a value
	for _, e := range cl.Evidence {
		st, ok := c.Study(e.Study)
		if !ok || !st.Public() {
			continue
		}
		if f, ok := st.Finding(e.Finding); ok && f.Value != nil {
			want = append(want, e.Study+"/"+e.Finding)
		}
	}
	if len(want) == 0 {
		t.Fatal("the claim has no finding with a value to plot")
	}

	b.open(t, "/claims/"+claim)
	// The verdict and its rationale come before the plot.
	order, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => {
		const v = document.querySelector(".verdict-box"), r = document.querySelector(".rationale"), p = document.querySelector("svg.plot");
		return !!(v && r && p) && (v.compareDocumentPosition(r) & 4) > 0 && (r.compareDocumentPosition(p) & 4) > 0;
	})()`))
	if err != nil || !order {
		t.Errorf("the claim page does not lead with the verdict and rationale before the plot (%v)", err)
	}
	if got := len(b.all(t, "svg.plot g.row circle.dot")); got != len(want) {
		t.Errorf("%d dots in the plot, want one per finding with a value: %d", got, len(want))
	}
	// The plot's accessible name and description (textContent: they are
	// never rendered as text).
	name, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(() => { const s = document.querySelector("svg.plot"); return s.getAttribute("role") + "|" + s.querySelector("title").textContent + "|" + s.querySelector("desc").textContent; })()`))
	if parts := strings.Split(name, "|"); len(parts) != 3 || parts[0] != "img" || !strings.Contains(parts[1], "Between a quarter and a third") || !strings.Contains(parts[2], "no pooled estimate") {
		t.Errorf("plot role, title and description: %q", name)
	}
	rows := b.all(t, "table.evidence-table tr.ev-row")
	if len(rows) != len(want) {
		t.Fatalf("%d table rows, want %d", len(rows), len(want))
	}
	var tableIDs []string
	for _, r := range rows {
		tableIDs = append(tableIDs, r.AttributeValue("data-study")+"/"+r.AttributeValue("data-finding"))
	}
	values, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("table.evidence-table tr.ev-row td.value")].map(td => td.textContent.trim())`))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range want {
		if !slices.Contains(tableIDs, id) {
			t.Errorf("finding %s is not in the table", id)
		}
	}

	// The CSV download has the same findings and numbers, in the same order.
	href, _ := b.attr(t, "figure.evidence-figure a.csv", "href")
	resp, err := http.Get(b.base + href)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(resp.Body).ReadAll()
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV %s: %d %s %v", href, resp.StatusCode, resp.Header.Get("Content-Type"), err)
	}
	col := map[string]int{}
	for i, name := range records[0] {
		col[name] = i
	}
	if len(records)-1 != len(rows) {
		t.Fatalf("CSV has %d findings, the table %d", len(records)-1, len(rows))
	}
	for i, r := range records[1:] {
		if id := r[col["study_id"]] + "/" + r[col["finding_id"]]; id != tableIDs[i] {
			t.Errorf("CSV row %d is %s, table row %s", i+1, id, tableIDs[i])
		}
		if r[col["value_display"]] != values[i] {
			t.Errorf("CSV row %d value %q, table %q", i+1, r[col["value_display"]], values[i])
		}
		v, err := strconv.ParseFloat(r[col["value"]], 64)
		pct, err2 := strconv.ParseFloat(strings.TrimSuffix(values[i], "%"), 64)
		if err != nil || err2 != nil || math.Abs(v*100-pct) > 0.051 {
			t.Errorf("CSV row %d: value %q does not match the table's %q", i+1, r[col["value"]], values[i])
		}
	}

	// Cite a finding on the claim page: the panel opens without a script.
	first := "li.ev details.cite-details"
	b.do(t, "open cite this finding", chromedp.Click(chromedp.CSS(first+" > summary"), chromedp.NodeVisible))
	if got := b.text(t, first+" .cf-intext"); !regexp.MustCompile(`^\(.+, \d{4}(, p\. \S+)?\)$`).MatchString(got) {
		t.Errorf("finding's in-text citation %q", got)
	}
	if got := b.text(t, first+" .cf-permalink"); !regexp.MustCompile(`/studies/[a-z0-9-]+#f\d+$`).MatchString(got) {
		t.Errorf("finding's permalink %q", got)
	}
	if got := b.text(t, first+" .cf-page"); got == "" {
		t.Error("the panel does not say whether the page is known")
	}
	// None of the claim's findings records a page yet; the corpus's finding
	// with one shows the locator, on its study page, from the row's Cite.
	b.open(t, "/studies/bowlby-1969-attachment-and-loss-vol1")
	b.follow(t, "tr#f2 a.cite-link")
	if u := b.location(t); u.Query().Get("cite") != "f2" || u.Fragment != "cite-finding" {
		t.Errorf("cite link led to %s", u)
	}
	if got := b.text(t, "#cite-finding .cf-intext"); got != "(Bowlby, 1969, p. 82)" {
		t.Errorf("in-text citation with locator %q", got)
	}
	if got := b.text(t, "#cite-finding .cf-page"); !strings.HasPrefix(got, "p. 82") {
		t.Errorf("page %q", got)
	}
	csl, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("#cite-finding .cf-json").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	var items []struct{ Locator, Label, Note string }
	if err := json.Unmarshal([]byte(csl), &items); err != nil || len(items) != 1 || items[0].Locator != "82" || items[0].Label != "page" {
		t.Errorf("CSL-JSON with locator: %v %s", err, csl)
	}
	text, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("#cite-finding textarea.cf-text").value`))
	if !strings.Contains(text, "(Bowlby, 1969, p. 82)") || !strings.Contains(text, "/studies/bowlby-1969-attachment-and-loss-vol1#f2") {
		t.Errorf("text to copy %q", text)
	}

	// The plot fits a phone: no sideways scrolling at 390 px.
	b.viewport(t, 390, 900)
	defer b.viewport(t, 1280, 900)
	b.open(t, "/claims/"+claim)
	fits, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth && document.querySelector("svg.plot").getBoundingClientRect().right <= window.innerWidth`))
	if err != nil || !fits {
		t.Errorf("the claim page scrolls sideways at 390 px (%v)", err)
	}
}

// citeFlow: the study page's citation block switches style by link,
// without a script, and offers the exports.
func (b *tab) citeFlow(t *testing.T) {
	const id = "roisman-2002-earned-secure"
	b.open(t, "/studies/"+id)
	if got := b.text(t, "#cite p.ref"); !strings.HasPrefix(got, "Roisman, G. I., Padrón, E., Sroufe, L. A., & Egeland, B. (2002). Earned-secure attachment status in retrospect and prospect. Child Development, 73(4), 1204–1219.") {
		t.Errorf("APA reference %q", got)
	}
	if got := b.text(t, "#cite p.ref i"); got != "Child Development" {
		t.Errorf("italics %q", got)
	}
	if got := b.text(t, "#in-text"); got != "(Roisman et al., 2002)" {
		t.Errorf("parenthetical %q", got)
	}
	if got := b.text(t, "#narrative"); got != "Roisman et al. (2002)" {
		t.Errorf("narrative %q", got)
	}
	b.follow(t, `#cite nav.style-switch a[href*="style=mla"]`)
	if u := b.location(t); u.Query().Get("style") != "mla" || u.Fragment != "cite" {
		t.Errorf("MLA link led to %s", u)
	}
	if got := b.text(t, "#cite p.ref"); !strings.HasPrefix(got, "Roisman, Glenn I., et al. “Earned-Secure Attachment Status in Retrospect and Prospect.”") {
		t.Errorf("MLA reference %q", got)
	}
	if got := b.text(t, `#cite nav.style-switch a[aria-current="true"]`); !strings.HasSuffix(got, "MLA") {
		t.Errorf("current style reads %q", got)
	}
	exports := b.all(t, "#cite a.export")
	if len(exports) != 3 {
		t.Fatalf("%d export links", len(exports))
	}
	resp, err := http.Get(b.base + exports[0].AttributeValue("href"))
	if err != nil {
		t.Fatal(err)
	}
	bib, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(bib), "@article{roisman2002earned,") {
		t.Errorf("BibTeX export: %s", bib)
	}
	_, hidden := b.attr(t, "#cite .ref-block button.copy", "hidden")
	if b.js == hidden {
		t.Errorf("copy button hidden=%v with javascript=%v", hidden, b.js)
	}
}

// compareFlow: pick two studies from the results, keep them in the URL,
// see them side by side; "export these results" carries the search.
func (b *tab) compareFlow(t *testing.T) {
	b.open(t, "/search?q=transmission")
	if href, _ := b.attr(t, ".result-tools a.export", "href"); !strings.HasPrefix(href, "/api/v1/export?") || !strings.Contains(href, "q=transmission") {
		t.Errorf("export link %q", href)
	}
	b.follow(t, "ol.hits li.hit:nth-child(1) a.compare-toggle")
	b.follow(t, "ol.hits li.hit:nth-child(2) a.compare-toggle")
	if got := b.location(t).Query()["compare"]; len(got) != 2 {
		t.Fatalf("compare in the URL: %v", got)
	}
	if n := len(b.all(t, ".compare-bar .compare-picked li")); n != 2 {
		t.Errorf("%d studies in the comparison bar", n)
	}
	b.follow(t, ".compare-bar a.button")
	if u := b.location(t); u.Path != "/compare" || len(u.Query()["compare"]) != 2 {
		t.Fatalf("compare link led to %s", u)
	}
	if n := len(b.all(t, "table.compare-table thead th")); n != 2 {
		t.Errorf("%d studies side by side", n)
	}
	for _, row := range []string{"Design", "Sample", "Constructs", "Findings", "Confidence"} {
		if !strings.Contains(b.text(t, "table.compare-table tbody"), row) {
			t.Errorf("no %s row", row)
		}
	}
	b.follow(t, "table.compare-table a.remove")
	if n := len(b.all(t, "table.compare-table thead th")); n != 1 {
		t.Errorf("after removing one: %d studies", n)
	}
}

// jsonLDUnderCSP: the study page's JSON-LD is a data block; the CSP
// neither blocks it nor reports it, while an inline script is refused.
func (b *tab) jsonLDUnderCSP(t *testing.T) {
	listen := `window.__csp = []; document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.effectiveDirective + " " + e.blockedURI));`
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: listen}); err != nil {
		t.Fatal(err)
	}
	b.open(t, "/studies/roisman-2002-earned-secure")
	typ, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent)["@type"]`))
	if err != nil || typ != "ScholarlyArticle" {
		t.Errorf("JSON-LD @type %q (%v)", typ, err)
	}
	none, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`JSON.stringify(window.__csp)`))
	if err != nil || none != "[]" {
		t.Errorf("CSP violations on the study page: %s (%v)", none, err)
	}
	// The listener works: an inline script is refused and reported.
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(document.body.appendChild(Object.assign(document.createElement("script"), {textContent: "window.__ran = true"})), true)`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	got, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`JSON.stringify([window.__csp, !!window.__ran])`))
	if !strings.Contains(got, "script-src") || !strings.HasSuffix(got, "false]") {
		t.Errorf("an inline script was not refused and reported: %s", got)
	}
}

// axePages are the pages axe-core checks, in light and dark colours.
var axePages = []string{
	"/",
	"/search?q=" + url.QueryEscape("earned security") + "&topic=earned-security",
	"/search?q=zzzzqqqq",
	"/studies/roisman-2002-earned-secure",
	"/studies/verhage-2016-narrowing-transmission-gap",
	"/topics/aai",
	"/claims/earned-security-quarter-to-third",
	"/help",
	"/search?q=" + url.QueryEscape("how common is earned security") + "&compare=roisman-2002-earned-secure",
	"/studies/bowlby-1969-attachment-and-loss-vol1?cite=f2",
	"/constructs/aai-ssp-transmission",
	"/evidence?q=transmission",
	"/compare?compare=roisman-2002-earned-secure&compare=waters-2000-twenty-year-longitudinal",
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// accessibility injects axe-core into each page and fails on serious or
// critical violations (WCAG 2.1 A and AA rules and best practices).
func (b *tab) accessibility(t *testing.T) {
	for _, scheme := range []string{"light", "dark"} {
		b.do(t, "color scheme", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		}))
		for _, p := range axePages {
			t.Run(scheme+" "+p, func(t *testing.T) {
				b.openAny(t, p)
				// Dark colours change only contrast; the other rules ran in light.
				for _, v := range b.axe(t, scheme == "dark") {
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
			})
		}
	}
}

// openAny loads a page whatever its status (the error pages are checked too).
func (b *tab) openAny(t *testing.T, path string) {
	t.Helper()
	b.do(t, "open "+path, chromedp.Navigate(b.base+path))
}

func (b *tab) axe(t *testing.T, contrastOnly bool) []axeViolation {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	opts := `{resultTypes: ["violations"]}`
	if contrastOnly {
		opts = `{resultTypes: ["violations"], runOnly: ["color-contrast", "link-in-text-block"]}`
	}
	run := `axe.run(document, ` + opts + `).then(r => JSON.stringify(r.violations))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("axe result: %v", err)
	}
	return vs
}

// screenshots writes each page at 1280 and 390 pixels wide, in light and
// dark colours, and the study and claim pages as printed.
func (b *tab) screenshots(t *testing.T, dir string) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{
		"landing": "/",
		"search":  "/search?q=" + url.QueryEscape("earned security") + "&design=longitudinal",
		"paged":   "/search?q=attachment&page=2",
		"empty":   "/search?q=zzzzqqqq&topic=aai",
		"error":   "/search?q=" + url.QueryEscape("title:(attachment"),
		"fuzzy":   "/search?q=" + url.QueryEscape("erned securty"),
		"study":   "/studies/roisman-2002-earned-secure",
		"study2":  "/studies/verhage-2016-narrowing-transmission-gap",
		"topic":   "/topics/aai",
		"claim":   "/claims/earned-security-quarter-to-third",
		"help":    "/help",
		// Evidence views.
		"answer":    "/search?q=" + url.QueryEscape("how common is earned security"),
		"cite":      "/studies/bowlby-1969-attachment-and-loss-vol1?cite=f2#cite-finding",
		"construct": "/constructs/aai-ssp-transmission",
		"evidence":  "/evidence?q=transmission",
		"compare":   "/compare?compare=roisman-2002-earned-secure&compare=waters-2000-twenty-year-longitudinal",
	}
	media := func(typ, scheme string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Media:    typ,
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		})
	}
	shoot := func(name string, width int64) {
		ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
		defer cancel()
		height, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollHeight`))
		if err != nil {
			t.Fatal(err)
		}
		seg := 1100.0
		if width < 600 {
			seg = 1500
		}
		for i, y := 0, 0.0; y < height && i < 4; i, y = i+1, y+seg {
			clip := &page.Viewport{X: 0, Y: y, Width: float64(width), Height: min(seg, height-y), Scale: 1}
			res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Clip: clip, CaptureBeyondViewport: new(true), FromSurface: new(true)})
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, i)), res.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, w := range []int64{1280, 390} {
		b.viewport(t, w, 900)
		for name, p := range pages {
			for _, scheme := range []string{"light", "dark"} {
				if scheme == "dark" && name != "search" && name != "study" && name != "claim" && name != "construct" {
					continue
				}
				b.do(t, "media", media("", scheme))
				b.openAny(t, p)
				shoot(fmt.Sprintf("%s-%d-%s", name, w, scheme), w)
			}
			if w == 1280 && (name == "study" || name == "claim" || name == "construct") {
				b.do(t, "print media", media("print", "light"))
				b.openAny(t, p)
				shoot(name+"-print", w)
			}
		}
	}
	// The skip link and the focus ring, as a keyboard user first sees them.
	b.viewport(t, 1280, 900)
	b.do(t, "media", media("", "light"))
	b.openAny(t, pages["search"])
	b.do(t, "tab", chromedp.KeyEvent("\t"))
	shoot("focus-skip", 1280)
	b.do(t, "tab", chromedp.KeyEvent("\t"), chromedp.KeyEvent("\t"))
	shoot("focus-search", 1280)
	t.Logf("screenshots in %s", dir)
}

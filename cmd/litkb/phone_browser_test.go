package main

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPhone checks the pages a reader opens on a phone, 390 pixels wide:
// the comparison fits the screen, and a search shows its first hit before
// anything else needs scrolling past.
func TestPhone(t *testing.T) {
	base := startApp(t)
	browser := startBrowser(t)
	for _, js := range []bool{true, false} {
		name := "javascript"
		if !js {
			name = "no-javascript"
		}
		t.Run(name, func(t *testing.T) {
			b := newTab(t, browser, base, js)
			b.viewport(t, 390, 844)
			t.Run("compare fits the width", b.phoneCompare)
			t.Run("first hit on the first screen", b.phoneFirstHit)
		})
	}
}

// eval runs a script in the tab and returns its value.
func eval[T any](t *testing.T, b *tab, script string) T {
	t.Helper()
	ctx, cancel := b.step(t)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script))
	if err != nil {
		t.Fatalf("evaluate %s: %v", script, err)
	}
	return v
}

func (b *tab) phoneCompare(t *testing.T) {
	b.open(t, "/compare?compare=roisman-2002-earned-secure&compare=waters-2000-twenty-year-longitudinal")
	if n := len(b.all(t, ".compare-table thead th, .compare-card")); n < 2 {
		t.Fatalf("%d studies on the comparison", n)
	}
	widths := eval[[]int](t, b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`)
	if widths[0] > widths[1] {
		t.Errorf("the page is %d px wide in a %d px window: it scrolls sideways", widths[0], widths[1])
	}
	// Nothing inside scrolls sideways either: a table in a scrolling box
	// would hide the second study off the screen.
	if wide := eval[[]string](t, b, `[...document.querySelectorAll("main *")].filter(e => e.clientWidth > 2 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX != "visible").map(e => e.tagName + "." + e.className)`); len(wide) > 0 {
		t.Errorf("boxes that scroll sideways: %v", wide)
	}
	rows := eval[[]string](t, b, `[...document.querySelectorAll(".compare-table tbody th[scope=row]")].map(e => e.textContent.trim().split(/\s/)[0])`)
	for _, row := range []string{"Year", "n"} {
		if !slices.Contains(rows, row) {
			t.Errorf("no %s row among %q", row, rows)
		}
	}
	body := b.text(t, ".compare-table tbody")
	for _, want := range []string{"2002", "2000"} {
		if !strings.Contains(body, want) {
			t.Errorf("the year %s is not shown", want)
		}
	}
}

func (b *tab) phoneFirstHit(t *testing.T) {
	// A question that a claim answers: its card is what pushed the hits down.
	for _, q := range []string{"how common is earned security", "earned security", "transmission"} {
		b.open(t, "/search?q="+url.QueryEscape(q))
		if n := len(b.all(t, "ol.hits li.hit")); n == 0 {
			t.Fatalf("%q: no hits", q)
		}
		pos := eval[[]float64](t, b, `(() => { const r = document.querySelector("ol.hits li.hit .hit-title").getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight, document.documentElement.scrollWidth, document.documentElement.clientWidth] })()`)
		if pos[0] < 0 || pos[1] > pos[2] {
			t.Errorf("%q: the first hit's title spans %.0f–%.0f px, the screen ends at %.0f px", q, pos[0], pos[1], pos[2])
		}
		if pos[3] > pos[4] {
			t.Errorf("%q: the results page is %.0f px wide in a %.0f px window", q, pos[3], pos[4])
		}
	}
}

package server_test

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// cursorPage is what cursor paging adds to an answer of the search API;
// its Page and Facets tell absent from zero.
type cursorPage struct {
	searchResp
	Next    *string        `json:"next"`
	NextURL *string        `json:"next_url"`
	Page    *int           `json:"page"`
	Facets  map[string]any `json:"facets"`
}

// cursorAPI gets path (a search API URL) and checks that next, next_url
// and the Link header agree.
func cursorAPI(t *testing.T, ts *httptest.Server, path string) cursorPage {
	t.Helper()
	code, h, body := get(t, ts, path)
	if code != 200 {
		t.Fatalf("%s: status %d: %s", path, code, body)
	}
	var p cursorPage
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	if (p.Next == nil) != (p.NextURL == nil) {
		t.Fatalf("%s: next %v but next_url %v", path, p.Next, p.NextURL)
	}
	link := h.Get("Link")
	if p.NextURL != nil && link != "<"+*p.NextURL+`>; rel="next"` {
		t.Errorf("%s: Link %q, next_url %q", path, link, *p.NextURL)
	}
	if p.NextURL == nil && link != "" {
		t.Errorf("%s: Link %q on the last page", path, link)
	}
	return p
}

// TestSearchAPICursorWalk: a client that starts with an empty cursor and
// follows next_url, three hits at a time, sees every hit once, in the order
// of one big page, and the last page says there is no next one.
func TestSearchAPICursorWalk(t *testing.T) {
	ts, _ := MustOpenServer(t)
	tests := []struct{ name, params string }{
		{"relevance", "q=attachment"},
		{"newest", "q=attachment&sort=newest"},
		{"oldest", "q=attachment&sort=oldest"},
		{"one score for all", "q=" + url.QueryEscape("design:longitudinal")},
		{"filters without a query", "topic=aai&year_from=1990"},
		{"typo", "q=" + url.QueryEscape("erned securty")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := cursorAPI(t, ts, "/api/v1/search?size=100&cursor=&"+tt.params)
			if all.Total < 7 || all.Total > 100 || all.Next != nil {
				t.Fatalf("%d hits, next %v: the test needs 7 to 100 on one page", all.Total, all.Next)
			}
			var want []string
			for _, h := range all.Hits {
				want = append(want, h.ID)
			}

			var got []string
			path := "/api/v1/search?size=3&cursor=&" + tt.params
			for pages := 1; ; pages++ {
				p := cursorAPI(t, ts, path)
				for _, h := range p.Hits {
					got = append(got, h.ID)
				}
				if p.Total != all.Total {
					t.Errorf("page %d: total %d, want %d", pages, p.Total, all.Total)
				}
				if first := pages == 1; first != (p.Page != nil) || first != (len(p.Facets) > 0) {
					t.Errorf("page %d: page %v, %d facets; want both on the first page only", pages, p.Page, len(p.Facets))
				}
				if p.NextURL == nil {
					break
				}
				if pages > all.Total {
					t.Fatal("next_url does not advance")
				}
				path = *p.NextURL
			}
			if !slices.Equal(got, want) {
				t.Errorf("walked\n%v\nwant\n%v", got, want)
			}
		})
	}

	t.Run("the last page has no next", func(t *testing.T) {
		p := cursorAPI(t, ts, "/api/v1/search?q=attachment&size=100&cursor=")
		if p.Next != nil || len(p.Hits) == 0 {
			t.Errorf("%d hits, next %v; want hits and no next", len(p.Hits), p.Next)
		}
	})
	// The tiebreaker a cursor needs is paid only by those who page on.
	t.Run("numbered pages have no next", func(t *testing.T) {
		for _, page := range []string{"1", "2"} {
			if p := cursorAPI(t, ts, "/api/v1/search?q=attachment&size=3&page="+page); p.Next != nil {
				t.Errorf("next %q on numbered page %s", *p.Next, page)
			}
		}
	})
}

// TestSearchAPICursorErrors: a cursor that does not fit is a 400 that
// says what to do, and past the numbered pages the answer points to the
// cursor.
func TestSearchAPICursorErrors(t *testing.T) {
	ts, _ := MustOpenServer(t)
	first := cursorAPI(t, ts, "/api/v1/search?q=attachment&size=3&cursor=")
	if first.Next == nil {
		t.Fatal("no next cursor on the first page")
	}
	cur := url.QueryEscape(*first.Next)
	tests := []struct{ params, want string }{
		{"q=security&size=3&cursor=" + cur, "this cursor belongs to a different search; start again without a cursor"},
		{"q=attachment&sort=newest&cursor=" + cur, "this cursor belongs to a different search"},
		{"q=attachment&design=review&cursor=" + cur, "this cursor belongs to a different search"},
		{"q=attachment&cursor=garbage!", "cursor is not base64url"},
		{"q=attachment&cursor=aGVsbG8", "cursor does not hold a position"},
		{"q=attachment&page=2&cursor=" + cur, "page and cursor cannot be combined"},
		{"q=attachment&page=1002", "page on through the API with cursor: send cursor= (empty) with the first request, then each answer's next"},
	}
	for _, tt := range tests {
		code, _, body := get(t, ts, "/api/v1/search?"+tt.params)
		var e errorResp
		if err := json.Unmarshal(body, &e); err != nil {
			t.Fatalf("%s: not JSON: %s", tt.params, body)
		}
		if code != 400 || e.Error.Code != "invalid" || !strings.Contains(e.Error.Message, tt.want) {
			t.Errorf("%s: %d %+v, want 400 with %q", tt.params, code, e.Error, tt.want)
		}
	}
}

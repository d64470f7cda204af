package server_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Pages that plot findings give n per construct and never add n across
// constructs: a sum over constructs pools what the page says must not be
// pooled ("4 findings from 4 studies (n = 327 …)" on a claim of four).

type findingsAnswer struct {
	Findings []struct {
		Measure   string `json:"measure"`
		Unit      string `json:"unit"`
		Construct string `json:"construct"`
		Study     string `json:"study"`
		N         *int   `json:"n"`
	} `json:"findings"`
}

// groupRow is a construct's heading row in the evidence table.
var groupRow = regexp.MustCompile(`<tr class="group-row"><th[^>]*><a href="/constructs/([a-z0-9-]+)">[^<]*</a> <span class="group-facts">([^<]*)</span>`)

// nSum adds the largest n of each study among the rows kept by keep
// (measure and unit, construct), as the layout counts a study once; ok is
// false when no row gives n.
func nSum(a findingsAnswer, keep func(group [3]string) bool) (sum int, ok bool) {
	most := map[string]int{}
	for _, f := range a.Findings {
		if !keep([3]string{f.Measure, f.Unit, f.Construct}) || f.N == nil {
			continue
		}
		most[f.Study] = max(most[f.Study], *f.N)
	}
	for _, n := range most {
		sum += n
	}
	return sum, len(most) > 0
}

// digits writes n as the pages do: a comma every three digits from 10,000.
func digits(n int) string {
	s := strconv.Itoa(n)
	if n < 10000 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func TestNIsGivenPerConstructNeverSummedAcross(t *testing.T) {
	ts, c := MustOpenServer(t)
	type view struct{ page, findings string }
	var views []view
	for _, cl := range c.Claims {
		views = append(views, view{"/claims/" + cl.ID, "claim=" + cl.ID})
	}
	for _, tp := range c.Topics {
		views = append(views, view{"/topics/" + tp.ID, "topic=" + tp.ID})
	}
	for _, q := range []string{"transmission", "earned security", "stability"} {
		v := url.Values{"q": {q}}.Encode()
		views = append(views, view{"/evidence?" + v, v})
	}
	multi := 0
	for _, v := range views {
		t.Run(v.page, func(t *testing.T) {
			code, _, body := get(t, ts, "/api/v1/findings?"+v.findings)
			if code != 200 {
				t.Fatalf("findings of %s: %d", v.page, code)
			}
			var a findingsAnswer
			if err := json.Unmarshal(body, &a); err != nil {
				t.Fatal(err)
			}
			// The API lists findings in plot order, so its groups (one per
			// construct within a measure's panel) come in the table's order.
			constructs := map[string]bool{}
			var groups [][3]string
			for _, f := range a.Findings {
				constructs[f.Construct] = true
				g := [3]string{f.Measure, f.Unit, f.Construct}
				if !slices.Contains(groups, g) {
					groups = append(groups, g)
				}
			}
			code, _, body = get(t, ts, v.page)
			if code != 200 {
				t.Fatalf("%s: %d", v.page, code)
			}
			page := string(body)

			// Each construct's row in the table states that construct's n.
			rows := groupRow.FindAllStringSubmatch(page, -1)
			if len(rows) != len(groups) {
				t.Fatalf("%d construct rows in the table, %d groups in the findings", len(rows), len(groups))
			}
			for i, r := range rows {
				if r[1] != groups[i][2] {
					t.Fatalf("row %d is construct %s, the findings have %s", i, r[1], groups[i][2])
				}
				n, ok := nSum(a, func(g [3]string) bool { return g == groups[i] })
				want := "n not reported"
				if ok {
					want = "n = " + digits(n)
				}
				if !strings.Contains(r[2], want) {
					t.Errorf("construct %s: row reads %q, want %q", r[1], r[2], want)
				}
			}
			if len(constructs) < 2 {
				return
			}
			multi++
			// No figure caption, plot description or heading adds them up.
			total, ok := nSum(a, func([3]string) bool { return true })
			if !ok {
				return
			}
			for _, pooled := range []string{"(n = " + digits(total) + ")", "(n = " + digits(total) + ";"} {
				if strings.Contains(page, pooled) {
					t.Errorf("%d constructs on the page, yet it gives %q, their n added up", len(constructs), pooled)
				}
			}
			if !strings.Contains(page, fmt.Sprintf("under %d constructs; n is given per construct", len(constructs))) {
				t.Errorf("the summary does not say n is given per construct for %d constructs", len(constructs))
			}
		})
	}
	if multi == 0 {
		t.Error("no page plots findings under two constructs; the check above never ran")
	}
}

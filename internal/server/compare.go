package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"litkb/internal/study"
)

// Compare studies: a reader picks studies from the results ("Add to
// comparison" on each hit) and sees them side by side. The selection lives
// in the URL as repeated compare= parameters, shared by /search and
// /compare, so it needs no account, survives a reload and can be sent to
// someone. Nothing is stored.

// maxCompare is how many studies fit side by side.
const maxCompare = 6

// compareIDs are the valid, distinct study ids in compare=, in order.
func (s *Server) compareIDs(q url.Values) []string {
	var out []string
	for _, id := range q["compare"] {
		if len(out) == maxCompare {
			break
		}
		if st, err := s.publicStudy(id); err == nil && !slices.Contains(out, st.ID) {
			out = append(out, st.ID)
		}
	}
	return out
}

// compareToggle is the link on a hit that adds it to the comparison or
// takes it out, keeping the rest of the search.
func compareToggle(q url.Values, ids []string, id string) link {
	c := clone(q)
	c.Del("compare")
	in := slices.Contains(ids, id)
	for _, x := range ids {
		if x != id {
			c.Add("compare", x)
		}
	}
	if !in {
		if len(ids) >= maxCompare {
			return link{}
		}
		c.Add("compare", id)
	}
	// The page of results stays: only the comparison changes.
	l := link{Label: "Add to comparison", URL: searchURL(c), Current: in}
	if in {
		l.Label = "Remove from comparison"
	}
	return l
}

// compareBar is what the search page shows about the comparison.
type compareBar struct {
	Studies []*study.Study
	Compare string // /compare?…
	Clear   string // the search without the comparison
}

func (s *Server) compareBar(q url.Values, ids []string) *compareBar {
	if len(ids) == 0 {
		return nil
	}
	b := &compareBar{}
	for _, id := range ids {
		st, _ := s.Corpus().Study(id)
		b.Studies = append(b.Studies, st)
	}
	c := clone(q)
	c.Del("page")
	b.Compare = "/compare?" + c.Encode()
	c.Del("compare")
	b.Clear = searchURL(c)
	return b
}

// comparePage is /compare?compare=a&compare=b[&<search parameters>].
type comparePage struct {
	Page
	Columns []compareColumn
	Back    string // the search the studies were picked from, selection kept
	Rows    int
}

// compareColumn is one study, side by side with the others.
type compareColumn struct {
	Study      *study.Study
	Findings   []findingRow
	Constructs []study.Construct
	Verified   []string
	Remove     string
}

func (s *Server) handleComparePage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	ids := s.compareIDs(q)
	d := comparePage{Page: s.page(r, "Compare studies")}
	d.Query = ""
	d.Printable = true
	d.Description = "Studies side by side: design, sample, constructs, findings and confidence."
	back := clone(q)
	back.Del("compare")
	for _, id := range ids {
		back.Add("compare", id)
	}
	d.Back = searchURL(back)
	c := s.Corpus()
	for _, id := range ids {
		st, _ := c.Study(id)
		col := compareColumn{Study: st}
		seen := map[string]bool{}
		for _, f := range st.Findings {
			row := s.findingRow(f)
			col.Findings = append(col.Findings, row)
			if !seen[row.Construct.ID] {
				seen[row.Construct.ID] = true
				col.Constructs = append(col.Constructs, row.Construct)
			}
		}
		for _, ch := range st.Provenance.Checks {
			for _, f := range ch.Fields {
				if l := study.FieldLabel(f); !slices.Contains(col.Verified, l) {
					col.Verified = append(col.Verified, l)
				}
			}
		}
		rest := clone(q)
		rest.Del("compare")
		for _, x := range ids {
			if x != id {
				rest.Add("compare", x)
			}
		}
		col.Remove = "/compare?" + rest.Encode()
		d.Columns = append(d.Columns, col)
	}
	if len(ids) > 0 {
		d.Title = fmt.Sprintf("Compare %d %s", len(ids), plural(len(ids), "study", "studies"))
	}
	return s.render(w, r, "compare", d)
}

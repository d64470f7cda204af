package study

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Notice is an editorial notice a registry publishes about a work:
// a retraction, a correction, an expression of concern or a withdrawal
// (Crossref's update types). It is stored with the study ([[notices]]) by
// `litkb verify` and `litkb add`, or typed by a curator from a public record.
type Notice struct {
	Kind   string `toml:"kind" json:"kind"`                     // see NoticeKinds
	DOI    string `toml:"doi,omitempty" json:"doi,omitempty"`   // the notice's own DOI, bare
	Date   string `toml:"date,omitempty" json:"date,omitempty"` // when the notice was issued: YYYY, YYYY-MM or YYYY-MM-DD
	Source string `toml:"source" json:"source"`                 // where it was seen: "Crossref, retrieved 2026-12-05"
	Note   string `toml:"note,omitempty" json:"note,omitempty"` // public: what the notice says, in our words
}

// NoticeKinds are the notice kinds, most serious first. A "retraction" or
// "withdrawal" makes a work unsafe to cite; the others qualify it.
var NoticeKinds = []string{"retraction", "withdrawal", "expression_of_concern", "correction"}

// Unsafe reports whether the notice withdraws the work from the record.
func (n Notice) Unsafe() bool { return n.Kind == "retraction" || n.Kind == "withdrawal" }

// URL is the notice on doi.org, or "" without a DOI.
func (n Notice) URL() string {
	if n.DOI == "" {
		return ""
	}
	return "https://doi.org/" + n.DOI
}

// Label is the notice's kind in a reader's words.
func (n Notice) Label() string {
	switch n.Kind {
	case "retraction":
		return "Retraction"
	case "withdrawal":
		return "Withdrawal"
	case "expression_of_concern":
		return "Expression of concern"
	case "correction":
		return "Correction"
	}
	return n.Kind
}

// Describe is the notice in one phrase: "Retraction of 2015-05-28
// (doi:10.1126/…)", as exports and the API's warning write it.
func (n Notice) Describe() string {
	var b strings.Builder
	b.WriteString(n.Label())
	if n.Date != "" {
		b.WriteString(" of " + n.Date)
	}
	if n.DOI != "" {
		b.WriteString(" (doi:" + n.DOI + ")")
	}
	return b.String()
}

// Warning levels: what a reader must be told before citing a work.
const (
	// WarnUnsafe: retracted by curators, or a retraction or withdrawal
	// notice. Do not cite the work as evidence.
	WarnUnsafe = "unsafe"
	// WarnCaution: a correction or an expression of concern. The work may
	// be cited, with the notice read first.
	WarnCaution = "caution"
)

// Warning is what a reader must know before citing a study, whether it
// comes from a curator's retraction (status "retracted" and its reason) or
// from a registry's notices. Every page, API answer and export asks
// Study.Warning, so they all say the same thing.
type Warning struct {
	Level   string   `json:"level"`            // WarnUnsafe or WarnCaution
	Label   string   `json:"label"`            // "Retracted", "Withdrawn", "Expression of concern", "Corrected"
	Message string   `json:"message"`          // one sentence for readers
	Reason  string   `json:"reason,omitempty"` // the curators' reason, for a curator retraction
	Notices []Notice `json:"notices,omitempty"`
}

// Unsafe reports whether the work must not be cited as evidence.
func (w *Warning) Unsafe() bool { return w != nil && w.Level == WarnUnsafe }

// Warning returns what a reader must know before citing s, or nil when
// nothing is known against it. Notices are listed most serious first.
func (s *Study) Warning() *Warning {
	if s.Status != "retracted" && len(s.Notices) == 0 {
		return nil
	}
	ns := slices.Clone(s.Notices)
	slices.SortStableFunc(ns, func(a, b Notice) int { return kindRank(a.Kind) - kindRank(b.Kind) })
	w := &Warning{Notices: ns}
	switch {
	case s.Status == "retracted" || (len(ns) > 0 && ns[0].Kind == "retraction"):
		w.Level, w.Label = WarnUnsafe, "Retracted"
		w.Reason = s.Retraction
		w.Message = "This work has been retracted; do not cite it as evidence."
	case ns[0].Kind == "withdrawal":
		w.Level, w.Label = WarnUnsafe, "Withdrawn"
		w.Message = "This work has been withdrawn by its publisher; do not cite it as evidence."
	case ns[0].Kind == "expression_of_concern":
		w.Level, w.Label = WarnCaution, "Expression of concern"
		w.Message = "The publisher has issued an expression of concern about this work; read it before citing the work."
	case ns[0].Kind == "correction":
		w.Level, w.Label = WarnCaution, "Corrected"
		w.Message = "The publisher has issued a correction to this work; cite the corrected version."
	default: // a kind validation refuses; say no more than is known
		w.Level, w.Label = WarnCaution, "Notice"
		w.Message = "The publisher has issued a notice about this work; read it before citing the work."
	}
	return w
}

// Text is the warning as one plain paragraph: the message, the curators'
// reason and every notice. Exports and the feed carry it.
func (w *Warning) Text() string {
	if w == nil {
		return ""
	}
	parts := []string{w.Message}
	if w.Reason != "" {
		parts = append(parts, "Reason: "+w.Reason+".")
	}
	for _, n := range w.Notices {
		p := n.Describe() + "."
		if n.Note != "" {
			p += " " + n.Note
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

func kindRank(kind string) int {
	if i := slices.Index(NoticeKinds, kind); i >= 0 {
		return i
	}
	return len(NoticeKinds)
}

// normalizeNotices stores notice DOIs bare, as the study's own DOI is.
func (s *Study) normalizeNotices() {
	for i := range s.Notices {
		n := &s.Notices[i]
		n.Kind = strings.TrimSpace(n.Kind)
		n.DOI = NormalizeDOI(n.DOI)
		n.Date = strings.TrimSpace(n.Date)
		n.Source = strings.TrimSpace(n.Source)
		n.Note = strings.TrimSpace(n.Note)
	}
	s.NoticesChecked = strings.TrimSpace(s.NoticesChecked)
}

// validateNotices checks each notice and the day notices were last asked
// for. A date cannot lie in the future: nobody has read a notice from
// tomorrow.
func (s *Study) validateNotices(ps *Problems) {
	today := time.Now().UTC().Format("2006-01-02")
	seen := map[string]int{}
	for i, n := range s.Notices {
		at := fmt.Sprintf("notices[%d]", i+1)
		enum(ps, at+".kind", n.Kind, NoticeKinds)
		if n.DOI != "" && !ValidDOI(n.DOI) {
			ps.add(at+".doi", "%q is not a DOI (expected 10.<registrant>/<suffix>)", n.DOI)
		}
		if n.Date != "" {
			switch d, ok := noticeDate(n.Date); {
			case !ok:
				ps.add(at+".date", "%q is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date), the day the notice was issued", n.Date)
			case d > today:
				ps.add(at+".date", "%s is after today (%s): write the day the notice was issued", n.Date, today)
			}
		}
		if n.Source == "" {
			ps.add(at+".source", "missing: say where the notice was seen, e.g. \"Crossref, retrieved %s\"", today)
		}
		for _, f := range []struct{ name, text string }{{"source", n.Source}, {"note", n.Note}} {
			if w, ok := internalWord(f.text); ok {
				ps.add(at+"."+f.name, "readers see this: say it without %q", w)
			}
		}
		if n.Kind != "" && n.DOI != "" {
			key := n.Kind + " " + DOIKey(n.DOI)
			if j, dup := seen[key]; dup {
				ps.add(at, "the same %s (%s) is already notices[%d]", n.Label(), n.DOI, j)
			}
			seen[key] = i + 1
		}
	}
	if s.NoticesChecked != "" {
		t, err := time.Parse("2006-01-02", s.NoticesChecked)
		switch {
		case err != nil:
			ps.add("notices_checked", "%q is not a date: write YYYY-MM-DD (a real calendar date), the day a registry was asked for notices", s.NoticesChecked)
		case t.Format("2006-01-02") > today:
			ps.add("notices_checked", "%s is after today (%s): write the day a registry was asked for notices", s.NoticesChecked, today)
		}
	}
}

// noticeDate parses a notice's date, YYYY, YYYY-MM or YYYY-MM-DD, and
// returns it padded to compare with a day ("2015" -> "2015-01-01").
func noticeDate(s string) (string, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil && len(s) == len(layout) {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

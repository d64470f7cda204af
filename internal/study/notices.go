package study

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

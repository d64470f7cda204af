package cite

import "testing"

// The expected values are what citeproc-js 1.4.63 prints for
// text-case="title".
func TestTitleCase(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Earned-secure attachment status in retrospect and prospect", "Earned-Secure Attachment Status in Retrospect and Prospect"},
		{"The first 10,000 Adult Attachment Interviews: Distributions of adult attachment representations in clinical and non-clinical groups",
			"The First 10,000 Adult Attachment Interviews: Distributions of Adult Attachment Representations in Clinical and Non-Clinical Groups"},
		{"Is earned security an artefact of current mood? A reanalysis of AAI coherence", "Is Earned Security an Artefact of Current Mood? A Reanalysis of AAI Coherence"},
		{"Parenting under stress", "Parenting under Stress"},
		{"Attachment and loss: Vol. 1. Attachment", "Attachment and Loss: Vol. 1. Attachment"},
		{"Children's attachment", "Children's Attachment"},
		{"A theory to build on", "A Theory to Build On"}, // a stop word that ends the title is capitalised
		{"In-depth interviews about \"earned\" security", "In-Depth Interviews about \"Earned\" Security"},
		{"Replicating across twenty-one sites", "Replicating across Twenty-One Sites"},
		{"Study: an in-depth look", "Study: An in-Depth Look"}, // citeproc-js's hyphen quirk
		{"What is it for? the answer", "What Is It for? The Answer"},
		{"Vitamin d and x-rays", "Vitamin d and X-Rays"},
		{"Parents of 2-year-olds: A look", "Parents of 2-Year-Olds: A Look"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := titleCase(tt.in); got != tt.want {
			t.Errorf("titleCase(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestPageRange(t *testing.T) {
	tests := []struct{ in, format, want string }{
		{"1204-1219", "expanded", "1204–1219"},
		{"1204-1219", "minimal", "1204–19"},
		{"1204-1219", "minimal-two", "1204–19"},
		{"1204-1219", "chicago", "1204–19"},
		{"101-108", "chicago", "101–8"},
		{"101-108", "minimal-two", "101–08"},
		{"1496-1504", "chicago", "1496–1504"},
		{"1496-1504", "minimal", "1496–504"},
		{"359-373", "minimal", "359–73"},
		{"1204-19", "expanded", "1204–1219"},
		{"17", "minimal", "17"},
		// The rows below are what citeproc-js 1.4.63 prints with the
		// pinned styles (apa: expanded, mla: minimal-two, chicago,
		// vancouver: minimal, harvard: none).
		{"e101-e108", "minimal", "e101–8"},
		{"e101-e108", "minimal-two", "e101–08"},
		{"e101-e108", "chicago", "e101–8"},
		{"e101-e108", "expanded", "e101–e108"},
		{"e101-e108", "", "e101–e108"},
		{"120-12, 30-5", "expanded", "120–12, 30–35"},
		{"120-12, 30-5", "minimal", "120–12, 30–5"},
		{"120-12, 30-5", "", "120–12, 30–5"},
		{"1204-1219, 1230-1232", "minimal", "1204–19, 1230–2"},
		{"S1-S10", "chicago", "S1–10"},
		{"S1-S10", "expanded", "S1–S10"},
	}
	for _, tt := range tests {
		if got := pageRange(tt.in, tt.format); got != tt.want {
			t.Errorf("pageRange(%q, %s) = %q, want %q", tt.in, tt.format, got, tt.want)
		}
	}
}

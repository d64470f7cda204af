package registry

import (
	"regexp"
	"slices"
	"strings"

	"litkb/internal/study"
)

// Apply brings into st what the registry record r confirms, and nothing
// else: a registry check listing the fields that agree (replacing an
// earlier check from the same registry), the to_check items those fields
// settle, the notices r reports, and the day notices were checked. No
// curated value is changed. It reports whether st changed.
func Apply(st *study.Study, r *Record, agreed []string) bool {
	before, _ := study.EncodeStudy(*st)
	// st may share its lists with a corpus snapshot, which is never written to.
	st.Provenance.Checks = slices.Clone(st.Provenance.Checks)
	st.Provenance.ToCheck = slices.Clone(st.Provenance.ToCheck)
	if fields := confirmedBy(st, r, agreed); len(fields) > 0 {
		prefix := r.Source + ", retrieved "
		st.Provenance.Checks = slices.DeleteFunc(st.Provenance.Checks, func(c study.Check) bool {
			return c.Kind == "registry" && strings.HasPrefix(c.Source, prefix)
		})
		st.Provenance.Checks = append(st.Provenance.Checks, study.Check{Fields: fields, Kind: "registry", Source: r.Provenance()})
		st.Provenance.ToCheck = slices.DeleteFunc(st.Provenance.ToCheck, func(item string) bool { return settles(item, fields) })
	}
	MergeNotices(st, r)
	after, _ := study.EncodeStudy(*st)
	return string(before) != string(after)
}

// MergeNotices adds r's notices that st lacks and, when r reports notices
// at all, records the day it was asked.
func MergeNotices(st *study.Study, r *Record) {
	if !r.NoticesKnown {
		return
	}
	st.Notices = slices.Clone(st.Notices)
	for _, n := range r.Notices {
		st.Notices = addNotice(st.Notices, n)
	}
	st.NoticesChecked = r.Retrieved
}

// toCheckFields are the words a to_check item uses for each field.
var toCheckFields = []struct {
	field string
	re    *regexp.Regexp
}{
	{"title", regexp.MustCompile(`(?i)\btitle\b`)},
	{"authors", regexp.MustCompile(`(?i)\bauthors?\b|\bauthor list\b`)},
	{"year", regexp.MustCompile(`(?i)\byear\b`)},
	{"journal", regexp.MustCompile(`(?i)\bjournal\b`)},
	{"volume", regexp.MustCompile(`(?i)\bvolume\b`)},
	{"issue", regexp.MustCompile(`(?i)\bissue\b`)},
	{"pages", regexp.MustCompile(`(?i)\bpages?\b|\bpage range\b`)},
	{"doi", regexp.MustCompile(`(?i)\bdoi\b`)},
	{"pmid", regexp.MustCompile(`(?i)\bpmid\b|\bpubmed id\b`)},
}

// notCitation marks items about more than the reference (given names,
// sample sizes, figures, placeholders): a registry match does not settle them.
var notCitation = regexp.MustCompile(`(?i)given name|sample|finding|figure|effect|placeholder|which|number|\bn\b|distribution|whether|\bf\d`)

// settles reports whether a to_check item asks only about fields the
// registry confirmed.
func settles(item string, confirmed []string) bool {
	if notCitation.MatchString(item) {
		return false
	}
	named := 0
	for _, f := range toCheckFields {
		if f.re.MatchString(item) {
			if !slices.Contains(confirmed, f.field) {
				return false
			}
			named++
		}
	}
	return named > 0
}

package server

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"litkb/internal/registry"
	"litkb/internal/study"
)

// lookupAnswer is GET /api/v1/lookup: a draft filled from a registry,
// ready to POST to /api/v1/studies, with where each field came from.
type lookupAnswer struct {
	Study      study.Study       `json:"study"`
	Source     string            `json:"source"`     // "Crossref, retrieved 2026-12-05"
	Provenance map[string]string `json:"provenance"` // field -> source
	// DuplicateOf names the study a POST of this body would be refused
	// for (same DOI or PMID, or a near-identical title).
	DuplicateOf *lookupDuplicate `json:"duplicate_of,omitempty"`
}

type lookupDuplicate struct {
	ID       string `json:"id"`
	Reason   string `json:"reason"`
	Possible bool   `json:"possible,omitempty"` // a near-identical title: POST with ?confirm=true if it is another work
}

// handleLookupAPI answers a curator's lookup of a DOI or a PMID.
func (s *Server) handleLookupAPI(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	ans, err := s.lookup(r.Context(), q.Get("doi"), q.Get("pmid"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ans)
	return nil
}

// lookup asks the registry and builds the answer, mapping its failures
// onto API errors that name the service.
func (s *Server) lookup(ctx context.Context, doi, pmid string) (*lookupAnswer, error) {
	doi, pmid = strings.TrimSpace(doi), strings.TrimSpace(pmid)
	switch {
	case (doi == "") == (pmid == ""):
		return nil, errorf(codeInvalid, "give doi or pmid (one of them)")
	case doi != "" && !study.ValidDOI(study.NormalizeDOI(doi)):
		msg := "is not a DOI (expected 10.<registrant>/<suffix>)"
		return nil, &Error{Code: codeInvalid, Message: "doi: " + strconv.Quote(doi) + " " + msg, Fields: []FieldProblem{{Field: "doi", Problem: msg}}}
	case pmid != "" && study.PMIDProblem(study.NormalizePMID(pmid)) != "":
		msg := study.PMIDProblem(study.NormalizePMID(pmid))
		return nil, &Error{Code: codeInvalid, Message: "pmid: " + msg, Fields: []FieldProblem{{Field: "pmid", Problem: msg}}}
	}
	if s.opts.Registry == nil {
		return nil, errorf(codeUnavailable, "no registry is configured")
	}
	rec, err := s.opts.Registry.Lookup(ctx, doi, pmid)
	var re *registry.Error
	switch {
	case errors.Is(err, registry.ErrNotFound):
		return nil, errorf(codeNotFound, "%v", err)
	case errors.As(err, &re):
		s.log.Warn("registry lookup failed", "err", err)
		return nil, errorf(codeUnavailable, "%v", err)
	case err != nil:
		return nil, err
	}
	st := registry.Draft(rec)
	st.ID = study.SuggestID(&st)
	ans := &lookupAnswer{Study: st, Source: rec.Provenance(), Provenance: map[string]string{}}
	for _, c := range st.Provenance.Checks {
		for _, f := range c.Fields {
			ans.Provenance[f] = c.Source
		}
	}
	if ce := s.Corpus().Duplicate(&st); ce != nil {
		ans.DuplicateOf = &lookupDuplicate{ID: ce.Existing, Reason: ce.Reason, Possible: ce.Possible}
	}
	return ans, nil
}

var pmidInput = regexp.MustCompile(`(?i)^\s*(pmid:?\s*)?\d{1,8}\s*$`)

// lookupDraft fills the curator's new-study form from one box that takes
// a DOI (bare or as a doi.org link) or a PMID; notice says where the
// draft came from, or why there is none.
func (cu *curator) lookupDraft(ctx context.Context, input string) (f studyForm, notice string, ok bool) {
	doi, pmid := input, ""
	if pmidInput.MatchString(input) {
		doi, pmid = "", input
	}
	ans, err := cu.s.lookup(ctx, doi, pmid)
	if err != nil {
		return studyForm{}, "Nothing was filled in: " + publicError(err).Message, false
	}
	notice = "Filled in from the " + ans.Source + ". Check it against the work, then write the summary, topics, design, sample and findings in our own words; nothing is saved until you save."
	if d := ans.DuplicateOf; d != nil {
		notice = "Careful: " + d.Reason + ". " + notice
	}
	return formFromStudy(ans.Study), notice, true
}

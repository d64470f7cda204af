package server

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"

	"litkb/internal/cite"
	"litkb/internal/study"
)

// citation is one study (or one of its findings) in one style.
func citation(st *study.Study, findingID string, style string) (cite.Reference, error) {
	sty, err := cite.ParseStyle(orDefault(style, "apa"))
	if err != nil {
		return cite.Reference{}, &Error{Code: codeInvalid, Message: err.Error(), Fields: []FieldProblem{{Field: "style", Problem: "unknown style"}}}
	}
	item := cite.FromStudy(*st)
	if findingID != "" {
		f, ok := st.Finding(findingID)
		if !ok {
			return cite.Reference{}, errorf(codeNotFound, "study %q has no finding %q", st.ID, findingID)
		}
		item = cite.FromFinding(*st, *f)
	}
	return cite.Format(item, sty)
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// handleCiteAPI answers /api/v1/studies/{id}/cite?style=apa[&finding=f1].
func (s *Server) handleCiteAPI(w http.ResponseWriter, r *http.Request) error {
	st, err := s.visibleStudy(r, param(r, "id"))
	if err != nil {
		return err
	}
	ref, err := citation(st, r.URL.Query().Get("finding"), r.URL.Query().Get("style"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, citeJSON{Reference: ref, Warning: st.Warning()})
	return nil
}

// citeJSON is a reference with what a reader must know before using it:
// a client that shows only the reference must still see that the work
// was retracted.
type citeJSON struct {
	cite.Reference
	Warning *study.Warning `json:"warning,omitempty"`
}

// handleStudyExportAPI answers /api/v1/studies/{id}/export?format=….
func (s *Server) handleStudyExportAPI(w http.ResponseWriter, r *http.Request) error {
	st, err := s.visibleStudy(r, param(r, "id"))
	if err != nil {
		return err
	}
	return sendExport(w, r, []*study.Study{st}, st.ID)
}

// handleExportAPI answers /api/v1/export?format=…&<search parameters>:
// every published study the search matches, or all of them without one.
func (s *Server) handleExportAPI(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	studies, err := s.matching(r.Context(), q)
	if err != nil {
		return err
	}
	return sendExport(w, r, studies, "litkb-export")
}

// matching returns the published studies a search matches, in its order.
func (s *Server) matching(ctx context.Context, q url.Values) ([]*study.Study, error) {
	c := s.Corpus()
	sq := url.Values{}
	for _, k := range []string{"q", "topic", "design", "type", "year_from", "year_to", "sort"} {
		if v, ok := q[k]; ok {
			sq[k] = v
		}
	}
	if len(sq) == 0 {
		return c.Published(), nil
	}
	req, err := searchRequest(sq)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 4*s.opts.SearchTimeout)
	defer cancel()
	ids, err := s.index.MatchingIDs(ctx, req)
	if err != nil {
		return nil, err
	}
	var out []*study.Study
	for _, id := range ids {
		if st, ok := c.Study(id); ok {
			out = append(out, st)
		}
	}
	return out, nil
}

func sendExport(w http.ResponseWriter, r *http.Request, studies []*study.Study, base string) error {
	f, err := cite.ParseExportFormat(orDefault(r.URL.Query().Get("format"), "bibtex"))
	if err != nil {
		return &Error{Code: codeInvalid, Message: err.Error(), Fields: []FieldProblem{{Field: "format", Problem: "unknown format"}}}
	}
	b, err := cite.Export(studies, f)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Filename(base)}))
	_, _ = w.Write(b)
	return nil
}

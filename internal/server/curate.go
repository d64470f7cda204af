package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"litkb/internal/corpus"
	"litkb/internal/study"
)

// maxBody bounds a write's body: a study is a few KB.
const maxBody = 1 << 20

// readStudy decodes a JSON study from the body, refusing unknown fields,
// other media types and charsets, and oversized bodies. The read-only
// links of a GET are accepted and dropped, so a study loaded with GET can
// be sent back as it is; nothing in them reaches the stored fields.
func readStudy(w http.ResponseWriter, r *http.Request) (study.Study, error) {
	var in struct {
		study.Study
		Links map[string]json.RawMessage `json:"links"`
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return in.Study, errorf(codeUnsupported, "send the study as JSON with Content-Type: application/json")
	}
	if err := requireUTF8(r); err != nil {
		return in.Study, err
	}
	body := http.MaxBytesReader(w, r.Body, maxBody)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return in.Study, errorf(codeTooLarge, "the body is larger than %d bytes", maxBody)
		}
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return in.Study, &Error{Code: codeInvalid, Message: "unknown field " + f, Fields: []FieldProblem{{Field: strings.Trim(f, `"`), Problem: "unknown field"}}}
		}
		return in.Study, errorf(codeInvalid, "the body is not a study in JSON: %v", err)
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		return in.Study, errorf(codeTooLarge, "the body is larger than %d bytes", maxBody)
	}
	return in.Study, nil
}

// requireUTF8 refuses a body in any charset but UTF-8: the server reads
// every body as UTF-8, so another charset's bytes would be stored as
// mojibake or refused field by field. No charset parameter means UTF-8.
// Every handler that reads a text body calls it.
func requireUTF8(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return errorf(codeUnsupported, "the Content-Type header %q cannot be read: %v", clip(ct), err)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return errorf(codeUnsupported, "charset %q is not supported: send the body in UTF-8 (charset=utf-8, or no charset)", clip(cs))
	}
	return nil
}

// clip shortens what a client sent before an error message repeats it.
func clip(s string) string {
	const most = 64
	if len(s) <= most {
		return s
	}
	for i := most; i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i] + "…"
		}
	}
	return ""
}

// writeStudy answers a successful write: the study, its ETag and location.
func (s *Server) writeStudy(w http.ResponseWriter, status int, st *study.Study) {
	w.Header().Set("ETag", strconv.Quote(s.Corpus().ETag(st.ID)))
	w.Header().Set("Location", studyAPIURL(st.ID))
	writeJSON(w, status, toStudyJSON(st))
}

func (s *Server) handleCreateStudy(w http.ResponseWriter, r *http.Request) error {
	st, err := readStudy(w, r)
	if err != nil {
		return err
	}
	a, _ := actorFrom(r.Context())
	confirmed := r.URL.Query().Get("confirm") == "true"
	out, err := s.store.Create(r.Context(), st, a, confirmed)
	if err != nil {
		return err
	}
	s.writeStudy(w, http.StatusCreated, out)
	return nil
}

func (s *Server) handleUpdateStudy(w http.ResponseWriter, r *http.Request) error {
	id := param(r, "id")
	etag, err := ifMatch(r)
	if err != nil {
		return err
	}
	st, err := readStudy(w, r)
	if err != nil {
		return err
	}
	a, _ := actorFrom(r.Context())
	out, err := s.store.Update(r.Context(), id, st, etag, a)
	if err != nil {
		return err
	}
	s.writeStudy(w, http.StatusOK, out)
	return nil
}

func (s *Server) handleRetractStudy(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	reason := r.URL.Query().Get("reason")
	out, err := s.store.Retract(r.Context(), param(r, "id"), reason, a)
	if err != nil {
		return err
	}
	s.writeStudy(w, http.StatusOK, out)
	return nil
}

func (s *Server) handlePublishStudy(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	out, err := s.store.Publish(r.Context(), param(r, "id"), a)
	if err != nil {
		return err
	}
	s.writeStudy(w, http.StatusOK, out)
	return nil
}

func (s *Server) handleRestoreStudy(w http.ResponseWriter, r *http.Request) error {
	etag, err := ifMatch(r)
	if err != nil {
		return err
	}
	id := param(r, "id")
	v := r.URL.Query().Get("version")
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		// Name the versions there are; an unreadable history only
		// leaves the upper bound out.
		msg := fmt.Sprintf("version: %q is not a version number; versions count from 1", clip(v))
		if study.ValidID(id) {
			if h, herr := s.store.History(id); herr == nil && len(h) > 0 {
				msg = fmt.Sprintf("version: %q is not a version number; this study has versions 1 to %d", clip(v), h[len(h)-1].Version)
			}
			msg += ", listed at " + studyAPIURL(id) + "/history"
		}
		return &Error{Code: codeInvalid, Message: msg, Fields: []FieldProblem{{Field: "version", Problem: "not a version number"}}}
	}
	a, _ := actorFrom(r.Context())
	out, err := s.store.Restore(r.Context(), id, n, etag, a)
	if err != nil {
		return err
	}
	s.writeStudy(w, http.StatusOK, out)
	return nil
}

func (s *Server) handleStudyHistory(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.visibleStudy(r, param(r, "id")); err != nil {
		return err
	}
	h, err := s.store.History(param(r, "id"))
	if err != nil {
		return err
	}
	if h == nil {
		h = []corpus.Version{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"versions": h})
	return nil
}

// ifMatch reads the ETag a curator loaded; a write without one could
// overwrite someone else's change unseen.
func ifMatch(r *http.Request) (string, error) {
	v := strings.TrimSpace(r.Header.Get("If-Match"))
	if v == "" {
		return "", errorf(codePreconditionRequired, "send If-Match with the ETag from GET /api/v1/studies/{id}, so a newer change is never overwritten unseen")
	}
	v = strings.TrimPrefix(v, "W/")
	if u, err := strconv.Unquote(v); err == nil {
		v = u
	}
	return v, nil
}

// writeError maps the corpus's write errors onto the API's vocabulary.
func writeError(err error) error {
	var ce *corpus.ConflictError
	var fe *corpus.ForbiddenError
	switch {
	case errors.As(err, &ce):
		code := codeConflict
		if ce.Possible {
			code = codePossibleDuplicate
		}
		return &Error{Code: code, Message: ce.Reason, Existing: ce.Existing}
	case errors.As(err, &fe):
		return errorf(codeForbidden, "%s", fe.Reason)
	case errors.Is(err, corpus.ErrStale):
		return errorf(codePreconditionFailed, "the study changed since you loaded it; reload it, merge your edits and send them again with the new ETag")
	case errors.Is(err, corpus.ErrNotFound):
		return errorf(codeNotFound, "no such study")
	}
	return err
}

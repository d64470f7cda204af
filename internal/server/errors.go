package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"litkb/index"
	"litkb/internal/study"
)

// Error codes: the one vocabulary of failures, mapped to HTTP status in
// exactly one place.
const (
	codeInvalid              = "invalid"
	codeUnauthorized         = "unauthorized"
	codeForbidden            = "forbidden"
	codeNotFound             = "not_found"
	codeConflict             = "conflict"
	codePossibleDuplicate    = "possible_duplicate"
	codePreconditionFailed   = "precondition_failed"
	codePreconditionRequired = "precondition_required"
	codeTooLarge             = "too_large"
	codeUnsupported          = "unsupported_media_type"
	codeTooMany              = "too_many_requests"
	codeUnavailable          = "unavailable"
	codeInternal             = "internal"
)

var statusOf = map[string]int{
	codeInvalid:              http.StatusBadRequest,
	codeUnauthorized:         http.StatusUnauthorized,
	codeForbidden:            http.StatusForbidden,
	codeNotFound:             http.StatusNotFound,
	codeConflict:             http.StatusConflict,
	codePossibleDuplicate:    http.StatusConflict,
	codePreconditionFailed:   http.StatusPreconditionFailed,
	codePreconditionRequired: http.StatusPreconditionRequired,
	codeTooLarge:             http.StatusRequestEntityTooLarge,
	codeUnsupported:          http.StatusUnsupportedMediaType,
	codeTooMany:              http.StatusTooManyRequests,
	codeUnavailable:          http.StatusServiceUnavailable,
	codeInternal:             http.StatusInternalServerError,
}

// Error is a failure a person can act on: Message is written for them.
type Error struct {
	Code     string         `json:"code"`
	Message  string         `json:"message"`
	Fields   []FieldProblem `json:"fields,omitempty"`
	Existing string         `json:"existing,omitempty"` // the study a conflict is with
}

// FieldProblem names one field and what is wrong with it.
type FieldProblem struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
	Line    int    `json:"line,omitempty"`
}

func (e *Error) Error() string { return e.Message }

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// publicError turns any error into what the client may see; anything we
// did not mean to show becomes a generic sentence.
func publicError(err error) *Error {
	var e *Error
	var se *index.SyntaxError
	var qe *index.QueryError
	var ps study.Problems
	err = writeError(err)
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &se):
		return &Error{Code: codeInvalid, Message: "query syntax " + se.Error(), Fields: []FieldProblem{{Field: "q", Problem: se.Msg}}}
	case errors.As(err, &qe):
		return &Error{Code: codeInvalid, Message: qe.Msg}
	case errors.As(err, &ps):
		out := &Error{Code: codeInvalid, Message: ps.Error()}
		for _, p := range ps {
			out.Fields = append(out.Fields, FieldProblem{Field: p.Field, Problem: p.Message, Line: p.Line})
		}
		return out
	case errors.Is(err, index.ErrNotReady):
		return errorf(codeUnavailable, "the search index is being built; try again in a few seconds")
	case errors.Is(err, errDeadline):
		return errorf(codeUnavailable, "the search took too long and was stopped; try a more specific query")
	}
	return errorf(codeInternal, "something went wrong on our side; it has been logged")
}

var errDeadline = errors.New("search deadline exceeded")

// apiHandler adapts a handler that returns an error to the JSON API.
func (s *Server) apiHandler(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			pe := s.logError(r, err)
			writeJSON(w, statusOf[pe.Code], map[string]any{"error": pe})
		}
	}
}

// pageHandler adapts a handler that returns an error to an HTML page.
func (s *Server) pageHandler(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			pe := s.logError(r, err)
			s.renderStatus(w, r, statusOf[pe.Code], "error", errorPage{Page: s.page(r, "Error"), Err: pe})
		}
	}
}

// logError logs internal errors with the request's details and returns
// what the client may see.
func (s *Server) logError(r *http.Request, err error) *Error {
	pe := publicError(err)
	if pe.Code == codeInternal {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "request_id", requestID(r.Context()), "err", err)
	}
	return pe
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		slog.Debug("write json", "err", err)
	}
}

package server

import (
	_ "embed"
	"net/http"
)

// openAPI describes the API; a test checks it lists every /api/v1 route.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPI)
	return nil
}

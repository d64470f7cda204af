package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gorilla/mux"
)

// TestOpenAPIListsEveryRoute: a route added without documenting it fails.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	s := &Server{views: &views{}}
	s.metrics = newMetrics(s)
	r := s.routes().(*mux.Router)
	walked := 0
	err := r.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		path, err := route.GetPathTemplate()
		if err != nil || !(strings.HasPrefix(path, "/api/v1/") || path == "/healthz" || path == "/readyz") {
			return nil
		}
		walked++
		methods, _ := route.GetMethods()
		for _, m := range methods {
			if _, ok := doc.Paths[path][strings.ToLower(m)]; !ok && m != "HEAD" {
				t.Errorf("%s %s is not in openapi.json", m, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if walked < 15 {
		t.Errorf("walked %d API routes; the walk is not seeing the route table", walked)
	}
}

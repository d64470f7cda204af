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

// TestOpenAPIDocumentsCursorPaging: the search's cursor parameter and the
// next and next_url fields of its answer are in the contract.
func TestOpenAPIDocumentsCursorPaging(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	var search struct {
		Parameters []struct {
			Name string `json:"name"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if err := json.Unmarshal(doc.Paths["/api/v1/search"]["get"], &search); err != nil {
		t.Fatalf("GET /api/v1/search: %v", err)
	}
	found := false
	for _, p := range search.Parameters {
		found = found || p.Name == "cursor"
	}
	if !found {
		t.Error("GET /api/v1/search does not list the cursor parameter")
	}
	for _, f := range []string{"next", "next_url"} {
		if _, ok := doc.Components.Schemas["SearchResult"].Properties[f]; !ok {
			t.Errorf("SearchResult has no %s", f)
		}
	}
}

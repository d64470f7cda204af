package server_test

import "testing"

// An edited book without authors is found by its editors in the search's
// author field, as a reader who knows the editors would look for it.
func TestEditedBookIsNamedByItsEditors(t *testing.T) {
	dir := copyData(t)
	ts, _, tokens := openServer(t, dir)
	cur, _ := tokens.Add("Ada", "curator")
	const id = "grossmann-waters-2005-attachment-infancy-adulthood"
	code, _, body := do(t, ts, "GET", "/api/v1/search?drafts=true&q=author:grossmann", cur, nil)
	if code != 200 {
		t.Fatalf("search: %d %v", code, body)
	}
	found := false
	for _, h := range body["hits"].([]any) {
		hit := h.(map[string]any)
		if hit["id"] == id {
			found = true
			if eds, _ := hit["editors"].([]any); len(eds) != 3 {
				t.Errorf("the hit names editors %v; want the three", hit["editors"])
			}
		}
	}
	if !found {
		t.Errorf("author:grossmann does not find the edited book %s: %v", id, body["hits"])
	}
}

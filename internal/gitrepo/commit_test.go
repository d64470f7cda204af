package gitrepo

import (
	"slices"
	"strings"
	"testing"

	"litkb/internal/corpus"
)

func TestMessage(t *testing.T) {
	tests := []struct {
		name string
		ws   []corpus.Written
		want string
	}{
		{"an update names the fields once each", []corpus.Written{{Action: "update", Who: "Ada", IDs: []string{"a-2001-x"},
			Fields: []string{"findings[2].value", "findings[3].text", "title"}}},
			"update a-2001-x\n\nfields: findings, title\nby: Ada\n"},
		{"a retraction carries its reason", []corpus.Written{{Action: "retract", Who: "Ada", IDs: []string{"a-2001-x"}, Fields: []string{"retraction", "status"}, Note: "wrong\nsample"}},
			"retract a-2001-x\n\nfields: retraction, status\nnote: wrong sample\nby: Ada\n"},
		{"an import lists its studies", []corpus.Written{{Action: "import", Who: "Ada", IDs: []string{"a-2001-x", "b-2002-y"}}},
			"import 2 studies\n\nstudies: a-2001-x, b-2002-y\nby: Ada\n"},
		{"two saves of one study in one commit", []corpus.Written{
			{Action: "create", Who: "Ada", IDs: []string{"a-2001-x"}, Fields: []string{"title"}},
			{Action: "publish", Who: "Bo", IDs: []string{"a-2001-x"}, Fields: []string{"status"}}},
			"create, publish a-2001-x\n\ncreate a-2001-x\n\nfields: title\nby: Ada\n\npublish a-2001-x\n\nfields: status\nby: Bo\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := message(tt.ws); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestAuthorEmail(t *testing.T) {
	for name, want := range map[string]string{
		"Ada Lovelace":      "ada.lovelace@litkb.invalid",
		"  o'Brien, Máire ": "o.brien.m.ire@litkb.invalid",
		"<>":                "curator@litkb.invalid",
		"tester":            "tester@litkb.invalid",
	} {
		if got := AuthorEmail(name); got != want {
			t.Errorf("AuthorEmail(%q) = %q, want %q", name, got, want)
		}
	}
	if got := authorName("Eve <eve@x>\n"); strings.ContainsAny(got, "<>\n") {
		t.Errorf("authorName kept header syntax: %q", got)
	}
}

func TestGroups(t *testing.T) {
	w := func(action string, files ...string) corpus.Written {
		return corpus.Written{Action: action, Files: files}
	}
	tests := []struct {
		name string
		ws   []corpus.Written
		want [][]string // actions per commit
	}{
		{"distinct studies: a commit each", []corpus.Written{w("a", "x"), w("b", "y"), w("c", "z")}, [][]string{{"a"}, {"b"}, {"c"}}},
		{"one study twice: one commit", []corpus.Written{w("a", "x"), w("b", "x")}, [][]string{{"a", "b"}}},
		{"a shared file pulls the writes between into one commit, in order",
			[]corpus.Written{w("a", "x"), w("b", "y"), w("c", "x"), w("d", "z")}, [][]string{{"a", "b", "c"}, {"d"}}},
		{"an import sharing one file", []corpus.Written{w("a", "x"), w("i", "y", "x", "w"), w("b", "w")}, [][]string{{"a", "i", "b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][]string
			for _, g := range groups(tt.ws) {
				var as []string
				for _, w := range g {
					as = append(as, w.Action)
				}
				got = append(got, as)
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

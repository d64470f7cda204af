package index

import (
	"encoding/base64"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// FuzzDecodeCursor: a cursor comes from the client, so decoding any text
// never panics and fails only with a *QueryError about the cursor; what
// decodes encodes back to the same cursor, and checking its values against
// every sort order never panics either.
func FuzzDecodeCursor(f *testing.F) {
	valid := &cursor{Version: cursorVersion, Search: fingerprint(Request{Query: "attachment"}), Sort: "relevance", After: []string{"0.3382954098173807", "s:tie-02"}}
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, seed := range []string{
		valid.encode(),
		(&cursor{Version: cursorVersion, Sort: "newest", After: []string{"2002", "NaN", "x"}, Alt: "earned security", Fuzzy: true}).encode(),
		"", "!!!", "e30", valid.encode() + "=", strings.Repeat("A", maxCursorLen+1),
		b64(`{"v":1,"sort":"relevance","after":[]}`),
		b64(`{"v":1,"sort":"random","after":["1"]}`),
		b64(`{"v":1,"sort":"relevance","after":["1e999","\u0000"]}`),
		b64(`{"v":1,"sort":"oldest","after":[1,2,3]}`),
		b64(`[1,2,3]`), b64(`null`),
	} {
		f.Add(seed)
	}
	orders := [][]string{uniqueOrder(sortOrder("relevance", true)), uniqueOrder(sortOrder("newest", true)), sortOrder("relevance", false)}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := decodeCursor(s)
		if err != nil {
			var qe *QueryError
			if c != nil || !errors.As(err, &qe) || !strings.HasPrefix(qe.Msg, "cursor ") {
				t.Fatalf("decodeCursor(%q) = %v, %v; want only a QueryError about the cursor", s, c, err)
			}
			return
		}
		again, err := decodeCursor(c.encode())
		if err != nil || !reflect.DeepEqual(again, c) {
			t.Fatalf("decodeCursor(%q) = %+v; encoded and decoded again: %+v, %v", s, c, again, err)
		}
		for _, o := range orders {
			_ = checkAfter(o, c.After)
		}
	})
}

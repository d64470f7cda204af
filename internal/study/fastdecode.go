package study

import (
	"bytes"
	"math"
	"reflect"
	"strings"

	gotoml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// decodeFast decodes a study file with go-toml, and reports whether it
// did. With its key check it takes a third of the time BurntSushi/toml
// takes on a study and makes a fifth of the allocations
// (BenchmarkDecodeStudy): a build of 100,000 studies spent 13% of its CPU
// in BurntSushi's decoder. Only a file it takes whole counts:
// anything it refuses is decoded again by decodeChecked, whose problems
// name the line and the field, so what a curator reads is unchanged.
// FuzzDecodeFastAgrees holds that whatever it takes, BurntSushi decodes
// to the same study with no problem.
func decodeFast(data []byte, s *Study) bool {
	if !plainKeys(data) {
		return false
	}
	d := gotoml.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(s); err != nil || !safeFloats(reflect.ValueOf(s).Elem()) {
		*s = Study{}
		return false
	}
	return true
}

// safeFloats reports whether every float in v is within ±(2^53-1):
// BurntSushi refuses an integer beyond that for a float field, which
// go-toml takes, and the value tells no longer which of the two it was.
func safeFloats(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		return math.Abs(v.Float()) <= 1<<53-1
	case reflect.Pointer:
		return v.IsNil() || safeFloats(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if !safeFloats(v.Field(i)) {
				return false
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			if !safeFloats(v.Index(i)) {
				return false
			}
		}
	}
	return true
}

// plainKeys reports whether data parses and holds nothing the two
// decoders take differently: every key a lowercase field name (both match
// keys to fields ignoring case, and which of "title" and "Title" wins
// differs between them, and from one run to the next in BurntSushi), and
// no table where a study has a list of tables ("[findings]" or
// "findings.id = ...": go-toml makes it a list of one, BurntSushi
// refuses it). Nesting is bounded by checkInput.
func plainKeys(data []byte) bool {
	var p unstable.Parser
	p.Reset(data)
	var w keyWalk
	table := ""
	for p.NextExpression() {
		n := p.Expression()
		switch n.Kind {
		case unstable.Table, unstable.ArrayTable:
			path, ok := w.path("", n, n.Kind == unstable.ArrayTable)
			if !ok {
				return false
			}
			table = string(path)
		case unstable.KeyValue:
			if !w.keyValue(table, n) {
				return false
			}
		}
	}
	return p.Error() == nil
}

// keyWalk holds the buffer paths are built in, so that checking a key
// allocates nothing.
type keyWalk struct{ buf []byte }

// path is the dotted path of n's key under table, if every part is a
// lowercase field name and only the last, when list is set, is a list of
// tables (every other part is a table). It is valid until the next call.
func (w *keyWalk) path(table string, n *unstable.Node, list bool) ([]byte, bool) {
	w.buf = append(w.buf[:0], table...)
	for it := n.Key(); it.Next(); {
		k := it.Node().Data
		if !lowercaseKey(k) {
			return nil, false
		}
		if len(w.buf) > 0 {
			w.buf = append(w.buf, '.')
		}
		w.buf = append(w.buf, k...)
		if tableLists[string(w.buf)] != (list && it.IsLast()) {
			return nil, false
		}
	}
	return w.buf, true
}

// keyValue checks a key and its value under table: an inline table is a
// table, an array of inline tables a list of tables, and what they hold is
// checked the same way.
func (w *keyWalk) keyValue(table string, n *unstable.Node) bool {
	v := n.Value()
	if v.Kind != unstable.InlineTable && v.Kind != unstable.Array {
		_, ok := w.path(table, n, false)
		return ok
	}
	path, ok := w.path(table, n, false)
	list := false
	if !ok { // the last part may be a list, which an array can fill
		if path, ok = w.path(table, n, true); !ok || v.Kind != unstable.Array {
			return false
		}
		list = true
	}
	inner := string(path)
	for it := v.Children(); it.Next(); {
		switch e := it.Node(); {
		case v.Kind == unstable.InlineTable:
			if !w.keyValue(inner, e) {
				return false
			}
		case e.Kind == unstable.InlineTable:
			if !list || !w.inlineTable(inner, e) {
				return false
			}
		case e.Kind == unstable.Array:
			return false // no field of a study is a list of lists
		}
	}
	return true
}

func (w *keyWalk) inlineTable(path string, t *unstable.Node) bool {
	for it := t.Children(); it.Next(); {
		if !w.keyValue(path, it.Node()) {
			return false
		}
	}
	return true
}

// tableLists are the dotted paths of a study's lists of tables
// ("findings", "provenance.checks").
var tableLists = listsOf(reflect.TypeFor[Study](), "", map[string]bool{})

func listsOf(t reflect.Type, prefix string, out map[string]bool) map[string]bool {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "" || name == "-" {
			continue
		}
		switch ft := f.Type; {
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			out[prefix+name] = true
			listsOf(ft.Elem(), prefix+name+".", out)
		case ft.Kind() == reflect.Struct:
			listsOf(ft, prefix+name+".", out)
		}
	}
	return out
}

// lowercaseKey: every field of the files decodeStrict reads is named in
// lowercase ASCII letters, digits and underscores. A key in other letters
// would reach a field only through the decoders' matching that ignores
// case, and two spellings of one field in a file would each be the one
// kept, at random.
func lowercaseKey[T string | []byte](k T) bool {
	for i := 0; i < len(k); i++ {
		if c := k[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return len(k) > 0
}

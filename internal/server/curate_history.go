package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"litkb/internal/study"
)

// historyPage is /studies/{id}/history: every recorded change, newest
// first, with who made it, when, and each field from what to what.
type historyPage struct {
	curatePage
	Study    *study.Study
	Versions []versionView
	ETag     string // of the current version, for restore
	Edit     string // for signed-in curators
	Public   string // the study page, when it is public
}

type versionView struct {
	Number  int
	Time    time.Time
	Who     string
	Action  string
	Note    string
	Changes []changeView
	Current bool // the version the study is at now
	Open    bool // show the changes unfolded
}

type changeView struct{ Field, From, To string }

// handleHistory shows a study's changelog. It is public for public
// studies; a draft's history is for signed-in curators, who may also
// restore any earlier version with one button.
func (cu *curator) handleHistory(w http.ResponseWriter, r *http.Request) error {
	id := param(r, "id")
	sess, signed := cu.session(r)
	var st *study.Study
	if signed && study.ValidID(id) {
		st, _ = cu.s.Corpus().Study(id)
	}
	if st == nil {
		var err error
		if st, err = cu.s.publicStudy(id); err != nil {
			return err
		}
	}
	h, err := cu.s.store.History(id)
	if err != nil {
		return err
	}
	d := historyPage{Study: st}
	d.curatePage = cu.base(r, sess, "History: "+st.Title, "")
	if signed {
		w.Header().Set("Cache-Control", "no-store")
		d.ETag = cu.s.Corpus().ETag(id)
		d.Edit = editURL(id)
	} else {
		d.Meta = nil // the public changelog may be indexed like the study
	}
	if st.Public() {
		d.Public = studyURL(id)
	}
	for i := len(h) - 1; i >= 0; i-- {
		v := versionView{Number: h[i].Version, Time: h[i].Time, Who: h[i].Who, Action: h[i].Action, Note: h[i].Note,
			Current: i == len(h)-1, Open: h[i].Action != "create" && h[i].Action != "import"}
		for _, ch := range h[i].Changes {
			v.Changes = append(v.Changes, changeView{Field: ch.Field, From: showValue(ch.From), To: showValue(ch.To)})
		}
		d.Versions = append(d.Versions, v)
	}
	return cu.s.render(w, r, "history", d)
}

// showValue writes a recorded field value for people: lists joined with
// commas, numbers as written, nothing as an empty string.
func showValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			parts = append(parts, showValue(e))
		}
		return strings.Join(parts, ", ")
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// diffStudies lists the fields whose values differ between theirs and
// yours, in the order a study's fields are declared.
func diffStudies(theirs, yours *study.Study) []diffRow {
	a, order := flattenStudy(theirs)
	b, more := flattenStudy(yours)
	seen := map[string]bool{}
	var out []diffRow
	for _, k := range append(order, more...) {
		if seen[k] {
			continue
		}
		seen[k] = true
		if a[k] != b[k] {
			out = append(out, diffRow{Field: k, Theirs: a[k], Yours: b[k]})
		}
	}
	return out
}

// flattenStudy writes every field of st as path → text ("findings[2].value"
// → "0.58"), in declaration order; empty fields are left out.
func flattenStudy(st *study.Study) (map[string]string, []string) {
	vals := map[string]string{}
	var order []string
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(path, v.Elem())
			}
		case reflect.Struct:
			t := v.Type()
			for i := 0; i < t.NumField(); i++ {
				name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
				if name == "" || name == "-" {
					continue
				}
				if path != "" {
					name = path + "." + name
				}
				walk(name, v.Field(i))
			}
		case reflect.Slice:
			if v.Type().Elem().Kind() == reflect.Struct {
				for i := 0; i < v.Len(); i++ {
					walk(fmt.Sprintf("%s[%d]", path, i+1), v.Index(i))
				}
				return
			}
			parts := make([]string, v.Len())
			for i := range parts {
				parts[i] = fmt.Sprint(v.Index(i).Interface())
			}
			if s := strings.Join(parts, ", "); s != "" {
				vals[path] = s
				order = append(order, path)
			}
		case reflect.Float64:
			vals[path] = strconv.FormatFloat(v.Float(), 'f', -1, 64)
			order = append(order, path)
		default:
			if !v.IsZero() {
				vals[path] = fmt.Sprint(v.Interface())
				order = append(order, path)
			}
		}
	}
	walk("", reflect.ValueOf(st))
	return vals, order
}

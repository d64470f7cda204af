package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"litkb/internal/evidence"
	"litkb/internal/study"
	"litkb/web"
)

// views are the parsed templates and the static files with their hashes.
type views struct {
	pages  map[string]*template.Template
	assets map[string]string // name -> content hash
	files  map[string][]byte
	gzip   map[string][]byte // gzip of each text file, sent when the client takes it
	static http.Handler
}

// pageNames are every page template; each is parsed with layout.html. A
// template file not listed here fails the start, so none is forgotten.
var pageNames = []string{"search", "study", "topic", "claim", "help", "error", "construct", "evidence", "compare",
	"curate_signin", "curate_drafts", "curate_form", "curate_import", "history"}

// Prepare makes the views every server shares: it parses the pages'
// templates and compresses the static files, 20 ms that a program may
// spend beside other work of its start (the corpus loads meanwhile) by
// calling it early, on its own goroutine. New calls it otherwise.
func Prepare() { _, _ = sharedViews() }

// sharedViews are read, never written, once made: every server of the
// process shares them.
var sharedViews = sync.OnceValues(newViews)

func newViews() (*views, error) {
	v := &views{pages: map[string]*template.Template{}, assets: map[string]string{}, files: map[string][]byte{}, gzip: map[string][]byte{}}
	err := fs.WalkDir(web.Static(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(web.Static(), p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		v.assets[p] = hex.EncodeToString(sum[:6])
		v.files[p] = b
		if z := gzipped(b); len(z) < len(b) {
			v.gzip[p] = z
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	funcs := template.FuncMap{
		"asset": func(name string) (string, error) {
			h, ok := v.assets[name]
			if !ok {
				return "", fmt.Errorf("no static file %q", name)
			}
			return "/static/" + h + "/" + name, nil
		},
		"html":    func(s string) template.HTML { return template.HTML(s) }, // only for snippets we escaped ourselves
		"authors": authorList,
		"byline":  byline,
		"paras":   paragraphs,
		"short":   evidence.ShortAuthors,
		"cite":    citeLine,
		"join":    strings.Join,
		"add":     func(a, b int) int { return a + b },
		"ms":      millis,
		"plural":  plural,
		"kind":    typeLabel,
		"warning": studyWarning,
		"upper":   upperFirst,
		"year":    yearLabel,
		"slug":    func(s string) string { return strings.ReplaceAll(s, " ", "-") },
	}
	entries, err := fs.ReadDir(web.Templates(), ".")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	// parts.html holds the pieces several pages share (the comparison
	// plot with its table, cite this finding, the style switcher).
	// glossary.html is help's glossary of the labels the other pages use.
	known := map[string]bool{"layout.html": true, "parts.html": true, "glossary.html": true}
	for _, n := range pageNames {
		known[n+".html"] = true
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(web.Templates(), "layout.html", "parts.html", "glossary.html", n+".html")
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		v.pages[n] = t
	}
	for _, e := range entries {
		if !known[e.Name()] {
			return nil, fmt.Errorf("template %s is not registered in pageNames", e.Name())
		}
	}
	v.static = http.HandlerFunc(v.serveStatic)
	return v, nil
}

// serveStatic answers /static/<hash>/<name>; the hash makes the URL change
// with the content, so files can be cached for a year.
func (v *views) serveStatic(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/static/")
	hash, name, ok := strings.Cut(rest, "/")
	b, found := v.files[name]
	if !ok || !found {
		http.NotFound(w, r)
		return
	}
	if hash != v.assets[name] {
		http.Redirect(w, r, "/static/"+v.assets[name]+"/"+name, http.StatusFound)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("Vary", "Accept-Encoding")
	if z, ok := v.gzip[name]; ok && acceptsGzip(r) {
		w.Header().Set("Content-Encoding", "gzip")
		b = z
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}

// gzipped compresses a static file once, at start.
func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// Page is what every page template gets.
type Page struct {
	Title       string
	Query       string    // shown in the search box
	Canonical   string    // this page's URL for <link rel="canonical">: absolute when the origin is known (see origin), else relative
	Description string    // <meta name="description">
	Meta        []metaTag // extra <meta name=… content=…>: citation_* tags on study pages
	Prev, Next  string    // <link rel="prev|next"> on paged results
	Printable   bool      // the page has a print layout worth offering
	Feed        string    // <link rel="alternate"> to an Atom feed: every study's changes, or a search's
}

// metaTag is one <meta name content> pair.
type metaTag struct{ Name, Content string }

func (s *Server) page(r *http.Request, title string) Page {
	return Page{Title: title, Query: r.URL.Query().Get("q"), Canonical: s.absURL(r, r.URL.EscapedPath()), Feed: "/feed.atom"}
}

type errorPage struct {
	Page
	Err *Error
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) error {
	s.renderStatus(w, r, http.StatusOK, name, data)
	return nil
}

// renderStatus executes into a buffer, so a template error becomes a clean
// 500 instead of half a page.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.views.pages[name].Execute(&buf, data); err != nil {
		s.log.Error("render", "page", name, "request_id", requestID(r.Context()), "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("Something went wrong on our side; it has been logged.\n"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// authorList writes every author: "Roisman, G. I., Padrón, E., …".
func authorList(ps []study.Person) string {
	var out []string
	for _, p := range ps {
		switch {
		case p.Literal != "":
			out = append(out, p.Literal)
		case p.Given != "":
			out = append(out, p.Family+", "+p.Given)
		default:
			out = append(out, p.Family)
		}
	}
	return strings.Join(out, "; ")
}

// citeLine is the plain source line under a title: where the work
// appeared, by type. The citation block gives the formal styles.
func citeLine(st *study.Study) string {
	var parts []string
	switch st.Type {
	case "article":
		s := st.Journal
		if st.Volume != "" {
			s += ", " + st.Volume
			if st.Issue != "" {
				s += "(" + st.Issue + ")"
			}
		}
		if st.Pages != "" {
			s += ", " + st.Pages
		}
		if st.ArticleNumber != "" {
			s += ", article " + st.ArticleNumber
		}
		return strings.TrimPrefix(s, ", ")
	case "chapter", "paper-conference":
		in := "In "
		if len(st.Editors) > 0 {
			ed := " (Ed.), "
			if len(st.Editors) > 1 {
				ed = " (Eds.), "
			}
			in += byline(st.Editors) + ed
		}
		in += st.Container
		if st.Pages != "" {
			in += ", pp. " + st.Pages
		}
		parts = append(parts, in)
		if st.Event != "" {
			parts = append(parts, st.Event)
		}
	default:
		if st.Container != "" {
			parts = append(parts, st.Container)
		}
	}
	if st.Edition != "" {
		parts = append(parts, st.Edition+" ed.")
	}
	switch {
	case st.Place != "" && st.Publisher != "":
		parts = append(parts, st.Place+": "+st.Publisher)
	case st.Publisher != "":
		parts = append(parts, st.Publisher)
	}
	return strings.Join(parts, " · ")
}

// millis writes a duration in milliseconds the way a person reads it.
func millis(ms float64) string {
	switch {
	case ms < 1:
		return strconv.FormatFloat(ms, 'f', 2, 64)
	case ms < 10:
		return strconv.FormatFloat(ms, 'f', 1, 64)
	}
	return strconv.FormatFloat(ms, 'f', 0, 64)
}

// plural picks the word that goes with n: plural 1 "study" "studies".
func plural(n any, one, many string) string {
	switch v := n.(type) {
	case int:
		if v == 1 {
			return one
		}
	case uint64:
		if v == 1 {
			return one
		}
	}
	return many
}

// typeLabels name the kinds of work as a reader says them.
var typeLabels = map[string]string{
	"article": "Journal article", "book": "Book", "chapter": "Book chapter", "paper-conference": "Conference paper", "report": "Report", "thesis": "Thesis", "webpage": "Web page",
	"preprint": "Preprint", "manuscript": "Manuscript", "dataset": "Data set",
}

func typeLabel(t string) string {
	if l, ok := typeLabels[t]; ok {
		return l
	}
	return upperFirst(t)
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// yearLabel turns a decade facet value (2000-2009) into 2000s.
func yearLabel(v string) string {
	if len(v) == 9 && v[4] == '-' && strings.HasSuffix(v[:4], "0") {
		return v[:4] + "s"
	}
	return upperFirst(v)
}

// byline writes authors the way a title page does: "Glenn I. Roisman,
// Elena Padrón and Byron Egeland".
func byline(ps []study.Person) string {
	var names []string
	for _, p := range ps {
		n := p.Literal
		if n == "" {
			n = strings.TrimSpace(p.Given + " " + p.Family)
			if p.Suffix != "" {
				n += ", " + p.Suffix
			}
		}
		names = append(names, n)
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// paragraphs splits curated prose at blank lines and joins the lines of
// each paragraph, so line breaks in a TOML string do not show on a page.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

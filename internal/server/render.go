package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"litkb/internal/study"
	"litkb/web"
)

// views are the parsed templates and the static files with their hashes.
type views struct {
	pages  map[string]*template.Template
	assets map[string]string // name -> content hash
	files  map[string][]byte
	static http.Handler
}

// pageNames are every page template; each is parsed with layout.html. A
// template file not listed here fails the start, so none is forgotten.
var pageNames = []string{"search", "study", "topic", "claim", "error"}

func newViews() (*views, error) {
	v := &views{pages: map[string]*template.Template{}, assets: map[string]string{}, files: map[string][]byte{}}
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
		"short":   shortAuthors,
		"cite":    citeLine,
		"join":    strings.Join,
		"add":     func(a, b int) int { return a + b },
	}
	entries, err := fs.ReadDir(web.Templates(), ".")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	known := map[string]bool{"layout.html": true}
	for _, n := range pageNames {
		known[n+".html"] = true
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(web.Templates(), "layout.html", n+".html")
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
	_, _ = w.Write(b)
}

// Page is what every page template gets.
type Page struct {
	Title string
	Query string // shown in the search box
}

func (s *Server) page(r *http.Request, title string) Page {
	return Page{Title: title, Query: r.URL.Query().Get("q")}
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

// citeLine is the plain source line under a title: journal, volume(issue),
// pages. The citation issue replaces it with proper styles.
func citeLine(st *study.Study) string {
	var b strings.Builder
	b.WriteString(container(st))
	if st.Volume != "" {
		b.WriteString(", " + st.Volume)
		if st.Issue != "" {
			b.WriteString("(" + st.Issue + ")")
		}
	}
	if st.Pages != "" {
		b.WriteString(", " + st.Pages)
	}
	if st.ArticleNumber != "" {
		b.WriteString(", article " + st.ArticleNumber)
	}
	return b.String()
}

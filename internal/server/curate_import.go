package server

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"litkb/internal/evidence"
	"litkb/internal/ingest"
	"litkb/internal/study"
)

// The import page: upload or paste a BibTeX, RIS or CSL-JSON file, see
// what each record would become (new, duplicate of, error with its line),
// then confirm. Between the two the file waits server-side under a random
// id bound to the curator's session, so the confirm form stays small.

const (
	uploadTTL    = time.Hour
	maxUploads   = 32       // waiting previews, across all sessions; the oldest makes room
	maxPasteEcho = 64 << 10 // pasted text shown again with a problem, up to this size
)

type upload struct {
	session string
	body    []byte
	format  string
	name    string
	expires time.Time
}

// uploads are files waiting for the curator to confirm their import.
type uploads struct {
	mu sync.Mutex
	m  map[string]upload
}

func newUploads() *uploads { return &uploads{m: map[string]upload{}} }

func (u *uploads) put(up upload) string {
	u.mu.Lock()
	defer u.mu.Unlock()
	now := time.Now()
	for id, x := range u.m {
		if now.After(x.expires) {
			delete(u.m, id)
		}
	}
	for len(u.m) >= maxUploads {
		oldest := ""
		for id, x := range u.m {
			if oldest == "" || x.expires.Before(u.m[oldest].expires) {
				oldest = id
			}
		}
		delete(u.m, oldest)
	}
	id := randomToken()
	up.expires = now.Add(uploadTTL)
	u.m[id] = up
	return id
}

// take removes and returns the upload id of session sess: it imports once.
func (u *uploads) take(id, sess string) (upload, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	up, ok := u.m[id]
	if !ok || up.session != sess || time.Now().After(up.expires) {
		return upload{}, false
	}
	delete(u.m, id)
	return up, true
}

// importPage is /curate/import.
type importPage struct {
	curatePage
	Format   string
	Formats  []formOption
	Paste    string
	Err      string
	Report   *ImportReport
	Rows     []importRow
	Upload   string // the waiting file's id, for the confirm form
	FileName string
}

type importRow struct {
	ImportRecord
	Title, Authors, Year string
}

func (cu *curator) importData(r *http.Request, s session, format string) importPage {
	d := importPage{curatePage: cu.base(r, s, "Import references", "import"), Format: format}
	for _, f := range []struct{ v, l string }{{"", "Recognise it from the file"}, {"bibtex", "BibTeX"}, {"ris", "RIS (also PubMed/MEDLINE)"}, {"csljson", "CSL-JSON"}} {
		d.Formats = append(d.Formats, formOption{Value: f.v, Label: f.l, Selected: f.v == format})
	}
	return d
}

func (cu *curator) handleImportPage(w http.ResponseWriter, r *http.Request, s session) error {
	return cu.s.render(w, r, "curate_import", cu.importData(r, s, ""))
}

// handleImportPreview runs the import as a dry run and shows, record by
// record, what it would do; nothing is written.
func (cu *curator) handleImportPreview(w http.ResponseWriter, r *http.Request, s session) error {
	format := r.PostFormValue("format")
	d := cu.importData(r, s, format)
	fail := func(msg string) error {
		d.Title = "Error: " + d.Title
		d.Err = msg
		cu.s.renderStatus(w, r, http.StatusBadRequest, "curate_import", d)
		return nil
	}
	var body []byte
	var name, contentType string
	if r.MultipartForm != nil && len(r.MultipartForm.File["file"]) > 0 && r.MultipartForm.File["file"][0].Size > 0 {
		fh := r.MultipartForm.File["file"][0]
		f, err := fh.Open()
		if err != nil {
			return err
		}
		defer f.Close()
		if body, err = io.ReadAll(io.LimitReader(f, maxImport+1)); err != nil {
			return err
		}
		name, contentType = filepath.Base(fh.Filename), fh.Header.Get("Content-Type")
	} else {
		paste := r.PostFormValue("paste")
		if len(paste) <= maxPasteEcho {
			d.Paste = paste
		}
		body = []byte(paste)
	}
	switch {
	case len(body) > maxImport:
		return fail(fmt.Sprintf("The file is larger than %d MiB; split it and import the parts.", maxImport>>20))
	case len(strings.TrimSpace(string(body))) == 0:
		return fail("Choose a file to upload, or paste the records into the box.")
	}
	if format == "" {
		format = formatByName(name)
	}
	if format == "" {
		f, err := ingest.DetectFormat(contentType, body)
		if err != nil {
			return fail("litkb cannot tell which format this is. Choose BibTeX, RIS or CSL-JSON under “Format” and preview again.")
		}
		format = string(f)
	}
	rep, err := Import(r.Context(), cu.s.store, body, "", format, true, s.actor)
	if err != nil {
		return fail(strings.TrimSuffix(publicError(err).Message, " (send ?format=bibtex|ris|csljson)"))
	}
	d.Report, d.FileName = &rep, name
	d.Rows = importRows(rep)
	if rep.New > 0 {
		d.Upload = cu.uploads.put(upload{session: s.id, body: body, format: format, name: name})
	}
	return cu.s.render(w, r, "curate_import", d)
}

// formatByName knows a format from the usual file extensions.
func formatByName(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".bib", ".bibtex":
		return "bibtex"
	case ".ris", ".nbib":
		return "ris"
	case ".json":
		return "csljson"
	}
	return ""
}

func importRows(rep ImportReport) []importRow {
	rows := make([]importRow, 0, len(rep.Records))
	for _, rec := range rep.Records {
		row := importRow{ImportRecord: rec, Title: rec.CSL.Title}
		var names []study.Person
		for _, n := range rec.CSL.Author {
			fam := strings.TrimSpace(strings.Join([]string{n.NonDroppingParticle, n.Family}, " "))
			names = append(names, study.Person{Family: fam, Given: n.Given, Literal: n.Literal})
		}
		row.Authors = evidence.ShortAuthors(names)
		if y := rec.CSL.Issued.Year(); y > 0 {
			row.Year = strconv.Itoa(y)
		}
		rows = append(rows, row)
	}
	return rows
}

// handleImportConfirm imports the file previewed, for real: new records
// become drafts; duplicates and errors are skipped, as the preview said.
func (cu *curator) handleImportConfirm(w http.ResponseWriter, r *http.Request, s session) error {
	up, ok := cu.uploads.take(r.PostFormValue("upload"), s.id)
	if !ok {
		d := cu.importData(r, s, "")
		d.Title = "Error: " + d.Title
		d.Err = "That preview has expired or was already imported, so nothing was imported now. Upload the file again to see a fresh preview."
		cu.s.renderStatus(w, r, http.StatusBadRequest, "curate_import", d)
		return nil
	}
	rep, err := Import(r.Context(), cu.s.store, up.body, "", up.format, false, s.actor)
	if err != nil {
		return err
	}
	f := flash{Kind: "ok", Text: fmt.Sprintf("Imported %d %s as %s.", rep.New, plural(rep.New, "record", "records"), plural(rep.New, "a draft", "drafts"))}
	if rep.Duplicates > 0 || rep.Errors > 0 {
		f.Text += fmt.Sprintf(" Skipped %d %s and %d %s.", rep.Duplicates, plural(rep.Duplicates, "duplicate", "duplicates"), rep.Errors, plural(rep.Errors, "record with an error", "records with errors"))
	}
	for _, rec := range rep.Records {
		switch {
		case rec.Status == "new":
			f.Items = append(f.Items, rec.ID+": "+rec.CSL.Title)
		case rec.Status == "error" && rec.Error != "":
			f.Items = append(f.Items, fmt.Sprintf("Line %d: not imported: %s", rec.Line, rec.Error))
		}
	}
	if rep.New == 0 {
		f.Kind = "error"
	}
	return cu.redirect(w, r, s, "/curate/drafts", f)
}

package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"litkb/internal/cite"
	"litkb/internal/corpus"
	"litkb/internal/ingest"
	"litkb/internal/study"
)

// maxImport bounds an import body: a reference-manager library of a few
// thousand records.
const maxImport = 16 << 20

// ImportRecord is one record of the import report, good or bad, in order.
type ImportRecord struct {
	Line        int      `json:"line"`
	Key         string   `json:"key,omitempty"`
	Status      string   `json:"status"` // new, duplicate, error (and saved when written)
	ID          string   `json:"id,omitempty"`
	DuplicateOf string   `json:"duplicate_of,omitempty"`
	Error       string   `json:"error,omitempty"`
	Warnings    []string `json:"warnings,omitempty"`
	// NotKept lists the record's input fields that the study does not
	// keep, each with the reason; every other field was mapped.
	NotKept []ingest.NotKept `json:"not_kept,omitempty"`
	CSL     cite.Item        `json:"csl"`
}

// ImportReport is the answer to an import, as in the API contract.
type ImportReport struct {
	Records    []ImportRecord `json:"records"`
	New        int            `json:"new"`
	Duplicates int            `json:"duplicates"`
	Errors     int            `json:"errors"`
	DryRun     bool           `json:"dry_run"`
}

// Import plans (and unless dryRun, writes) the records of body: each new
// record becomes a draft whose imported citation fields are marked as not
// yet checked, duplicates of the corpus or of earlier records are reported,
// never written.
func Import(ctx context.Context, store *corpus.Store, body []byte, contentType, format string, dryRun bool, who corpus.Actor) (ImportReport, error) {
	var f ingest.Format
	var err error
	if format != "" {
		f, err = ingest.ParseFormat(format)
	} else {
		f, err = ingest.DetectFormat(contentType, body)
	}
	if err != nil {
		return ImportReport{}, &Error{Code: codeInvalid, Message: err.Error() + " (send ?format=bibtex|ris|csljson)"}
	}
	recs, err := ingest.Parse(ctx, f, bytes.NewReader(body))
	if err != nil && ctx.Err() != nil {
		return ImportReport{}, fmt.Errorf("import stopped: %w", ctx.Err())
	}
	if errors.Is(err, ingest.ErrLimit) {
		return ImportReport{}, errorf(codeTooLarge, "%v", err)
	}
	if err != nil {
		return ImportReport{}, errorf(codeInvalid, "%v", err)
	}
	// One index for the corpus and the file's earlier records: the same
	// rules the write applies, in time linear in the records.
	c := store.Corpus()
	dups := corpus.NewDupIndex(c)
	rep := ImportReport{Records: []ImportRecord{}, DryRun: dryRun}
	var toWrite []study.Study
	var at []int
	for i, r := range recs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return ImportReport{}, fmt.Errorf("import stopped: %w", err)
			}
		}
		ir := ImportRecord{Line: r.Line, Key: r.Key, CSL: r.CSL, Warnings: r.Warnings, NotKept: r.NotKept}
		if r.Err != nil {
			ir.Status, ir.Error = "error", r.Err.Error()
			rep.Errors++
			rep.Records = append(rep.Records, ir)
			continue
		}
		st := importedDraft(r.Study, f, r.Line)
		ir.ID = st.ID
		// The write's own check, in the write's order (check, then
		// duplicates), so the preview refuses what the write would.
		if err := c.CheckNew(&st); err != nil {
			ir.Status, ir.Error = "error", publicError(err).Message
			rep.Errors++
			rep.Records = append(rep.Records, ir)
			continue
		}
		if ce := dups.Check(&st, false); ce != nil {
			ir.Status, ir.DuplicateOf = "duplicate", ce.Existing
			rep.Duplicates++
			rep.Records = append(rep.Records, ir)
			continue
		}
		dups.Add(&st)
		ir.Status = "new"
		rep.New++
		at = append(at, len(rep.Records))
		toWrite = append(toWrite, st)
		rep.Records = append(rep.Records, ir)
	}
	if dryRun || len(toWrite) == 0 {
		return rep, nil
	}
	saved, errs := store.CreateMany(ctx, toWrite, who, "import")
	for i, err := range errs {
		r := &rep.Records[at[i]]
		if saved[i] != nil {
			r.ID = saved[i].ID // the id it was saved under, if the file's was taken
		}
		if err != nil {
			r.Status, r.Error = "error", publicError(err).Message
			rep.New--
			rep.Errors++
		}
	}
	return rep, nil
}

// importedDraft marks what came from the file as imported, not checked:
// such a draft cannot be published until a curator checks those fields
// against the original and records it.
func importedDraft(st study.Study, f ingest.Format, line int) study.Study {
	st.Status = "draft"
	fields := st.CitedFields() // every part of the reference the file gave
	st.Provenance = study.Provenance{
		Confidence: "low",
		Checks:     []study.Check{{Fields: fields, Source: fmt.Sprintf("%s %s record at line %d; not yet checked against the original", corpus.ImportSource, f, line)}},
		ToCheck:    []string{"check every imported field against the original and record the source", "write the summary, topics, design, sample and findings"},
	}
	return st
}

func (s *Server) handleImportAPI(w http.ResponseWriter, r *http.Request) error {
	if err := requireUTF8(r); err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxImport))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errorf(codeTooLarge, "the import is larger than %d MiB; split the file", maxImport>>20)
		}
		return errorf(codeInvalid, "could not read the body: %v", err)
	}
	q := r.URL.Query()
	dry := q.Get("dry_run") != "false"
	a, _ := actorFrom(r.Context())
	rep, err := Import(r.Context(), s.store, body, r.Header.Get("Content-Type"), q.Get("format"), dry, a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

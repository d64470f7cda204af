package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"litkb/internal/cite"
	"litkb/internal/corpus"
	"litkb/internal/study"
)

// formPage is /curate/new and /curate/studies/{id}/edit: the study form,
// its problems, a preview, and on the edit page the status actions.
type formPage struct {
	curatePage
	Editing bool
	Action  string       // where the form posts
	Saved   *study.Study // the study as saved (edit page)
	ETag    string       // the version the form was loaded from
	Form    *formView
	Preview *studyPreview
	Notice  string // why the form is shown again, above everything
	Confirm bool   // offer "this is a different work" for a possible duplicate
	// Conflict is set when a save found the study changed since the form
	// was loaded: both versions side by side.
	Conflict *conflictView
	// Status actions (edit page).
	RetractReason, RetractErr string
	RestoreBefore             int // the version before the retraction, for undoing it
	History                   string
	Public                    string // the public page, once the study is public
	Lookup                    string // the DOI or PMID the new form was filled from
}

// studyPreview is how the study will look, and its APA reference.
type studyPreview struct {
	Study    *study.Study
	Findings []findingRow
	Topics   []study.Topic
	APA      *cite.Reference
	APAErr   string
}

// conflictView is a stale save: what is saved now (theirs) and what the
// curator sent (yours), field by field where they differ.
type conflictView struct {
	Rows []diffRow
	Who  string
	When time.Time
}

type diffRow struct{ Field, Theirs, Yours string }

// formState is everything a render of the form depends on.
type formState struct {
	id       string // "" on the new form
	form     studyForm
	problems study.Problems
	notice   string
	etag     string
	confirm  bool
	conflict *conflictView
	retract  string
	retractE string
	lookup   string
}

func (cu *curator) renderForm(w http.ResponseWriter, r *http.Request, s session, status int, fs formState) error {
	c := cu.s.Corpus()
	d := formPage{Editing: fs.id != "", ETag: fs.etag, Notice: fs.notice, Confirm: fs.confirm, Conflict: fs.conflict,
		RetractReason: fs.retract, RetractErr: fs.retractE, Lookup: fs.lookup}
	title := "New study"
	d.Action = "/curate/new"
	nav := "new"
	if d.Editing {
		saved, ok := c.Study(fs.id)
		if !ok {
			return errorf(codeNotFound, "No study has the id %q.", fs.id)
		}
		d.Saved = saved
		d.Action = editURL(fs.id)
		d.History = historyURL(fs.id)
		if saved.Public() {
			d.Public = studyURL(fs.id)
		}
		title = "Edit: " + saved.Title
		nav = ""
		if saved.Status == "retracted" || saved.Status == "withdrawn" {
			d.RestoreBefore = cu.versionBeforeRetraction(fs.id)
		}
	}
	if len(fs.problems) > 0 || fs.conflict != nil {
		title = "Error: " + title
	}
	d.curatePage = cu.base(r, s, title, nav)
	d.Form = buildForm(fs.form, c.Vocab, c.Constructs, c.Topics, d.Editing, fs.problems)
	if fs.form.Title != "" {
		st, _ := fs.form.study()
		if st.ID == "" {
			st.ID = study.SuggestID(&st)
		}
		d.Preview = cu.preview(st)
	}
	cu.s.renderStatus(w, r, status, "curate_form", d)
	return nil
}

// preview renders the parts of the study page a curator checks: the head,
// the reference, the summary and the findings.
func (cu *curator) preview(st study.Study) *studyPreview {
	p := &studyPreview{Study: &st}
	for _, f := range st.Findings {
		p.Findings = append(p.Findings, cu.s.findingRow(f))
	}
	for _, t := range st.Topics {
		if tp, ok := cu.s.Corpus().Topic(t); ok {
			p.Topics = append(p.Topics, tp)
		}
	}
	ref, err := cite.Format(cite.FromStudy(st), cite.APA)
	if err != nil {
		p.APAErr = "No reference yet: choose the type of work."
	} else {
		p.APA = &ref
	}
	return p
}

// versionBeforeRetraction is the latest version whose status was not
// retracted or withdrawn: restoring it undoes a retraction or withdrawal.
func (cu *curator) versionBeforeRetraction(id string) int {
	h, err := cu.s.store.History(id)
	if err != nil {
		return 0
	}
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Study != nil && h[i].Study.Status != "retracted" && h[i].Study.Status != "withdrawn" {
			return h[i].Version
		}
	}
	return 0
}

// formAction reads which button sent the form: save, preview, or
// add:<group> for an "add another" button.
func formAction(r *http.Request) (action, addGroup string) {
	a := r.PostFormValue("action")
	if g, ok := strings.CutPrefix(a, "add:"); ok {
		if _, known := minRows[g]; known {
			return "add", g
		}
	}
	if a == "preview" {
		return a, ""
	}
	return "save", ""
}

func (cu *curator) handleNewForm(w http.ResponseWriter, r *http.Request, s session) error {
	f := studyForm{Type: "article", rows: map[string]int{}}
	fs := formState{lookup: strings.TrimSpace(r.URL.Query().Get("lookup"))}
	if fs.lookup != "" {
		// "Add by DOI or PMID": a plain GET form, so it works without JS.
		filled, notice, ok := cu.lookupDraft(r.Context(), fs.lookup)
		fs.notice = notice
		if ok {
			f = filled
			f.rows = map[string]int{}
		}
	}
	f.showRows("")
	fs.form = f
	return cu.renderForm(w, r, s, http.StatusOK, fs)
}

// handleNewSave creates a draft from the form, or shows the form again
// with the curator's input and every problem beside its field.
func (cu *curator) handleNewSave(w http.ResponseWriter, r *http.Request, s session) error {
	f := parseStudyForm(r.PostForm)
	action, add := formAction(r)
	f.showRows(add)
	fs := formState{form: f}
	if action != "save" {
		return cu.renderForm(w, r, s, http.StatusOK, fs)
	}
	st, parsePs := f.study()
	if len(parsePs) > 0 {
		st.Status = "draft"
		if st.ID == "" {
			st.ID = study.SuggestID(&st)
		}
		fs.problems = dropDerivedID(f, mergeProblems(parsePs, st.Validate(cu.s.Corpus().Vocab)))
		return cu.renderForm(w, r, s, http.StatusBadRequest, fs)
	}
	out, err := cu.s.store.Create(r.Context(), st, s.actor, r.PostFormValue("confirm") == "yes")
	cu.s.countWriteFailure(err)
	if err != nil {
		status, ok := cu.formError(err, &fs, &st)
		if !ok {
			return err
		}
		fs.problems = dropDerivedID(f, fs.problems)
		return cu.renderForm(w, r, s, status, fs)
	}
	return cu.redirect(w, r, s, editURL(out.ID), flash{Kind: "ok",
		Text: fmt.Sprintf("Saved as a draft with the id %s. It is not public until an editor publishes it.", out.ID)})
}

// dropDerivedID leaves out problems with an id the curator did not type:
// it is derived from the author, year and title, whose own problems say
// what is missing.
func dropDerivedID(f studyForm, ps study.Problems) study.Problems {
	if f.ID != "" {
		return ps
	}
	var out study.Problems
	for _, p := range ps {
		if p.Field != "id" {
			out = append(out, p)
		}
	}
	return out
}

// formError turns a refused write into problems beside the fields, with
// the status of the page; ok is false for errors that are not the
// curator's to fix.
func (cu *curator) formError(err error, fs *formState, st *study.Study) (int, bool) {
	var ps study.Problems
	var ce *corpus.ConflictError
	var fe *corpus.ForbiddenError
	switch {
	case errors.As(err, &ps):
		fs.problems = ps
		return http.StatusBadRequest, true
	case errors.As(err, &ce):
		field := "id"
		switch {
		case ce.Possible:
			field = "title"
			fs.confirm = true
			fs.notice = "This looks like a study that is already in litkb: " + ce.Existing + ". If it is a different work, tick “This is a different work” below and save again."
		case st.DOI != "" && strings.Contains(ce.Reason, "DOI"):
			field = "doi"
			fs.notice = "This work is already in litkb as " + ce.Existing + "; edit that study instead."
		default:
			fs.notice = "The id is taken by " + ce.Existing + "; choose another id."
		}
		fs.problems = study.Problems{{Field: field, Message: ce.Reason}}
		return http.StatusConflict, true
	case errors.As(err, &fe):
		fs.notice = fe.Reason
		return http.StatusForbidden, true
	}
	return 0, false
}

func (cu *curator) handleEditForm(w http.ResponseWriter, r *http.Request, s session) error {
	id := param(r, "id")
	c := cu.s.Corpus()
	st, ok := c.Study(id)
	if !ok || !study.ValidID(id) {
		return errorf(codeNotFound, "No study has the id %q.", id)
	}
	f := formFromStudy(*st)
	f.showRows("")
	return cu.renderForm(w, r, s, http.StatusOK, formState{id: id, form: f, etag: c.ETag(id)})
}

// handleEditSave updates a study from the form. The form carries the ETag
// it was loaded with; if the study changed since, nothing is written and
// the page shows both versions, with the curator's in the form to re-apply.
func (cu *curator) handleEditSave(w http.ResponseWriter, r *http.Request, s session) error {
	id := param(r, "id")
	c := cu.s.Corpus()
	saved, ok := c.Study(id)
	if !ok {
		return errorf(codeNotFound, "No study has the id %q.", id)
	}
	f := parseStudyForm(r.PostForm)
	f.ID = id
	f.Topics = keepOrder(saved.Topics, f.Topics)
	for i := range min(len(f.Checks), len(saved.Provenance.Checks)) {
		f.Checks[i].Fields = keepOrder(saved.Provenance.Checks[i].Fields, f.Checks[i].Fields)
	}
	action, add := formAction(r)
	f.showRows(add)
	fs := formState{id: id, form: f, etag: r.PostFormValue("etag")}
	if action != "save" {
		return cu.renderForm(w, r, s, http.StatusOK, fs)
	}
	st, parsePs := f.study()
	st.Status = saved.Status
	if len(parsePs) > 0 {
		fs.problems = mergeProblems(parsePs, st.Validate(c.Vocab))
		return cu.renderForm(w, r, s, http.StatusBadRequest, fs)
	}
	out, err := cu.s.store.Update(r.Context(), id, st, fs.etag, s.actor)
	cu.s.countWriteFailure(err)
	switch {
	case errors.Is(err, corpus.ErrStale):
		return cu.renderStale(w, r, s, id, f, st)
	case errors.Is(err, corpus.ErrNotFound):
		return errorf(codeNotFound, "No study has the id %q.", id)
	case err != nil:
		status, ok := cu.formError(err, &fs, &st)
		if !ok {
			return err
		}
		return cu.renderForm(w, r, s, status, fs)
	}
	return cu.redirect(w, r, s, editURL(out.ID), flash{Kind: "ok", Text: "Saved your changes to " + out.ID + "."})
}

// renderStale shows a save that lost a race: the saved version (theirs)
// beside the submitted one (yours). The form holds yours with the new
// ETag, so saving it again re-applies it knowingly; nothing was written.
func (cu *curator) renderStale(w http.ResponseWriter, r *http.Request, s session, id string, f studyForm, yours study.Study) error {
	c := cu.s.Corpus()
	theirs, ok := c.Study(id)
	if !ok {
		return errorf(codeNotFound, "No study has the id %q.", id)
	}
	cv := &conflictView{Rows: diffStudies(theirs, &yours)}
	if h, err := cu.s.store.History(id); err == nil && len(h) > 0 {
		cv.Who, cv.When = h[len(h)-1].Who, h[len(h)-1].Time
	}
	fs := formState{id: id, form: f, etag: c.ETag(id), conflict: cv,
		notice: "Someone saved this study after you opened it, so your changes were not saved. Compare the two versions below. The form holds your version: change what you want to keep of theirs, then save to replace theirs, or discard yours by reloading the edit page."}
	return cu.renderForm(w, r, s, http.StatusConflict, fs)
}

// handlePublish makes a draft public (editors). If it is not ready, the
// form shows what publishing refused, beside each field.
func (cu *curator) handlePublish(w http.ResponseWriter, r *http.Request, s session) error {
	id := param(r, "id")
	out, err := cu.s.store.Publish(r.Context(), id, s.actor)
	cu.s.countWriteFailure(err)
	var ps study.Problems
	var fe *corpus.ForbiddenError
	switch {
	case errors.As(err, &ps):
		return cu.renderSaved(w, r, s, id, http.StatusBadRequest, formState{problems: ps,
			notice: "It cannot be published yet. Fix what is marked below, save, then publish."})
	case errors.As(err, &fe):
		return cu.redirect(w, r, s, editURL(id), flash{Kind: "error", Text: "Not published: " + fe.Reason + "."})
	case errors.Is(err, corpus.ErrNotFound):
		return errorf(codeNotFound, "No study has the id %q.", id)
	case err != nil:
		return err
	}
	return cu.redirect(w, r, s, editURL(id), flash{Kind: "ok", Text: "Published. It is public and in search results now:",
		Link: studyURL(out.ID), LinkText: studyURL(out.ID)})
}

// handleRetract retracts a study with the reason readers will see.
func (cu *curator) handleRetract(w http.ResponseWriter, r *http.Request, s session) error {
	id := param(r, "id")
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	out, err := cu.s.store.Retract(r.Context(), id, reason, s.actor)
	cu.s.countWriteFailure(err)
	var ps study.Problems
	switch {
	case errors.As(err, &ps):
		msg := ps.Error()
		if len(ps) > 0 {
			msg = ps[0].Message
		}
		return cu.renderSaved(w, r, s, id, http.StatusBadRequest, formState{retract: reason, retractE: msg,
			notice: "Not retracted: " + msg + "."})
	case errors.Is(err, corpus.ErrNotFound):
		return errorf(codeNotFound, "No study has the id %q.", id)
	case err != nil:
		return err
	}
	if out.Status == "withdrawn" {
		return cu.redirect(w, r, s, editURL(id), flash{Kind: "ok", Text: "Withdrawn. It is out of the drafts queue and never public; its file and history stay."})
	}
	return cu.redirect(w, r, s, editURL(id), flash{Kind: "ok", Text: "Retracted. Its page now shows the notice with your reason."})
}

// renderSaved shows the edit form for the saved study with a status
// action's problems.
func (cu *curator) renderSaved(w http.ResponseWriter, r *http.Request, s session, id string, status int, fs formState) error {
	c := cu.s.Corpus()
	st, ok := c.Study(id)
	if !ok {
		return errorf(codeNotFound, "No study has the id %q.", id)
	}
	fs.id, fs.form, fs.etag = id, formFromStudy(*st), c.ETag(id)
	fs.form.showRows("")
	return cu.renderForm(w, r, s, status, fs)
}

// handleRestore writes an earlier version back; the form carries the ETag
// of the version it was offered over, so a newer change is never lost.
func (cu *curator) handleRestore(w http.ResponseWriter, r *http.Request, s session) error {
	id := param(r, "id")
	back := safeNext(r.PostFormValue("back"))
	if back == "" {
		back = historyURL(id)
	}
	n, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || n < 1 {
		return cu.redirect(w, r, s, back, flash{Kind: "error", Text: "Nothing was restored: choose a version from the history."})
	}
	_, err = cu.s.store.Restore(r.Context(), id, n, r.PostFormValue("etag"), s.actor)
	cu.s.countWriteFailure(err)
	var ps study.Problems
	switch {
	case errors.Is(err, corpus.ErrStale):
		return cu.redirect(w, r, s, historyURL(id), flash{Kind: "error",
			Text: "Nothing was restored: the study changed after you opened the page. Here is its history as it is now; restore again if you still want to."})
	case errors.As(err, &ps):
		items := make([]string, len(ps))
		for i, p := range ps {
			items[i] = p.String()
		}
		return cu.redirect(w, r, s, back, flash{Kind: "error", Text: fmt.Sprintf("Version %d could not be restored:", n), Items: items})
	case errors.Is(err, corpus.ErrNotFound):
		return errorf(codeNotFound, "No study has the id %q.", id)
	case err != nil:
		return err
	}
	return cu.redirect(w, r, s, back, flash{Kind: "ok", Text: fmt.Sprintf("Restored version %d; the history records it as a new version.", n)})
}

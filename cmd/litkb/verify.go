package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"litkb/internal/corpus"
	"litkb/internal/registry"
	"litkb/internal/study"
)

// verifyTally counts a verify run.
type verifyTally struct {
	checked, agreed, disagreed, unavailable, failed, written int
}

// runVerify holds every study with a DOI or PMID (or the ids given)
// against its registry record and prints each disagreement as
// file:line: field: ours "…" registry "…". It exits 1 on any disagreement
// or failed lookup. With --write it records, for the fields that agree, a
// registry check, settles the to_check items they answer, and stores the
// notices found; a curated value is never changed.
func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s := newSettings("verify", stderr)
	write := s.fs.Bool("write", false, "record the registry check, settled to-do items and notices in each study")
	ids, err := parseInterspersed(s, args)
	if err != nil {
		return err
	}
	cfg, err := s.load()
	if err != nil {
		return err
	}
	var (
		store *corpus.Store
		c     *corpus.Corpus
	)
	if *write {
		app := &App{Config: cfg, Log: newLogger("warn", stderr), Progress: stderr}
		defer app.Close(context.Background())
		if err := app.Open(ctx, false); err != nil {
			return err
		}
		store, c = app.Store, app.Corpus()
	} else if c, err = corpus.Load(cfg.Data); err != nil {
		return err
	}
	todo, err := verifyTargets(c, ids)
	if err != nil {
		return err
	}
	client := newRegistry(cfg)
	bar := progressBar(stderr, len(todo), "verify")
	start := time.Now()
	var t verifyTally
	var out, msgs bytes.Buffer
	for _, st := range todo {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		out.Reset()
		msgs.Reset()
		verifyOne(ctx, client, store, c, st, &out, &msgs, &t)
		if out.Len() > 0 || msgs.Len() > 0 {
			_ = bar.Clear() // the bar's line, so a report does not start mid-line
			_, _ = stdout.Write(out.Bytes())
			_, _ = stderr.Write(msgs.Bytes())
		}
		_ = bar.Add(1)
	}
	_ = bar.Finish()
	fmt.Fprintf(stderr, "verify: %d checked: %d agreed, %d disagreed, %d unavailable (%d not held by any registry); %d written; %s\n",
		t.checked, t.agreed, t.disagreed, t.unavailable+t.failed, t.unavailable, t.written, time.Since(start).Round(time.Millisecond))
	if t.disagreed > 0 || t.failed > 0 {
		return errSilent
	}
	return nil
}

// verifyTargets are the studies to check, in id order: those named, or
// every study with a DOI or PMID.
func verifyTargets(c *corpus.Corpus, ids []string) ([]*study.Study, error) {
	var out []*study.Study
	for _, id := range ids {
		st, ok := c.Study(id)
		if !ok {
			return nil, fmt.Errorf("no study %q", id)
		}
		if st.DOI == "" && st.PMID == "" {
			return nil, fmt.Errorf("%s has no DOI or PMID to look up", id)
		}
		out = append(out, st)
	}
	if len(ids) == 0 {
		for i := range c.Studies {
			if st := c.Studies[i]; (st.DOI != "" || st.PMID != "") && st.Status != "withdrawn" {
				out = append(out, st)
			}
		}
	}
	slices.SortFunc(out, func(a, b *study.Study) int { return cmpString(a.ID, b.ID) })
	return out, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func verifyOne(ctx context.Context, client *registry.Client, store *corpus.Store, c *corpus.Corpus, st *study.Study, stdout, stderr io.Writer, t *verifyTally) {
	t.checked++
	rec, err := lookupStudy(ctx, client, st)
	if err != nil {
		if errors.Is(err, registry.ErrNotFound) {
			t.unavailable++
		} else {
			t.failed++
		}
		fmt.Fprintf(stderr, "%s: %v\n", st.ID, err)
		return
	}
	file := filepath.Join(c.Dir, corpus.StudiesDir, st.ID+".toml")
	data, _ := os.ReadFile(file) // only for line numbers
	dis, agreed := registry.Compare(st, rec)
	for _, n := range rec.Notices {
		if !hasNotice(st.Notices, n) {
			dis = append(dis, registry.Disagreement{Field: "notices", Registry: fmt.Sprintf("%s %s %s", n.Kind, n.DOI, n.Date)})
		}
	}
	for _, d := range dis {
		line := study.FieldLine(data, d.Field)
		if d.Field == "notices" && line == 0 {
			line = study.FieldLine(data, "doi")
		}
		fmt.Fprintf(stdout, "%s:%d: %s: ours %q registry %q\n", file, line, d.Field, d.Ours, d.Registry)
	}
	if len(dis) > 0 {
		t.disagreed++
	} else {
		t.agreed++
	}
	if store == nil {
		return
	}
	next := *st
	if !registry.Apply(&next, rec, agreed) {
		return
	}
	if _, err := store.Update(ctx, st.ID, next, c.ETag(st.ID), corpus.Actor{Name: "registry", Role: corpus.RoleCurator}); err != nil {
		t.failed++
		fmt.Fprintf(stderr, "%s: not written: %v\n", st.ID, err)
		return
	}
	t.written++
}

// lookupStudy asks the registry for st: by DOI (with the notices that
// update it), else by PMID.
func lookupStudy(ctx context.Context, client *registry.Client, st *study.Study) (*registry.Record, error) {
	if st.DOI == "" {
		return client.PubMedRecord(ctx, st.PMID)
	}
	rec, err := client.LookupDOI(ctx, st.DOI)
	if err != nil || rec.Source != registry.SourceCrossref {
		return rec, err
	}
	more, err := client.CrossrefUpdates(ctx, st.DOI)
	if err != nil {
		return nil, err
	}
	for _, n := range more {
		if !hasNotice(rec.Notices, n) {
			rec.Notices = append(rec.Notices, n)
		}
	}
	return rec, nil
}

func hasNotice(ns []study.Notice, n study.Notice) bool {
	return slices.ContainsFunc(ns, func(o study.Notice) bool { return o.Kind == n.Kind && study.DOIKey(o.DOI) == study.DOIKey(n.DOI) })
}

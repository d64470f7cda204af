package registry

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"litkb/internal/corpus"
	"litkb/internal/study"
)

// refreshStale is how old a study's recorded notice check may grow before
// a refresh that found nothing new records the day again: a write a week
// per study keeps notices_checked honest without a history entry a day.
const refreshStale = 7 * 24 * time.Hour

// Refresher re-asks Crossref, in the background and at a polite rate, for
// the notices of every study with a DOI, and writes what changed through
// the store, the same durable path as a curator's edit (history author
// "registry").
type Refresher struct {
	client   *Client
	store    *corpus.Store
	interval time.Duration
	log      *slog.Logger
	last     atomic.Int64 // unix nanoseconds of the last finished run; 0: none
}

// NewRefresher refreshes store's notices through client every interval.
func NewRefresher(client *Client, store *corpus.Store, interval time.Duration, log *slog.Logger) *Refresher {
	if log == nil {
		log = slog.Default()
	}
	return &Refresher{client: client, store: store, interval: interval, log: log}
}

// LastRun is when the last refresh finished; zero before the first.
func (r *Refresher) LastRun() time.Time {
	if n := r.last.Load(); n != 0 {
		return time.Unix(0, n).UTC()
	}
	return time.Time{}
}

// Run refreshes after delay and then every interval, until ctx ends.
func (r *Refresher) Run(ctx context.Context, delay time.Duration) {
	wait := delay
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		checked, written, err := r.RunOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		r.log.Info("notices refreshed", "checked", checked, "written", written, "err", err)
		wait = r.interval
	}
}

// RunOnce asks about every study with a DOI and writes the studies whose
// notices changed, or whose last recorded check is over a week old. A
// failed lookup is logged and the run goes on; the error returned is the
// last one.
func (r *Refresher) RunOnce(ctx context.Context) (checked, written int, err error) {
	var ids []string
	for _, st := range r.store.Corpus().Studies {
		if st.DOI != "" && st.Status != "withdrawn" {
			ids = append(ids, st.ID)
		}
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			return checked, written, ctx.Err()
		}
		st, ok := r.store.Corpus().Study(id)
		if !ok || st.DOI == "" {
			continue
		}
		notices, lerr := r.client.Notices(ctx, st.DOI)
		if lerr != nil {
			if !errors.Is(lerr, ErrNotFound) {
				r.log.Warn("notice refresh: lookup failed", "study", id, "err", lerr)
				err = lerr
			}
			continue
		}
		checked++
		ok, werr := r.write(ctx, id, notices)
		if werr != nil {
			r.log.Warn("notice refresh: not written", "study", id, "err", werr)
			err = werr
		}
		if ok {
			written++
		}
	}
	r.last.Store(r.client.opts.Now().UnixNano())
	return checked, written, err
}

// write merges notices into the current version of the study and saves
// it when that is worth a write.
func (r *Refresher) write(ctx context.Context, id string, notices []study.Notice) (bool, error) {
	c := r.store.Corpus()
	cur, ok := c.Study(id)
	if !ok {
		return false, nil
	}
	next := *cur
	MergeNotices(&next, &Record{Notices: notices, NoticesKnown: true, Retrieved: r.client.Today()})
	if len(next.Notices) == len(cur.Notices) && !stale(cur.NoticesChecked, r.client.opts.Now()) {
		return false, nil
	}
	_, err := r.store.Update(ctx, id, next, c.ETag(id), corpus.Actor{Name: "registry", Role: corpus.RoleCurator})
	if errors.Is(err, corpus.ErrStale) {
		return false, nil // a curator saved in between; the next run sees it
	}
	return err == nil, err
}

func stale(checked string, now time.Time) bool {
	t, err := time.Parse(time.DateOnly, checked)
	return err != nil || now.Sub(t) > refreshStale
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"litkb/index"
	"litkb/internal/config"
	"litkb/internal/corpus"
	"litkb/internal/gitrepo"
	"litkb/internal/registry"
	"litkb/internal/server"
	"litkb/internal/token"
)

// tokenPath is where curator tokens are kept: in the state folder, never
// in data/, which is shared through git.
func tokenPath(c config.Config) string { return filepath.Join(c.State, "tokens.json") }

// snapshotPath is the corpus snapshot: decoded studies, so a restart reads
// only the files that changed. It is a cache; deleting it is always safe.
func snapshotPath(c config.Config) string { return filepath.Join(c.State, "corpus.snapshot") }

// logLoad reports how the corpus was read and every file left out.
func logLoad(log *slog.Logger, c *corpus.Corpus, took time.Duration) {
	log.Info("corpus loaded", "studies", len(c.Studies), "decoded", c.Stats.Decoded, "from_snapshot", c.Stats.FromSnapshot, "from_image", c.Stats.FromImage, "off_heap_mib", c.Stats.OffHeap>>20, "files_checked", !c.Stats.CheckLater, "took", took.Round(time.Millisecond))
	if c.Stats.SnapshotErr != nil {
		log.Warn("corpus snapshot not used; the files were read instead", "err", c.Stats.SnapshotErr)
	}
	for _, p := range c.Problems {
		log.Warn("corpus problem; the file is left out", "problem", p.String())
	}
}

// settings registers the flags every command shares and loads the config:
// defaults, then the file, then LITKB_*, then the flags that were given.
type settings struct {
	fs                                             *flag.FlagSet
	configPath, addr, data, state, tlsCert, tlsKey string
	baseURL, allowedHosts                          string
}

func newSettings(name string, stderr io.Writer) *settings {
	s := &settings{fs: flag.NewFlagSet(name, flag.ContinueOnError)}
	s.fs.SetOutput(stderr)
	s.fs.StringVar(&s.configPath, "config", "", "config file (default: litkb.toml if present)")
	s.fs.StringVar(&s.data, "data", "", "corpus folder (default data)")
	s.fs.StringVar(&s.state, "state", "", "state folder for the index (default .litkb)")
	return s
}

func (s *settings) load() (config.Config, error) {
	path, required := s.configPath, true
	if path == "" {
		path, required = "litkb.toml", false
	}
	c, err := config.Load(path, required, os.LookupEnv)
	if err != nil {
		return c, err
	}
	s.fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "addr":
			c.Addr = s.addr
		case "data":
			c.Data = s.data
		case "state":
			c.State = s.state
		case "tls-cert":
			c.TLSCert = s.tlsCert
		case "tls-key":
			c.TLSKey = s.tlsKey
		case "base-url":
			c.BaseURL = s.baseURL
		case "allowed-hosts":
			c.AllowedHosts = config.SplitList(s.allowedHosts)
		}
	})
	return c, c.Validate()
}

func newLogger(level string, w io.Writer) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// App is the running program: corpus, index and server wired from a
// Config. Tests start it on port 0 and talk to it over HTTP.
type App struct {
	Config config.Config
	Log    *slog.Logger
	Store  *corpus.Store
	Index  *index.Index
	Server *server.Server
	// Git, when the corpus is kept in git (follow.go): told of every
	// write, and shown by the server.
	Git *gitrepo.Repo
	// Refresh re-checks the registries' notices when verify_interval is set.
	Refresh *registry.Refresher
	// Progress is where a bar shows the corpus loading, when it is a
	// terminal (see progressBar); nil shows none.
	Progress io.Writer

	checking chan struct{} // closed when the check of the corpus files is done (checkFiles)
}

// Corpus is the current snapshot of the corpus.
func (a *App) Corpus() *corpus.Corpus { return a.Store.Corpus() }

// Open loads the corpus, opens and syncs the index, and (when serve is
// true) starts the server.
func (a *App) Open(ctx context.Context, serve bool) error {
	// Opening allocates the corpus, which lives as long as the process:
	// collecting garbage while it grows is wasted work, a quarter of a
	// restart at 100,000 studies (and a rebuild, when one is needed, is
	// bulk work too). The usual setting returns after.
	defer bulkGC()()
	if serve {
		go server.Prepare() // while the corpus loads
	}
	a.removeStaleTemps()
	// The index opens while the corpus loads: at 100,000 studies each is
	// a good part of the time to the first answer.
	type opened struct {
		ix  *index.Index
		err error
	}
	ixc := make(chan opened, 1)
	go func() {
		ix, err := index.Open(ctx, filepath.Join(a.Config.State, "index"), index.Options{OpenTimeout: a.Config.OpenTimeout.Duration, Logger: a.Log, SearchCores: a.Config.SearchCores})
		ixc <- opened{ix, err}
		if err == nil && serve {
			// The facet table the first search needs, built meanwhile.
			if err := ix.Warm(ctx); err != nil && !errors.Is(err, index.ErrNotReady) && ctx.Err() == nil {
				a.Log.Warn("warm the index", "err", err)
			}
		}
	}()
	var ix *index.Index
	sync := func(ctx context.Context, c *corpus.Corpus) error {
		_, err := ix.Sync(ctx, source(c))
		return err
	}
	start := time.Now()
	resume := resumeOnce(pauseGC(snapshotPath(a.Config)))
	defer resume()
	st, stErr := corpus.OpenStore(ctx, a.Config.Data, corpus.StoreOptions{AfterWrite: sync, OnWrite: a.onWrite(), RequireReview: a.Config.RequireReview, Cache: snapshotPath(a.Config), StaleTemps: a.logStaleTemps, Progress: loadProgress(a.Progress), NoSnapshot: resume, CheckLater: serve,
		// A command (export above all) may read every study; a server
		// reads back only those it shows.
		KeepPages: !serve})
	o := <-ixc
	if o.err != nil {
		return o.err
	}
	ix, a.Index = o.ix, o.ix
	if stErr != nil {
		return stErr
	}
	if err := ctx.Err(); err != nil { // during the snapshot's write, which it cut short
		return fmt.Errorf("stopped while loading the corpus: %w", err)
	}
	// An index in step with the corpus syncs its tables in memory, and
	// the collector stays paused until the server is open: resumed here,
	// its first cycle over the loaded corpus ran beside the first
	// searches, and serve's forced collection ran a second. An index to
	// update or rebuild allocates like a build: the collector runs.
	if ix.Fingerprint() != st.Corpus().Fingerprint {
		resume()
	}
	a.Store = st
	logLoad(a.Log, st.Corpus(), time.Since(start))
	if err := sync(ctx, st.Corpus()); err != nil {
		return fmt.Errorf("build index: %w", err)
	}
	if !serve {
		return nil
	}
	tokens := token.Open(tokenPath(a.Config))
	proxies, _ := a.Config.Proxies() // checked by Validate
	base, _ := a.Config.PublicURL()  // so are these
	hosts, _ := a.Config.Hosts()
	// Lookups and the background refresh share one client, so together
	// they keep to registry_rate.
	reg := newRegistry(a.Config)
	a.Refresh = registry.NewRefresher(reg, st, a.Config.VerifyInterval.Duration, a.Log)
	var refreshed func() time.Time
	if a.Config.VerifyInterval.Duration > 0 {
		refreshed = a.Refresh.LastRun
	}
	srv, err := server.New(st, ix, tokens, server.Options{
		Logger: a.Log, SearchTimeout: a.Config.SearchTimeout.Duration,
		SearchRate: a.Config.SearchRate, WriteRate: a.Config.WriteRate, TrustedProxies: proxies,
		TLSCert: a.Config.TLSCert, TLSKey: a.Config.TLSKey, BaseURL: base, AllowedHosts: hosts,
		Replication: a.replication(), SyncSecret: a.Config.SyncSecret, ReadOnly: a.Config.Replica(), PrimaryURL: a.Config.PrimaryURL,
		Registry: reg, NoticesRefreshed: refreshed,
	})
	if err != nil {
		return err
	}
	a.Server = srv
	if err := srv.Open(a.Config.Addr); err != nil {
		return err
	}
	a.checkFiles(ctx)
	return nil
}

// checkFiles compares the corpus folder with what the start took on
// trust from the snapshot, once the server answers (corpus.CheckFiles):
// files edited in place while it was down are read in then. Writes wait
// for it, and Close does.
func (a *App) checkFiles(ctx context.Context) {
	a.checking = make(chan struct{})
	go func() {
		defer close(a.checking)
		start := time.Now()
		res, err := a.Store.CheckFiles(ctx)
		if err != nil {
			a.Log.Error("corpus files not checked against the snapshot", "err", err)
			return
		}
		if res.SnapshotErr != nil {
			a.Log.Warn("corpus snapshot not written", "err", res.SnapshotErr)
		}
		if len(res.Damaged) > 0 {
			a.Log.Warn("corpus snapshot damaged: studies read again from their files", "files", len(res.Damaged), "first", res.Damaged[0])
		}
		if len(res.Changed) > 0 {
			a.Log.Info("corpus files changed while the server was down, read in", "files", len(res.Changed), "first", res.Changed[0], "took", time.Since(start).Round(time.Millisecond))
		}
		// After the check, which may replace the snapshot: then there is
		// no image to write of it.
		start = time.Now()
		if written, err := a.Store.WriteImage(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("corpus image not written; the next start decodes the studies", "err", err)
		} else if written {
			a.Log.Info("corpus image written", "took", time.Since(start).Round(time.Millisecond))
			// What the load kept for the image's tables (the snapshot's
			// index: about 200 MiB at 1,000,000 studies) is garbage now;
			// without this the heap kept its pages.
			debug.FreeOSMemory()
		}
	}()
}

// removeStaleTemps deletes, before anything reads the state folder, the
// temporary files that durable writes cut short by a crash left behind
// there: the snapshot, tokens and sessions. Those of study files in
// data/studies go as the store opens, from its one listing of that
// folder (StoreOptions.StaleTemps). data/history is appended in place and
// has none.
func (a *App) removeStaleTemps() {
	a.logStaleTemps(corpus.RemoveStaleTemps(a.Config.State))
}

// logStaleTemps logs what removing stale temporary files did. A failure
// only costs disk space, so the start goes on.
func (a *App) logStaleTemps(removed []string, err error) {
	for _, p := range removed {
		a.Log.Warn("removed the temporary file of a write that was interrupted", "path", p)
	}
	if err != nil {
		a.Log.Warn("temporary files not removed", "err", err)
	}
}

// resumeOnce is resume that does its work the first time it is called,
// from whichever goroutine (the load's NoSnapshot, or its caller after).
func resumeOnce(resume func()) func() { return sync.OnceFunc(resume) }

// Close drains in-flight requests, then closes the index last.
func (a *App) Close(ctx context.Context) error {
	var err error
	if a.Server != nil {
		err = a.Server.Close(ctx)
	}
	if a.checking != nil {
		<-a.checking
	}
	if a.Index != nil {
		if cerr := a.Index.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	return err
}

func source(c *corpus.Corpus) index.Source {
	return index.Source{Fingerprint: c.Fingerprint, Studies: c.Studies, Sorted: true, Find: c.Study, Topics: c.Topics, Intents: c.Intents, Hashes: c.StudyHashes()}
}

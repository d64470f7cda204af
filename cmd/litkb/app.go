package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"litkb/index"
	"litkb/internal/config"
	"litkb/internal/corpus"
	"litkb/internal/server"
)

// settings registers the flags every command shares and loads the config:
// defaults, then the file, then LITKB_*, then the flags that were given.
type settings struct {
	fs                            *flag.FlagSet
	configPath, addr, data, state string
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
	Corpus *corpus.Corpus
	Index  *index.Index
	Server *server.Server
}

// Open loads the corpus, opens and syncs the index, and (when serve is
// true) starts the server.
func (a *App) Open(ctx context.Context, serve bool) error {
	c, err := corpus.Load(a.Config.Data)
	if err != nil {
		return err
	}
	for _, p := range c.Problems {
		a.Log.Warn("corpus problem; the file is left out", "problem", p.String())
	}
	a.Corpus = c
	ix, err := index.Open(ctx, filepath.Join(a.Config.State, "index"), index.Options{OpenTimeout: a.Config.OpenTimeout.Duration, Logger: a.Log})
	if err != nil {
		return err
	}
	a.Index = ix
	if _, err := ix.Sync(ctx, source(c)); err != nil {
		return fmt.Errorf("build index: %w", err)
	}
	if !serve {
		return nil
	}
	srv, err := server.New(c, ix, server.Options{Logger: a.Log, SearchTimeout: a.Config.SearchTimeout.Duration})
	if err != nil {
		return err
	}
	a.Server = srv
	return srv.Open(a.Config.Addr)
}

// Close drains in-flight requests, then closes the index last.
func (a *App) Close(ctx context.Context) error {
	var err error
	if a.Server != nil {
		err = a.Server.Close(ctx)
	}
	if a.Index != nil {
		if cerr := a.Index.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	return err
}

func source(c *corpus.Corpus) index.Source {
	return index.Source{Fingerprint: c.Fingerprint, Studies: c.Studies, Topics: c.Topics}
}

package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"litkb/internal/config"
	"litkb/internal/corpus"
	"litkb/internal/registry"
)

// TestServeRefreshesNotices: with verify_interval set, the program's
// refresher asks the configured registry and writes the notice it finds
// into the study, and /readyz says when it last ran.
func TestServeRefreshesNotices(t *testing.T) {
	rp := startReplay(t)
	cfg := config.Default()
	cfg.Addr, cfg.Data, cfg.State = "127.0.0.1:0", corpusCopy(t), t.TempDir()
	cfg.CrossrefURL, cfg.PubMedURL, cfg.DOIURL = rp.CrossrefURL(), rp.PubMedURL(), rp.DOIURL()
	cfg.RegistryRate, cfg.VerifyInterval = 1000, config.Duration{Duration: time.Hour}
	app := &App{Config: cfg, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := app.Open(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = app.Close(context.Background()) })

	ready := func() map[string]any {
		resp, err := http.Get(app.Server.URL() + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		return body
	}
	if v, ok := ready()["notices_refreshed"]; !ok || v != nil {
		t.Errorf("before the first run: notices_refreshed = %v (present %v), want null", v, ok)
	}
	// A study of the retracted paper, saved before its retraction was known.
	rec, err := registry.New(registry.Options{CrossrefURL: cfg.CrossrefURL, Rate: 1000}).CrossrefWork(context.Background(), "10.1126/science.1256151")
	if err != nil {
		t.Fatal(err)
	}
	draft := registry.Draft(rec)
	draft.Notices, draft.NoticesChecked = nil, ""
	saved, err := app.Store.Create(context.Background(), draft, corpus.Actor{Name: "Ada", Role: corpus.RoleCurator}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := app.Refresh.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if v, _ := ready()["notices_refreshed"].(string); v == "" {
		t.Errorf("after a run: notices_refreshed = %v", ready()["notices_refreshed"])
	}
	st, _ := app.Corpus().Study(saved.ID)
	if len(st.Notices) != 1 || st.Notices[0].Kind != "retraction" || st.Notices[0].DOI != "10.1126/science.aac6638" {
		t.Errorf("notices %+v", st.Notices)
	}
}

package server_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"litkb/internal/server"
)

func TestReadyAndMetricsReportTheNoticeRefresh(t *testing.T) {
	var last time.Time
	ts, _, _ := openServerWith(t, filepath.Join("..", "..", "data"), server.Options{NoticesRefreshed: func() time.Time { return last }})
	if _, _, body := get(t, ts, "/readyz"); !strings.Contains(string(body), `"notices_refreshed": null`) {
		t.Errorf("before a refresh: %s", body)
	}
	last = time.Date(2026, 12, 5, 4, 0, 0, 0, time.UTC)
	if _, _, body := get(t, ts, "/readyz"); !strings.Contains(string(body), `"notices_refreshed": "2026-12-05T04:00:00Z"`) {
		t.Errorf("after a refresh: %s", body)
	}
	if _, _, body := get(t, ts, "/metrics"); !strings.Contains(string(body), "litkb_notices_refresh_last_run_timestamp_seconds "+strconv.FormatFloat(float64(last.Unix()), 'g', -1, 64)+"\n") {
		t.Errorf("metrics lack the last run:\n%s", body)
	}
	// Without the scheduled refresh, readiness does not mention it.
	off, _, _ := openServerWith(t, filepath.Join("..", "..", "data"), server.Options{})
	if _, _, body := get(t, off, "/readyz"); strings.Contains(string(body), "notices_refreshed") {
		t.Errorf("refresh off: %s", body)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"text/tabwriter"
	"time"

	"litkb/internal/config"
	"litkb/internal/corpus"
	"litkb/internal/token"
)

// loadQueries is the search side of the load mix: what students type.
var loadQueries = []string{
	"earned security", "AAI", "transmission gap", "attachment stability", "therapy", `"reflective functioning"`,
	"erned securty", "author:roisman", "year:1990..2005 AND stability", "mentaliz*", "meta-analysis", "unresolved trauma",
	"partners marriage", "how common is earned security", "strange situation infancy", "depression NOT self-report",
}

type loadKind struct {
	name      string
	latencies []time.Duration
	errors    int
}

// loadReport is what `litkb load` prints.
type loadReport struct {
	Duration     string        `json:"duration"`
	Clients      int           `json:"clients"`
	Requests     int           `json:"requests"`
	PerSecond    float64       `json:"requests_per_second"`
	Errors       int           `json:"errors"`
	Kinds        []loadKindRow `json:"kinds"`
	WritesAcked  int           `json:"writes_acknowledged"`
	WritesFound  int           `json:"writes_found_afterwards"`
	WritesMissed []string      `json:"writes_missing,omitempty"`
}

type loadKindRow struct {
	Kind      string  `json:"kind"`
	Requests  int     `json:"requests"`
	PerSecond float64 `json:"requests_per_second"`
	P50       float64 `json:"p50_ms"`
	P99       float64 `json:"p99_ms"`
	Errors    int     `json:"errors"`
}

// runLoad drives the real server on loopback with a bounded mix of
// searches, study views and curator writes for a fixed time, then checks
// that every acknowledged write is in data/ and found by the server.
func runLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	duration := fs.Duration("duration", 60*time.Second, "how long to drive the server")
	clients := fs.Int("clients", 4, "concurrent clients")
	writeShare := fs.Float64("writes", 0.05, "share of requests that are curator writes")
	dataDir := fs.String("data", "data", "corpus to copy into a temporary folder and serve")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "litkb-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	data := filepath.Join(tmp, "data")
	if err := os.CopyFS(data, os.DirFS(*dataDir)); err != nil {
		return fmt.Errorf("copy %s: %w", *dataDir, err)
	}
	cfg := config.Default()
	cfg.Addr, cfg.Data, cfg.State = "127.0.0.1:0", data, filepath.Join(tmp, "state")
	cfg.SearchRate, cfg.WriteRate = 0, 0 // measure the server, not its limits
	tok, err := token.Open(tokenPath(cfg)).Add("load", "editor")
	if err != nil {
		return err
	}
	app := &App{Config: cfg, Log: newLogger("error", stderr)}
	if err := app.Open(ctx, true); err != nil {
		return err
	}
	defer app.Close(context.Background())
	base := app.Server.URL()
	ids := make([]string, 0)
	for _, s := range app.Corpus().Published() {
		ids = append(ids, s.ID)
	}

	kinds := map[string]*loadKind{"search": {name: "search"}, "study": {name: "study page"}, "write": {name: "write"}}
	var mu sync.Mutex
	var acked []string
	client := &http.Client{Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for c := range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			for i := 0; ctx.Err() == nil; i++ {
				var kind string
				var req *http.Request
				switch r := rng.Float64(); {
				case r < *writeShare:
					kind = "write"
					req = loadWrite(base, tok, c, i)
				case r < *writeShare+0.25:
					kind = "study"
					req, _ = http.NewRequest("GET", base+"/studies/"+ids[rng.IntN(len(ids))], nil)
				default:
					kind = "search"
					req, _ = http.NewRequest("GET", base+"/api/v1/search?q="+url.QueryEscape(loadQueries[rng.IntN(len(loadQueries))]), nil)
				}
				t0 := time.Now()
				resp, err := client.Do(req.WithContext(context.WithoutCancel(ctx)))
				took := time.Since(t0)
				ok := err == nil && resp.StatusCode < 400
				var id string
				if err == nil {
					if kind == "write" && resp.StatusCode == http.StatusCreated {
						var st struct{ ID string }
						_ = json.NewDecoder(resp.Body).Decode(&st)
						id = st.ID
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				mu.Lock()
				k := kinds[kind]
				k.latencies = append(k.latencies, took)
				if !ok {
					k.errors++
				}
				if id != "" {
					acked = append(acked, id)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	rep := loadReport{Duration: elapsed.Round(time.Millisecond).String(), Clients: *clients, WritesAcked: len(acked)}
	for _, name := range []string{"search", "study", "write"} {
		k := kinds[name]
		n := len(k.latencies)
		rep.Requests += n
		rep.Errors += k.errors
		rep.Kinds = append(rep.Kinds, loadKindRow{Kind: k.name, Requests: n, PerSecond: float64(n) / elapsed.Seconds(),
			P50: percentile(k.latencies, 50), P99: percentile(k.latencies, 99), Errors: k.errors})
	}
	rep.PerSecond = float64(rep.Requests) / elapsed.Seconds()

	// Every acknowledged write must be on disk and visible to the server.
	onDisk, err := corpus.Load(data)
	if err != nil {
		return err
	}
	for _, id := range acked {
		req, _ := http.NewRequest("GET", base+"/api/v1/studies/"+id, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := client.Do(req)
		served := err == nil && resp.StatusCode == 200
		if resp != nil {
			resp.Body.Close()
		}
		if _, ok := onDisk.Study(id); ok && served {
			rep.WritesFound++
		} else {
			rep.WritesMissed = append(rep.WritesMissed, id)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "%d clients for %s: %d requests, %.0f/s, %d errors\n", rep.Clients, rep.Duration, rep.Requests, rep.PerSecond, rep.Errors)
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "kind\trequests\treq/s\tp50 ms\tp99 ms\terrors\t")
		for _, k := range rep.Kinds {
			fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.2f\t%.2f\t%d\t\n", k.Kind, k.Requests, k.PerSecond, k.P50, k.P99, k.Errors)
		}
		_ = tw.Flush()
		fmt.Fprintf(stdout, "writes acknowledged %d, found afterwards %d\n", rep.WritesAcked, rep.WritesFound)
	}
	if rep.Errors > 0 || len(rep.WritesMissed) > 0 {
		return fmt.Errorf("%d errors, %d acknowledged writes missing", rep.Errors, len(rep.WritesMissed))
	}
	return nil
}

// loadWrite is a curator creating a small draft.
func loadWrite(base, tok string, client, i int) *http.Request {
	word := fmt.Sprintf("loadword%dx%d", client, i)
	body, _ := json.Marshal(map[string]any{
		"id": "load-2025-" + word, "type": "article", "title": "Load test " + word, "year": 2025, "journal": "Journal of Tests",
		"topics": []string{"aai"}, "design": "cross-sectional", "sample": "none", "summary": "Written by litkb load. " + word,
		"authors":    []map[string]string{{"family": "Load"}},
		"provenance": map[string]any{"confidence": "low", "to_check": []string{"everything"}, "checks": []any{}},
	})
	req, _ := http.NewRequest("POST", base+"/api/v1/studies", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	return req
}

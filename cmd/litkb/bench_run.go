package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"litkb/index"
	"litkb/internal/config"
	"litkb/internal/corpus"
	"litkb/internal/synth"
)

// buildResulter runs litkb's own commands on the benchmark corpus: as child
// processes (the default, so that memory and start-up are the program's
// own), or inside this process (--inproc, for tests).
type benchBuilder struct {
	data, state string
	inProcess   bool
}

func (b benchBuilder) config() config.Config {
	cfg := config.Default()
	cfg.Data, cfg.State, cfg.Addr, cfg.LogLevel = b.data, b.state, "127.0.0.1:0", "warn"
	cfg.SearchRate = 0 // the bench is one client asking as fast as it can
	return cfg
}

func (b benchBuilder) command(ctx context.Context, args ...string) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe, append(args, "--data", b.data, "--state", b.state)...)
	// No per-client search limit: the bench is one client asking as fast
	// as it can.
	cmd.Env = append(os.Environ(), "LITKB_LOG_LEVEL=info", "LITKB_SEARCH_RATE=0")
	return cmd, nil
}

var benchTookRE = regexp.MustCompile(`msg="index built".* took=([0-9.a-zµ]+)`)

// build runs "litkb index" and measures it.
func (b benchBuilder) build(ctx context.Context) (benchBuild, error) {
	var r benchBuild
	if b.inProcess {
		runtime.GC()
		benchResetPeakRSS()
		start := time.Now()
		c, err := corpus.Load(b.data)
		if err != nil {
			return r, err
		}
		ix, err := index.Open(ctx, filepath.Join(b.state, "index"), index.Options{Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			return r, err
		}
		istart := time.Now()
		err = ix.Rebuild(ctx, source(c))
		r.IndexSeconds = time.Since(istart).Seconds()
		if cerr := ix.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return r, err
		}
		r.Seconds = time.Since(start).Seconds()
		r.PeakRSSMiB = float64(benchProcStatusKB("self", "VmHWM")) / 1024
	} else {
		cmd, err := b.command(ctx, "index")
		if err != nil {
			return r, err
		}
		benchForgetPeak()
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return r, fmt.Errorf("litkb index: %w\n%s", err, out.String())
		}
		r.Seconds = time.Since(start).Seconds()
		r.PeakRSSMiB = benchChildPeakMiB(cmd.ProcessState)
		if m := benchTookRE.FindStringSubmatch(out.String()); m != nil {
			if d, err := time.ParseDuration(m[1]); err == nil {
				r.IndexSeconds = d.Seconds()
			}
		}
	}
	bytes, _ := benchDirSize(filepath.Join(b.state, "index"))
	r.IndexMiB = float64(bytes) / (1 << 20)
	return r, nil
}

// serve starts "litkb serve" on an existing, in-sync index and measures
// the time to its first answer, HTTP load in the page's mode, and memory;
// then stops it and starts it again, and measures the time to the first
// answer of that restart, which maps the studies the first server decoded
// (the corpus image) instead of decoding them.
func (b benchBuilder) serve(ctx context.Context, rep *benchReport, queries []synth.Query, o benchOptions, step func(string, ...any)) error {
	start := time.Now()
	base, pid, stop, err := b.launch(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = stop() }()

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: time.Minute}
	get := func(ctx context.Context, q synth.Query) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/search?"+q.URLValues().Encode(), nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s: HTTP %d", q.Text, resp.StatusCode)
		}
		return nil
	}
	if err := get(ctx, synth.Query{Text: "attachment"}); err != nil {
		return err
	}
	rep.ColdStartMS = benchMS(time.Since(start))
	rep.FirstAnswerMiB = float64(benchProcStatusKB(pid, "VmRSS")) / 1024
	step("first answer %.0f ms after start, %.0f MiB resident", rep.ColdStartMS, rep.FirstAnswerMiB)

	cpu := func() time.Duration { return benchProcCPU(pid) }
	benchDrive(ctx, queries, 1, 1, 0, cpu, get) // warm up
	for _, n := range o.Clients {
		r := benchDrive(ctx, queries, n, o.Rounds, benchMinRound(o), cpu, get)
		r.Target, r.Mode = "http", modeFacets
		rep.Runs = append(rep.Runs, r)
		step("%s", r)
	}
	runtime.GC()
	rep.ServeRSSMiB = float64(benchProcStatusKB(pid, "VmRSS")) / 1024
	rep.ServePeakRSSMiB = float64(benchProcStatusKB(pid, "VmHWM")) / 1024
	rep.ServeAnonMiB = float64(benchProcStatusKB(pid, "RssAnon")) / 1024
	rep.ServeFileMiB = float64(benchProcStatusKB(pid, "RssFile")) / 1024
	if !b.inProcess {
		b.awaitImage(ctx, start, step)
	}
	if err := stop(); err != nil || b.inProcess {
		return err // in one process, the addresses the image needs are taken
	}
	start = time.Now()
	if base, _, stop, err = b.launch(ctx); err != nil {
		return err
	}
	if err := get(ctx, synth.Query{Text: "attachment"}); err != nil {
		return err
	}
	rep.RestartMS = benchMS(time.Since(start))
	step("restarted: first answer %.0f ms after start", rep.RestartMS)
	return stop()
}

// inProcess runs the query set through index.Search (litkb) and through
// Bleve directly on the same index, in every mode, then measures how long
// one curator's change takes to show in search.
func benchInProcess(ctx context.Context, rep *benchReport, data, state string, queries []synth.Query, o benchOptions, step func(string, ...any)) error {
	// The curators' path: the store writes, then brings the index in line.
	var live *index.Index
	st, err := corpus.OpenStore(ctx, data, corpus.StoreOptions{AfterWrite: func(ctx context.Context, c *corpus.Corpus) error {
		_, err := live.Sync(ctx, source(c))
		return err
	}})
	if err != nil {
		return err
	}
	open := func(opts index.Options) (*index.Index, error) {
		opts.Logger = slog.New(slog.DiscardHandler)
		ix, err := index.Open(ctx, filepath.Join(state, "index"), opts)
		if err != nil {
			return nil, err
		}
		if rebuilt, err := ix.Sync(ctx, source(st.Corpus())); err != nil || rebuilt {
			ix.Close()
			return nil, fmt.Errorf("the index should have been in sync (rebuilt %v): %v", rebuilt, err)
		}
		return ix, nil
	}
	litkb := func(ix *index.Index, m mode) func(context.Context, synth.Query) error {
		return func(ctx context.Context, q synth.Query) error {
			_, err := ix.Search(ctx, benchRequest(q, m))
			return err
		}
	}
	direct := func(ix *index.Index, m mode) func(context.Context, synth.Query) error {
		return func(ctx context.Context, q synth.Query) error {
			_, err := ix.SearchDirect(ctx, benchRequest(q, m))
			return err
		}
	}
	if o.CPUProfile != "" {
		f, err := os.Create(o.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	cpu := func() time.Duration { return benchProcCPU("self") }

	// The page's mode with the facet cache off: what a search nobody made
	// before costs.
	ix, err := open(index.Options{FacetCache: -1})
	if err != nil {
		return err
	}
	benchDrive(ctx, queries, 1, 1, 0, cpu, litkb(ix, modeFacets)) // warm up
	for _, n := range o.Clients {
		r := benchDrive(ctx, queries, n, o.Rounds, benchMinRound(o), cpu, litkb(ix, modeFacets))
		r.Target, r.Mode = "litkb", modeFacetsUncached
		rep.Runs = append(rep.Runs, r)
		step("%s", r)
	}
	ix.Close()

	if ix, err = open(index.Options{}); err != nil {
		return err
	}
	defer ix.Close()
	benchDrive(ctx, queries, 1, 1, 0, cpu, litkb(ix, modeFacets)) // warm up
	benchDrive(ctx, queries, 1, 1, 0, cpu, direct(ix, modeFacets))
	for _, m := range benchModes {
		for _, n := range o.Clients {
			r := benchDrive(ctx, queries, n, o.Rounds, benchMinRound(o), cpu, litkb(ix, m))
			r.Target, r.Mode = "litkb", m
			rep.Runs = append(rep.Runs, r)
			step("%s", r)
			r = benchDrive(ctx, queries, n, o.Rounds, benchMinRound(o), cpu, direct(ix, m))
			r.Target, r.Mode = "bleve", m
			rep.Runs = append(rep.Runs, r)
			step("%s", r)
		}
	}
	// Where the time goes, by kind of query: litkb, the page's mode, one client.
	r := benchDrive(ctx, queries, 1, 1, 0, cpu, litkb(ix, modeFacets))
	rep.Kinds = r.kinds

	if o.Corpus != "" {
		rep.ReflectNote = "skipped: --corpus is never modified"
		return nil
	}
	live = ix
	reflect, err := benchReflect(ctx, st, ix)
	if err != nil {
		return err
	}
	rep.ReflectMS = benchMS(reflect)
	step("one changed study searchable after %.0f ms", rep.ReflectMS)
	return nil
}

// reflectChange edits one published study through the corpus store (the
// curators' path: durable write, history, index update) and waits until a
// search finds the new word.
func benchReflect(ctx context.Context, st *corpus.Store, ix *index.Index) (time.Duration, error) {
	c := st.Corpus()
	pub := c.Published()
	if len(pub) == 0 {
		return 0, fmt.Errorf("no published study to change")
	}
	orig := *pub[len(pub)/2] // a copy: the corpus's studies are shared
	s := orig
	word := fmt.Sprintf("benchmarkedit%d", time.Now().UnixNano()%1e6)
	s.Title += " " + word
	who := corpus.Actor{Name: "litkb bench", Role: corpus.RoleEditor}
	start := time.Now()
	if _, err := st.Update(ctx, s.ID, s, c.ETag(s.ID), who); err != nil {
		return 0, err
	}
	took := time.Duration(-1)
	for time.Since(start) < time.Minute {
		res, err := ix.Search(ctx, index.Request{Query: word, NoFacets: true, NoHighlight: true})
		if err != nil {
			return 0, err
		}
		if len(res.Hits) > 0 && res.Hits[0].ID == s.ID {
			took = time.Since(start)
			break
		}
		time.Sleep(time.Millisecond)
	}
	// Put the study back, so the next run measures the same corpus.
	if _, err := st.Update(ctx, orig.ID, orig, st.Corpus().ETag(orig.ID), who); err != nil {
		return 0, err
	}
	if took < 0 {
		return 0, errBenchNoHit
	}
	return took, nil
}

func benchMinRound(o benchOptions) time.Duration {
	if o.Quick {
		return 0
	}
	return time.Second
}

// drive runs the query set rounds times with n concurrent clients; a round
// repeats the set until it has lasted at least minRound. Throughput is the
// median round's; latencies are over every query of every round.
func benchDrive(ctx context.Context, queries []synth.Query, n, rounds int, benchMinRound time.Duration, cpu func() time.Duration, do func(context.Context, synth.Query) error) benchRun {
	r := benchRun{Clients: n}
	cpu0 := cpu()
	var lat []time.Duration
	kindLat := map[string][]time.Duration{}
	var rates []float64
	var mu sync.Mutex
	for range rounds {
		start := time.Now()
		done := 0
		for done == 0 || time.Since(start) < benchMinRound {
			var next atomic.Int64
			var wg sync.WaitGroup
			for range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						i := int(next.Add(1) - 1)
						if i >= len(queries) || ctx.Err() != nil {
							return
						}
						t0 := time.Now()
						err := do(ctx, queries[i])
						d := time.Since(t0)
						mu.Lock()
						lat = append(lat, d)
						kindLat[queries[i].Kind] = append(kindLat[queries[i].Kind], d)
						if err != nil {
							r.Errors++
							if r.FirstError == "" {
								r.FirstError = fmt.Sprintf("%q: %v", queries[i].Text, err)
							}
						}
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			done += len(queries)
		}
		rates = append(rates, float64(done)/time.Since(start).Seconds())
	}
	r.Queries = len(lat)
	r.CPUPerQueryMS = benchMS(cpu()-cpu0) / float64(max(1, len(lat)))
	r.P50MS, r.P95MS, r.P99MS = percentile(lat, 50), percentile(lat, 95), percentile(lat, 99)
	slices.Sort(rates)
	r.PerSec = rates[len(rates)/2]
	r.kinds = map[string]benchKindStat{}
	for k, l := range kindLat {
		r.kinds[k] = benchKindStat{Queries: len(l), P50MS: percentile(l, 50), P99MS: percentile(l, 99)}
	}
	return r
}

// percentile is the p-th percentile of d, in milliseconds (litkb load
// reports with it too).
func percentile(d []time.Duration, p int) float64 {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return benchMS(s[max(0, i-1)])
}

func benchMS(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// procStatusKB reads one "kB" line of /proc/<pid>/status (0 when absent,
// e.g. off Linux).
func benchProcStatusKB(pid, key string) int64 {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// resetPeakRSS starts VmHWM afresh (Linux: "5" to clear_refs).
func benchResetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// benchForgetPeak is called before a child whose peak memory is measured
// starts. A child's peak (ru_maxrss) starts at this process's peak: Go
// starts a child in this process's memory until it execs, and the kernel
// carries that memory's peak over. The bench has just loaded the corpus,
// which at 1,000,000 studies reported 10.6 GiB for a build that peaks at
// 5.6. So this process's free memory goes back to the system and its peak
// is reset to what it holds.
func benchForgetPeak() {
	runtime.GC()
	debug.FreeOSMemory()
	benchResetPeakRSS()
}

// loadAverage is the 1-minute load average (0 off Linux).
func benchLoadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f, _ := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	return f
}

// procCPU is the user and system CPU time a process has used so far, from
// /proc/<pid>/stat (0 off Linux). Other work on the machine slows the wall
// clock but not this, so CPU per query compares runs made under load.
func benchProcCPU(pid string) time.Duration {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ is 100 on Linux
}

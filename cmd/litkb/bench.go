package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"litkb/index"
	"litkb/internal/corpus"
	"litkb/internal/study"
	"litkb/internal/synth"
)

// runBench measures litkb on a generated corpus ("litkb bench") or
// generates one ("litkb bench gen"). See README.md, "Benchmarks".
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "gen" {
		return runBenchGen(ctx, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o benchOptions
	fs.IntVar(&o.N, "n", 10000, "studies to generate when --corpus is not given")
	fs.Uint64Var(&o.Seed, "seed", 1, "generator seed")
	fs.StringVar(&o.Corpus, "corpus", "", "benchmark this corpus folder instead of generating one")
	fs.StringVar(&o.Work, "work", "", "folder for the generated corpus and the index (default: a temporary folder, removed after)")
	fs.StringVar(&o.Vocab, "vocab", "data", "folder whose topics.toml and constructs.toml the generated corpus uses")
	fs.IntVar(&o.Rounds, "rounds", 3, "rounds of the query set per measurement (the median round's rate is reported)")
	clients := fs.String("clients", "1,2,8", "concurrent clients, comma-separated")
	fs.BoolVar(&o.Quick, "quick", false, "a quarter of the queries, one round, 1 and 2 clients: a smoke run, not a measurement")
	fs.BoolVar(&o.InProcess, "inproc", false, "build and serve inside this process instead of running litkb index and litkb serve")
	fs.BoolVar(&o.JSON, "json", false, "print the report as JSON")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the in-process search runs to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: bench takes flags only (did you mean litkb bench gen?)", errUsage)
	}
	for _, c := range strings.Split(*clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			return fmt.Errorf("%w: --clients %q: want numbers such as 1,2,8", errUsage, *clients)
		}
		o.Clients = append(o.Clients, n)
	}
	if o.Quick {
		o.Rounds, o.Clients = 1, []int{1, 2}
	}
	if o.Rounds < 1 {
		return fmt.Errorf("%w: --rounds must be 1 or more", errUsage)
	}
	rep, err := bench(ctx, o, stderr)
	if err != nil {
		return err
	}
	if o.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.writeTable(stdout)
	return nil
}

// runBenchGen writes a generated corpus: studies plus the vocabulary files
// they refer to, so that "litkb validate DIR" passes.
func runBenchGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1000, "studies to generate")
	seed := fs.Uint64("seed", 1, "generator seed: the same -n and -seed give the same files")
	vocab := fs.String("vocab", "data", "folder whose topics.toml and constructs.toml are copied and used")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: give one folder to write, e.g. litkb bench gen -n 10000 -seed 1 /tmp/corpus", errUsage)
	}
	start := time.Now()
	bar := progressBar(stderr, *n, "generating")
	err := benchGenerate(ctx, fs.Arg(0), *n, *seed, *vocab, func(done int) { _ = bar.Set(done) })
	_ = bar.Finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generated %d studies in %s (seed %d) in %s\n", *n, fs.Arg(0), *seed, time.Since(start).Round(time.Millisecond))
	return nil
}

func benchGenerate(ctx context.Context, dir string, n int, seed uint64, vocab string, progress func(done int)) error {
	var files [2][]byte
	for i, name := range []string{corpus.TopicsFile, corpus.ConstructsFile} {
		b, err := os.ReadFile(filepath.Join(vocab, name))
		if err != nil {
			return fmt.Errorf("the vocabulary is needed (set --vocab to a corpus folder): %w", err)
		}
		files[i] = b
	}
	topics, ps := study.DecodeTopics(corpus.TopicsFile, files[0])
	constructs, ps2 := study.DecodeConstructs(corpus.ConstructsFile, files[1])
	if ps = append(ps, ps2...); len(ps) > 0 {
		return fmt.Errorf("vocabulary in %s: %v", vocab, ps[0])
	}
	if err := synth.Generate(ctx, dir, synth.Options{N: n, Seed: seed, Topics: topics, Constructs: constructs, Progress: progress}); err != nil {
		return err
	}
	for i, name := range []string{corpus.TopicsFile, corpus.ConstructsFile} {
		if err := os.WriteFile(filepath.Join(dir, name), files[i], 0o644); err != nil {
			return err
		}
	}
	return nil
}

type benchOptions struct {
	N                      int
	Seed                   uint64
	Corpus, Work, Vocab    string
	Rounds                 int
	Clients                []int
	Quick, InProcess, JSON bool
	CPUProfile             string
}

// bench runs every measurement in turn; progress goes to log.
func bench(ctx context.Context, o benchOptions, log io.Writer) (*benchReport, error) {
	queries, err := synth.Queries()
	if err != nil {
		return nil, err
	}
	if o.Quick { // a smoke run: every kind of query, not every query
		var some []synth.Query
		for i := 0; i < len(queries); i += 4 {
			some = append(some, queries[i])
		}
		queries = some
	}
	work := o.Work
	if work == "" {
		if work, err = os.MkdirTemp("", "litkb-bench-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(work)
	}
	rep := &benchReport{GoVersion: runtime.Version(), CPUs: runtime.GOMAXPROCS(0), Seed: o.Seed, Queries: len(queries), Rounds: o.Rounds, InProcess: o.InProcess, LoadAvgStart: benchLoadAverage()}
	step := func(format string, args ...any) { fmt.Fprintf(log, "bench: "+format+"\n", args...) }

	data := o.Corpus
	if data == "" {
		data = filepath.Join(work, "corpus")
		if n := benchCountStudies(data); n > 0 {
			step("reusing the %d generated studies in %s", n, data)
		} else {
			step("generating %d studies (seed %d) in %s", o.N, o.Seed, data)
			start := time.Now()
			bar := progressBar(log, o.N, "generating")
			err := benchGenerate(ctx, data, o.N, o.Seed, o.Vocab, func(done int) { _ = bar.Set(done) })
			_ = bar.Finish()
			if err != nil {
				return nil, err
			}
			rep.GenSeconds = time.Since(start).Seconds()
			// A corpus snapshot never keeps a file written in the last
			// two seconds (it could change again within the same
			// timestamp), so a restart right after generating would
			// decode those files again, which no real restart does.
			time.Sleep(corpus.RacyWindow)
		}
	}
	state := filepath.Join(work, "state")
	if err := os.RemoveAll(state); err != nil {
		return nil, err
	}
	rep.Corpus = data
	rep.CorpusBytes, rep.Files = benchDirSize(filepath.Join(data, corpus.StudiesDir))

	start := time.Now()
	c, err := corpus.Load(data)
	if err != nil {
		return nil, err
	}
	rep.LoadSeconds = time.Since(start).Seconds()
	if len(c.Problems) > 0 {
		return nil, fmt.Errorf("the corpus has %d problems (first: %v); run litkb validate %s", len(c.Problems), c.Problems[0], data)
	}
	rep.Studies, rep.Published = len(c.Studies), c.PublishedCount()
	if rep.Files > 0 {
		rep.AvgFileBytes = rep.CorpusBytes / int64(rep.Files)
	}
	c = nil

	step("building the index of %d studies", rep.Studies)
	b := benchBuilder{data: data, state: state, inProcess: o.InProcess}
	if rep.Build, err = b.build(ctx); err != nil {
		return nil, err
	}
	if rep.Build.Seconds > 0 {
		rep.Build.StudiesPerSec = float64(rep.Studies) / rep.Build.Seconds
	}
	if rep.Build.IndexSeconds > 0 {
		rep.Build.IndexStudiesPerSec = float64(rep.Studies) / rep.Build.IndexSeconds
	}
	step("build: %.1fs, %.0f MiB on disk, %.0f MiB peak RSS", rep.Build.Seconds, rep.Build.IndexMiB, rep.Build.PeakRSSMiB)

	step("serving over HTTP")
	if err := b.serve(ctx, rep, queries, o, step); err != nil {
		return nil, err
	}

	step("searching in process (litkb and Bleve directly)")
	if err := benchInProcess(ctx, rep, data, state, queries, o, step); err != nil {
		return nil, err
	}
	rep.ratios()
	rep.LoadAvgEnd = benchLoadAverage()
	return rep, nil
}

// countStudies is how many study files dir holds (0 when none or absent).
func benchCountStudies(dir string) int {
	entries, err := os.ReadDir(filepath.Join(dir, corpus.StudiesDir))
	if err != nil {
		return 0
	}
	return len(entries)
}

// dirSize is the bytes and number of regular files under dir.
func benchDirSize(dir string) (int64, int) {
	var total int64
	n := 0
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			total += info.Size()
			n++
		}
		return nil
	})
	return total, n
}

// mode is what a search is asked to build besides the ranked hits.
type mode string

const (
	modePlain     mode = "plain"     // hits only
	modeHighlight mode = "highlight" // hits with snippets (and the best finding)
	modeFacets    mode = "facets"    // snippets and every facet: what the web page asks for
	// modeFacetsUncached is modeFacets with litkb's facet cache off, so
	// every search counts its facets: compared with Bleve's facets mode.
	modeFacetsUncached mode = "facets-nocache"
)

var benchModes = []mode{modePlain, modeHighlight, modeFacets}

// request turns a query of the set into an index request in mode m, with
// the same parameters the HTTP API would read from its URL.
func benchRequest(q synth.Query, m mode) index.Request {
	r := index.Request{Query: q.Text, Topics: q.Filters["topic"], Design: q.Filters.Get("design"), Type: q.Filters.Get("type")}
	r.YearFrom, _ = strconv.Atoi(q.Filters.Get("year_from"))
	r.YearTo, _ = strconv.Atoi(q.Filters.Get("year_to"))
	r.NoFacets = m != modeFacets && m != modeFacetsUncached
	r.NoHighlight = m == modePlain
	return r
}

// errNoHit says the changed study never showed up in search.
var errBenchNoHit = errors.New("the changed study did not show up in search")

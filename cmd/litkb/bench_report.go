package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// benchReport is everything "litkb bench" measured; -json prints it as is.
type benchReport struct {
	GoVersion string `json:"go_version"`
	CPUs      int    `json:"cpus"`
	InProcess bool   `json:"in_process"` // built and served inside the bench process (--inproc)
	// The machine's 1-minute load average at the start and the end: other
	// work on the same cores skews every number below.
	LoadAvgStart float64 `json:"load_avg_start"`
	LoadAvgEnd   float64 `json:"load_avg_end"`

	Corpus       string  `json:"corpus"`
	Seed         uint64  `json:"seed"`
	Studies      int     `json:"studies"`
	Published    int     `json:"published"`
	Files        int     `json:"files"`
	CorpusBytes  int64   `json:"corpus_bytes"`
	AvgFileBytes int64   `json:"avg_file_bytes"`
	GenSeconds   float64 `json:"gen_seconds,omitempty"`
	LoadSeconds  float64 `json:"load_seconds"` // corpus.Load: read, decode and validate every file

	Build benchBuild `json:"build"`

	ColdStartMS     float64 `json:"cold_start_ms"`        // "litkb serve" on an in-sync index, start to first answer
	RestartMS       float64 `json:"restart_ms,omitempty"` // the same, when it starts again (from the corpus image the first wrote)
	ServeRSSMiB     float64 `json:"serve_rss_mib"`        // after the HTTP load
	ServePeakRSSMiB float64 `json:"serve_peak_rss_mib"`
	// Of ServeRSSMiB: the process's own memory, and pages of files it maps
	// (Bleve's index segments), which the kernel can drop and read again.
	ServeAnonMiB   float64 `json:"serve_anon_mib"`
	ServeFileMiB   float64 `json:"serve_file_mib"`
	FirstAnswerMiB float64 `json:"first_answer_rss_mib"` // resident right after the first answer
	ReflectMS      float64 `json:"reflect_ms,omitempty"` // one study changed through the store until search finds it
	ReflectNote    string  `json:"reflect_note,omitempty"`

	Queries int                      `json:"queries"`
	Rounds  int                      `json:"rounds"`
	Runs    []benchRun               `json:"runs"`
	Ratios  []benchRatio             `json:"ratios"`
	Kinds   map[string]benchKindStat `json:"kinds"` // litkb, facets mode, 1 client, by kind of query
}

type benchBuild struct {
	Seconds       float64 `json:"seconds"`         // the whole "litkb index": start, load, build, close
	IndexSeconds  float64 `json:"index_seconds"`   // the index build alone
	StudiesPerSec float64 `json:"studies_per_sec"` // over Seconds
	// IndexStudiesPerSec is over IndexSeconds: the build rate (the index
	// holds one document per study).
	IndexStudiesPerSec float64 `json:"index_studies_per_sec"`
	IndexMiB           float64 `json:"index_mib"`
	PeakRSSMiB         float64 `json:"peak_rss_mib"`
}

type benchRun struct {
	Target     string  `json:"target"` // http (litkb serve), litkb (index.Search), bleve (Bleve directly)
	Mode       mode    `json:"mode"`
	Clients    int     `json:"clients"`
	Queries    int     `json:"queries"`
	Errors     int     `json:"errors"`
	FirstError string  `json:"first_error,omitempty"`
	P50MS      float64 `json:"p50_ms"`
	P95MS      float64 `json:"p95_ms"`
	P99MS      float64 `json:"p99_ms"`
	PerSec     float64 `json:"per_sec"`
	// CPUPerQueryMS is CPU time per query: of the server for http, of this
	// process for litkb and bleve. Unlike the latencies it does not grow
	// when other programs compete for the cores.
	CPUPerQueryMS float64 `json:"cpu_per_query_ms"`

	kinds map[string]benchKindStat
}

func (r benchRun) String() string {
	s := fmt.Sprintf("%-5s %-9s %d clients: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %.0f/s, %.2f CPU ms/query", r.Target, r.Mode, r.Clients, r.P50MS, r.P95MS, r.P99MS, r.PerSec, r.CPUPerQueryMS)
	if r.Errors > 0 {
		s += fmt.Sprintf(" (%d errors, first: %s)", r.Errors, r.FirstError)
	}
	return s
}

type benchKindStat struct {
	Queries int     `json:"queries"`
	P50MS   float64 `json:"p50_ms"`
	P99MS   float64 `json:"p99_ms"`
}

// ratio is litkb's throughput as a share of Bleve's on the same index,
// queries, mode and clients.
type benchRatio struct {
	Mode    mode    `json:"mode"`
	Clients int     `json:"clients"`
	HTTP    float64 `json:"http,omitempty"` // litkb serve / Bleve directly
	Litkb   float64 `json:"litkb"`          // index.Search / Bleve directly
}

func (rep *benchReport) run(target string, m mode, clients int) (benchRun, bool) {
	for _, r := range rep.Runs {
		if r.Target == target && r.Mode == m && r.Clients == clients {
			return r, true
		}
	}
	return benchRun{}, false
}

// baseline is the mode of Bleve a litkb mode is compared with.
func benchBaseline(m mode) mode {
	if m == modeFacetsUncached {
		return modeFacets
	}
	return m
}

func (rep *benchReport) ratios() {
	rep.Ratios = nil
	for _, m := range append(benchModes, modeFacetsUncached) {
		for _, r := range rep.Runs {
			if r.Target != "bleve" || r.Mode != benchBaseline(m) || r.PerSec == 0 {
				continue
			}
			x := benchRatio{Mode: m, Clients: r.Clients}
			if l, ok := rep.run("litkb", m, r.Clients); ok {
				x.Litkb = l.PerSec / r.PerSec
			}
			if h, ok := rep.run("http", m, r.Clients); ok {
				x.HTTP = h.PerSec / r.PerSec
			}
			if x.Litkb != 0 || x.HTTP != 0 {
				rep.Ratios = append(rep.Ratios, x)
			}
		}
	}
}

func (rep *benchReport) writeTable(w io.Writer) {
	fmt.Fprintf(w, "litkb bench: %d studies (%d published), %d files of %.1f KiB on average; %s, %d CPUs\n",
		rep.Studies, rep.Published, rep.Files, float64(rep.AvgFileBytes)/1024, rep.GoVersion, rep.CPUs)
	fmt.Fprintf(w, "load average %.1f at the start, %.1f at the end; corpus load %.2f s", rep.LoadAvgStart, rep.LoadAvgEnd, rep.LoadSeconds)
	if rep.GenSeconds > 0 {
		fmt.Fprintf(w, ", generated in %.1f s", rep.GenSeconds)
	}
	fmt.Fprintln(w)
	t := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	b := rep.Build
	fmt.Fprintln(t, "\nbuild\tseconds\tstudies/s\tindex only\tstudies/s\tindex MiB\tpeak RSS MiB\t")
	fmt.Fprintf(t, "litkb index\t%.1f\t%.0f\t%.1f\t%.0f\t%.0f\t%.0f\t\n", b.Seconds, b.StudiesPerSec, b.IndexSeconds, b.IndexStudiesPerSec, b.IndexMiB, b.PeakRSSMiB)
	t.Flush()
	fmt.Fprintf(w, "\ncold start to first answer %.0f ms (resident then %.0f MiB)", rep.ColdStartMS, rep.FirstAnswerMiB)
	if rep.RestartMS > 0 {
		fmt.Fprintf(w, ", restart %.0f ms", rep.RestartMS)
	}
	fmt.Fprintf(w, "; serving RSS %.0f MiB (anonymous %.0f, mapped files %.0f; peak %.0f MiB)",
		rep.ServeRSSMiB, rep.ServeAnonMiB, rep.ServeFileMiB, rep.ServePeakRSSMiB)
	if rep.ReflectNote != "" {
		fmt.Fprintf(w, "; one changed study: %s\n", rep.ReflectNote)
	} else {
		fmt.Fprintf(w, "; one changed study searchable after %.0f ms\n", rep.ReflectMS)
	}
	fmt.Fprintf(w, "\n%d queries x %d rounds; http = litkb serve over loopback (the page's mode), litkb = index.Search, bleve = Bleve directly\n", rep.Queries, rep.Rounds)
	t = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(t, "mode\ttarget\tclients\tp50 ms\tp95 ms\tp99 ms\tper s\tvs bleve\tCPU ms/q\terrors\t")
	for _, m := range append(benchModes, modeFacetsUncached) {
		for _, target := range []string{"http", "litkb", "bleve"} {
			for _, r := range rep.Runs {
				if r.Mode != m || r.Target != target {
					continue
				}
				vs := ""
				if bl, ok := rep.run("bleve", benchBaseline(m), r.Clients); ok && target != "bleve" && bl.PerSec > 0 {
					vs = fmt.Sprintf("%.0f%%", 100*r.PerSec/bl.PerSec)
				}
				fmt.Fprintf(t, "%s\t%s\t%d\t%.2f\t%.2f\t%.2f\t%.0f\t%s\t%.2f\t%d\t\n", m, target, r.Clients, r.P50MS, r.P95MS, r.P99MS, r.PerSec, vs, r.CPUPerQueryMS, r.Errors)
			}
		}
	}
	t.Flush()
	if len(rep.Kinds) > 0 {
		fmt.Fprintln(w, "\nby kind of query (litkb, facets, 1 client)")
		t = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(t, "kind\tqueries\tp50 ms\tp99 ms\t")
		var kinds []string
		for k := range rep.Kinds {
			kinds = append(kinds, k)
		}
		slices.Sort(kinds)
		for _, k := range kinds {
			s := rep.Kinds[k]
			fmt.Fprintf(t, "%s\t%d\t%.2f\t%.2f\t\n", k, s.Queries, s.P50MS, s.P99MS)
		}
		t.Flush()
	}
	for _, r := range rep.Runs {
		if r.Errors > 0 {
			fmt.Fprintf(w, "\nerrors: %s %s %d clients: %s", r.Target, r.Mode, r.Clients, strings.TrimSpace(r.FirstError))
		}
	}
}

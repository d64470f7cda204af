package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
)

// bulkGC lets the collector run less while litkb does one large piece of
// work whose memory mostly lives on (loading the corpus) or is built in
// big batches (the index): at 100,000 studies a build spends a sixth of
// its time collecting garbage under the usual setting, and a sixth less
// time in all with GOGC 400. A soft memory limit of half the memory
// litkb may use (the machine's, or its container's when that is lower)
// keeps the heap from growing past it. Settings the user made (GOGC,
// GOMEMLIMIT) are kept, and so is the usual setting when the memory
// available cannot be read. The returned func restores both.
func bulkGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(-1)
	if os.Getenv("GOMEMLIMIT") == "" {
		avail, err := memAvailable()
		if err != nil {
			return func() {}
		}
		debug.SetMemoryLimit(avail / 2)
	}
	gc := debug.SetGCPercent(400)
	return func() {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
	}
}

// buildGC is the collector's setting for "litkb index": the usual GOGC
// of 100, not bulkGC's 400 (see boundBuild for the build itself). A build's live heap is the corpus plus the
// batches in flight (about 330-400 MiB at 100,000 studies), so GOGC 400
// let the heap grow to two or three GiB and the build peaked at 4.4 GiB
// resident (5.0 with a fresh state); at 100 the peak is about 1.2 GiB for
// a few seconds more of marking (measured with gctrace and pprof). A GOGC
// the user set is kept; pauseGC still pauses it while a snapshot loads.
func buildGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(-1)
	if os.Getenv("GOMEMLIMIT") == "" {
		if avail, err := memAvailable(); err == nil {
			debug.SetMemoryLimit(avail / 2) // pauseGC's bound is never above it
		}
	}
	gc := debug.SetGCPercent(100)
	return func() {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
	}
}

// buildHeadroom is the least a build's heap may grow past what lives once
// the corpus is loaded: the batches in flight (up to about 230 MiB at the
// default batch size) and their garbage.
const buildHeadroom = 768 << 20

// buildLimit is the memory limit for a build whose loaded corpus leaves
// live bytes on the heap: what lives plus buildHeadroom, or plus as much
// again as lives when that is more. What lives grows during a build
// (merges, the per-study hashes), and every collection marks all of it:
// at 1,000,000 studies (1.8 GB live) a fixed 768 MiB left the heap about
// 300 MB to grow in, and the collector took 35% of the build's CPU, with
// a collection every few seconds that each marked 2 GB.
func buildLimit(live int64) int64 { return live + max(buildHeadroom, live) }

// boundBuild, once the corpus is loaded, lets the collector run when the
// heap reaches buildLimit, instead of at twice what lives (GOGC 100, kept
// while loading, whose garbage is most of what is allocated then). At
// 100,000 studies the bound is fixed (what lives is far below
// buildHeadroom), so the collector runs less often than at GOGC 100 for
// about the same peak: 4.5 s of marking instead of 7.7, 7 s less CPU in
// all, and a 1.28 GiB peak instead of 1.14 (measured with pprof and
// /usr/bin/time). GOGC 400 still applies below the bound. A GOGC or
// GOMEMLIMIT the user set is kept as it is.
func boundBuild() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	if live[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	limit := debug.SetMemoryLimit(-1)
	debug.SetMemoryLimit(min(limit, buildLimit(int64(live[0].Value.Uint64()))))
	debug.SetGCPercent(400)
}

// serveGC sets the collector for a server that has opened: the heap may
// grow by half what lives before a collection (GOGC 50), and by at least
// serveHeadroom, unless the user set GOGC. What the load left free goes
// back to the system two seconds later (runServe): collecting and
// returning it here, before the server says it is serving, made a restart
// of 100,000 studies slower to its first answer (0.39-0.59 s, median 0.53,
// against 0.34-0.50, median 0.42, alternated). The studies live outside
// the heap (the arena or the image), so a server's heap is small (about 7
// MiB live at 100,000 studies) while a page search over HTTP leaves about
// 1 MiB of garbage: at GOGC 50 alone the collector ran 40 times a second
// under two clients, and the searches paid its write barriers for much of
// each cycle (a sixth of the server's CPU in a profile). The returned func
// stops the tuning (for tests).
func serveGC() (stop func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	debug.SetGCPercent(servePercent(0))
	return keepHeadroom(servePercent)
}

// serveHeadroom is the least a server's heap grows by between collections.
const serveHeadroom = 16 << 20

// servePercent is the GOGC that lets a heap of live bytes grow by half,
// or by serveHeadroom when that is more (in steps of ten, at most 1000).
func servePercent(live int64) int {
	if live <= 0 {
		return 50
	}
	pct := (serveHeadroom*100/live + 9) / 10 * 10
	return int(min(max(pct, 50), 1000))
}

// gcSentinel is what keepHeadroom's finalizer hangs on: large enough not to
// share an allocation with anything else.
type gcSentinel struct{ _ [4]int64 }

// keepHeadroom sets GOGC to percent(what lives) after every collection,
// until stop is called: a finalizer runs once per cycle and arms itself
// again. Once stop returns, it sets GOGC no more.
func keepHeadroom(percent func(live int64) int) (stop func()) {
	var mu sync.Mutex
	stopped, set := false, -1
	var tune func(*gcSentinel)
	tune = func(s *gcSentinel) {
		mu.Lock()
		defer mu.Unlock()
		if stopped {
			return
		}
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(live)
		if live[0].Value.Kind() == metrics.KindUint64 {
			if p := percent(int64(live[0].Value.Uint64())); p != set {
				debug.SetGCPercent(p)
				set = p
			}
		}
		runtime.SetFinalizer(s, tune)
	}
	runtime.SetFinalizer(&gcSentinel{}, tune)
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
	}
}

// pauseGC stops the collector while a corpus with a snapshot loads, when
// bulkGC has set a soft memory limit. Decoding from the snapshot allocates
// what lives as long as the process, and collecting while it grows cost a
// fifth of a restart at 1,000,000 studies (9.0-9.6 s to the first answer
// without it, 12.2-12.8 s with GOGC 400). A limit of four times the
// snapshot's size (never above bulkGC's) still bounds the heap. When the
// snapshot turns out to be another program's or vocabulary's, the load
// says so before it decodes every file (corpus.LoadOptions.NoSnapshot)
// and the caller resumes the collector: left paused, the TOML's garbage
// grew to that limit, and a 1,000,000-study build whose state held
// another build's snapshot peaked at 10.1 GiB. Without a snapshot,
// without a limit, or with the user's GOGC, it does nothing; a GOMEMLIMIT
// the user set is kept as it is.
func pauseGC(snapshot string) (resume func()) {
	fi, err := os.Stat(snapshot)
	if os.Getenv("GOGC") != "" || err != nil {
		return func() {}
	}
	limit := debug.SetMemoryLimit(-1)
	if limit == math.MaxInt64 {
		return func() {}
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(min(limit, 4*fi.Size()+256<<20))
	}
	prev := debug.SetGCPercent(-1)
	return func() {
		debug.SetGCPercent(prev)
		debug.SetMemoryLimit(limit)
	}
}

// memAvailable is the memory litkb may use: the machine's (MemTotal in
// /proc/meminfo) or its cgroup's limit, whichever is lower.
func memAvailable() (int64, error) {
	total, err := memTotal()
	if err != nil {
		return 0, err
	}
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if b, err := os.ReadFile(f); err == nil {
			if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 && n < math.MaxInt64/2 {
				total = min(total, n) // "max" (no limit) does not parse
			}
		}
	}
	return total, nil
}

// memTotal is the machine's memory in bytes, from /proc/meminfo.
func memTotal() (int64, error) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var kb int64
		if n, _ := fmt.Sscanf(strings.TrimSpace(sc.Text()), "MemTotal: %d kB", &kb); n == 1 && kb > 0 {
			return kb << 10, nil
		}
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("read /proc/meminfo: %w", err)
	}
	return 0, fmt.Errorf("no MemTotal in /proc/meminfo")
}

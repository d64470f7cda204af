// Package synth generates realistic study corpora for benchmarks: files in
// litkb's real TOML format, deterministic for a given size and seed, with
// Zipf-distributed prose, plausible authors, journals and years, findings
// with numbers, and topics and constructs from the real vocabulary. A
// generated corpus goes through the same path as the curated one: TOML
// files, corpus loading, validation, indexing, HTTP.
package synth

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"litkb/internal/study"
)

// Options say what to generate.
type Options struct {
	N    int    // studies
	Seed uint64 // the same N and Seed always give the same files
	// Topics and Constructs are the vocabulary the studies refer to; the
	// caller copies the same vocabulary files beside the studies.
	Topics     []study.Topic
	Constructs []study.Construct
	// Progress, when set, is told how many studies are written or being
	// written, from the calling goroutine.
	Progress func(done int)
}

// Generate writes opts.N study files into dir/studies, which must be empty
// or absent: the generator never overwrites a corpus.
func Generate(ctx context.Context, dir string, opts Options) error {
	if opts.N < 0 {
		return fmt.Errorf("synth: -n must be 0 or more")
	}
	if len(opts.Topics) == 0 || len(opts.Constructs) == 0 {
		return errors.New("synth: the topic and construct vocabularies are needed")
	}
	studies := filepath.Join(dir, "studies")
	if entries, err := os.ReadDir(studies); err == nil && len(entries) > 0 {
		return fmt.Errorf("synth: %s is not empty; generate into a new folder", studies)
	}
	if err := os.MkdirAll(studies, 0o755); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	g := newGenerator(opts)
	workers := runtime.GOMAXPROCS(0)
	next := make(chan int, 256)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				s := g.Study(i)
				data, err := study.EncodeStudy(s)
				if err == nil {
					err = os.WriteFile(filepath.Join(studies, s.ID+".toml"), data, 0o644)
				}
				if err != nil {
					errs <- fmt.Errorf("synth: study %d: %w", i, err)
					return
				}
			}
		}()
	}
	var err error
feed:
	for i := range opts.N {
		select {
		case next <- i:
			if opts.Progress != nil {
				opts.Progress(i + 1)
			}
		case err = <-errs:
			break feed
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errs:
		default:
		}
	}
	return err
}

// Generator makes study number i of a corpus; it is safe for concurrent use.
type Generator struct {
	opts   Options
	topics []study.Topic
	cons   []string
}

func newGenerator(opts Options) *Generator {
	g := &Generator{opts: opts, topics: opts.Topics}
	for _, c := range opts.Constructs {
		g.cons = append(g.cons, c.ID)
	}
	return g
}

// NewGenerator returns a generator for opts.
func NewGenerator(opts Options) *Generator { return newGenerator(opts) }

// rng is one study's random source, derived from the seed and the study's
// number so that studies are independent of generation order.
type rng struct {
	*rand.Rand
	words *rand.Zipf // ranks into vocab
	vocab []string
}

func (g *Generator) rng(i int) *rng {
	r := rand.New(rand.NewPCG(g.opts.Seed, uint64(i)*0x9e3779b97f4a7c15+1))
	vocab := vocabulary()
	return &rng{Rand: r, words: rand.NewZipf(r, 1.1, 1.5, uint64(len(vocab)-1)), vocab: vocab}
}

// zipfPick chooses from list with the earlier entries more likely.
func (r *rng) zipfPick(list []string) string {
	z := rand.NewZipf(r.Rand, 1.2, 1.5, uint64(len(list)-1))
	return list[z.Uint64()]
}

func (r *rng) pick(list []string) string { return list[r.IntN(len(list))] }

func (r *rng) word() string { return r.vocab[r.words.Uint64()] }

// contentWord is a word that is not a function word.
func (r *rng) contentWord() string {
	for {
		if k := r.words.Uint64(); int(k) >= len(functionWords) {
			return r.vocab[k]
		}
	}
}

// Study is study number i.
func (g *Generator) Study(i int) study.Study {
	r := g.rng(i)
	s := study.Study{Type: "article", Status: "published"}
	switch x := r.Float64(); {
	case x < 0.05:
		s.Type = "book"
	case x < 0.11:
		s.Type = "chapter"
	case x < 0.13:
		s.Type = "report"
	case x < 0.15:
		s.Type = "thesis"
	}
	switch x := r.Float64(); {
	case x < 0.03:
		s.Status = "draft"
	case x < 0.04:
		s.Status = "retracted"
	}
	// More studies in recent years, as in any field.
	s.Year = 2025 - int(math.Floor(60*math.Pow(r.Float64(), 1.8)))
	s.Authors = g.authors(r)
	s.Topics = g.pickTopics(r)
	s.Design = r.zipfPick(study.Designs)
	s.SampleSize = int(math.Exp(math.Log(20) + r.Float64()*(math.Log(20000)-math.Log(20))))
	pop := r.pick(populations)
	s.Sample = fmt.Sprintf("%d %s from %s", s.SampleSize, pop, r.pick(places))
	s.Title = g.title(r, pop)
	s.Summary = g.summary(r, &s, pop)
	check := study.Check{Fields: []string{"title", "authors", "year"}, Source: "generated for benchmarking (litkb bench gen)"}
	switch s.Type {
	case "article":
		s.Journal = r.zipfPick(journals)
		s.Volume = strconv.Itoa(1 + r.IntN(90))
		s.Issue = strconv.Itoa(1 + r.IntN(12))
		first := 1 + r.IntN(2000)
		s.Pages = fmt.Sprintf("%d-%d", first, first+5+r.IntN(30))
		s.DOI = fmt.Sprintf("10.5555/synth.%d.%d", g.opts.Seed, i)
		check.Fields = append(check.Fields, "journal", "volume", "issue", "pages", "doi")
	case "chapter":
		s.Container = "Handbook of " + r.pick(phrases)
		s.Publisher = r.pick(publishers)
		s.Editors = g.authors(r)[:1]
		check.Fields = append(check.Fields, "container", "publisher", "editors")
	case "book":
		s.Publisher = r.pick(publishers)
		check.Fields = append(check.Fields, "publisher")
	case "report", "thesis":
		s.Publisher = r.pick(universities)
		check.Fields = append(check.Fields, "publisher")
	}
	nf := 1
	for nf < 4 && r.IntN(10) < 4 {
		nf++
	}
	for k := range nf {
		s.Findings = append(s.Findings, g.finding(r, k+1, pop, s.SampleSize))
	}
	// Generated studies stand for ones checked against a registry record,
	// so "high" can meet the rule that every cited field is confirmed
	// there; one that shows a field its check does not list is "medium".
	check.Kind = "registry"
	s.Provenance = study.Provenance{Confidence: r.pick(study.Confidences), Checks: []study.Check{check}}
	if s.Provenance.Confidence == "high" && len(s.Unconfirmed()) > 0 {
		s.Provenance.Confidence = "medium"
	}
	if s.Status == "draft" {
		s.Provenance.ToCheck = []string{"everything: this study was generated"}
	}
	s.ID = g.id(i, &s)
	return s
}

func (g *Generator) id(i int, s *study.Study) string {
	fam := s.Authors[0].Family
	slug := study.Slugify(fam)
	if slug == "" {
		slug = "anon"
	}
	var words []string
	for _, w := range strings.Fields(strings.ToLower(s.Title)) {
		if w = study.Slugify(w); len(w) > 3 && len(words) < 3 {
			words = append(words, w)
		}
	}
	return fmt.Sprintf("%s-%d-%s-%d", slug, s.Year, strings.Join(words, "-"), i)
}

func (g *Generator) authors(r *rng) []study.Person {
	n := 1 + int(math.Min(7, math.Floor(-math.Log(1-r.Float64())*2.2)))
	out := make([]study.Person, 0, n)
	for range n {
		p := study.Person{Family: r.zipfPick(familyNames)}
		if r.IntN(25) == 0 {
			p.Family = r.pick(particles) + " " + p.Family
		}
		if r.IntN(3) == 0 {
			p.Given = string([]rune(r.pick(givenNames))[:1]) + "."
		} else {
			p.Given = r.pick(givenNames)
		}
		if r.IntN(4) == 0 {
			p.Given += " " + string([]rune(r.pick(givenNames))[:1]) + "."
		}
		out = append(out, p)
	}
	return out
}

func (g *Generator) pickTopics(r *rng) []string {
	n := 1 + r.IntN(4)
	var ids []string
	for len(ids) < n {
		id := g.topics[r.IntN(len(g.topics))].ID
		if r.IntN(3) > 0 { // favour the first topics, as curators do
			id = g.topics[rand.NewZipf(r.Rand, 1.1, 2, uint64(len(g.topics)-1)).Uint64()].ID
		}
		if !contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// topicForm is how prose names a topic: its label or one of its synonyms.
func (g *Generator) topicForm(r *rng, id string) string {
	for _, t := range g.topics {
		if t.ID == id {
			if len(t.Synonyms) > 0 && r.IntN(2) == 0 {
				return r.pick(t.Synonyms)
			}
			return strings.ToLower(t.Label[:1]) + t.Label[1:]
		}
	}
	return id
}

var titleForms = []string{
	"%[1]s and %[2]s in %[3]s",
	"%[1]s as a predictor of %[2]s: a %[4]s study",
	"%[5]s %[1]s among %[3]s",
	"Does %[1]s change? %[2]s in %[3]s",
	"%[1]s, %[2]s and %[5]s %[6]s",
	"The %[5]s of %[1]s: evidence from %[3]s",
	"%[2]s across %[6]s: %[1]s in %[3]s",
}

func (g *Generator) title(r *rng, pop string) string {
	t := fmt.Sprintf(r.pick(titleForms), r.pick(phrases), r.pick(phrases), pop, r.pick(study.Designs), r.contentWord(), r.contentWord())
	return strings.ToUpper(t[:1]) + t[1:]
}

var sentenceForms = []string{
	"This %[1]s study of %[2]s examined %[3]s and %[4]s.",
	"%[5]s was assessed with the %[6]s and related to %[3]s.",
	"Participants with %[3]s reported more %[7]s than those with %[4]s.",
	"The authors argue that %[3]s depends on %[7]s rather than %[4]s.",
	"Findings on %[5]s were consistent with earlier work on %[4]s.",
	"%[3]s was linked to %[7]s, but not to %[4]s, once %[8]s was controlled.",
	"Results differed by %[7]s, and the %[6]s added little beyond %[4]s.",
	"The study does not show that %[3]s causes %[4]s.",
}

// summary is 80-200 words of prose (the validator allows 60-200): template
// sentences that carry phrases and topic names, and Zipf-distributed filler.
func (g *Generator) summary(r *rng, s *study.Study, pop string) string {
	target := 80 + r.IntN(101)
	var b strings.Builder
	words := 0
	add := func(sentence string) {
		n := len(strings.Fields(sentence))
		if words+n > study.MaxSummaryWords {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ToUpper(sentence[:1]) + sentence[1:])
		words += n
	}
	for tries := 0; words < target && tries < 60; tries++ {
		if r.IntN(5) < 2 {
			topic := g.topicForm(r, r.pick(s.Topics))
			add(fmt.Sprintf(r.pick(sentenceForms), s.Design, pop, r.pick(phrases), r.pick(phrases),
				topic, r.pick(instruments), r.contentWord()+" "+r.contentWord(), r.contentWord()))
			continue
		}
		n := min(6+r.IntN(14), target-words+3)
		ws := make([]string, n)
		for k := range ws {
			ws[k] = r.word()
		}
		add(strings.Join(ws, " ") + ".")
	}
	for words < study.MinSummaryWords+20 { // top up short ones
		add(r.contentWord() + " " + r.word() + " " + r.contentWord() + ".")
	}
	return b.String()
}

func (g *Generator) finding(r *rng, k int, pop string, n int) study.Finding {
	f := study.Finding{ID: "f" + strconv.Itoa(k), Construct: g.cons[r.IntN(len(g.cons))], Population: pop}
	if r.IntN(2) == 0 {
		f.Page = strconv.Itoa(1 + r.IntN(900))
	}
	val := func(x float64) *float64 { x = math.Round(x*1000) / 1000; return &x }
	nn := max(1, n-r.IntN(max(1, n/4)))
	f.N = &nn
	phrase, other := r.pick(phrases), r.pick(phrases)
	switch m := r.IntN(8); m {
	case 0, 1:
		p := 0.05 + 0.9*r.Float64()
		f.Measure, f.Value = "proportion", val(p)
		w := 0.02 + 0.1*r.Float64()
		f.CILow, f.CIHigh = val(max(0, p-w)), val(min(1, p+w))
		f.Text = fmt.Sprintf("%.0f%% of the %s were classified %s on the %s.", *f.Value*100, pop, r.pick(classes), r.pick(instruments))
	case 2:
		x := -0.6 + 1.2*r.Float64()
		f.Measure, f.Value = "correlation", val(x)
		f.Text = fmt.Sprintf("%s correlated with %s (r = %.2f) in %s.", capital(phrase), other, *f.Value, pop)
	case 3:
		x := 0.3 + 0.65*r.Float64()
		f.Measure, f.Value = "kappa", val(x)
		f.Text = fmt.Sprintf("Agreement on %s classifications over %d months was kappa = %.2f.", r.pick(instruments), 2+r.IntN(60), *f.Value)
	case 4:
		x := -0.2 + 1.2*r.Float64()
		f.Measure, f.Value = "effect size", val(x)
		f.Text = fmt.Sprintf("The %s changed %s with an effect size of d = %.2f.", r.contentWord(), phrase, *f.Value)
	case 5:
		x := 0.4 + 4*r.Float64()
		f.Measure, f.Value = "odds ratio", val(x)
		f.Text = fmt.Sprintf("%s raised the odds of %s (OR = %.2f).", capital(phrase), other, *f.Value)
	case 6:
		x := 10 + 90*r.Float64()
		f.Measure, f.Value, f.Unit = "mean", val(x), "points"
		f.Text = fmt.Sprintf("Mean %s was %.1f points in %s.", r.contentWord(), *f.Value, pop)
	default:
		f.N = nil
		f.Text = fmt.Sprintf("%s predicted later %s among %s.", capital(phrase), other, pop)
	}
	if r.IntN(3) == 0 {
		f.Text += " " + capital(r.contentWord()) + " " + r.word() + " " + r.contentWord() + " " + r.word() + " " + r.contentWord() + "."
	}
	return f
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

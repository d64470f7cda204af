package plot

import (
	"math"
	"slices"

	"litkb/internal/evidence"
)

// axis maps values of one measure to the page.
type axis struct {
	Min, Max float64
	Ticks    []float64
	Log      bool
	Ref      *float64 // the no-effect line (0, or 1 for an odds ratio)
	measure  string
}

// panelAxis is the axis of a panel: it spans every estimate and CI bound
// in it, on the measure's own scale.
func panelAxis(p evidence.Panel) axis {
	var all []float64
	for _, g := range p.Groups {
		for _, r := range g.Rows {
			all = append(all, r.Value)
			if r.Low != nil {
				all = append(all, *r.Low)
			}
			if r.High != nil {
				all = append(all, *r.High)
			}
		}
	}
	return newAxis(p.Measure, all)
}

func newAxis(measure string, vals []float64) axis {
	a := axis{measure: measure}
	lo, hi := 0.0, 0.0
	if len(vals) > 0 {
		lo, hi = slices.Min(vals), slices.Max(vals)
	}
	zero := 0.0
	switch measure {
	case "proportion":
		a.Min, a.Max, a.Ticks = 0, 1, []float64{0, .25, .5, .75, 1}
	case "correlation", "kappa":
		if lo < 0 {
			a.Min, a.Max, a.Ticks, a.Ref = -1, 1, []float64{-1, -.5, 0, .5, 1}, &zero
		} else {
			a.Min, a.Max, a.Ticks = 0, 1, []float64{0, .2, .4, .6, .8, 1}
		}
	case "odds ratio":
		one := 1.0
		a.Log, a.Ref = true, &one
		lo, hi = min(lo, 1), max(hi, 1)
		lo, hi = max(lo, 0.01), max(hi, 0.01)
		steps := []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100}
		a.Min, a.Max = steps[0], steps[len(steps)-1]
		for _, s := range steps {
			if s <= lo {
				a.Min = s
			}
		}
		for i := len(steps) - 1; i >= 0; i-- {
			if steps[i] >= hi {
				a.Max = steps[i]
			}
		}
		for _, s := range steps {
			if s >= a.Min && s <= a.Max {
				a.Ticks = append(a.Ticks, s)
			}
		}
	default:
		if measure == "effect size" || measure == "difference" || measure == "count" {
			lo, hi = min(lo, 0), max(hi, 0)
		}
		if measure == "effect size" || measure == "difference" {
			a.Ref = &zero
		}
		if hi == lo {
			hi = lo + 1
		}
		step := niceStep((hi - lo) / 4)
		a.Min, a.Max = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
		for v := a.Min; v <= a.Max+step/2; v += step {
			a.Ticks = append(a.Ticks, math.Round(v/step)*step)
		}
	}
	return a
}

// niceStep rounds a raw tick step to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// frac is where v falls on the axis, 0 to 1, clamped.
func (a axis) frac(v float64) float64 {
	var f float64
	if a.Log {
		f = (math.Log(math.Max(v, 1e-9)) - math.Log(a.Min)) / (math.Log(a.Max) - math.Log(a.Min))
	} else {
		f = (v - a.Min) / (a.Max - a.Min)
	}
	return math.Max(0, math.Min(1, f))
}

// x is where v falls on the page.
func (a axis) x(v float64) float64 { return plotLeft + a.frac(v)*(plotRight-plotLeft) }

func (a axis) label(v float64) string {
	if a.Log {
		return evidence.Trim(v, 2)
	}
	return evidence.FormatValue(a.measure, v)
}

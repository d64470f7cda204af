package study

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Display writes a finding's value the way papers report it: 58% for a
// proportion, r = .31, κ = .63, with the interval when there is one.
func (f *Finding) Display() string {
	if f.Value == nil {
		return ""
	}
	v := *f.Value
	var s string
	switch f.Measure {
	case "proportion":
		s = percent(v)
		if f.CILow != nil && f.CIHigh != nil {
			s += fmt.Sprintf(" (95%% CI %s–%s)", percent(*f.CILow), percent(*f.CIHigh))
		}
		return s
	case "correlation":
		s = "r = " + noLeadingZero(v)
	case "kappa":
		s = "κ = " + noLeadingZero(v)
	case "effect size":
		s = "d = " + num(v)
	case "odds ratio":
		s = "OR = " + num(v)
	default:
		s = num(v)
	}
	if f.Unit != "" {
		s += " " + f.Unit
	}
	if f.CILow != nil && f.CIHigh != nil {
		lo, hi := num(*f.CILow), num(*f.CIHigh)
		if f.Measure == "correlation" || f.Measure == "kappa" {
			lo, hi = noLeadingZero(*f.CILow), noLeadingZero(*f.CIHigh)
		}
		s += fmt.Sprintf(" (95%% CI %s, %s)", lo, hi)
	}
	return s
}

// percent rounds away float noise (0.58*100 is 57.99999999999999).
func percent(v float64) string { return num(math.Round(v*1e6)/1e4) + "%" }

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// noLeadingZero writes .31 and −.12, as APA style does for values that
// cannot exceed 1.
func noLeadingZero(v float64) string {
	s := num(v)
	if strings.HasPrefix(s, "0.") {
		return s[1:]
	}
	if strings.HasPrefix(s, "-0.") {
		return "−" + s[2:]
	}
	return s
}

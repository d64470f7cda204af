package evidence

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The numbers as the plot, the table and the CSV write them. They live
// here, not in the plot, because the table and the summaries write the
// same values and must agree with the plot to the character.

// FormatValue writes a value on its measure's scale: 51.4%, .31, −.12, 1.06.
func FormatValue(measure string, v float64) string {
	switch measure {
	case "proportion":
		return Trim(v*100, 1) + "%"
	case "correlation", "kappa":
		s := Trim(math.Abs(v), 2)
		if s != "0" {
			s = strings.TrimPrefix(s, "0")
		}
		if v < 0 {
			return "−" + s
		}
		return s
	}
	s := Trim(math.Abs(v), 2)
	if v < 0 {
		return "−" + s
	}
	return s
}

// Trim rounds to at most prec decimals and drops trailing zeros.
func Trim(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// ciText is "40% to 60%" or "".
func ciText(measure string, lo, hi *float64) string {
	if lo == nil || hi == nil {
		return ""
	}
	return FormatValue(measure, *lo) + " to " + FormatValue(measure, *hi)
}

// nText is "n = 37", "k = 18, n = 854" or "n not reported".
func nText(n, k *int) string {
	var parts []string
	if k != nil {
		parts = append(parts, "k = "+strconv.Itoa(*k))
	}
	if n != nil {
		parts = append(parts, "n = "+Thousands(*n))
	} else {
		parts = append(parts, "n not reported")
	}
	return strings.Join(parts, ", ")
}

// Thousands writes n with a comma every three digits from 10,000 on.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 10000 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

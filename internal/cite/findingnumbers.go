package cite

import (
	"math"
	"strconv"
	"strings"

	"litkb/internal/study"
)

// A statement often gives its own number ("58% were classified secure"),
// and a citation that appends it again reads "58% … (58%)". These
// functions find a number in running text in the forms curators write it:
// 58%, 58 percent, fifty-eight percent; r = .31 or 0.31; 4,819 or 4819.

// countValue is how many times text gives f's value.
func countValue(text string, f study.Finding) int {
	if f.Value == nil {
		return 0
	}
	return count(text, valueForms(f.Measure, *f.Value))
}

// valueForms are the ways a value of measure can be written.
func valueForms(measure string, v float64) []string {
	if measure == "proportion" {
		pct := math.Round(v*1e6) / 1e4
		p := strconv.FormatFloat(pct, 'f', -1, 64)
		forms := []string{p + "%", p + " %", p + " percent", p + " per cent"}
		if w := numberWords(pct); w != "" {
			forms = append(forms, w+" percent", w+" per cent")
		}
		return forms
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	forms := []string{s}
	if rest, ok := strings.CutPrefix(s, "0."); ok {
		forms = append(forms, "."+rest)
	}
	if rest, ok := strings.CutPrefix(s, "-0."); ok {
		forms = append(forms, "-."+rest, "−."+rest, "−0."+rest)
	} else if rest, ok := strings.CutPrefix(s, "-"); ok {
		forms = append(forms, "−"+rest)
	}
	return forms
}

// intForms are the ways an integer (an n, a k) can be written.
func intForms(n int) []string {
	forms := []string{strconv.Itoa(n)}
	if g := groupThousands(n); g != forms[0] {
		forms = append(forms, g)
	}
	return forms
}

func states(text string, forms []string) bool { return count(text, forms) > 0 }

// count is how many times text holds one of forms as a whole number: not
// inside a longer one ("1.31" does not give .31, "158%" does not give 58%).
func count(text string, forms []string) int {
	lower := strings.ToLower(text)
	n := 0
	for _, form := range forms {
		form = strings.ToLower(form)
		for i := 0; ; {
			j := strings.Index(lower[i:], form)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(form)
			if strings.Contains(form, ".") {
				// .30 is .3: a decimal written with trailing zeros.
				for end < len(lower) && lower[end] == '0' {
					end++
				}
			}
			if !numberBefore(lower, start, form) && !numberAfter(lower, end) && !(isWhole(form) && percentAfter(lower, end)) {
				n++
			}
			i = start + 1
		}
	}
	return n
}

// numberBefore reports whether the text before start continues a number
// (a digit, a decimal point or a thousands comma after a digit), or a word
// when form is a number word ("seventy" inside "seventy-eight").
func numberBefore(s string, start int, form string) bool {
	if start == 0 {
		return false
	}
	c := s[start-1]
	if isLetter(form[0]) {
		return isLetter(c) || c == '-'
	}
	if isDigit(c) {
		return true
	}
	return (c == '.' || c == ',') && start >= 2 && isDigit(s[start-2]) && isDigit(form[0])
}

// numberAfter reports whether the text from end continues a number.
func numberAfter(s string, end int) bool {
	if end >= len(s) {
		return false
	}
	c := s[end]
	if isDigit(c) {
		return true
	}
	return (c == '.' || c == ',') && end+1 < len(s) && isDigit(s[end+1])
}

// percentAfter reports whether a percent sign or word follows end: the 40
// of "40%" is a share, not a count of people.
func percentAfter(s string, end int) bool {
	rest := strings.TrimLeft(s[end:], " ")
	return strings.HasPrefix(rest, "%") || strings.HasPrefix(rest, "percent") || strings.HasPrefix(rest, "per cent")
}

// isWhole reports whether form is an integer such as 40 or 4,819.
func isWhole(form string) bool {
	return strings.Trim(form, "0123456789,") == "" && form != ""
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }

var (
	smallWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	tensWords = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
)

// numberWords spells a whole number from 0 to 100 as a sentence would
// ("seventy-eight"); "" for anything else.
func numberWords(v float64) string {
	if v != math.Trunc(v) || v < 0 || v > 100 {
		return ""
	}
	n := int(v)
	switch {
	case n == 100:
		return "one hundred"
	case n < 20:
		return smallWords[n]
	case n%10 == 0:
		return tensWords[n/10]
	}
	return tensWords[n/10] + "-" + smallWords[n%10]
}

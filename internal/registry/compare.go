package registry

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"litkb/internal/study"
)

// Disagreement is one field where our study and the registry differ.
type Disagreement struct {
	Field    string `json:"field"`
	Ours     string `json:"ours"`
	Registry string `json:"registry"`
}

// ComparedFields are the parts of a reference verify compares, in order.
var ComparedFields = []string{"title", "authors", "year", "journal", "volume", "issue", "pages"}

// Compare holds st against r field by field: the title without regard to
// case, markup or punctuation; authors by family name and initials; pages
// with either dash. A field is compared only when both sides have it.
// agreed lists the fields that match.
func Compare(st *study.Study, r *Record) (dis []Disagreement, agreed []string) {
	check := func(field, ours, theirs string, same bool) {
		if ours == "" || theirs == "" {
			return
		}
		if same {
			agreed = append(agreed, field)
			return
		}
		dis = append(dis, Disagreement{Field: field, Ours: ours, Registry: theirs})
	}
	check("title", st.Title, r.Title, fold(st.Title) == fold(r.Title))
	if len(st.Authors) > 0 && len(r.Authors) > 0 {
		check("authors", people(st.Authors), people(r.Authors), fold(people(st.Authors)) == fold(people(r.Authors)))
	}
	if st.Year > 0 && r.Year > 0 {
		check("year", fmt.Sprint(st.Year), fmt.Sprint(r.Year), st.Year == r.Year)
	}
	check("journal", st.Journal, r.Journal, sameJournal(st.Journal, r))
	check("volume", st.Volume, r.Volume, strings.EqualFold(strings.TrimSpace(st.Volume), r.Volume))
	check("issue", st.Issue, r.Issue, strings.EqualFold(strings.TrimSpace(st.Issue), r.Issue))
	check("pages", st.Pages, r.Pages, Pages(st.Pages) == Pages(r.Pages))
	return dis, agreed
}

// fold is text for comparison: markup and accents gone, lower case,
// letters and digits only.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(plain(s))) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func sameJournal(ours string, r *Record) bool {
	f := fold(strings.ReplaceAll(ours, "&", "and"))
	for _, j := range append([]string{r.Journal}, r.JournalAlt...) {
		if f == fold(strings.ReplaceAll(j, "&", "and")) {
			return true
		}
	}
	return false
}

// people writes authors as verify compares them: "Roisman, G. I.; Padrón, E.".
func people(ps []study.Person) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		if p.Literal != "" {
			out[i] = p.Literal
			continue
		}
		out[i] = p.Family
		if ini := initials(p.Given); ini != "" {
			out[i] += ", " + ini
		}
	}
	return strings.Join(out, "; ")
}

// initials writes "Glenn I." and "Glenn Ivan" as "G. I.", "Jean-Pierre" as "J.-P.".
func initials(given string) string {
	var parts []string
	for _, w := range strings.FieldsFunc(given, func(r rune) bool { return r == ' ' || r == '.' }) {
		var hy []string
		for _, h := range strings.Split(w, "-") {
			if rs := []rune(h); len(rs) > 0 {
				hy = append(hy, strings.ToUpper(string(rs[0]))+".")
			}
		}
		if len(hy) > 0 {
			parts = append(parts, strings.Join(hy, "-"))
		}
	}
	return strings.Join(parts, " ")
}

// confirmedBy lists the fields a registry record confirms for st: those
// that agree, and the identifier it was found by.
func confirmedBy(st *study.Study, r *Record, agreed []string) []string {
	fields := slices.Clone(agreed)
	if st.DOI != "" && strings.EqualFold(st.DOI, r.DOI) {
		fields = append(fields, "doi")
	}
	if st.PMID != "" && st.PMID == r.PMID {
		fields = append(fields, "pmid")
	}
	return fields
}

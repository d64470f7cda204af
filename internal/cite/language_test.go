package cite

import "testing"

// TestTitleCaseByLanguage: CSL's title case applies to English items and to
// items without a language, as citeproc-js decides it from the first two
// letters of the language.
func TestTitleCaseByLanguage(t *testing.T) {
	const title = "Das Gefüge psychischer Sicherheit"
	const titled = "Das Gefüge Psychischer Sicherheit"
	for _, tc := range []struct{ lang, want string }{
		{"", titled},
		{"en", titled},
		{"en-GB", titled},
		{"EN-us", titled},
		{"de", title},
		{"de-DE", title},
		{"x-klingon", title},
		{"e", title},
	} {
		if got := (Item{Language: tc.lang}).titleCase(title); got != tc.want {
			t.Errorf("language %q: %q, want %q", tc.lang, got, tc.want)
		}
	}
}

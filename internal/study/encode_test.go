package study_test

import (
	"strings"
	"testing"

	"litkb/internal/study"
)

// TestEncodeLeavesOutWhatIsNotKnown: a study written by the store (an API
// edit, verify --write) carries no line for a number it does not have;
// "sample_size = 0" would claim a sample size the source never gave.
func TestEncodeLeavesOutWhatIsNotKnown(t *testing.T) {
	b, err := study.EncodeStudy(study.Study{ID: "x", Type: "article", Title: "T", Year: 2000})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"sample_size", "original_year", "genre", "number", "version", "notices_checked"} {
		if strings.Contains(string(b), key+" =") {
			t.Errorf("%s written for a study without one:\n%s", key, b)
		}
	}
}

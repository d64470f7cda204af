package synth_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"litkb/internal/study"
	"litkb/internal/synth"
)

// Generate reports its progress in order, up to every study.
func TestGenerateProgress(t *testing.T) {
	td, err := os.ReadFile(filepath.Join("..", "..", "data", "topics.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cd, err := os.ReadFile(filepath.Join("..", "..", "data", "constructs.toml"))
	if err != nil {
		t.Fatal(err)
	}
	topics, _ := study.DecodeTopics("topics.toml", td)
	constructs, _ := study.DecodeConstructs("constructs.toml", cd)
	var seen []int
	opts := synth.Options{N: 40, Seed: 1, Topics: topics, Constructs: constructs, Progress: func(done int) { seen = append(seen, done) }}
	if err := synth.Generate(context.Background(), t.TempDir(), opts); err != nil {
		t.Fatal(err)
	}
	for i, n := range seen {
		if n != i+1 {
			t.Fatalf("progress %v: want 1, 2, ... 40", seen)
		}
	}
	if len(seen) != 40 {
		t.Errorf("%d progress reports, want 40", len(seen))
	}
}

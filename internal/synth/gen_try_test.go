package synth

import (
	"context"
	"os"
	"testing"

	"litkb/internal/study"
)

func TestTryGen(t *testing.T) {
	td, _ := os.ReadFile("../../data/topics.toml")
	cd, _ := os.ReadFile("../../data/constructs.toml")
	ts, _ := study.DecodeTopics("t", td)
	cs, _ := study.DecodeConstructs("c", cd)
	dir := os.Getenv("GENDIR")
	os.RemoveAll(dir)
	if err := Generate(context.Background(), dir, Options{N: 2000, Seed: 1, Topics: ts, Constructs: cs}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(dir+"/topics.toml", td, 0o644)
	os.WriteFile(dir+"/constructs.toml", cd, 0o644)
}

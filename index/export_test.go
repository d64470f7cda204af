package index

import (
	"context"
	"log/slog"
)

// RemoveBenchIndex lets TestMain (in package index_test) remove the
// benchmarks' shared index.
var RemoveBenchIndex = removeBenchIndex

// BuildAt writes a complete index of src at path, as a rebuild does before
// it opens what it wrote.
func BuildAt(ctx context.Context, path string, src Source) error {
	_, err := build(ctx, path, src, 500, nil, slog.New(slog.DiscardHandler), nil)
	return err
}

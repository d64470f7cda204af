package index

// RemoveBenchIndex lets TestMain (in package index_test) remove the
// benchmarks' shared index.
var RemoveBenchIndex = removeBenchIndex

package cite

// Fixtures lets the external cite_test package (which may import ingest)
// run the import round trip over the same fixtures as the golden tests.
var Fixtures = fixtures

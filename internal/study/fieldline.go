package study

// FieldLine is the line of field (a path such as "volume" or "authors") in
// a study file, 0 when the file does not have it: tools that report on a
// field name its line as the loader does.
func FieldLine(data []byte, field string) int {
	return locate(data, Problems{{Field: field}})[0].Line
}

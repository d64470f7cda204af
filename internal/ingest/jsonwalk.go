package ingest

import (
	"bytes"
	"encoding/json"
)

// Decoding a CSL-JSON item into a map, or a list into a slice, costs memory
// in proportion to its members before anything can be checked: a 1 MiB
// item of a hundred thousand keys, or a million authors, takes hundreds of
// megabytes. These helpers walk JSON that a decoder has already validated,
// without allocating, so that an item's size can be checked and only the
// members litkb reads decoded.

// jsonEach calls fn with each member of the object, or each element of the
// array, that raw holds (key is nil for array elements), until fn returns
// false. raw must be valid JSON; anything but an object or array has no
// members.
func jsonEach(raw []byte, fn func(key, val []byte) bool) {
	i := jsonSpace(raw, 0)
	if i >= len(raw) || (raw[i] != '{' && raw[i] != '[') {
		return
	}
	obj := raw[i] == '{'
	i++
	for {
		i = jsonSpace(raw, i)
		if i >= len(raw) || raw[i] == '}' || raw[i] == ']' {
			return
		}
		var key []byte
		if obj {
			end := jsonValueEnd(raw, i)
			key = jsonKey(raw[i:end])
			i = jsonSpace(raw, end) + 1 // the colon
			i = jsonSpace(raw, i)
		}
		end := jsonValueEnd(raw, i)
		if !fn(key, raw[i:end]) {
			return
		}
		i = jsonSpace(raw, end)
		if i < len(raw) && raw[i] == ',' {
			i++
		}
	}
}

// jsonLen is the number of elements of the array raw holds.
func jsonLen(raw []byte) int {
	n := 0
	jsonEach(raw, func(_, _ []byte) bool { n++; return true })
	return n
}

// jsonFirst is the first element of the array raw holds, or nil.
func jsonFirst(raw []byte) []byte {
	var first []byte
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '[' {
		jsonEach(t, func(_, v []byte) bool { first = v; return false })
	}
	return first
}

func jsonSpace(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
		i++
	}
	return i
}

// jsonValueEnd is the index just past the value that starts at raw[i].
func jsonValueEnd(raw []byte, i int) int {
	switch raw[i] {
	case '"':
		return jsonStringEnd(raw, i)
	case '{', '[':
		depth := 0
		for i < len(raw) {
			switch raw[i] {
			case '"':
				i = jsonStringEnd(raw, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(raw)
	}
	for i < len(raw) {
		switch raw[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i
		}
		i++
	}
	return i
}

// jsonStringEnd is the index just past the string that starts at raw[i].
func jsonStringEnd(raw []byte, i int) int {
	for i++; i < len(raw); i++ {
		switch raw[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(raw)
}

// jsonKey is a member's name without its quotes; a name with escapes
// (rare: "\u0074itle") is decoded.
func jsonKey(quoted []byte) []byte {
	if bytes.IndexByte(quoted, '\\') < 0 {
		return quoted[1 : len(quoted)-1]
	}
	var s string
	if err := json.Unmarshal(quoted, &s); err != nil {
		return nil
	}
	return []byte(s)
}

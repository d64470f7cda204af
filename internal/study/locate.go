package study

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

var (
	headerRE = regexp.MustCompile(`^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?`)
	keyRE    = regexp.MustCompile(`^\s*([A-Za-z0-9_.-]+)\s*=`)
)

// locate fills in the line of each problem from its field path
// ("findings[2].value", 1-based), by reading the file's tables and keys. The
// TOML library keeps key positions private, and a curator needs the line.
func locate(data []byte, ps Problems) Problems {
	if len(ps) == 0 {
		return ps
	}
	lines := keyLines(data)
	used := map[string]int{} // problems already placed on each path
	for i := range ps {
		if ps[i].Line > 0 || ps[i].Field == "" {
			continue
		}
		for path := ps[i].Field; path != ""; path = parentPath(path) {
			if ns, ok := lines[path]; ok {
				// The same unindexed path (an undecoded key in several
				// [[findings]]) is reported once per occurrence, in order.
				ps[i].Line = ns[min(used[path], len(ns)-1)]
				used[path]++
				break
			}
		}
	}
	return ps
}

// keyLines maps every table and key path in a TOML file to the lines it
// is on, in order. Array tables are indexed from 1; the same path without
// the index is also recorded, for the TOML library's undecoded keys, which
// carry none.
func keyLines(data []byte) map[string][]int {
	out := map[string][]int{}
	counts := map[string]int{}
	set := func(k string, n int) {
		if ls := out[k]; len(ls) == 0 || ls[len(ls)-1] != n {
			out[k] = append(ls, n)
		}
	}
	prefix, plain := "", ""
	inMulti := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), MaxFileSize+1)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if inMulti {
			if strings.Count(line, `"""`)%2 == 1 || strings.Count(line, `'''`)%2 == 1 {
				inMulti = false
			}
			continue
		}
		if m := headerRE.FindStringSubmatch(line); m != nil {
			name := m[2]
			if m[1] == "[[" {
				counts[name]++
				prefix = fmt.Sprintf("%s[%d]", name, counts[name])
			} else {
				prefix = name
			}
			plain = name
			set(prefix, n)
			set(plain, n)
			continue
		}
		if m := keyRE.FindStringSubmatch(line); m != nil {
			set(join(prefix, m[1]), n)
			set(join(plain, m[1]), n)
			rest := line[len(m[0]):]
			if strings.Count(rest, `"""`)%2 == 1 || strings.Count(rest, `'''`)%2 == 1 {
				inMulti = true
			}
		}
	}
	return out
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// parentPath drops the last segment: "findings[2].value" -> "findings[2]"
// -> "findings" -> "".
func parentPath(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	if i := strings.LastIndexByte(p, '['); i >= 0 {
		return p[:i]
	}
	return ""
}

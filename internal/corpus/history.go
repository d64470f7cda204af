package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"time"

	"litkb/internal/study"
)

// HistoryDir holds one append-only log per study (JSON lines), under data/
// so it travels with the corpus in git.
const HistoryDir = "history"

// Change is one field that changed, from what to what.
type Change struct {
	Field string `json:"field"`
	From  any    `json:"from,omitempty"`
	To    any    `json:"to,omitempty"`
}

// Version is one entry of a study's history: who changed what and when,
// and the whole study as it was afterwards, so any version can be restored.
type Version struct {
	Version int          `json:"version"`
	Time    time.Time    `json:"time"`
	Who     string       `json:"who"`
	Action  string       `json:"action"` // create, update, publish, retract, restore, import
	Note    string       `json:"note,omitempty"`
	Changes []Change     `json:"changes"`
	Study   *study.Study `json:"study"`
}

func (s *Store) historyPath(id string) string {
	return filepath.Join(s.dir, HistoryDir, id+".jsonl")
}

// History returns every recorded version of a study, oldest first. A
// study that predates the log has none.
func (s *Store) History(id string) ([]Version, error) {
	if !study.ValidID(id) {
		return nil, ErrNotFound
	}
	b, err := os.ReadFile(s.historyPath(id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", id, err)
	}
	var out []Version
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		var v Version
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			continue // a torn last line after a crash: it was never acknowledged
		}
		out = append(out, v)
	}
	return out, nil
}

func appendHistory(path string, v Version) error {
	line, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return appendDurable(path, append(line, '\n'))
}

// diff lists the fields that differ between two versions of a study, by
// dotted path ("findings[2].value"), in a stable order.
func diff(before, after *study.Study) []Change {
	a, b := flatten(before), flatten(after)
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var out []Change
	for k := range keys {
		if !reflect.DeepEqual(a[k], b[k]) {
			out = append(out, Change{Field: k, From: a[k], To: b[k]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

func flatten(s *study.Study) map[string]any {
	out := map[string]any{}
	if s == nil {
		return out
	}
	b, _ := json.Marshal(s)
	var m any
	_ = json.Unmarshal(b, &m)
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				walk(p, e)
			}
		case []any:
			if len(x) > 0 {
				if _, scalar := x[0].(map[string]any); !scalar {
					out[prefix] = x
					return
				}
			}
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", prefix, i+1), e)
			}
		default:
			out[prefix] = x
		}
	}
	walk("", m)
	return out
}

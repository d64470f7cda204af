package corpus

import "path/filepath"

// Written is one durable write, told to whoever follows the corpus (the
// git committer): what was done, by whom, and the files it touched.
type Written struct {
	Action string   // create, update, publish, retract, withdraw, restore, import
	Who    string   // the curator
	IDs    []string // the studies written
	Fields []string // for one study: the fields that changed
	Note   string   // a retraction's reason, a restore's version
	Files  []string // the studies' files and their histories, relative to the data folder
}

// written tells OnWrite of durable writes ps; it runs under the writer lock.
func (s *Store) written(action string, who Actor, ps ...*pending) {
	if s.onWrite == nil || len(ps) == 0 {
		return
	}
	w := Written{Action: action, Who: who.Name}
	for _, p := range ps {
		id := p.version.Study.ID
		w.IDs = append(w.IDs, id)
		w.Files = append(w.Files, filepath.Join(StudiesDir, id+".toml"), filepath.Join(HistoryDir, id+".jsonl"))
	}
	if len(ps) == 1 {
		w.Note = ps[0].version.Note
		for _, ch := range ps[0].version.Changes {
			w.Fields = append(w.Fields, ch.Field)
		}
	}
	s.onWrite(w)
}

// Locked runs fn while no write is in progress, so fn sees the folder's
// files as the writes told to OnWrite so far left them, none half-done.
func (s *Store) Locked(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn()
}

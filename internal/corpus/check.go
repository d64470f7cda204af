package corpus

import "litkb/internal/study"

// CheckNew runs on st the check every write runs before anything reaches
// disk — encode to the file form, decode it with the loader's own function
// and this corpus's vocabulary — and leaves st as the decoded study. An
// import preview calls it so that a record it calls "new" is one the write
// accepts, refused with the same problems otherwise.
func (c *Corpus) CheckNew(st *study.Study) error { return c.validate(st) }

func (c *Corpus) validate(st *study.Study) error {
	data, err := study.EncodeStudy(*st)
	if err != nil {
		return err
	}
	// Round-trip through the file form, so what is checked is what is stored.
	dec, ps := study.CheckStudy(st.ID+".toml", data, c.Vocab)
	if len(ps) > 0 {
		return unlocated(ps)
	}
	*st = dec
	return nil
}

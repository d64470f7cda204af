package corpus

import "litkb/internal/study"

// IntentsFile is the question vocabulary. It is optional: without it,
// search reads questions as plain words.
const IntentsFile = "intents.toml"

// loadIntents decodes intents.toml once the topic and construct vocabulary
// it refers to is known; a file with problems is reported and left out.
func (c *Corpus) loadIntents(read func(rel string) ([]byte, bool)) {
	data, ok := read(IntentsFile)
	if !ok {
		return
	}
	in, ps := study.DecodeIntents(c.display(IntentsFile), data, c.Vocab)
	if len(ps) > 0 {
		c.Problems = append(c.Problems, ps...)
		return
	}
	c.Intents = in
}

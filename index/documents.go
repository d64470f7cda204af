package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"litkb/internal/study"
)

// Source is what an index is built from: the studies, the topic vocabulary
// (labels and synonyms) and a fingerprint that changes when either does.
type Source struct {
	Fingerprint string
	Studies     []*study.Study // never modified; in id order (as a corpus keeps them) an update builds no map of them
	// Sorted says Studies are in id order, as a corpus keeps them, so that
	// nothing checks: at 1,000,000 studies the check was 0.3 s of a
	// restart's 1.3 s, on its serial path.
	Sorted bool
	// Find, when given, finds a study of Studies by id, reading fewer of
	// them than a binary search does (see corpus.Corpus.Study).
	Find    func(id string) (*study.Study, bool)
	Topics  []study.Topic
	Intents study.Intents // the question vocabulary: how queries are read, not what is indexed
	// Hashes, when given, are one per study (aligned with Studies) and
	// change whenever the study does, e.g. a hash of its file: what tells
	// Sync which studies to re-index. Without them the index hashes every
	// study's text, which after each write costs seconds at 1M studies.
	Hashes []uint64
}

// studyDocID is the document id of a study.
func studyDocID(id string) string { return "s:" + id }

// studyDoc is what one study looks like to Bleve: everything searched,
// shown, filtered, faceted or sorted, and nothing else. Its findings are
// one field with one value each, so a match's location says which finding
// it is in (see bestFinding).
type studyDoc struct {
	StudyID   string   `json:"study_id"`
	Status    string   `json:"status"`
	Title     string   `json:"title"`
	Author    string   `json:"author"`
	Journal   string   `json:"journal"`
	Summary   string   `json:"summary"`
	Finding   []string `json:"finding"` // the finding statements, in order
	Sample    string   `json:"sample"`
	Topic     string   `json:"topic"` // labels and synonyms of the study's topics, as prose
	TopicID   []string `json:"topic_id"`
	Construct []string `json:"construct"`
	Measure   []string `json:"measure"` // the measures of its findings: what a question's intent asks for
	Design    string   `json:"design"`
	Type      string   `json:"type"`
	Year      float64  `json:"year"`
	YearKey   string   `json:"year_key"`
	Facet     []string `json:"facet"`
	Words     string   `json:"words"`
}

// documents turns one study into its document.
func documents(s *study.Study, topics map[string]study.Topic) (string, studyDoc) {
	var b strings.Builder
	for i, a := range s.Byline() { // an edited book is found by its editors
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(strings.TrimSpace(a.Literal + " " + a.Given + " " + a.Family))
	}
	author := b.String()
	var topicText []string
	for _, id := range s.Topics {
		if t, ok := topics[id]; ok {
			topicText = append(topicText, t.Label)
			topicText = append(topicText, t.Synonyms...)
		}
	}
	var findingText, populations, constructs, measures []string
	for _, f := range s.Findings {
		findingText = append(findingText, f.Text)
		if f.Population != "" {
			populations = append(populations, f.Population)
		}
		if f.Construct != "" && !contains(constructs, f.Construct) {
			constructs = append(constructs, f.Construct)
		}
		if f.Measure != "" && !contains(measures, f.Measure) {
			measures = append(measures, f.Measure)
		}
	}
	container := s.Journal
	if container == "" {
		container = s.Container
	}
	doc := studyDoc{
		StudyID:   s.ID,
		Status:    s.Status,
		Title:     s.Title,
		Author:    author,
		Journal:   container,
		Summary:   s.Summary,
		Finding:   findingText,
		Sample:    s.Sample,
		Topic:     strings.Join(topicText, "; "),
		TopicID:   s.Topics,
		Construct: constructs,
		Measure:   measures,
		Design:    s.Design,
		Type:      s.Type,
		Year:      float64(s.Year),
		YearKey:   yearKey(s.Year),
		Facet:     facetTerms(s, constructs),
	}
	texts := append([]string{doc.Title, doc.Summary, doc.Sample, doc.Topic, doc.Author, doc.Journal}, findingText...)
	doc.Words = distinctWords(append(texts, populations...))
	return studyDocID(s.ID), doc
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// distinctWords is every word of texts once, lower-cased and separated by
// spaces: what the words field (typo tolerance, "did you mean", prefixes)
// needs, cut here in one pass so that Bleve only splits on spaces instead
// of running Unicode word segmentation over every text a second time. A
// word is a run of letters and digits, with an apostrophe or point between
// letters (Fonagy's, e.g) and a point or comma between digits (3.5, 10,000)
// kept, as Unicode segmentation keeps them.
func distinctWords(texts []string) string {
	seen := make(map[string]struct{}, 128)
	var b strings.Builder
	var w []byte
	flush := func() {
		if len(w) == 0 {
			return
		}
		if _, ok := seen[string(w)]; !ok {
			k := string(w)
			seen[k] = struct{}{}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(k)
		}
		w = w[:0]
	}
	for _, text := range texts {
		for i := 0; i < len(text); {
			r, size := rune(text[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(text[i:])
			}
			switch {
			case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
				w = append(w, byte(r))
			case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
				w = append(w, byte(r+'a'-'A'))
			case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)):
				w = utf8.AppendRune(w, unicode.ToLower(r))
			case len(w) > 0 && i+size < len(text) && joins(r, w[len(w)-1], text[i+size:]):
				w = utf8.AppendRune(w, r)
			default:
				flush()
			}
			i += size
		}
		flush()
	}
	return b.String()
}

// joins reports whether r, between the byte before it and the text after
// it, is inside a word: an apostrophe or point between letters (e.g.), a
// point or comma between digits, an underscore.
func joins(r rune, before byte, after string) bool {
	next, _ := utf8.DecodeRuneInString(after)
	digits := '0' <= before && before <= '9' && '0' <= next && next <= '9'
	letters := isLetterByte(before) && unicode.IsLetter(next)
	switch r {
	case '\'', '\u2019':
		return letters
	case '.':
		return letters || digits
	case ',':
		return digits
	case '_':
		return unicode.IsLetter(next) || unicode.IsDigit(next)
	}
	return false
}

func isLetterByte(c byte) bool { return 'a' <= c && c <= 'z' || c >= utf8.RuneSelf }

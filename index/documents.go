package index

import (
	"strings"

	"litkb/internal/study"
)

// Source is what an index is built from: the studies, the topic vocabulary
// (labels and synonyms) and a fingerprint that changes when either does.
type Source struct {
	Fingerprint string
	Studies     []study.Study
	Topics      []study.Topic
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
	Design    string   `json:"design"`
	Type      string   `json:"type"`
	Year      float64  `json:"year"`
	YearKey   string   `json:"year_key"`
	Facet     []string `json:"facet"`
}

// documents turns one study into its document.
func documents(s *study.Study, topics map[string]study.Topic) (string, studyDoc) {
	var b strings.Builder
	for i, a := range s.Authors {
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
	var findingText, constructs []string
	for _, f := range s.Findings {
		findingText = append(findingText, f.Text)
		if f.Construct != "" && !contains(constructs, f.Construct) {
			constructs = append(constructs, f.Construct)
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
		Design:    s.Design,
		Type:      s.Type,
		Year:      float64(s.Year),
		YearKey:   yearKey(s.Year),
		Facet:     facetTerms(s, constructs),
	}
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

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
}

// Document ids: one per study, one per finding.
func studyDocID(id string) string               { return "s:" + id }
func findingDocID(study, finding string) string { return "f:" + study + "#" + finding }

// documents turns one study into its study document and one document per
// finding; each finding carries its study's fields so it can be found and
// filtered on its own.
func documents(s *study.Study, topics map[string]study.Topic) (string, document, []string, []document) {
	var authors []string
	for _, a := range s.Authors {
		authors = append(authors, strings.TrimSpace(a.Literal+" "+a.Given+" "+a.Family))
	}
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
	base := document{
		Kind:      "study",
		StudyID:   s.ID,
		Status:    s.Status,
		Title:     s.Title,
		Author:    strings.Join(authors, "; "),
		Journal:   container,
		Summary:   s.Summary,
		Finding:   strings.Join(findingText, "\n"),
		Sample:    s.Sample,
		Topic:     strings.Join(topicText, "; "),
		TopicID:   s.Topics,
		Construct: constructs,
		Design:    s.Design,
		Type:      s.Type,
		Year:      float64(s.Year),
	}
	base.Words = strings.Join([]string{base.Title, base.Summary, base.Finding, base.Sample, base.Topic, base.Author, base.Journal}, "\n")

	var ids []string
	var docs []document
	for _, f := range s.Findings {
		d := base
		d.Kind = "finding"
		d.Summary = ""
		d.Finding = f.Text
		d.Construct = []string{f.Construct}
		d.Words = strings.Join([]string{f.Text, f.Population}, "\n")
		ids = append(ids, findingDocID(s.ID, f.ID))
		docs = append(docs, d)
	}
	return studyDocID(s.ID), base, ids, docs
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

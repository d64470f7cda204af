package index

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion changes whenever Mapping or the document shape changes; an
// index built under another version is rebuilt, never trusted.
const MappingVersion = "1"

// Field names of indexed documents. Prose fields use English analysis;
// keyword fields hold exact values with doc values for facets and sorting.
const (
	fKind         = "kind"     // "study" or "finding"
	fStudy        = "study_id" // keyword
	fStatus       = "status"   // keyword
	fTitle        = "title"
	fAuthor       = "author"
	fJournal      = "journal"
	fSummary      = "summary"
	fFinding      = "finding" // study: all finding statements; finding: its own
	fSample       = "sample"
	fTopic        = "topic"     // topic labels and synonyms, as prose
	fTopicID      = "topic_id"  // keyword, faceted
	fConstruct    = "construct" // keyword, faceted
	fDesign       = "design"    // keyword, faceted
	fType         = "type"      // keyword, faceted
	fYear         = "year"      // numeric, range-faceted and sorted
	fWords        = "words"     // unstemmed copy of the prose, for typo tolerance and "did you mean"
	synonymColl   = "topics"
	synonymSrc    = "topics"
	nameAnalyzer  = "name"
	wordsAnalyzer = "words"
)

// document is what one study or one finding looks like to Bleve.
type document struct {
	Kind      string   `json:"kind"`
	StudyID   string   `json:"study_id"`
	Status    string   `json:"status"`
	Title     string   `json:"title"`
	Author    string   `json:"author,omitempty"`
	Journal   string   `json:"journal,omitempty"`
	Summary   string   `json:"summary,omitempty"`
	Finding   string   `json:"finding,omitempty"`
	Sample    string   `json:"sample,omitempty"`
	Topic     string   `json:"topic,omitempty"`
	TopicID   []string `json:"topic_id,omitempty"`
	Construct []string `json:"construct,omitempty"`
	Design    string   `json:"design,omitempty"`
	Type      string   `json:"type,omitempty"`
	Year      float64  `json:"year"`
	Words     string   `json:"words,omitempty"`
}

// Mapping builds the one index mapping every index (real or test) uses.
func Mapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	// Names: fold accents so "Padron" finds "Padrón"; no stemming.
	if err := m.AddCustomAnalyzer(nameAnalyzer, map[string]any{
		"type":          custom.Name,
		"char_filters":  []string{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	// Words: lowercase, no stemming, no stopwords; typo matching compares
	// what people type with what the text says, not with stems.
	if err := m.AddCustomAnalyzer(wordsAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	if err := m.AddSynonymSource(synonymSrc, map[string]any{
		"collection": synonymColl,
		"analyzer":   en.AnalyzerName,
	}); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}

	prose := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.SynonymSource = synonymSrc
		f.Store = store
		f.IncludeTermVectors = true // phrases and highlight locations need them
		f.IncludeInAll = false
		f.DocValues = false // nothing sorts or facets on prose
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	name := bleve.NewTextFieldMapping()
	name.Analyzer = nameAnalyzer
	name.Store = false
	name.IncludeInAll = false
	name.DocValues = false
	words := bleve.NewTextFieldMapping()
	words.Analyzer = wordsAnalyzer
	words.Store = false
	words.IncludeTermVectors = false
	words.IncludeInAll = false
	words.DocValues = false
	year := bleve.NewNumericFieldMapping()
	year.Store = false
	year.IncludeInAll = false
	year.DocValues = true

	d := bleve.NewDocumentStaticMapping()
	d.AddFieldMappingsAt(fKind, kw())
	d.AddFieldMappingsAt(fStudy, kw())
	d.AddFieldMappingsAt(fStatus, kw())
	d.AddFieldMappingsAt(fTitle, prose(true))
	d.AddFieldMappingsAt(fAuthor, name)
	d.AddFieldMappingsAt(fJournal, prose(false))
	d.AddFieldMappingsAt(fSummary, prose(true))
	d.AddFieldMappingsAt(fFinding, prose(true))
	d.AddFieldMappingsAt(fSample, prose(true))
	d.AddFieldMappingsAt(fTopic, prose(false))
	d.AddFieldMappingsAt(fTopicID, kw())
	d.AddFieldMappingsAt(fConstruct, kw())
	d.AddFieldMappingsAt(fDesign, kw())
	d.AddFieldMappingsAt(fType, kw())
	d.AddFieldMappingsAt(fYear, year)
	d.AddFieldMappingsAt(fWords, words)
	m.DefaultMapping = d
	return m, nil
}

// singleWord reports whether s is one word, the only kind of synonym Bleve's
// synonym sources can hold (a multi-token term is dropped when analysed);
// multi-word synonyms are expanded by our query parser instead.
func singleWord(s string) bool { return len(strings.Fields(s)) == 1 && !strings.ContainsAny(s, "-/") }

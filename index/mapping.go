package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/mapping"

	"litkb/internal/study"
)

// MappingVersion changes whenever Mapping or the document shape changes; an
// index built under another version is rebuilt, never trusted.
const MappingVersion = "14"

// Field names of indexed documents. Prose fields use English analysis;
// keyword fields hold exact values with doc values for facets and sorting.
const (
	fStudy        = "study_id" // keyword
	fStatus       = "status"   // keyword
	fTitle        = "title"
	fAuthor       = "author"
	fJournal      = "journal"
	fSummary      = "summary"
	fFinding      = "finding" // a study's finding statements, one value each
	fSample       = "sample"
	fTopic        = "topic"     // topic labels and synonyms, as prose
	fTopicID      = "topic_id"  // keyword, faceted
	fConstruct    = "construct" // keyword, faceted
	fMeasure      = "measure"   // keyword: the measures of a study's findings
	fDesign       = "design"    // keyword, faceted
	fType         = "type"      // keyword, faceted
	fYear         = "year"      // numeric, for year ranges
	fYearKey      = "year_key"  // the year as four digits, for sorting
	fFacet        = "facet"     // every faceted value as kind:value (see facets.go)
	fWords        = "words"     // unstemmed copy of the prose, for typo tolerance and "did you mean"
	nameAnalyzer  = "name"
	wordsAnalyzer = "words"
)

// Mapping builds the one index mapping every index (real or test) uses;
// topics are the vocabulary whose forms the prose analyzer marks (see
// mentions.go), common the analysed words it pairs (see pairs.go).
func Mapping(topics []study.Topic, common ...string) (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	// Names: fold accents so "Padron" finds "Padrón"; no stemming.
	if err := m.AddCustomAnalyzer(nameAnalyzer, map[string]any{
		"type":          custom.Name,
		"char_filters":  []string{asciifolding.Name},
		"tokenizer":     wordsTokenizer,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	// Words: lowercase, no stemming, no stopwords; typo matching compares
	// what people type with what the text says, not with stems. The text
	// arrives cut into words already (distinctWords).
	if err := m.AddCustomAnalyzer(wordsAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     spacesTokenizer,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	if err := m.AddCustomTokenFilter(mentionFilter, mentionConfig(topics)); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	if err := m.AddCustomTokenFilter(pairFilter, pairConfig(common)); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	if err := m.AddCustomAnalyzer(proseAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     wordsTokenizer,
		"token_filters": []string{en.PossessiveName, lowercase.Name, en.StopName, stemFilter, mentionFilter, pairFilter},
	}); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}

	prose := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = proseAnalyzer
		f.Store = store
		f.IncludeTermVectors = true // phrases and highlight locations need them
		f.IncludeInAll = false
		f.DocValues = false // nothing sorts or facets on prose
		return f
	}
	// Keyword fields: doc values only where something facets or sorts.
	kw := func(docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = docValues
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
	year.DocValues = false // sorts and facets use fYearKey and fFacet

	// Nothing is stored: snippets are built from the studies themselves
	// (see highlight.go). Term vectors: every prose field, since phrases
	// and highlights need positions.
	d := bleve.NewDocumentStaticMapping()
	d.AddFieldMappingsAt(fStudy, kw(true)) // sorts break ties by it
	d.AddFieldMappingsAt(fStatus, kw(false))
	d.AddFieldMappingsAt(fTitle, prose(false))
	d.AddFieldMappingsAt(fAuthor, name)
	d.AddFieldMappingsAt(fJournal, prose(false))
	d.AddFieldMappingsAt(fSummary, prose(false))
	d.AddFieldMappingsAt(fFinding, prose(false))
	d.AddFieldMappingsAt(fSample, prose(false))
	d.AddFieldMappingsAt(fTopic, prose(false))
	d.AddFieldMappingsAt(fTopicID, kw(false))
	d.AddFieldMappingsAt(fConstruct, kw(false))
	d.AddFieldMappingsAt(fMeasure, kw(false))
	d.AddFieldMappingsAt(fDesign, kw(false))
	d.AddFieldMappingsAt(fType, kw(false))
	d.AddFieldMappingsAt(fYear, year)
	d.AddFieldMappingsAt(fYearKey, kw(true))
	d.AddFieldMappingsAt(fFacet, kw(true))
	d.AddFieldMappingsAt(fWords, words)
	// No _all field: every query names its fields.
	d.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m.DefaultMapping = d
	return m, nil
}

package study

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// MaxFileSize and MaxNesting bound what the decoder is handed: a study is a
// few KB nested three deep, and some TOML inputs make decoders work for a
// long time.
const (
	MaxFileSize = 256 << 10
	MaxNesting  = 16
)

// decodeStrict decodes data into v and reports syntax errors with their line
// and every key v has no field for, so a typo never vanishes silently.
func decodeStrict(data []byte, v any) Problems {
	if ps := checkInput(data); ps != nil {
		return ps
	}
	return decodeChecked(data, v)
}

// checkInput refuses what no decoder is handed: too large, not UTF-8, or
// nested too deep.
func checkInput(data []byte) Problems {
	if len(data) > MaxFileSize {
		return Problems{{Field: "", Message: fmt.Sprintf("file is %d bytes, more than the %d allowed", len(data), MaxFileSize)}}
	}
	if !utf8.Valid(data) {
		return Problems{{Message: "file is not valid UTF-8"}}
	}
	if line, deep := nestingDepth(data); deep > MaxNesting {
		return Problems{{Line: line, Message: fmt.Sprintf("file nests tables, dotted keys or arrays %d deep, more than the %d allowed", deep, MaxNesting)}}
	}
	return nil
}

// decodeChecked is decodeStrict for data that checkInput let through.
func decodeChecked(data []byte, v any) Problems {
	md, err := toml.Decode(string(data), v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			field := pe.LastKey
			return Problems{{Line: pe.Position.Line, Field: field, Message: "TOML syntax: " + pe.Message}}
		}
		// Type errors ("year = \"2002\"") are not ParseErrors, but their
		// message carries the line and key.
		if m := typeErrRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return Problems{{Line: line, Field: m[2], Message: "TOML: " + m[3]}}
		}
		return Problems{{Message: "TOML: " + err.Error()}}
	}
	var ps Problems
	for _, k := range md.Keys() {
		if last := k[len(k)-1]; !lowercaseKey(last) {
			ps = append(ps, Problem{Field: k.String(), Message: fmt.Sprintf("field %q: field names are written in lowercase letters, digits and underscores (data/README.md lists the fields)", last)})
		}
	}
	if len(ps) > 0 {
		return ps // a key in capitals may have been taken for another's field
	}
	for _, k := range md.Undecoded() {
		ps = append(ps, Problem{Field: k.String(), Message: "unknown field (check its spelling; data/README.md lists the fields)"})
	}
	return ps
}

var typeErrRE = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "([^"]*)"\): (.*)$`)

// DecodeStudy parses one study file strictly. name is the file's path, used
// in problems and to check that the id matches the file name.
func DecodeStudy(name string, data []byte) (Study, Problems) {
	var s Study
	ps := checkInput(data)
	if ps == nil && !decodeFast(data, &s) {
		ps = decodeChecked(data, &s)
	}
	s.normalize()
	return s, locate(data, ps).inFile(name)
}

// EncodeStudy writes s as TOML in the field order of data/README.md.
func EncodeStudy(s Study) ([]byte, error) {
	var buf bytes.Buffer
	enc := toml.NewEncoder(&buf)
	enc.Indent = ""
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encode study %s: %w", s.ID, err)
	}
	return buf.Bytes(), nil
}

// CheckStudy decodes, validates against the vocabulary and checks the id
// against the file name, returning every problem with its line.
func CheckStudy(name string, data []byte, v *Vocabulary) (Study, Problems) {
	s, ps := DecodeStudy(name, data)
	if hasSyntaxError(ps) {
		return s, ps
	}
	vp := s.Validate(v)
	if want := fileID(name); want != "" && s.ID != "" && s.ID != want {
		vp = append(vp, Problem{Field: "id", Message: fmt.Sprintf("id %q does not match the file name %q (rename one of them)", s.ID, want+".toml")})
	}
	return s, append(ps, locate(data, vp).inFile(name)...)
}

func hasSyntaxError(ps Problems) bool {
	for _, p := range ps {
		if strings.HasPrefix(p.Message, "TOML") || strings.HasPrefix(p.Message, "file ") {
			return true
		}
	}
	return false
}

// fileID is the id a file name implies: "data/studies/x.toml" -> "x".
func fileID(name string) string {
	if name == "" {
		return ""
	}
	base := name[strings.LastIndexAny(name, `/\`)+1:]
	return strings.TrimSuffix(base, ".toml")
}

// normalize trims whitespace and turns pasted DOI URLs into bare DOIs, so
// the stored form is the same however a curator typed it.
func (s *Study) normalize() {
	s.ID = strings.TrimSpace(s.ID)
	s.Title = strings.TrimSpace(s.Title)
	s.DOI = NormalizeDOI(s.DOI)
	s.URL = strings.TrimSpace(s.URL)
	s.Issued = strings.TrimSpace(s.Issued)
	s.normalizeIdentifiers()
	s.normalizeNotices()
	s.JournalAbbrev = strings.TrimSpace(s.JournalAbbrev)
	s.Language = NormalizeLanguage(s.Language)
	s.Summary = strings.TrimSpace(s.Summary)
	s.Sample = strings.TrimSpace(s.Sample)
	for i := range s.Findings {
		s.Findings[i].Text = strings.TrimSpace(s.Findings[i].Text)
	}
}

// DecodeTopics parses data/topics.toml.
func DecodeTopics(name string, data []byte) ([]Topic, Problems) {
	var f struct {
		Topic []Topic `toml:"topic"`
	}
	ps := decodeStrict(data, &f)
	return f.Topic, locate(data, ps).inFile(name)
}

// DecodeConstructs parses data/constructs.toml.
func DecodeConstructs(name string, data []byte) ([]Construct, Problems) {
	var f struct {
		Construct []Construct `toml:"construct"`
	}
	ps := decodeStrict(data, &f)
	return f.Construct, locate(data, ps).inFile(name)
}

// DecodeClaim parses one data/claims/<id>.toml.
func DecodeClaim(name string, data []byte) (Claim, Problems) {
	var c Claim
	ps := decodeStrict(data, &c)
	if !hasSyntaxError(ps) {
		vp := c.validate()
		if want := fileID(name); want != "" && c.ID != "" && c.ID != want {
			vp = append(vp, Problem{Field: "id", Message: fmt.Sprintf("id %q does not match the file name %q", c.ID, want+".toml")})
		}
		ps = append(ps, vp...)
	}
	return c, locate(data, ps).inFile(name)
}

package study

import (
	"net/url"
	"regexp"
	"strings"
)

var (
	slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// A DOI is 10.<registrant>/<suffix>; registrants may have dotted parts.
	doiRE = regexp.MustCompile(`^10\.[0-9]{4,9}(\.[0-9]+)*/\S+$`)
)

// ValidID reports whether id is a lowercase slug usable as a file name and
// permalink: a-z, 0-9 and single hyphens between them.
func ValidID(id string) bool { return len(id) <= 120 && slugRE.MatchString(id) }

// NormalizeDOI strips the forms people paste (https://doi.org/…,
// dx.doi.org, "doi:") down to the bare DOI, lowercasing nothing: DOIs are
// case-insensitive but shown as the registrant wrote them.
func NormalizeDOI(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi.org/", "doi:", "DOI:"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	return s
}

// ValidDOI reports whether doi (bare) has the 10.<registrant>/<suffix> shape.
func ValidDOI(doi string) bool { return doiRE.MatchString(doi) }

// DOIKey is the form two DOIs are compared in: DOIs are case-insensitive.
func DOIKey(doi string) string { return strings.ToLower(NormalizeDOI(doi)) }

// ValidSourceURL reports whether u is an absolute http or https URL, the only
// kind a page may link to as a source.
func ValidSourceURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// SourceURL is the link to the original: doi.org for a DOI, else the URL.
func (s *Study) SourceURL() string {
	if s.DOI != "" {
		return "https://doi.org/" + s.DOI
	}
	return s.URL
}

// FindURL is a Crossref search for the work's title, for a study whose
// original has no verified DOI or URL yet: a way to look for the source,
// never a claim about where it is.
func (s *Study) FindURL() string {
	if s.SourceURL() != "" {
		return ""
	}
	return "https://search.crossref.org/search/works?from_ui=yes&q=" + url.QueryEscape(s.Title)
}

// Slugify turns a label into an id-shaped slug.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

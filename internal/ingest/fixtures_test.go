package ingest

import (
	"strings"
	"testing"
)

// fixtureTests are the fixtures in testdata/ — one file per exporter and
// per kind of trouble — with every record each must give, field by field
// (see summary). Errors and warnings name their lines.
var fixtureTests = []struct {
	file string
	want []string
}{
	{"biblatex.bib", []string{
		`line: 5
id: pearson-1994-earned-continuous
type: article
title: Earned- and continuous-security in adult attachment: Relation to depressive symptomatology and parenting style
year: 1994
authors: Pearson, Jane L.; Cohn, Deborah A.; Cowan, Philip A.; Cowan, Carolyn Pape
journal: Development and Psychopathology
volume: 6
issue: 2
pages: 359-373
doi: 10.1017/S0954579400004636`,
		`line: 20
id: grossmann-2005-attachment-infancy
type: book
title: Attachment from infancy to adulthood: The major longitudinal studies
year: 2005
editors: Grossmann, K. E.; Grossmann, K.; Waters, E.
publisher: Guilford Press
place: New York`,
		`line: 29
id: main-2005-predictability-attachment
type: chapter
title: Predictability of attachment behavior and representational processes at 1, 6, and 19 years of age: The Berkeley longitudinal study
year: 2005
authors: Main, Mary; Hesse, Erik; Kaplan, Nancy
editors: Grossmann, K. E.; Grossmann, K.; Waters, E.
container: Attachment from infancy to adulthood
publisher: Guilford Press
place: New York
chapter: 10`,
		`line: 37
id: bowlby-1969-attachment
type: book
title: Attachment
year: 1969
authors: Bowlby, John
publisher: Basic Books
place: New York
volume: 1`,
		`line: 47
id: mikulincer-2016-attachment-adulthood
type: book
title: Attachment in adulthood: Structure, dynamics, and change
year: 2016
authors: Mikulincer, Mario; Shaver, Phillip R.
publisher: Guilford Press
place: New York
edition: 2`,
		`line: 57
id: george-1996-adult-attachment
type: report
title: Adult Attachment Interview
year: 1996
authors: George, Carol; Kaplan, Nancy; Main, Mary
container: Department of Psychology, University of California, Berkeley
edition: 3
genre: Unpublished manuscript`,
	}},
	{"zotero.bib", []string{
		`line: 2
id: roisman-2002-earned-secure
type: article
title: Earned-secure attachment status in retrospect and prospect
year: 2002
authors: Roisman, Glenn I.; Padrón, Elena; Sroufe, L. Alan; Egeland, Byron
journal: Child Development
volume: 73
issue: 4
pages: 1204-1219
doi: 10.1111/1467-8624.00467
url: https://srcd.onlinelibrary.wiley.com/doi/10.1111/1467-8624.00467
pmid: 12146743`,
		`line: 22
id: bakermans-kranenburg-2009-first-adult
type: article
title: The first 10,000 Adult Attachment Interviews: distributions of adult attachment representations in clinical and non-clinical groups
year: 2009
authors: Bakermans-Kranenburg, Marian J.; van IJzendoorn, Marinus H.
journal: Attachment & Human Development
volume: 11
issue: 3
pages: 223-263
doi: 10.1080/14616730802461409`,
		`line: 35
id: who-2022-world-mental
type: book
title: World mental health report: transforming mental health for all
year: 2022
authors: {World Health Organization}
publisher: World Health Organization
place: Geneva
isbn: 9789240049338`,
		`line: 44
id: hesse-2016-adult-attachment
type: chapter
title: The Adult Attachment Interview: protocol, method of analysis, and selected empirical studies: 1985–2015
year: 2016
authors: Hesse, Erik
editors: Cassidy, Jude; Shaver, Phillip R.
container: Handbook of attachment: theory, research, and clinical applications
publisher: Guilford Press
place: New York
edition: 3
pages: 553-597`,
		`line: 56
id: saunders-2011-pathways-earned
type: thesis
title: Pathways to earned-security: the role of alternative support figures
year: 2011
authors: Saunders, Rebecca
publisher: Oklahoma State University
genre: PhD Thesis`,
		`line: 64
id: george-1996-adult-attachment
type: report
title: Adult Attachment Interview
year: 1996
authors: George, Carol; Kaplan, Nancy; Main, Mary
container: Department of Psychology, University of California, Berkeley
place: Berkeley
edition: 3
genre: Unpublished manuscript`,
	}},
	{"mendeley.bib", []string{
		`line: 6
id: roisman-2002-earned-secure
type: article
title: Earned-secure attachment status in retrospect and prospect
year: 2002
authors: Roisman, Glenn I.; Padrón, Elena; Sroufe, L. Alan; Egeland, Byron
journal: Child Development
volume: 73
issue: 4
pages: 1204-1219
doi: 10.1111/1467-8624.00467
url: http://doi.wiley.com/10.1111/1467-8624.00467
pmid: 12146743`,
		`line: 21
id: vanijzendoorn-1995-adult-attachment
type: article
title: Adult attachment representations, parental responsiveness, and infant attachment: A meta-analysis on the predictive validity of the Adult Attachment Interview
year: 1995
authors: van IJzendoorn, Marinus H.
journal: Psychological Bulletin
volume: 117
issue: 3
pages: 387-403
doi: 10.1037/0033-2909.117.3.387`,
		`line: 31
id: janczak-2023-mentalization-emotional
type: article
title: Mentalization, emotional dysregulation and attachment to alternative attachment figures in retrospectively defined earned secure adults
year: 2023
authors: Jańczak, Magdalena; Feußner, Ole; Cárcamo, Rodrigo A.; Müller, Jörg
journal: Current Issues in Personality Psychology
volume: 11
article_number: 966
doi: 10.5114/cipp.2023.130001`,
		`line: 40
id: mikulincer-2016-attachment-adulthood
type: book
title: Attachment in adulthood: Structure, dynamics, and change
year: 2016
authors: Mikulincer, Mario; Shaver, Phillip R.
publisher: Guilford Press
place: New York
edition: 2
isbn: 9781462525546`,
	}},
	{"scholar.bib", []string{
		`line: 1
id: roisman-2002-earned-secure
type: article
title: Earned-secure attachment status in retrospect and prospect
year: 2002
authors: Roisman, Glenn I.; Padrón, Elena; Sroufe, L. Alan; Egeland, Byron
journal: Child development
publisher: Wiley Online Library
volume: 73
issue: 4
pages: 1204-1219`,
		`line: 12
id: dupont-2019-attachment-security
type: paper-conference
title: Attachment security and AAI coherence in a French sample
year: 2019
authors: Dupont, François; Hošek, Jan
container: Proceedings of the International Attachment Conference
pages: 12-19`,
		`line: 21
id: bowlby-1969-attachment-loss
type: book
title: Attachment and loss: Vol. 1. Attachment
year: 1969
authors: Bowlby, John
publisher: Basic Books`,
		`line: 28
id: main-1998-adult-attachment
type: manuscript
title: Adult attachment scoring and classification system
year: 1998
authors: Main, Mary; Goldwyn, Ruth
publisher: University of California at Berkeley
genre: Unpublished manuscript`,
		`line: 35
id: saunders-2011-pathways-earned
type: thesis
title: Pathways to earned-security: The role of alternative support figures
year: 2011
authors: Saunders, Rebecca
publisher: Oklahoma State University
genre: Doctoral dissertation`,
	}},
	{"strings-and-crossref.bib", []string{
		`line: 13
id: roisman-2002-earned-secure
type: article
title: Earned-secure attachment status in retrospect and prospect
year: 2002
authors: Roisman, Glenn I.; Padrón, Elena; Sroufe, L. Alan; Egeland, Byron
journal: Child Development
volume: 73
issue: 4
pages: 1204-1219`,
		`line: 24
id: hazan-1987-romantic-love
type: article
title: Romantic love conceptualized as an attachment process
year: 1987
authors: Hazan, Cindy; Shaver, Phillip R.
journal: Journal of Personality and Social Psychology
volume: 52
issue: 3
pages: 511-524
doi: 10.1037/0022-3514.52.3.511`,
		`line: 32
id: vanderberg-2020-name-torture
type: article
title: A name torture test: Çağlar, å, ß, über, ècole & café at 50%
year: 2020
authors: van der Berg, Jan; van der Veen, Jan; de la Cruz, María; King, Martin Luther, Jr.; Gates, Henry Louis, Jr.; d'Alembert, Jean; Müller, Jürgen; Straßer, Hans; Østergaard, Søren; Åberg, Björn; Wałęsa, Lech; Škoda, Emil; Van Gogh, Vincent; {World Health Organization}; {Barnes and Noble}
journal: Journal of NAME Forms
article_number: e0123
doi: 10.1234/names_2020
warning: line 33: the author list ends in "and others": add the missing names from the source`,
		`line: 45
id: main-2005-predictability-attachment
type: chapter
title: Predictability of attachment behavior and representational processes at 1, 6, and 19 years of age: The Berkeley longitudinal study
year: 2005
authors: Main, Mary; Hesse, Erik; Kaplan, Nancy
editors: Grossmann, Klaus E.; Grossmann, Karin; Waters, Everett
container: Attachment from infancy to adulthood: The major longitudinal studies
publisher: Guilford Press
place: New York
pages: 245-304
chapter: 10`,
		`line: 53
id: hesse-1999-adult-attachment
type: chapter
title: The Adult Attachment Interview: Historical and current perspectives
year: 1999
authors: Hesse, Erik
editors: Cassidy, Jude; Shaver, Phillip R.
container: Handbook of attachment: Theory, research, and clinical applications
publisher: Guilford Press
place: New York
pages: 395-433`,
		`line: 60
id: grossmann-2005-attachment-infancy
type: book
title: Attachment from infancy to adulthood: The major longitudinal studies
year: 2005
editors: Grossmann, Klaus E.; Grossmann, Karin; Waters, Everett
publisher: Guilford Press
place: New York`,
		`line: 68
id: cassidy-1999-handbook-attachment
type: book
title: Handbook of attachment: Theory, research, and clinical applications
year: 1999
editors: Cassidy, Jude; Shaver, Phillip R.
publisher: Guilford Press
place: New York`,
		`line: 77
id: apa-2013-quoted-values
type: article
title: Quoted "values" with braces and a concatenated tail
year: 2013
authors: {American Psychiatric Association}
journal: Psychiatric News
pages: 1-2`,
	}},
	{"malformed.bib", []string{
		`line: 1
id: roisman-2002-good-entry
type: article
title: A good entry before the broken ones
year: 2002
authors: Roisman, Glenn I.
journal: Child Development`,
		`line: 8
type: article
authors: Somebody, Anne
error: line 10: unbalanced braces in title`,
		`line: 15
id: hesse-1999-still-imported
type: article
title: Still imported after a broken entry
year: 1999
authors: Hesse, Erik
journal: Attachment & Human Development`,
		`line: 22
type: article
error: line 23: expected "=" after the field name author, found "{"`,
		`line: 28
type: article
title: An extra closing brace
error: line 30: unbalanced braces: the @article entry was closed before the field author (an extra "}"?)`,
		`line: 34
type: article
error: line 35: unbalanced quotes or braces in title`,
		`line: 39
type: article
title: No closing brace for this entry
year: 2005
error: line 39: @article entry is not closed (missing "}") before the entry at line 43`,
		`line: 43
id: macro-2006-uses-undefined
type: article
title: Uses an undefined macro
year: 2006
authors: Macro, Mac
journal: jcpp
warning: line 46: journal: @string macro "jcpp" is not defined; kept as text
warning: line 48: "not a doi" is not a DOI (expected 10.<registrant>/<suffix>); left out`,
		`line: 51
id: 2020-page
type: webpage
title: A web page
year: 2020
url: https://example.org/page
warning: line 51: @misc says only that this is some kind of work: read as a web page; check the type before saving
warning: line 51: no authors`,
		`line: 57
type: article
error: line 57: @article entry "empty" has no fields`,
		`line: 59
id: last-2007-last-good
type: article
title: The last good entry
year: 2007
authors: Last, Lou
journal: Journal
pages: 1-9`,
		`line: 67
type: article
error: line 68: unbalanced braces in title`,
	}},
	{"endnote.ris", []string{
		`line: 5
id: roisman-2002-earned-secure
type: article
title: Earned-secure attachment status in retrospect and prospect
year: 2002
authors: Roisman, Glenn I.; Padrón, Elena; Sroufe, L. Alan; Egeland, Byron
journal: Child Development
volume: 73
issue: 4
pages: 1204-1219
doi: 10.1111/1467-8624.00467
url: https://srcd.onlinelibrary.wiley.com/doi/10.1111/1467-8624.00467`,
		`line: 26
id: janczak-2023-mentalization-emotional
type: article
title: Mentalization, emotional dysregulation and attachment to alternative attachment figures in retrospectively defined earned secure adults
year: 2023
authors: Jańczak, Magdalena; Feußner, Ole
journal: Current Issues in Personality Psychology
volume: 11
article_number: 966
url: https://cipp.ug.edu.pl/Mentalization-emotional-dysregulation-and-attachment-to-alternative-attachment-figures,172328,0,2.html`,
		`line: 37
id: mikulincer-2016-attachment-adulthood
type: book
title: Attachment in adulthood: Structure, dynamics, and change
year: 2016
authors: Mikulincer, Mario; Shaver, Phillip R.
publisher: Guilford Press
place: New York
edition: 2`,
		`line: 47
id: main-2005-predictability-attachment
type: chapter
title: Predictability of attachment behavior and representational processes at 1, 6, and 19 years of age: The Berkeley longitudinal study
year: 2005
authors: Main, Mary; Hesse, Erik; Kaplan, Nancy
editors: Grossmann, Klaus E.; Grossmann, Karin; Waters, Everett
container: Attachment from infancy to adulthood: The major longitudinal studies
publisher: Guilford Press
place: New York
pages: 245-304
chapter: 10`,
		`line: 63
id: who-2022-world-mental
type: report
title: World mental health report: Transforming mental health for all
year: 2022
authors: {World Health Organization}
container: World Health Organization
place: Geneva
url: https://www.who.int/publications/i/item/9789240049338`,
		`line: 72
id: saunders-2011-pathways-earned
type: thesis
title: Pathways to earned-security: The role of alternative support figures
year: 2011
authors: Saunders, Rebecca
publisher: Oklahoma State University
genre: Doctoral dissertation`,
		`line: 80
id: king-1999-names-suffixes
type: article
title: Names with suffixes
year: 1999
authors: King, Martin Luther, Jr.; Gates, Henry Louis, Jr.
journal: Journal of Names
volume: 1
issue: 1-2
pages: 10`,
	}},
	{"pubmed.ris", []string{
		`line: 1
id: roisman-2002-earned-secure
type: article
title: Earned-secure attachment status in retrospect and prospect
year: 2002
authors: Roisman, G. I.; Padrón, E.; Sroufe, L. A.; Egeland, B.
journal: Child development
volume: 73
issue: 4
pages: 1204-1219
doi: 10.1111/1467-8624.00467`,
		`line: 25
id: vanijzendoorn-2019-bridges-across
type: article
title: Bridges across the intergenerational transmission of attachment gap
year: 2019
authors: van IJzendoorn, M. H.; Bakermans-Kranenburg, M. J.
journal: Current opinion in psychology
volume: 25
pages: 31-36
doi: 10.1016/j.copsyc.2018.02.014
pmid: 29518606`,
	}},
	{"pubmed.nbib", []string{
		`line: 1
id: roisman-2002-earned-secure
type: article
title: Earned-secure attachment status in retrospect and prospect
year: 2002
authors: Roisman, Glenn I.; Padron, Elena; Sroufe, L. Alan; Egeland, Byron
journal: Child development
volume: 73
issue: 4
pages: 1204-1219
doi: 10.1111/1467-8624.00467
pmid: 12146743`,
		`line: 33
id: vanijzendoorn-2019-bridges-across
type: article
title: Bridges across the intergenerational transmission of attachment gap
year: 2019
authors: van IJzendoorn, M. H.; Bakermans-Kranenburg, M. J.; {Collaborative Attachment Group}
journal: Current opinion in psychology
volume: 25
pages: 31-36
doi: 10.1016/j.copsyc.2018.02.014
pmid: 29518606`,
	}},
	{"malformed.ris", []string{
		`line: 3
error: line 3: AU field outside a record: the record's "TY  - " line is missing`,
		`line: 8
id: first-2002-line-ended
type: article
title: No ER line: ended at the next TY
year: 2002
authors: First, Fay
journal: Journal One
warning: line 8: the record has no "ER  - " line; it was ended at the next record (line 13)`,
		`line: 13
id: second-complete-record
type: article
title: A complete record after the broken one
authors: Second, Sam
journal: Journal Two
warning: line 17: no year in date "in press"; add the year by hand
warning: line 18: "not-a-doi" is not a DOI (expected 10.<registrant>/<suffix>); left out
warning: line 19: "<Go to ISI>://WOS:000177034100016" is not an http or https link; left out`,
		`line: 22
id: web-2020-page
type: webpage
title: A web page
year: 2020
authors: Web, Wanda
url: https://example.org`,
		`line: 29
title: A record with an empty type
error: line 29: the TY line has no reference type`,
		`line: 33
id: last-2003-file-ends
type: article
title: The file ends without ER
year: 2003
authors: Last, Lou
journal: Journal Three
pages: 1
warning: line 33: the record has no "ER  - " line; the file may have been cut short`,
	}},
	{"zotero.json", []string{
		`line: 2
id: roisman-2002-earned-secure
type: article
title: Earned-secure attachment status in retrospect and prospect
year: 2002
authors: Roisman, Glenn I.; Padrón, Elena; Sroufe, L. Alan; Egeland, Byron
journal: Child Development
volume: 73
issue: 4
pages: 1204-1219
doi: 10.1111/1467-8624.00467
url: https://srcd.onlinelibrary.wiley.com/doi/10.1111/1467-8624.00467`,
		`line: 25
id: bakermans-kranenburg-2009-first-adult
type: article
title: The first 10,000 Adult Attachment Interviews: Distributions of adult attachment representations in clinical and non-clinical groups
year: 2009
authors: Bakermans-Kranenburg, Marian J.; van IJzendoorn, Marinus H.
journal: Attachment & Human Development
volume: 11
issue: 3
pages: 223-263
doi: 10.1080/14616730802461409`,
		`line: 40
id: who-2022-world-mental
type: report
title: World mental health report: Transforming mental health for all
year: 2022
authors: {World Health Organization}
container: World Health Organization
place: Geneva
number: WHO/MSD/22.1
url: https://www.who.int/publications/i/item/9789240049338`,
		`line: 51
id: main-2005-predictability-attachment
type: chapter
title: Predictability of attachment behavior and representational processes at 1, 6, and 19 years of age: The Berkeley longitudinal study
year: 2005
authors: Main, Mary; Hesse, Erik; Kaplan, Nancy
editors: Grossmann, Klaus E.; Grossmann, Karin; Waters, Everett
container: Attachment from infancy to adulthood: The major longitudinal studies
publisher: Guilford Press
place: New York
pages: 245-304
chapter: 10`,
		`line: 72
id: mikulincer-2016-attachment-adulthood
type: book
title: Attachment in adulthood: Structure, dynamics, and change
year: 2016
authors: Mikulincer, Mario; Shaver, Phillip R.
publisher: Guilford Press
place: New York
edition: 2`,
		`line: 85
id: saunders-2011-pathways-earned
type: thesis
title: Pathways to earned-security: The role of alternative support figures
year: 2011
authors: Saunders, Rebecca
publisher: Oklahoma State University
genre: Doctoral dissertation`,
		`line: 94
id: 2021-adult-attachment
type: webpage
title: Adult attachment interview resources
year: 2021
url: https://example.org/aai
warning: line 94: no authors`,
		`line: 101
type: article
year: 2020
error: line 101: title: expected text, found a list`,
		`line: 108
id: vanbeethoven-2020-names-dropping
type: article
title: Names: dropping particles, suffixes and iPhone users
year: 2020
authors: van Beethoven, Ludwig; King, Martin Luther, Jr.; d'Alembert, Jean; de la Cruz, María
journal: Journal of Names
article_number: e0123`,
	}},
	{"single.json", []string{
		`line: 1
id: roisman-2002-earned-secure
type: article
title: Earned-secure attachment status in retrospect and prospect
year: 2002
authors: Roisman, Glenn I.
journal: Child Development
volume: 73
issue: 4
pages: 1204-1219
doi: 10.1111/1467-8624.00467`,
	}},
	{"malformed.json", []string{
		`line: 2
id: good-2001-good-item
type: article
title: A good item before the broken one
year: 2001
authors: Good, Gail`,
		`line: 8
error: line 8: an item must be a JSON object {…}`,
		`line: 9
error: line 12: invalid JSON: invalid character '}' looking for beginning of object key string`,
	}},
}

func TestFixtures(t *testing.T) {
	for _, tc := range fixtureTests {
		t.Run(tc.file, func(t *testing.T) {
			recs := parseFile(t, tc.file)
			if len(recs) != len(tc.want) {
				t.Errorf("%d records, want %d", len(recs), len(tc.want))
			}
			for i := 0; i < len(recs) && i < len(tc.want); i++ {
				if got := summary(recs[i]); got != tc.want[i] {
					t.Errorf("record %d:\n%s", i+1, lineDiff(got, tc.want[i]))
				}
			}
		})
	}
}

// lineDiff shows the lines of got and want that differ.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			b.WriteString("  got:  " + gl + "\n  want: " + wl + "\n")
		}
	}
	return b.String()
}

package cite

import (
	"strings"

	"litkb/internal/study"
)

// fixtures are the studies the golden files and the citeproc-js comparison
// run over: every item type litkb has and the name cases the styles treat
// differently. Entries with real bibliographic data mirror the curated
// bibliography; those marked synthetic exist only to exercise a rule (their
// people and titles are made up).
var fixtures = append([]study.Study{
	{
		// Journal article, 4 authors, issue, pages, DOI, accented name; a
		// finding with a page for the locator form.
		ID: "roisman-2002-earned-secure", Type: "article",
		Title:   "Earned-secure attachment status in retrospect and prospect",
		Year:    2002,
		Authors: people("Roisman|Glenn I.", "Padrón|Elena", "Sroufe|L. Alan", "Egeland|Byron"),
		Journal: "Child Development", Volume: "73", Issue: "4", Pages: "1204-1219",
		DOI:      "10.1111/1467-8624.00467",
		Findings: []study.Finding{{ID: "f1", Page: "1210"}},
	},
	{
		// Three authors, no DOI; title with a colon (title case after it).
		ID: "phelps-1998-earned-security-daily-stress", Type: "article",
		Title:   "Earned security, daily stress, and parenting: A comparison of five alternative models",
		Year:    1998,
		Authors: people("Phelps|June Lichtenstein", "Belsky|Jay", "Crnic|Keith"),
		Journal: "Development and Psychopathology", Volume: "10", Issue: "1", Pages: "21-38",
	},
	{
		// Two authors, the second with a particle; "&" in the journal (HTML
		// escaping); a number and acronym in the title.
		ID: "bakermans-kranenburg-vanijzendoorn-2009-first-10000-aais", Type: "article",
		Title:   "The first 10,000 Adult Attachment Interviews: Distributions of adult attachment representations in clinical and non-clinical groups",
		Year:    2009,
		Authors: people("Bakermans-Kranenburg|Marian J.", "van IJzendoorn|Marinus H."),
		Journal: "Attachment & Human Development", Volume: "11", Issue: "3", Pages: "223-263",
		DOI: "10.1080/14616730902814762",
	},
	{
		// One author whose family name starts with a particle.
		ID: "vanijzendoorn-1995-aai-meta-analysis", Type: "article",
		Title:   "Adult attachment representations, parental responsiveness, and infant attachment: A meta-analysis on the predictive validity of the Adult Attachment Interview",
		Year:    1995,
		Authors: people("van IJzendoorn|Marinus H."),
		Journal: "Psychological Bulletin", Volume: "117", Issue: "3", Pages: "387-403",
		DOI:      "10.1037/0033-2909.117.3.387",
		Findings: []study.Finding{{ID: "f1", Page: "395"}},
	},
	{
		// Particle "de" on the first author.
		ID: "dewolff-1997-sensitivity-attachment", Type: "article",
		Title:   "Sensitivity and attachment: A meta-analysis on parental antecedents of infant attachment",
		Year:    1997,
		Authors: people("de Wolff|Marianne S.", "van IJzendoorn|Marinus H."),
		Journal: "Child Development", Volume: "68", Issue: "4", Pages: "571-591",
		DOI: "10.1111/j.1467-8624.1997.tb04218.x",
	},
	{
		// Title ending in a question mark; a finding on a page range.
		// Synthetic.
		ID: "synthetic-question-title", Type: "article",
		Title:   "Does earned security protect against depression?",
		Year:    2019,
		Authors: people("Roe|Richard"),
		Journal: "Attachment Notes", Volume: "11", Issue: "2", Pages: "101-108",
		Findings: []study.Finding{{ID: "f1", Page: "103-105"}},
	},
	{
		// Quotation marks inside a title; a stop word before a hyphen at the
		// start. Synthetic.
		ID: "synthetic-quoted-title", Type: "article",
		Title:   `In-depth interviews about "earned" security: What the AAI can and cannot show`,
		Year:    2017,
		Authors: people("Roe|Richard", "Doe|Jane"),
		Journal: "Journal of Attachment Studies", Volume: "1", Issue: "1", Pages: "1496-1504",
	},
	{
		// Article number instead of pages, no issue, five authors.
		ID: "iyengar-2014-unresolved-trauma-reorganization", Type: "article",
		Title:   "Unresolved trauma in mothers: Intergenerational effects and the role of reorganization",
		Year:    2014,
		Authors: people("Iyengar|Udita", "Kim|Sohye", "Martinez|Sheila", "Fonagy|Peter", "Strathearn|Lane"),
		Journal: "Frontiers in Psychology", Volume: "5", ArticleNumber: "966",
		DOI: "10.3389/fpsyg.2014.00966",
	},
	{
		// Eight authors (Vancouver: six then et al.), no issue, no DOI.
		ID: "crowell-1996-aai-discriminant-validity", Type: "article",
		Title: "Discriminant validity of the Adult Attachment Interview",
		Year:  1996,
		Authors: people("Crowell|Judith A.", "Waters|Everett", "Treboux|Dominique", "O'Connor|Elizabeth",
			"Colon-Downs|Christina", "Feider|Olga", "Golby|Barbara", "Posada|German"),
		Journal: "Child Development", Volume: "67", Pages: "2584-2599",
	},
	{
		// No issue, pages or DOI; only a URL. Hyphenated given names.
		// Synthetic.
		ID: "synthetic-hyphenated-given-names", Type: "article",
		Title:   "Is earned security an artefact of current mood? A reanalysis of AAI coherence",
		Year:    2021,
		Authors: people("Dupont|Jean-Pierre", "Lefèvre-Martin|Anne-Sophie"),
		Journal: "Journal of Attachment Studies", Volume: "4",
		URL: "https://example.org/articles/earned-security-mood",
	},
	{
		// Suffix on a name; single page. Synthetic.
		ID: "synthetic-suffix-single-page", Type: "article",
		Title:   "A note on coding unresolved loss in the Adult Attachment Interview",
		Year:    2010,
		Authors: []study.Person{{Family: "Doe", Given: "John Quincy", Suffix: "Jr."}, {Family: "Roe", Given: "Richard"}},
		Journal: "Attachment Notes", Volume: "2", Issue: "1", Pages: "17",
	},
	{
		// Twenty authors: APA lists all of them. Synthetic.
		ID: "synthetic-twenty-authors", Type: "article",
		Title:   "A multi-site study of adult attachment in twenty samples",
		Year:    2020,
		Authors: manyAuthors(20),
		Journal: "Journal of Attachment Studies", Volume: "3", Issue: "2", Pages: "101-150",
		DOI: "10.5555/jas.2020.0002",
	},
	{
		// Twenty-one authors: APA's first 19, ellipsis, last. Synthetic.
		ID: "synthetic-twenty-one-authors", Type: "article",
		Title:   "Replicating the adult attachment distribution across twenty-one sites",
		Year:    2022,
		Authors: manyAuthors(21),
		Journal: "Journal of Attachment Studies", Volume: "5", Issue: "1", Pages: "1-30",
		DOI: "10.5555/jas.2022.0001",
	},
	{
		// Twenty-five authors. Synthetic.
		ID: "synthetic-twenty-five-authors", Type: "article",
		Title:   "The attachment consortium's first report",
		Year:    2023,
		Authors: manyAuthors(25),
		Journal: "Journal of Attachment Studies", Volume: "6", Pages: "55-99",
	},
	{
		// Book, one author, edition.
		ID: "bowlby-1982-attachment-and-loss-vol1", Type: "book",
		Title:   "Attachment and loss: Vol. 1. Attachment",
		Year:    1982,
		Authors: people("Bowlby|John"),
		Edition: "2", Publisher: "Basic Books", Place: "New York",
	},
	{
		// Book, four authors, no place; a middle name written out.
		ID: "ainsworth-1978-patterns-of-attachment", Type: "book",
		Title:     "Patterns of attachment: A psychological study of the strange situation",
		Year:      1978,
		Authors:   people("Ainsworth|Mary D. Salter", "Blehar|Mary C.", "Waters|Everett", "Wall|Sally"),
		Publisher: "Lawrence Erlbaum", Place: "Hillsdale, NJ",
	},
	{
		// Book by a corporate author, with edition and DOI.
		ID: "apa-2013-dsm-5", Type: "book",
		Title:     "Diagnostic and statistical manual of mental disorders",
		Year:      2013,
		Authors:   []study.Person{{Literal: "American Psychiatric Association"}},
		Edition:   "5",
		Publisher: "American Psychiatric Publishing", Place: "Arlington, VA",
		DOI:      "10.1176/appi.books.9780890425596",
		Findings: []study.Finding{{ID: "f1", Page: "271"}},
	},
	{
		// Book with an author and an editor. Synthetic.
		ID: "synthetic-book-author-and-editor", Type: "book",
		Title:     "Collected papers on attachment and loss",
		Year:      2001,
		Authors:   people("Reed|Alma"),
		Editors:   people("Stone|Peter"),
		Publisher: "Example Press", Place: "London",
	},
	{
		// Edited book: editors, no authors.
		ID: "cassidy-shaver-2016-handbook", Type: "book",
		Title:   "Handbook of attachment: Theory, research, and clinical applications",
		Year:    2016,
		Editors: people("Cassidy|Jude", "Shaver|Phillip R."),
		Edition: "3", Publisher: "Guilford Press", Place: "New York",
	},
	{
		// Chapter with two editors, pages, the book's edition.
		ID: "hesse-2016-aai-protocol-chapter", Type: "chapter",
		Title:     "The Adult Attachment Interview: Protocol, method of analysis, and selected empirical studies",
		Year:      2016,
		Authors:   people("Hesse|Erik"),
		Editors:   people("Cassidy|Jude", "Shaver|Phillip R."),
		Container: "Handbook of attachment: Theory, research, and clinical applications",
		Edition:   "3", Pages: "553-597", Publisher: "Guilford Press", Place: "New York",
		Findings: []study.Finding{{ID: "f1", Page: "560-562"}},
	},
	{
		// Chapter with three editors, a chapter number and no pages.
		ID: "main-hesse-kaplan-2005-berkeley-longitudinal", Type: "chapter",
		Title:     "Predictability of attachment behavior and representational processes at 1, 6, and 19 years of age: The Berkeley longitudinal study",
		Year:      2005,
		Authors:   people("Main|Mary", "Hesse|Erik", "Kaplan|Nancy"),
		Editors:   people("Grossmann|Klaus E.", "Grossmann|Karin", "Waters|Everett"),
		Container: "Attachment from infancy to adulthood: The major longitudinal studies",
		Chapter:   "10", Publisher: "Guilford Press", Place: "New York",
	},
	{
		// Chapter with one editor, whose name has a particle. Synthetic.
		ID: "synthetic-chapter-one-editor", Type: "chapter",
		Title:     "Earned security in clinical practice",
		Year:      2018,
		Authors:   people("Roe|Richard"),
		Editors:   people("van der Berg|Anna"),
		Container: "Attachment in the consulting room",
		Pages:     "45-67", Publisher: "Example University Press", Place: "Oxford",
	},
	{
		// Report with a corporate author and a URL, published by its author.
		ID: "nice-2015-childrens-attachment", Type: "report",
		Title:     "Children's attachment: Attachment in children and young people who are adopted from care, in care or at high risk of going into care",
		Year:      2015,
		Authors:   []study.Person{{Literal: "National Institute for Health and Care Excellence"}},
		Publisher: "National Institute for Health and Care Excellence", Place: "London",
		URL: "https://www.nice.org.uk/guidance/ng26",
	},
	{
		// Report with persons as authors, an edition and an institution.
		ID: "george-kaplan-main-1996-aai-protocol", Type: "report",
		Title:     "Adult Attachment Interview",
		Year:      1996,
		Authors:   people("George|Carol", "Kaplan|Nancy", "Main|Mary"),
		Edition:   "3",
		Container: "University of California, Berkeley",
	},
	{
		// Thesis with a university and a URL. Synthetic.
		ID: "synthetic-thesis", Type: "thesis",
		Title:     "Earned security in adolescent mothers: A prospective study",
		Year:      2015,
		Authors:   people("Smith-Jones|Mary-Kate"),
		Publisher: "University of Minnesota",
		URL:       "https://example.org/theses/smith-jones-2015",
	},
	{
		// Thesis without a URL, with place. Synthetic.
		ID: "synthetic-thesis-no-url", Type: "thesis",
		Title:     "Coherence of mind and parenting under stress",
		Year:      2008,
		Authors:   people("d'Almeida|Sofia"),
		Publisher: "University of Leiden", Place: "Leiden",
	},
	{
		// Given names written as bare initials: MLA's author names
		// (initialize="false" with initialize-with) print them with
		// periods, "J" as "J." and "J.P." as "J. P.". Synthetic.
		ID: "synthetic-bare-initials", Type: "article",
		Title:   "Initials without periods in reference lists",
		Year:    2020,
		Authors: people("Smith|J.P.", "Doe|J"),
		Journal: "Journal of Attachment Studies", Volume: "4", Issue: "1", Pages: "10-19",
	},
	{
		// An edition that is a word ending in a period ("Rev."), where
		// Vancouver adds its own period; authors known only by their
		// family names, which RIS writes as "Roe,". Synthetic.
		ID: "synthetic-revised-edition", Type: "book",
		Title:     "Attachment in practice",
		Year:      2012,
		Authors:   people("Roe", "Doe"),
		Edition:   "Rev.",
		Publisher: "Example Press", Place: "London",
	},
	{
		// The same kind of edition on the book a chapter is in; a corporate
		// author with a comma in its name. Synthetic.
		ID: "synthetic-revised-edition-chapter", Type: "chapter",
		Title:     "Measuring attachment in adults",
		Year:      2013,
		Authors:   []study.Person{{Literal: "Attachment Research Unit, Example University"}},
		Editors:   people("Stone|Peter"),
		Container: "Attachment in practice",
		Edition:   "Rev.", Pages: "30-52", Publisher: "Example Press", Place: "London",
	},
	{
		// Edited book with three editors, given names as initials; the
		// book of main-hesse-kaplan-2005-berkeley-longitudinal, as the
		// bibliography gives it.
		ID: "grossmann-waters-2005-attachment-infancy-adulthood", Type: "book",
		Title:     "Attachment from infancy to adulthood: The major longitudinal studies",
		Year:      2005,
		Editors:   people("Grossmann|K. E.", "Grossmann|K.", "Waters|E."),
		Publisher: "Guilford Press", Place: "New York",
	},
	{
		// Edited book with one editor ("Ed." not "Eds."), with a page
		// list as the locator. Synthetic.
		ID: "synthetic-edited-book-one-editor", Type: "book",
		Title:     "Earned security: Clinical perspectives",
		Year:      2011,
		Editors:   people("Stone|Peter"),
		Publisher: "Example Press", Place: "London",
		Findings: []study.Finding{{ID: "f1", Page: "12-14, 120-125"}},
	},
	{
		// Edited report by two editors. Synthetic.
		ID: "synthetic-edited-report", Type: "report",
		Title:     "Attachment services for adopted children: A survey",
		Year:      2019,
		Editors:   people("Doe|Jane", "Roe|Richard"),
		Publisher: "Example Institute", Place: "Leeds",
	},
	{
		// Page list with ranges each style shortens differently. Synthetic.
		ID: "synthetic-page-list", Type: "article",
		Title:   "Earned security across two cohorts",
		Year:    2016,
		Authors: people("Roe|Richard"),
		Journal: "Attachment Notes", Volume: "9", Issue: "3", Pages: "1204-1219, 1230-1232",
	},
	{
		// Electronic page. Synthetic.
		ID: "synthetic-e-page", Type: "article",
		Title:   "A brief report on AAI coding reliability",
		Year:    2020,
		Authors: people("Doe|Jane"),
		Journal: "Journal of Attachment Studies", Volume: "4", Pages: "e123",
	},
	{
		// Supplement page range. Synthetic.
		ID: "synthetic-supplement-pages", Type: "article",
		Title:   "Abstracts of the attachment conference",
		Year:    2018,
		Authors: people("Doe|Jane", "Roe|Richard"),
		Journal: "Attachment Notes", Volume: "10", Issue: "Suppl. 1", Pages: "S1-S10",
	},
	{
		// CJK author names (family then given, no space, no initials)
		// beside a Western one. Synthetic.
		ID: "synthetic-cjk-authors", Type: "article",
		Title:   "Adult attachment interviews in a Chinese sample",
		Year:    2021,
		Authors: people("王|小明", "李|华", "Smith|John"),
		Journal: "Journal of Attachment Studies", Volume: "5", Issue: "2", Pages: "77-90",
	},
	{
		// A chapter by a CJK author in a book edited by a CJK editor.
		// Synthetic.
		ID: "synthetic-cjk-chapter", Type: "chapter",
		Title:     "Attachment research in East Asia",
		Year:      2017,
		Authors:   people("田中|太郎"),
		Editors:   people("김|민수"),
		Container: "Attachment across cultures",
		Pages:     "100-120", Publisher: "Example Press", Place: "Tokyo",
	},
	{
		// A CJK family name with a given name in Latin letters: family
		// first with a space, the given name initialised where the style
		// initialises. Synthetic.
		ID: "synthetic-cjk-latin-given", Type: "article",
		Title:   "Earned security in a Shanghai cohort",
		Year:    2022,
		Authors: people("王|Xiaoming", "Roe|Richard"),
		Journal: "Attachment Notes", Volume: "14", Issue: "1", Pages: "5-9",
	},
	{
		// A family name in Latin letters with a given name in CJK script:
		// inverted as usual, but the given name is never initialised.
		// Synthetic.
		ID: "synthetic-cjk-given-latin-family", Type: "article",
		Title:   "Attachment and migration",
		Year:    2023,
		Authors: people("Wang|小明", "Doe|J"),
		Journal: "Attachment Notes", Volume: "15", Pages: "40-48",
	},
	{
		// The journal's abbreviation, which Vancouver prints instead of its
		// name; an English language tag keeps title case. Synthetic.
		ID: "synthetic-journal-abbrev", Type: "article",
		Title:   "Attachment style and partner choice in young adults",
		Year:    2015,
		Authors: people("Doe|Jane", "Roe|Richard"),
		Journal: "Journal of Personality and Social Psychology", JournalAbbrev: "J Pers Soc Psychol",
		Volume: "108", Issue: "2", Pages: "301-315", Language: "en-GB",
	},
	{
		// A German article: neither its title nor its journal is
		// title-cased; the abbreviation has periods, which Vancouver
		// strips. Synthetic.
		ID: "synthetic-german-article", Type: "article",
		Title:   "Das Gefüge psychischer Sicherheit im Erwachsenenalter",
		Year:    2012,
		Authors: people("Müller|Anna"),
		Journal: "Zeitschrift für Bindungsforschung", JournalAbbrev: "Z. Bindungsforsch.",
		Volume: "7", Issue: "1", Pages: "11-29", Language: "de",
	},
	{
		// A German book: the title, with a colon, is not title-cased.
		// Synthetic.
		ID: "synthetic-german-book", Type: "book",
		Title:     "Bindung und Persönlichkeit: Eine Einführung in die Forschung",
		Year:      2008,
		Authors:   people("Schmidt|Karl"),
		Publisher: "Beispielverlag", Place: "Berlin", Language: "de-DE",
	},
}, append(append(append(append([]study.Study{}, conferenceFixtures...), webpageFixtures...), dateFixtures...), postedFixtures...)...)

// people builds persons from "Family|Given" strings.
func people(specs ...string) []study.Person {
	ps := make([]study.Person, len(specs))
	for i, s := range specs {
		fam, given, _ := strings.Cut(s, "|")
		ps[i] = study.Person{Family: fam, Given: given}
	}
	return ps
}

// manyAuthors gives n distinct synthetic authors.
func manyAuthors(n int) []study.Person {
	fams := []string{"Abbott", "Baker", "Chen", "Diaz", "Evans", "Fischer", "García", "Hughes", "Ito", "Jensen",
		"Kowalski", "Larsen", "Müller", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Silva", "Tanaka",
		"Ueda", "Varga", "Walsh", "Xu", "Young"}
	givens := []string{"Alice", "Ben", "Chloe", "Daniel", "Emma", "Felix", "Grace", "Hugo", "Iris", "Jonas",
		"Kasia", "Lars", "Mia", "Noah", "Ola", "Pavel", "Quentin", "Rosa", "Sara", "Taro",
		"Uma", "Viktor", "Wendy", "Xin", "Yara"}
	ps := make([]study.Person, n)
	for i := range ps {
		ps[i] = study.Person{Family: fams[i], Given: givens[i]}
	}
	return ps
}

// refs are pointers to copies of studies, as the exports take them.
func refs(studies ...study.Study) []*study.Study {
	out := make([]*study.Study, len(studies))
	for i := range studies {
		st := studies[i]
		out[i] = &st
	}
	return out
}

package cite

import "litkb/internal/study"

// postedFixtures are the works that were never in a journal or a book:
// preprints (on a server, with a DOI or a URL, with and without a genre),
// manuscripts, data sets (with version, number and a corporate author),
// and theses and reports that say what kind they are. All synthetic but
// the AAI protocol, whose details are the checked bibliography's.
var postedFixtures = []study.Study{
	{
		// A preprint with a DOI and two authors, dated to the day; cited
		// at a page. Synthetic.
		ID: "synthetic-preprint", Type: "preprint",
		Title: "Earned security in young adults: A preregistered replication",
		Year:  2021, Issued: "2021-03-14",
		Authors:   people("Smith|Jane", "Lee|Min"),
		Publisher: "PsyArXiv",
		DOI:       "10.31234/osf.io/abcde",
		Findings:  []study.Finding{{ID: "f1", Page: "12"}},
	},
	{
		// A working paper with a URL and no DOI. Synthetic.
		ID: "synthetic-preprint-working-paper", Type: "preprint",
		Title:     "Reflective functioning and earned security",
		Year:      2019,
		Authors:   people("Doe|John"),
		Publisher: "SSRN",
		Genre:     "Working paper",
		URL:       "https://example.org/papers/rf-earned",
	},
	{
		// The AAI protocol as the unpublished manuscript it is: title,
		// authors, year, edition and where it is held as the checked
		// bibliography gives them (a copy's title page).
		ID: "george-kaplan-main-1996-aai-protocol-manuscript", Type: "manuscript",
		Title:     "Adult Attachment Interview",
		Year:      1996,
		Authors:   people("George|Carol", "Kaplan|Nancy", "Main|Mary"),
		Edition:   "3",
		Genre:     "Unpublished manuscript",
		Publisher: "Department of Psychology, University of California, Berkeley",
	},
	{
		// A manuscript without a genre, with a place. Synthetic.
		ID: "synthetic-manuscript-place", Type: "manuscript",
		Title:     "Adult attachment scoring and classification system",
		Year:      1998,
		Authors:   people("Smith|Jane", "Doe|John"),
		Publisher: "University of Leiden", Place: "Leiden",
	},
	{
		// A bare manuscript: authors, title, year. Synthetic.
		ID: "synthetic-manuscript-bare", Type: "manuscript",
		Title:   "Notes on coherence of mind",
		Year:    2001,
		Authors: people("Doe|John"),
	},
	{
		// A data set with a version and a DOI. Synthetic.
		ID: "synthetic-dataset", Type: "dataset",
		Title:     "Attachment interview codes, wave 2",
		Year:      2019,
		Authors:   people("Smith|Jane"),
		Publisher: "Open Science Framework",
		Version:   "2.1",
		DOI:       "10.17605/OSF.IO/ABCDE",
	},
	{
		// A data set by an organisation, with a genre, a number and a
		// URL. Synthetic.
		ID: "synthetic-dataset-numbered", Type: "dataset",
		Title:     "Study of early child care, phase I",
		Year:      2010,
		Authors:   []study.Person{{Literal: "Early Child Care Research Network"}},
		Publisher: "Inter-university Consortium for Political and Social Research",
		Genre:     "Data set", Number: "ICPSR 21940",
		URL: "https://example.org/datasets/21940",
	},
	{
		// A doctoral dissertation with a URL: APA names the university in
		// the bracket. Synthetic.
		ID: "synthetic-thesis-doctoral", Type: "thesis",
		Title:     "Earned security in adolescent mothers: A prospective study",
		Year:      2015,
		Authors:   people("Smith-Jones|Mary-Kate"),
		Genre:     "Doctoral dissertation",
		Publisher: "University of Minnesota",
		URL:       "https://example.org/theses/smith-jones-2015",
	},
	{
		// A master's thesis without a URL. Synthetic.
		ID: "synthetic-thesis-masters", Type: "thesis",
		Title:     "Coherence of mind and parenting under stress",
		Year:      2008,
		Authors:   people("d'Almeida|Sofia"),
		Genre:     "Master's thesis",
		Publisher: "University of Leiden",
	},
	{
		// A technical report with its number and a place. Synthetic.
		ID: "synthetic-report-numbered", Type: "report",
		Title:   "Attachment in foster care",
		Year:    2010,
		Authors: people("Smith|Jane"),
		Genre:   "Technical report", Number: "TR-12",
		Publisher: "Child Trends", Place: "Washington, DC",
	},
	{
		// A report with a number, no genre, in a series. Synthetic.
		ID: "synthetic-report-series-number", Type: "report",
		Title:     "Parenting programmes and attachment security",
		Year:      2012,
		Authors:   people("Doe|John"),
		Number:    "7",
		Publisher: "Example Institute", Container: "Evidence Briefs",
		URL: "https://example.org/briefs/7",
	},
	{
		// A data set with everything APA puts in its parentheses: a
		// genre with a number, and a version; dated to the month.
		// Synthetic.
		ID: "synthetic-dataset-full", Type: "dataset",
		Title: "Adult attachment interview transcripts, coded",
		Year:  2019, Issued: "2019-05",
		Authors:   people("Smith|Jane"),
		Publisher: "ICPSR",
		Genre:     "Data set", Number: "ICPSR 37012", Version: "3",
		DOI: "10.17605/OSF.IO/FGHIJ",
	},
	{
		// A manuscript dated to the day, with place and a URL: Vancouver
		// adds "[Internet]". Synthetic.
		ID: "synthetic-manuscript-online", Type: "manuscript",
		Title: "Coding earned security from transcripts",
		Year:  2019, Issued: "2019-05-03",
		Authors:   people("Smith|Jane"),
		Genre:     "Unpublished manuscript",
		Publisher: "University of Leiden", Place: "Leiden",
		URL: "https://example.org/manuscripts/coding",
	},
	{
		// A report that names its genre but has no number: APA brackets
		// it. Synthetic.
		ID: "synthetic-report-genre", Type: "report",
		Title:     "Attachment-based interventions in primary care",
		Year:      2019,
		Authors:   people("Smith|Jane"),
		Genre:     "Technical report",
		Publisher: "Example Institute",
	},
}

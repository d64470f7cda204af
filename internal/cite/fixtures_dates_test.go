package cite

import "litkb/internal/study"

// dateFixtures exercise the dates beyond the year (issue 17): a month, a
// full date, and the original year of a reprint. They join fixtures, so the
// golden files, the citeproc-js comparison and the round trips cover them.
var dateFixtures = []study.Study{
	{
		// An article with year and month and no issue: Chicago puts the
		// month where the issue would be, MLA and Vancouver print it.
		// Synthetic.
		ID: "synthetic-article-month", Type: "article",
		Title:   "Secure base scripts in married couples",
		Year:    2014,
		Issued:  "2014-08",
		Authors: people("Doe|Jane"),
		Journal: "Attachment Notes", Volume: "9", Pages: "12-30",
	},
	{
		// An article with a full date and an issue: Vancouver prints the
		// day, Chicago the issue rather than the month. Synthetic.
		ID: "synthetic-article-full-date", Type: "article",
		Title:   "Reflective functioning after brief therapy",
		Year:    2019,
		Issued:  "2019-09-03",
		Authors: people("Roe|Richard", "Doe|Jane"),
		Journal: "Attachment Notes", Volume: "14", Issue: "3", Pages: "201-219",
	},
	{
		// A report with a full date: MLA prints the day, Vancouver the
		// month. Synthetic.
		ID: "synthetic-report-full-date", Type: "report",
		Title:     "Attachment-based parenting programmes in primary care",
		Year:      2021,
		Issued:    "2021-06-15",
		Authors:   people("Doe|Jane"),
		Publisher: "Example Institute",
	},
	{
		// A reprint: the 1982 second edition of a book first published in
		// 1969 (the years as the bibliography gives them, "1969/1982").
		ID: "bowlby-1982-attachment-and-loss-vol1-reprint", Type: "book",
		Title:        "Attachment and loss: Vol. 1. Attachment",
		Year:         1982,
		OriginalYear: 1969,
		Authors:      people("Bowlby|John"),
		Edition:      "2", Publisher: "Basic Books", Place: "New York",
	},
	{
		// A chapter reprinted from an earlier year: MLA puts the original
		// year after the title. Synthetic.
		ID: "synthetic-chapter-reprint", Type: "chapter",
		Title:        "On the stability of working models",
		Year:         2005,
		OriginalYear: 1987,
		Authors:      people("Roe|Richard"),
		Editors:      people("Doe|Jane"),
		Container:    "Classic papers on attachment", Publisher: "Example Press", Pages: "33-58",
	},
}

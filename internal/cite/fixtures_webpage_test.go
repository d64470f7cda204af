package cite

import "litkb/internal/study"

// webpageFixtures are web pages: on a named site and on none (where
// Vancouver adds "[Internet]" and MLA italicises the title), dated by year,
// by day and by month, by a person and by an organisation. Synthetic.
var webpageFixtures = []study.Study{
	{
		// On a site, dated by the year. Synthetic.
		ID: "synthetic-webpage", Type: "webpage",
		Title:     "What is earned security?",
		Year:      2023,
		Authors:   people("Smith|Jane"),
		Container: "Attachment Society",
		URL:       "https://example.org/earned-security", Accessed: "2024-03-05",
		Findings: []study.Finding{{ID: "f1"}},
	},
	{
		// No site, two authors. Synthetic.
		ID: "synthetic-webpage-no-site", Type: "webpage",
		Title:   "Reflective functioning explained",
		Year:    2022,
		Authors: people("Smith|Jane", "Doe|John"),
		URL:     "https://example.org/rf", Accessed: "2024-03-05",
	},
	{
		// On a site, dated to the day: APA, MLA and Chicago print the day.
		// Synthetic.
		ID: "synthetic-webpage-dated", Type: "webpage",
		Title: "Earned security in adulthood",
		Year:  2023, Issued: "2023-06-12",
		Authors:   people("Doe|John"),
		Container: "Attachment Society",
		URL:       "https://example.org/earned-security-adulthood", Accessed: "2024-11-25",
	},
	{
		// By an organisation, dated to the month, no site. Synthetic.
		ID: "synthetic-webpage-organisation", Type: "webpage",
		Title: "Attachment in adults",
		Year:  2022, Issued: "2022-06",
		Authors: []study.Person{{Literal: "Attachment Society"}},
		URL:     "https://example.org/adults", Accessed: "2024-11-25",
	},
}

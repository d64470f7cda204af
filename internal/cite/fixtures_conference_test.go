package cite

import "litkb/internal/study"

// conferenceFixtures are conference papers: proceedings with and without
// editors, where apa.csl and harvard-cite-them-right.csl part from the
// chapter layout. Synthetic.
var conferenceFixtures = []study.Study{
	{
		// A conference paper in edited proceedings, with its event: a
		// chapter in every style, the event named by Harvard alone.
		// Synthetic.
		ID: "synthetic-conference-paper", Type: "paper-conference",
		Title:     "Earned security in adults: A test of the prospective model",
		Year:      2019,
		Authors:   people("Smith|Jane", "Doe|John"),
		Editors:   people("Roe|Rita"),
		Container: "Proceedings of the annual meeting of the attachment society",
		Event:     "Annual Meeting of the Attachment Society",
		Pages:     "12-18", Publisher: "Attachment Society", Place: "Boston",
		Findings: []study.Finding{{ID: "f1", Page: "14"}},
	},
	{
		// Proceedings without editors: APA cites them as a periodical,
		// dropping the publisher. Synthetic.
		ID: "synthetic-conference-paper-no-editors", Type: "paper-conference",
		Title:     "Reflective functioning in first-time parents",
		Year:      2021,
		Authors:   people("Smith|Jane"),
		Container: "Proceedings of the European conference on attachment",
		Event:     "European Conference on Attachment",
		Pages:     "40-52", Publisher: "Attachment Society", Place: "Leiden",
	},
}

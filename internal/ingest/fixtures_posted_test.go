package ingest

// Preprints, manuscripts and data sets: Zotero's @misc preprint, arXiv's
// e-print, @unpublished, biblatex's @dataset, RIS GEN, UNPB and DATA, and
// CSL-JSON's article, manuscript and dataset; a generic record that says
// nothing of itself is read as a manuscript, with a warning. Theses and
// reports keep their genre and number.
func init() {
	fixtureTests = append(fixtureTests, []struct {
		file string
		want []string
	}{
		{"posted.bib", []string{
			`line: 4
id: smith-2021-earned-security
type: preprint
title: Earned security in young adults: A preregistered replication
year: 2021
authors: Smith, Jane; Lee, Min
publisher: PsyArXiv
doi: 10.31234/osf.io/abcde
url: https://osf.io/abcde`,
			`line: 14
id: doe-2020-coherence-mind
type: preprint
title: Coherence of mind in large samples
year: 2020
authors: Doe, John
publisher: arXiv
url: https://arxiv.org/abs/2001.01234`,
			`line: 23
id: roe-1998-scoring-adult
type: manuscript
title: Scoring adult narratives
year: 1998
authors: Roe, Rita
publisher: Department of Psychology, University of Leiden
place: Leiden
genre: Unpublished manuscript`,
			`line: 33
id: smith-2019-attachment-interview
type: dataset
title: Attachment interview codes, wave 2
year: 2019
authors: Smith, Jane
publisher: ICPSR
genre: Data set
number: ICPSR 37012
version: 2.1
doi: 10.17605/OSF.IO/ABCDE`,
			`line: 44
id: roe-2010-notes-coding
type: manuscript
title: Notes on coding
year: 2010
authors: Roe, Rita
warning: line 44: @misc says only that this is some kind of work: read as a manuscript; check the type before saving`,
			`line: 50
id: smith-jones-2015-earned-security
type: thesis
title: Earned security in adolescent mothers
year: 2015
authors: Smith-Jones, Mary-Kate
publisher: University of Minnesota
genre: Doctoral dissertation`,
			`line: 57
id: doe-2010-attachment-foster
type: report
title: Attachment in foster care
year: 2010
authors: Doe, John
container: Child Trends
genre: Technical report
number: TR-12`,
		}},
		{"posted.ris", []string{
			`line: 1
id: smith-2021-earned-security
type: preprint
title: Earned security in young adults: A preregistered replication
year: 2021
authors: Smith, Jane; Lee, Min
publisher: PsyArXiv
doi: 10.31234/osf.io/abcde`,
			`line: 11
id: roe-1998-scoring-adult
type: manuscript
title: Scoring adult narratives
year: 1998
authors: Roe, Rita
publisher: University of Leiden
place: Leiden
genre: Unpublished manuscript`,
			`line: 20
id: smith-2019-attachment-interview
type: dataset
title: Attachment interview codes, wave 2
year: 2019
authors: Smith, Jane
publisher: ICPSR
genre: Data set
number: ICPSR 37012
version: 2.1
doi: 10.17605/OSF.IO/ABCDE`,
			`line: 31
id: roe-2010-notes-coding
type: manuscript
title: Notes on coding
year: 2010
authors: Roe, Rita
warning: line 31: TY  - GEN says only that this is some kind of work: read as a manuscript; check the type before saving`,
			`line: 37
id: doe-2010-attachment-foster
type: report
title: Attachment in foster care
year: 2010
authors: Doe, John
container: Child Trends
genre: Technical report
number: TR-12`,
		}},
		{"posted.json", []string{
			`line: 2
id: smith-2021-earned-security
type: preprint
title: Earned security in young adults: A preregistered replication
year: 2021
authors: Smith, Jane; Lee, Min
publisher: PsyArXiv
doi: 10.31234/osf.io/abcde`,
			`line: 12
id: roe-1998-scoring-adult
type: manuscript
title: Scoring adult narratives
year: 1998
authors: Roe, Rita
publisher: University of Leiden
place: Leiden
genre: Unpublished manuscript`,
			`line: 22
id: smith-2019-attachment-interview
type: dataset
title: Attachment interview codes, wave 2
year: 2019
authors: Smith, Jane
publisher: ICPSR
genre: Data set
number: ICPSR 37012
version: 2.1
doi: 10.17605/OSF.IO/ABCDE`,
			`line: 34
id: roe-2020-article-typed
type: article
title: An article typed loosely
year: 2020
authors: Roe, Rita
journal: Journal of Examples
volume: 3
pages: 1-9`,
		}},
	}...)
}

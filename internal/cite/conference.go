package cite

// printedAs is the item as style st lays it out. A conference paper in
// proceedings is printed as a chapter in the book of proceedings by every
// pinned style, with two exceptions citeproc-js shows: apa.csl cites
// proceedings without editors as a periodical ("Proceedings of the Annual
// Meeting, 12–18."), and harvard-cite-them-right.csl names the event
// after the proceedings (harvard.go prints Event). Only the layout
// changes: exports read the item before this.
func printedAs(it Item, st Style) Item {
	if it.Type != "paper-conference" {
		return it
	}
	if st == APA && len(it.Editor) == 0 {
		it.Type = "article-journal"
		it.Publisher, it.PublisherPlace = "", ""
		return it
	}
	it.Type = "chapter"
	if st != Harvard {
		it.Event = ""
	}
	return it
}

package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// accessedRE is an access date as reference managers write it: ISO
// ("2024-05-02", with a time after it in Zotero's BibTeX) or RIS's form
// ("2024/05/02/", with a time after the last slash in Zotero's RIS).
var accessedRE = regexp.MustCompile(`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(.*)$`)

// setAccessed keeps a web page's access date from field. Only a web page
// has one in litkb; for other works the field is listed as not kept by
// the format's table (whyAccessed), so this is called for web pages only.
func (d *draft) setAccessed(field, v string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	m := accessedRE.FindStringSubmatch(v)
	if m == nil {
		d.drop(field, "not a full date (year, month and day): write it as YYYY-MM-DD")
		return
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), day, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != day {
		d.drop(field, "not a calendar date")
		return
	}
	d.s.Accessed = t.Format("2006-01-02")
	if rest := strings.Trim(m[4], " /"); rest != "" {
		d.drop(field, "only the day the page was read is kept, not the time")
	}
}

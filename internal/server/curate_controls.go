package server

import (
	"regexp"
	"strings"
)

// The controls the study form is drawn with; curate_view.go lays them out.

// field is one form control as the template draws it: label, hint, the
// curator's value and the problem beside it.
type formField struct {
	Name    string // form name and problem path: "findings[2].value"
	Label   string
	Value   string
	Kind    string // text, textarea, select, static
	Mode    string // inputmode: numeric, decimal, url
	Hint    string
	Err     string
	Options []formOption
	Rows    int
	Wide    bool
}

type formOption struct {
	Value, Label string
	Selected     bool
}

var idUnsafe = regexp.MustCompile(`[^a-z0-9]+`)

// fieldID turns a field path into an element id: findings[2].value is
// f-findings-2-value.
func fieldID(name string) string {
	return "f-" + strings.Trim(idUnsafe.ReplaceAllString(strings.ToLower(name), "-"), "-")
}

func (f *formField) ID() string { return fieldID(f.Name) }

// Described lists the ids of the hint and the problem, for aria-describedby.
func (f *formField) Described() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID()+"-hint")
	}
	if f.Err != "" {
		ids = append(ids, f.ID()+"-err")
	}
	return strings.Join(ids, " ")
}

// checkboxes is a set of choices under one name (topics, checked fields).
type formChoices struct {
	Name, Legend, Hint, Err string
	Options                 []formOption
	Columns                 bool
}

func (c *formChoices) ID() string { return fieldID(c.Name) }

// OptionID is the id of one checkbox.
func (c *formChoices) OptionID(v string) string {
	return c.ID() + "-" + strings.Trim(idUnsafe.ReplaceAllString(v, "-"), "-")
}

// row is one entry of a repeated group: an author, a finding, a check.
type formRow struct {
	Key    string // "authors[2]"
	Legend string // "Author 2"
	Err    string
	Fields []*formField
	Boxes  *formChoices
}

func (r *formRow) ID() string { return fieldID(r.Key) }

// group is a repeated group with its "add another" button.
type formGroup struct {
	Name, Legend, Hint, Err string
	Add                     string // the add button's words
	Rows                    []*formRow
}

func (g *formGroup) ID() string { return fieldID(g.Name) }

// problemLink is one line of the error summary at the top of the form,
// linking to the field it is about.
type problemLink struct {
	Target, Label, Message string
}

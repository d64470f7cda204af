package server

import (
	"strings"

	"litkb/internal/study"
)

// fieldTarget is where a problem path lands in the form.
type fieldTarget struct {
	err   *string
	id    string
	label string
}

// place puts each problem beside the nearest thing in the form its path
// names: the field, else its row, else its group; a problem about nothing
// in the form (such as status) is shown in the summary only.
func (v *formView) place(ps study.Problems) {
	targets := map[string]fieldTarget{}
	var order []string
	addField := func(prefix string, f *formField) {
		targets[f.Name] = fieldTarget{err: &f.Err, id: f.ID(), label: prefix + f.Label}
		order = append(order, f.Name)
	}
	addBoxes := func(prefix string, c *formChoices) {
		targets[c.Name] = fieldTarget{err: &c.Err, id: c.ID(), label: prefix + c.Legend}
		order = append(order, c.Name)
	}
	addGroup := func(g *formGroup) {
		targets[g.Name] = fieldTarget{err: &g.Err, id: g.ID(), label: g.Legend}
		order = append(order, g.Name)
		for _, r := range g.Rows {
			targets[r.Key] = fieldTarget{err: &r.Err, id: r.ID(), label: r.Legend}
			order = append(order, r.Key)
			if r.Boxes != nil {
				addBoxes(r.Legend+": ", r.Boxes)
			}
			for _, f := range r.Fields {
				addField(r.Legend+": ", f)
			}
		}
	}
	for _, f := range v.Work {
		addField("", f)
	}
	addGroup(v.Authors)
	for _, f := range v.Source {
		addField("", f)
	}
	for _, f := range v.Links {
		addField("", f)
	}
	addBoxes("", v.Topics)
	for _, f := range v.About {
		addField("", f)
	}
	addField("", v.Summary)
	addGroup(v.Editors)
	addGroup(v.Findings)
	addField("", v.Confidence)
	addGroup(v.Checks)
	for _, f := range v.Notes {
		addField("", f)
	}
	if v.Retraction != nil {
		addField("", v.Retraction)
	}

	placed := map[string][]problemLink{}
	var loose []problemLink
	for _, p := range ps {
		key := p.Field
		for {
			if _, ok := targets[key]; ok || key == "" {
				break
			}
			if i := strings.LastIndexAny(key, ".["); i > 0 {
				key = key[:i]
			} else {
				key = ""
			}
		}
		t, ok := targets[key]
		if !ok {
			loose = append(loose, problemLink{Label: p.Field, Message: p.Message})
			continue
		}
		msg := formMessage(p.Message)
		if *t.err != "" {
			*t.err += "; "
		}
		*t.err += msg
		placed[key] = append(placed[key], problemLink{Target: "#" + t.id, Label: t.label, Message: msg})
	}
	for _, k := range order {
		v.Problems = append(v.Problems, placed[k]...)
	}
	v.Problems = append(v.Problems, loose...)
}

// formMessage words a validation message for the form rather than the
// TOML file it was written for.
func formMessage(m string) string {
	return strings.NewReplacer("[[authors]] entry", "author", "[[editors]] entry", "editor").Replace(m)
}

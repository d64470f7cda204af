package ingest

import (
	"testing"

	"litkb/internal/study"
)

func TestBibPerson(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want study.Person
	}{
		{"Roisman, Glenn I.", study.Person{Family: "Roisman", Given: "Glenn I."}},
		{"Glenn I. Roisman", study.Person{Family: "Roisman", Given: "Glenn I."}},
		{"van der Berg, Jan", study.Person{Family: "van der Berg", Given: "Jan"}},
		{"Jan van der Berg", study.Person{Family: "van der Berg", Given: "Jan"}},
		{"Marinus H. van IJzendoorn", study.Person{Family: "van IJzendoorn", Given: "Marinus H."}},
		{"Ludwig van Beethoven", study.Person{Family: "van Beethoven", Given: "Ludwig"}},
		{"Charles Louis de la Vallée Poussin", study.Person{Family: "de la Vallée Poussin", Given: "Charles Louis"}},
		{"King, Jr., Martin Luther", study.Person{Family: "King", Given: "Martin Luther", Suffix: "Jr."}},
		{"Martin Luther King Jr.", study.Person{Family: "King", Given: "Martin Luther", Suffix: "Jr."}},
		{"Henry Louis Gates III", study.Person{Family: "Gates", Given: "Henry Louis", Suffix: "III"}},
		{"{World Health Organization}", study.Person{Literal: "World Health Organization"}},
		{"{Barnes and Noble}", study.Person{Literal: "Barnes and Noble"}},
		{"{Van Gogh}, Vincent", study.Person{Family: "Van Gogh", Given: "Vincent"}},
		{"Vincent {Van Gogh}", study.Person{Family: "Van Gogh", Given: "Vincent"}},
		{"De Wolff, Marianne S.", study.Person{Family: "De Wolff", Given: "Marianne S."}},
		{`{\'E}mile Durkheim`, study.Person{Family: "Durkheim", Given: "Émile"}},
		{`Jean {\'e}t{\'e} Dupont`, study.Person{Family: "été Dupont", Given: "Jean"}},
		{"Aristotle", study.Person{Family: "Aristotle"}},
		{"Bakermans-Kranenburg, Marian J.", study.Person{Family: "Bakermans-Kranenburg", Given: "Marian J."}},
		{"Padr{\\'o}n, Elena", study.Person{Family: "Padrón", Given: "Elena"}},
		{"Jean~de~La Fontaine", study.Person{Family: "de La Fontaine", Given: "Jean"}},
	} {
		if got := bibPerson(tc.in); got != tc.want {
			t.Errorf("bibPerson(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestSplitBibNames(t *testing.T) {
	names, others := splitBibNames("Roisman, Glenn I. and {Barnes and Noble} AND Sroufe, L. Alan and\n  Egeland, Byron and others")
	want := []string{"Roisman, Glenn I.", "{Barnes and Noble}", "Sroufe, L. Alan", "Egeland, Byron"}
	if len(names) != len(want) || !others {
		t.Fatalf("got %q, others %v; want %q, others true", names, others, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("name %d = %q, want %q", i, names[i], want[i])
		}
	}
	if names, _ := splitBibNames("Alexander Sandler and Andrea Andersen"); len(names) != 2 {
		t.Errorf("names containing \"and\" inside words: %q", names)
	}
}

func TestPlainPerson(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want study.Person
	}{
		{"Roisman, Glenn I.", study.Person{Family: "Roisman", Given: "Glenn I."}},
		{"van IJzendoorn, Marinus H.", study.Person{Family: "van IJzendoorn", Given: "Marinus H."}},
		{"Gates, Henry Louis, Jr.", study.Person{Family: "Gates", Given: "Henry Louis", Suffix: "Jr."}},
		{"King, Jr., Martin Luther", study.Person{Family: "King", Given: "Martin Luther", Suffix: "Jr."}},
		{"Roisman GI", study.Person{Family: "Roisman", Given: "G. I."}},
		{"van IJzendoorn MH", study.Person{Family: "van IJzendoorn", Given: "M. H."}},
		{"World Health Organization,", study.Person{Literal: "World Health Organization"}},
		{"Bateman,", study.Person{Family: "Bateman"}},
		{"van IJzendoorn,", study.Person{Family: "van IJzendoorn"}},
		{"Apple Computer, Inc.,", study.Person{Literal: "Apple Computer, Inc."}},
		{"World Health Organization", study.Person{Literal: "World Health Organization"}},
		{"  Spaced ,  Out  ", study.Person{Family: "Spaced", Given: "Out"}},
	} {
		if got := plainPerson(tc.in); got != tc.want {
			t.Errorf("plainPerson(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestCleanPeopleDotsInitials(t *testing.T) {
	got := cleanPeople([]study.Person{{Family: "Sroufe", Given: "L Alan"}, {Family: "Roisman", Given: "G I"},
		{Given: "Madonna"}, {}, {Literal: " WHO ", Family: "ignored"}})
	want := []study.Person{{Family: "Sroufe", Given: "L. Alan"}, {Family: "Roisman", Given: "G. I."},
		{Family: "Madonna"}, {Literal: "WHO"}}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("person %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

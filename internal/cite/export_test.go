package cite

import (
	"strings"
	"testing"
)

func TestExportGolden(t *testing.T) {
	for _, f := range ExportFormats {
		b, err := Export(refs(fixtures...), f)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "fixtures"+f.Extension()+".golden", b)
	}
}

func TestExportFormats(t *testing.T) {
	tests := []struct {
		in        string
		mediaType string
		filename  string
	}{
		{"bibtex", "application/x-bibtex", "x.bib"},
		{"RIS", "application/x-research-info-systems", "x.ris"},
		{" csljson", "application/vnd.citationstyles.csl+json", "x.json"},
	}
	for _, tt := range tests {
		f, err := ParseExportFormat(tt.in)
		if err != nil {
			t.Fatalf("ParseExportFormat(%q): %v", tt.in, err)
		}
		if f.MediaType() != tt.mediaType || f.Filename("x") != tt.filename {
			t.Errorf("%s: media type %q, file %q", f, f.MediaType(), f.Filename("x"))
		}
	}
	if _, err := ParseExportFormat("endnote"); err == nil {
		t.Error("ParseExportFormat(endnote): no error")
	}
}

func TestBibKeys(t *testing.T) {
	b := string(ExportBibTeX(refs(fixtures[0], fixtures[0], fixtures[0], fixtures[3])))
	for _, want := range []string{"@article{roisman2002earned,", "@article{roisman2002earneda,",
		"@article{roisman2002earnedb,", "@article{ijzendoorn1995adult,"} {
		if !strings.Contains(b, want) {
			t.Errorf("missing %q in\n%s", want, b)
		}
	}
}

func TestBibTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Earned-secure attachment", "Earned-secure attachment"},
		{"The first 10,000 Adult Attachment Interviews: Distributions", "The first 10,000 {Adult} {Attachment} {Interviews}: Distributions"},
		{"AAI coherence & 50% of {x}", `{AAI} coherence \& 50\% of {\textbraceleft}x{\textbraceright}`},
		{"Padrón and IJzendoorn", `Padr{\'o}n and {IJzendoorn}`},
	}
	for _, tt := range tests {
		if got := bibTitle(tt.in); got != tt.want {
			t.Errorf("bibTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

package ingest

import "testing"

func TestDecodeLaTeX(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`Padr{\'o}n`, "Padrón"},
		{`Padr{\'{o}}n`, "Padrón"},
		{`Padr\'on`, "Padrón"},
		{`M\"{u}ller and M{\"u}ller and M\"uller`, "Müller and Müller and Müller"},
		{`Stra{\ss}e, Stra\ss e`, "Straße, Straße"},
		{`Fran\c{c}ois, Fran{\c c}ois`, "François, François"},
		{`Ho\v{s}ek, {\v S}koda`, "Hošek, Škoda"},
		{`{\aa}berg, {\AA}ngstr{\"o}m`, "åberg, Ångström"},
		{`{\o}, {\O}stergaard, Wa{\l}{\k{e}}sa`, "ø, Østergaard, Wałęsa"},
		{`Mar{\'\i}a, Mar\'{\i}a`, "María, María"},
		{`Erd{\H{o}}s, {\u{g}}, \={a}, \.{z}, \r{u}, \~{n}, \^{e}, \` + "`" + `{e}`, "Erdős, ğ, ā, ż, ů, ñ, ê, è"},
		{`{\oe}uvre, {\AE}sop`, "œuvre, Æsop"},
		{`\d{a}`, "ạ"},
		{`\'{x}`, "x\u0301"}, // no precomposed letter: a combining accent
		{`{The} {Adult} {Attachment} {Interview}`, "The Adult Attachment Interview"},
		{`{{Double braced title}}`, "Double braced title"},
		{`Attachment \& Human Development, 50\%, \$5, \#1, a\_b`, "Attachment & Human Development, 50%, $5, #1, a_b"},
		{`1985--2015 --- and ` + "``quoted''" + ` ` + "`single'", "1985–2015 — and “quoted” ‘single'"},
		{`\emph{Italic} and \textit{it} and {\em em} and \textbf{bold}`, "Italic and it and em and bold"},
		{`\textsuperscript{th} and \textsc{Small Caps}`, "th and Small Caps"},
		{`$R^2$ and $\alpha$ and $\kappa = .63$ and $p<.05$`, "R² and α and κ = .63 and p<.05"},
		{`H$_2$O`, "H₂O"},
		{`\href{https://x.org}{the link text}`, "the link text"},
		{`Non~breaking space`, "Non breaking space"},
		{"Line\nbroken\n\t value", "Line broken value"},
		{`\textendash{} \textemdash{} \textquoteleft{}x\textquoteright{}`, "– — ‘x’"},
		{`\unknowncommand{kept} text`, "kept text"},
		{`{\noopsort{a}}Zed`, "Zed"},
		{`\^{} and \~{}`, "^ and ~"},
		{`trailing backslash \`, "trailing backslash"},
		{`\v`, ""},
		{`unbalanced } and {`, "unbalanced and"},
		{`Plain UTF-8 Jańczak`, "Plain UTF-8 Jańczak"},
	} {
		if got := decodeLaTeX(tc.in); got != tc.want {
			t.Errorf("decodeLaTeX(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDecodeVerbatim(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`10.1207/S15327957PSPR0602\_03`, "10.1207/S15327957PSPR0602_03"},
		{`{10.1111/1467-8624.00467}`, "10.1111/1467-8624.00467"},
		{`\url{https://example.org/~user/a--b}`, "https://example.org/~user/a--b"},
		{`https://example.org/a\%20b`, "https://example.org/a%20b"},
	} {
		if got := decodeVerbatim(tc.in); got != tc.want {
			t.Errorf("decodeVerbatim(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

package index

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Our query syntax, parsed here and never handed to Bleve's query-string
// parser:
//
//	words            all must match (AND is implied)
//	"a phrase"       the words in this order
//	a OR b, a AND b, NOT a, -a, ( … )
//	field:value      title, author, topic, design, type, journal, construct
//	field:"phrase", field:(a OR b)
//	year:2002, year:1990..2005, year:..2005, year:1990..
//	prefix*          at least two letters before the star

// Node is a parsed query.
type Node interface{ node() }

// Term is a word, phrase or prefix, in a field or in all prose fields.
type Term struct {
	Field  string // "" for every prose field
	Text   string
	Phrase bool
	Prefix bool
}

// YearRange is year:lo..hi; a zero bound is open.
type YearRange struct{ From, To int }

// And, Or and Not combine nodes. Loose is words written side by side
// without AND: all but one must match, so a question typed in plain words
// ("how common is earned security") is not lost to one missing word, and
// documents with every word still rank first.
type (
	And   []Node
	Loose []Node
	Or    []Node
	Not   struct{ Node Node }
)

func (Term) node()      {}
func (YearRange) node() {}
func (And) node()       {}
func (Loose) node()     {}
func (Or) node()        {}
func (Not) node()       {}

// SyntaxError says where a query is wrong and how to fix it. Pos is the
// 1-based character column.
type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("at character %d: %s", e.Pos, e.Msg) }

// Fields a query may name.
var queryFields = []string{"title", "author", "topic", "design", "type", "journal", "construct", "year"}

// Limits that keep one query from costing more than a page of results.
const (
	MaxQueryLen  = 512
	MaxClauses   = 32
	MaxDepth     = 8
	minPrefixLen = 2
)

type token struct {
	kind string // word, phrase, field, lparen, rparen, and, or, not, minus
	text string
	pos  int // 1-based rune column
}

// Parse turns a query into a Node. An empty query gives nil.
func Parse(q string) (Node, error) {
	if !utf8.ValidString(q) {
		return nil, &SyntaxError{Pos: 1, Msg: "the query is not valid UTF-8"}
	}
	if n := utf8.RuneCountInString(q); n > MaxQueryLen {
		return nil, &SyntaxError{Pos: MaxQueryLen, Msg: fmt.Sprintf("the query has %d characters; shorten it to %d", n, MaxQueryLen)}
	}
	for i, r := range []rune(q) {
		if r == 0 || (unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r') {
			return nil, &SyntaxError{Pos: i + 1, Msg: "control characters are not allowed in a query"}
		}
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, nil
	}
	p := &parser{toks: toks}
	n, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		t := p.toks[p.i]
		if t.kind == "rparen" {
			return nil, &SyntaxError{Pos: t.pos, Msg: "unbalanced parenthesis: this ')' has no '(' before it; remove it or add the '('"}
		}
		return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("unexpected %q", t.text)}
	}
	if c := clauses(n); c > MaxClauses {
		return nil, &SyntaxError{Pos: 1, Msg: fmt.Sprintf("the query has %d terms; use at most %d", c, MaxClauses)}
	}
	return n, nil
}

func lex(q string) ([]token, error) {
	rs := []rune(q)
	var toks []token
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			toks = append(toks, token{kind: "lparen", text: "(", pos: i + 1})
			i++
		case r == ')':
			toks = append(toks, token{kind: "rparen", text: ")", pos: i + 1})
			i++
		case r == '"':
			start := i
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			if j >= len(rs) {
				return nil, &SyntaxError{Pos: start + 1, Msg: "unbalanced quote: this '\"' starts a phrase that is never closed; add a closing '\"'"}
			}
			toks = append(toks, token{kind: "phrase", text: string(rs[i+1 : j]), pos: start + 1})
			i = j + 1
		case r == '-' && (i == 0 || unicode.IsSpace(rs[i-1]) || rs[i-1] == '(') && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]):
			toks = append(toks, token{kind: "minus", text: "-", pos: i + 1})
			i++
		default:
			start := i
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '(' && rs[j] != ')' && rs[j] != '"' {
				if rs[j] == ':' {
					break
				}
				j++
			}
			// A question ends in "?" (and a list in ","); neither is part
			// of the word ("how common is earned security?").
			word := strings.TrimRight(string(rs[i:j]), "?!,;")
			if word == "" && (j >= len(rs) || rs[j] != ':') {
				i = j
				continue
			}
			if j < len(rs) && rs[j] == ':' {
				field := strings.ToLower(word)
				if !validField(field) {
					return nil, &SyntaxError{Pos: start + 1, Msg: fmt.Sprintf("unknown field %q; use one of: %s", word, strings.Join(queryFields, ", "))}
				}
				if j+1 >= len(rs) || unicode.IsSpace(rs[j+1]) {
					return nil, &SyntaxError{Pos: j + 1, Msg: fmt.Sprintf("%s: needs a value right after the colon, e.g. %s:attachment", field, field)}
				}
				toks = append(toks, token{kind: "field", text: field, pos: start + 1})
				i = j + 1
				continue
			}
			switch word {
			case "AND":
				toks = append(toks, token{kind: "and", text: word, pos: start + 1})
			case "OR":
				toks = append(toks, token{kind: "or", text: word, pos: start + 1})
			case "NOT":
				toks = append(toks, token{kind: "not", text: word, pos: start + 1})
			default:
				toks = append(toks, token{kind: "word", text: word, pos: start + 1})
			}
			i = j
		}
	}
	return toks, nil
}

func validField(f string) bool {
	for _, q := range queryFields {
		if q == f {
			return true
		}
	}
	return false
}

type parser struct {
	toks  []token
	i     int
	group string // the field of an enclosing field:( … ), applied to bare terms
}

func (p *parser) peek() *token {
	if p.i < len(p.toks) {
		return &p.toks[p.i]
	}
	return nil
}

// or := and (OR and)*
func (p *parser) or(depth int) (Node, error) {
	first, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	nodes := []Node{first}
	for t := p.peek(); t != nil && t.kind == "or"; t = p.peek() {
		p.i++
		if p.peek() == nil || p.peek().kind == "rparen" || p.peek().kind == "or" {
			return nil, &SyntaxError{Pos: t.pos, Msg: "OR needs a term after it"}
		}
		n, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	if len(nodes) == 1 {
		return first, nil
	}
	return Or(nodes), nil
}

// and := unary ((AND)? unary)*
func (p *parser) and(depth int) (Node, error) {
	var nodes []Node
	explicit := false
	for {
		t := p.peek()
		if t == nil || t.kind == "rparen" || t.kind == "or" {
			break
		}
		if t.kind == "and" {
			if len(nodes) == 0 {
				return nil, &SyntaxError{Pos: t.pos, Msg: "AND needs a term before it"}
			}
			p.i++
			explicit = true
			if n := p.peek(); n == nil || n.kind == "rparen" || n.kind == "or" || n.kind == "and" {
				return nil, &SyntaxError{Pos: t.pos, Msg: "AND needs a term after it"}
			}
			continue
		}
		n, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	if len(nodes) == 0 {
		t := p.peek()
		if t == nil {
			return nil, &SyntaxError{Pos: p.lastPos(), Msg: "the query ends where a term was expected"}
		}
		return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("a term was expected before %q", t.text)}
	}
	if len(nodes) == 1 {
		return nodes[0], nil
	}
	if !explicit && len(nodes) >= 3 {
		return Loose(nodes), nil
	}
	return And(nodes), nil
}

func (p *parser) lastPos() int {
	if len(p.toks) == 0 {
		return 1
	}
	t := p.toks[len(p.toks)-1]
	return t.pos + utf8.RuneCountInString(t.text)
}

// unary := (NOT | -) unary | primary
func (p *parser) unary(depth int) (Node, error) {
	t := p.peek()
	if t.kind == "not" || t.kind == "minus" {
		p.i++
		if n := p.peek(); n == nil || n.kind == "rparen" || n.kind == "or" || n.kind == "and" {
			return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("%s needs a term after it", t.text)}
		}
		n, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		return Not{Node: n}, nil
	}
	return p.primary(depth, "")
}

// primary := word | phrase | field:primary | ( or )
func (p *parser) primary(depth int, field string) (Node, error) {
	t := p.peek()
	if t == nil {
		return nil, &SyntaxError{Pos: p.lastPos(), Msg: "the query ends where a term was expected"}
	}
	p.i++
	switch t.kind {
	case "lparen":
		if depth+1 > MaxDepth {
			return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("parentheses nest more than %d deep", MaxDepth)}
		}
		n, err := p.orIn(depth+1, field)
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c == nil || c.kind != "rparen" {
			return nil, &SyntaxError{Pos: t.pos, Msg: "unbalanced parenthesis: this '(' is never closed; add a ')' or remove it"}
		}
		p.i++
		return n, nil
	case "field":
		if field != "" {
			return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("%s: cannot be used inside %s:( … )", t.text, field)}
		}
		if n := p.peek(); n == nil || n.kind == "rparen" {
			return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("%s: needs a value", t.text)}
		}
		return p.primary(depth, t.text)
	case "phrase":
		if field == "" {
			field = p.group
		}
		text := strings.TrimSpace(t.text)
		if text == "" {
			return nil, &SyntaxError{Pos: t.pos, Msg: "empty phrase: put words between the quotes or remove them"}
		}
		if field == "year" {
			return nil, &SyntaxError{Pos: t.pos, Msg: "year: takes a year or a range such as year:1990..2005"}
		}
		return Term{Field: field, Text: text, Phrase: true}, nil
	case "word", "and", "or", "not", "minus":
		if field == "" {
			field = p.group
		}
		if field == "year" {
			return parseYear(t)
		}
		return wordTerm(t, field)
	default:
		return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("unexpected %q", t.text)}
	}
}

// orIn parses a parenthesised group, applying field to its bare terms.
func (p *parser) orIn(depth int, field string) (Node, error) {
	if field == "" {
		return p.or(depth)
	}
	saved := p.group
	p.group = field
	defer func() { p.group = saved }()
	return p.or(depth)
}

func wordTerm(t *token, field string) (Node, error) {
	w := t.text
	if strings.HasPrefix(w, "*") || strings.HasPrefix(w, "?") {
		return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("%q starts with a wildcard, which is not allowed; put at least %d letters before the *", w, minPrefixLen)}
	}
	if i := strings.IndexAny(w, "*?"); i >= 0 {
		if i != len(w)-1 || w[i] != '*' {
			return nil, &SyntaxError{Pos: t.pos + utf8.RuneCountInString(w[:i]), Msg: "a wildcard may only end a word, as in attach*"}
		}
		stem := w[:i]
		if utf8.RuneCountInString(stem) < minPrefixLen {
			return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("%q: put at least %d letters before the *", w, minPrefixLen)}
		}
		return Term{Field: field, Text: stem, Prefix: true}, nil
	}
	return Term{Field: field, Text: w}, nil
}

func parseYear(t *token) (Node, error) {
	s := t.text
	bad := &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("year:%s is not a year or range; write year:2002, year:1990..2005, year:..2005 or year:1990..", s)}
	num := func(x string) (int, bool) {
		if x == "" {
			return 0, true
		}
		n, err := strconv.Atoi(x)
		return n, err == nil && n >= 1000 && n <= 9999
	}
	if lo, hi, ok := strings.Cut(s, ".."); ok {
		from, ok1 := num(lo)
		to, ok2 := num(hi)
		if !ok1 || !ok2 || (lo == "" && hi == "") {
			return nil, bad
		}
		if from != 0 && to != 0 && from > to {
			return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("year:%s runs backwards; write year:%d..%d", s, to, from)}
		}
		return YearRange{From: from, To: to}, nil
	}
	y, ok := num(s)
	if !ok || s == "" {
		return nil, bad
	}
	return YearRange{From: y, To: y}, nil
}

// clauses counts the leaves of n.
func clauses(n Node) int {
	switch v := n.(type) {
	case Loose:
		return clauses(And(v))
	case And:
		c := 0
		for _, x := range v {
			c += clauses(x)
		}
		return c
	case Or:
		c := 0
		for _, x := range v {
			c += clauses(x)
		}
		return c
	case Not:
		return clauses(v.Node)
	case nil:
		return 0
	}
	return 1
}

package study

// nestingDepth is how deep the file's values nest, and the line where the
// deepest is reached: a cheap pass before the decoder runs, because the
// decoder's work grows with the square of the depth. Every level counts:
// a table header's parts ([a.b.c] is 3), a dotted key's parts (a.b.c = 1
// is 3 more), and each array or inline table a value opens. Dots inside
// strings, comments and values (1.5, dates) do not.
func nestingDepth(data []byte) (line, deepest int) {
	var (
		ln        = 1
		stack     []nest // open arrays and inline tables
		header    int    // parts of the current [table] header
		inKey     = true // reading a key: at a line's start, after { or after , in an inline table
		parts     = 1    // parts of the key being read
		inHeader  bool
		quote     byte // ' or " while inside a string
		triple    bool
		valueBase int // the depth of the key whose value is being read
	)
	note := func(d int) {
		if d > deepest {
			deepest, line = d, ln
		}
	}
	base := func() int { // the depth keys are counted from here
		if len(stack) > 0 {
			return stack[len(stack)-1].depth
		}
		return header
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		if quote != 0 {
			switch {
			case c == '\n':
				ln++
				if !triple {
					quote = 0 // an unterminated string: the decoder will say so
				}
			case c == '\\' && quote == '"':
				if i+1 < len(data) && data[i+1] == '\n' {
					ln++
				}
				i++
			case c == quote && triple && i+2 < len(data) && data[i+1] == quote && data[i+2] == quote:
				quote, i = 0, i+2
			case c == quote && !triple:
				quote = 0
			}
			continue
		}
		switch c {
		case '\n':
			ln++
			if len(stack) == 0 {
				inKey, parts, inHeader = true, 1, false
			}
		case '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			quote = c
			triple = i+2 < len(data) && data[i+1] == c && data[i+2] == c
			if triple {
				i += 2
			}
		case '.':
			if inKey || inHeader {
				parts++
				note(base() + parts)
			}
		case '=':
			if inKey {
				note(base() + parts)
				inKey = false
				valueBase = base() + parts
			}
		case '[', '{':
			if inKey && len(stack) == 0 && c == '[' { // a [table] or [[array of tables]] header
				inKey, inHeader, parts = false, true, 1
				if i+1 < len(data) && data[i+1] == '[' {
					i++
				}
				continue
			}
			vb := valueBase
			if len(stack) > 0 && stack[len(stack)-1].array {
				vb = stack[len(stack)-1].depth // an element of an array
			}
			if c == '[' {
				stack = append(stack, nest{depth: vb + 1, array: true})
				note(vb + 1)
			} else { // an inline table's keys count from the key that holds it
				stack = append(stack, nest{depth: vb})
				inKey, parts = true, 1
			}
		case ']', '}':
			if inHeader {
				header, inHeader = parts, false
				continue
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if len(stack) > 0 && !stack[len(stack)-1].array {
				inKey, parts = true, 1
			}
		}
	}
	return line, deepest
}

// nest is an open array (depth: of its elements) or inline table (depth:
// its keys count from there).
type nest struct {
	depth int
	array bool
}

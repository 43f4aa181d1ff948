package errmap

import (
	"fmt"
	"math"
	"strings"
)

// npyDict is the header dictionary of a .npy file.
type npyDict struct {
	descr   string
	fortran bool
	shape   []int
}

// npyHeaderError is a problem in a .npy header dictionary, at byte offset
// off of the dictionary text (0-based; reported 1-based as the column).
type npyHeaderError struct {
	off   int
	field string // the dictionary key concerned, or ""
	msg   string
}

func (e *npyHeaderError) Error() string {
	if e.field != "" {
		return fmt.Sprintf(".npy header: col %d: %s: %s", e.off+1, e.field, e.msg)
	}
	return fmt.Sprintf(".npy header: col %d: %s", e.off+1, e.msg)
}

// parseNPYDict parses the header dictionary of a .npy file, the Python
// literal numpy writes and reads back with ast.literal_eval: a dict with
// exactly the keys 'descr' (a string), 'fortran_order' (True or False) and
// 'shape' (a tuple of non-negative ints: "()" for a 0-d array, "(n,)" for
// one dimension), in any order, with any whitespace between tokens, an
// optional trailing comma, strings in single or double quotes, and trailing
// whitespace after the closing brace (numpy pads the header with spaces and
// ends it in a newline). A structured dtype (a list as descr) and anything
// else is an error with the column of the offending token.
func parseNPYDict(s string) (npyDict, error) {
	p := &npyDictParser{s: s}
	return p.dict()
}

type npyDictParser struct {
	s   string
	pos int
}

func (p *npyDictParser) errf(off int, field, format string, args ...any) error {
	return &npyHeaderError{off: off, field: field, msg: fmt.Sprintf(format, args...)}
}

// ws skips Python whitespace (space, tab, newline, carriage return, form feed).
func (p *npyDictParser) ws() {
	for p.pos < len(p.s) && strings.IndexByte(" \t\n\r\f\v", p.s[p.pos]) >= 0 {
		p.pos++
	}
}

// peek returns the next byte after whitespace, or 0 at the end.
func (p *npyDictParser) peek() byte {
	p.ws()
	if p.pos >= len(p.s) {
		return 0
	}
	return p.s[p.pos]
}

// what describes the token at the current position for error messages.
func (p *npyDictParser) what() string {
	if p.pos >= len(p.s) {
		return "end of header"
	}
	end := p.pos + 1
	for end < len(p.s) && end-p.pos < 12 && strings.IndexByte(" \t\n\r,:(){}[]", p.s[end]) < 0 {
		end++
	}
	return fmt.Sprintf("%q", p.s[p.pos:end])
}

func (p *npyDictParser) expect(c byte, field, ctx string) error {
	if p.peek() != c {
		return p.errf(p.pos, field, "want %q %s, found %s", string(c), ctx, p.what())
	}
	p.pos++
	return nil
}

// str parses a Python string literal in single or double quotes without
// escapes or prefixes (numpy's dtype strings never need them).
func (p *npyDictParser) str(field string) (string, error) {
	q := p.peek()
	if q != '\'' && q != '"' {
		return "", p.errf(p.pos, field, "want a quoted string, found %s", p.what())
	}
	start := p.pos
	for i := p.pos + 1; i < len(p.s); i++ {
		switch p.s[i] {
		case q:
			p.pos = i + 1
			return p.s[start+1 : i], nil
		case '\\':
			return "", p.errf(i, field, "escape sequences are not supported in strings")
		case '\n':
			i = len(p.s)
		}
	}
	return "", p.errf(start, field, "unterminated string")
}

// ident parses a Python name (True, False, ...).
func (p *npyDictParser) ident() string {
	p.ws()
	start := p.pos
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || p.pos > start && c >= '0' && c <= '9' {
			p.pos++
			continue
		}
		break
	}
	return p.s[start:p.pos]
}

// integer parses a non-negative decimal int (Python allows '_' between
// digits; a leading zero only for 0 itself).
func (p *npyDictParser) integer(field string) (int, error) {
	p.ws()
	start := p.pos
	v := 0
	digits := 0
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if c == '_' && digits > 0 && p.pos+1 < len(p.s) && p.s[p.pos+1] >= '0' && p.s[p.pos+1] <= '9' {
			p.pos++
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		d := int(c - '0')
		if v > (math.MaxInt-d)/10 {
			return 0, p.errf(start, field, "dimension too large")
		}
		v = v*10 + d
		digits++
		p.pos++
	}
	if digits == 0 {
		if p.pos < len(p.s) && p.s[p.pos] == '-' {
			return 0, p.errf(start, field, "negative dimension")
		}
		return 0, p.errf(start, field, "want a non-negative integer, found %s", p.what())
	}
	if p.s[start] == '0' && digits > 1 {
		return 0, p.errf(start, field, "leading zeros in %q", p.s[start:p.pos])
	}
	return v, nil
}

// shape parses a tuple of ints: "()", "(n,)", "(n, m)", "(n, m,)".
func (p *npyDictParser) shape() ([]int, error) {
	const field = "shape"
	open := p.pos
	if p.peek() != '(' {
		return nil, p.errf(p.pos, field, "want a tuple such as (2, 3), found %s", p.what())
	}
	p.pos++
	shape := []int{}
	commas := 0
	for {
		if p.peek() == ')' {
			p.pos++
			break
		}
		if len(shape) > commas {
			return nil, p.errf(p.pos, field, "want ',' or ')' in the tuple, found %s", p.what())
		}
		if len(shape) >= 64 {
			return nil, p.errf(p.pos, field, "more than 64 dimensions")
		}
		d, err := p.integer(field)
		if err != nil {
			return nil, err
		}
		shape = append(shape, d)
		if p.peek() == ',' {
			p.pos++
			commas++
		}
	}
	if len(shape) == 1 && commas == 0 {
		return nil, p.errf(open, field, "(%d) is an int, not a tuple: a 1-d shape is written (%d,)", shape[0], shape[0])
	}
	return shape, nil
}

func (p *npyDictParser) dict() (npyDict, error) {
	var d npyDict
	if err := p.expect('{', "", "to open the header dictionary"); err != nil {
		return d, err
	}
	seen := map[string]bool{}
	for {
		if p.peek() == '}' {
			p.pos++
			break
		}
		if len(seen) > 0 {
			// After a value: a comma was required (consumed below).
			return d, p.errf(p.pos, "", "want ',' or '}' after a value, found %s", p.what())
		}
		for {
			keyPos := p.pos
			key, err := p.str("")
			if err != nil {
				return d, p.errf(p.pos, "", "want a key ('descr', 'fortran_order' or 'shape'), found %s", p.what())
			}
			if seen[key] {
				return d, p.errf(keyPos, key, "duplicate key")
			}
			seen[key] = true
			if err := p.expect(':', key, "after the key"); err != nil {
				return d, err
			}
			p.ws()
			switch key {
			case "descr":
				if p.peek() == '[' {
					return d, p.errf(p.pos, key, "structured dtypes are not supported (unsupported dtype: want an integer or float dtype)")
				}
				if d.descr, err = p.str(key); err != nil {
					return d, err
				}
			case "fortran_order":
				at := p.pos
				switch v := p.ident(); v {
				case "True":
					d.fortran = true
				case "False":
					d.fortran = false
				default:
					p.pos = at
					return d, p.errf(at, key, "want True or False, found %s", p.what())
				}
			case "shape":
				if d.shape, err = p.shape(); err != nil {
					return d, err
				}
			default:
				return d, p.errf(keyPos, "", "unknown key %q (want 'descr', 'fortran_order' and 'shape')", key)
			}
			c := p.peek()
			if c == ',' {
				p.pos++
				if p.peek() == '}' {
					break
				}
				continue
			}
			if c == '}' {
				break
			}
			return d, p.errf(p.pos, "", "want ',' or '}' after the value of %s, found %s", key, p.what())
		}
	}
	p.ws()
	if p.pos != len(p.s) {
		return d, p.errf(p.pos, "", "unexpected %s after the header dictionary", p.what())
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if !seen[k] {
			return d, p.errf(len(p.s), k, "missing key")
		}
	}
	return d, nil
}

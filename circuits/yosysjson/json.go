package yosysjson

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// maxJSONDepth bounds the nesting of JSON values (Yosys writes 5 levels).
const maxJSONDepth = 64

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNum
	jStr
	jArr
	jObj
	jLazy // a value checked but not built yet (see lazyKey)
)

var jkindNames = [...]string{"null", "boolean", "number", "string", "array", "object", "value"}

// lazyKey reports the keys whose values are only checked for syntax while
// parsing and built on first use (jparser.force): Yosys's attributes,
// port directions and netnames make up a third of a file and are mostly
// not needed.
func lazyKey(k string) bool {
	switch k {
	case "attributes", "port_directions", "netnames":
		return true
	}
	return false
}

func (k jkind) String() string { return jkindNames[k] }

// node is a JSON value with the byte offset where it starts; objects keep
// their keys in source order.
type node struct {
	k   jkind
	off int32
	num int64   // an integer number's value
	str string  // a string's value; a number's text when not an int64
	arr []*node // array elements, or object values
	o   *objKeys
	ia  *intArray // an array of small non-negative integers (bits), arr nil
}

// intArray holds an array of integers in [0, 2^31) without a node per
// element: the values and their offsets.
type intArray struct {
	ints, offs []int32
}

// elem is one array element as a value.
type elem struct {
	k   jkind
	off int32
	num int64
	str string
	n   *node // the node, nil for an element of an intArray
}

// size returns the number of elements of an array.
func (n *node) size() int {
	if n.ia != nil {
		return len(n.ia.ints)
	}
	return len(n.arr)
}

// at returns element i of an array.
func (n *node) at(i int) elem {
	if n.ia != nil {
		return elem{k: jNum, off: n.ia.offs[i], num: int64(n.ia.ints[i])}
	}
	x := n.arr[i]
	return elem{k: x.k, off: x.off, num: x.num, str: x.str, n: x}
}

func (e elem) isInt() bool { return e.k == jNum && e.str == "" }

func (e elem) text() string {
	if e.isInt() {
		return strconv.FormatInt(e.num, 10)
	}
	return e.str
}

// objKeys holds the keys of an object, in source order, and their offsets.
type objKeys struct {
	keys []string
	koff []int32
}

// isInt reports whether n is an integer number (value in n.num).
func (n *node) isInt() bool { return n.k == jNum && n.str == "" }

// get returns the value of key in object o, or nil.
func (o *node) get(key string) *node {
	if o == nil || o.k != jObj {
		return nil
	}
	for i, k := range o.o.keys {
		if k == key {
			return o.arr[i]
		}
	}
	return nil
}

// syntaxError is a JSON syntax error at a byte offset.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

type jparser struct {
	src   []byte
	off   int
	chunk []node            // nodes are handed out from chunks
	strs  map[string]string // interned short strings
	cache [256]string       // recently interned strings (intern)
	// Chunks the finished arrays and objects take their slices from.
	elemChunk []*node
	keyChunk  []string
	koffChunk []int32
	objChunk  []objKeys
	intChunk  []int32
	offChunk  []int32
	ints      []int32 // stacks of intArray
	offs      []int32
	// Stacks of the children of the arrays and objects being parsed.
	elems []*node
	keys  []string
	koffs []int32
}

func (p *jparser) newNode(off int) *node {
	if len(p.chunk) == 0 {
		p.chunk = make([]node, 256)
	}
	n := &p.chunk[0]
	p.chunk = p.chunk[1:]
	n.off = int32(off)
	return n
}

// parseJSON parses one JSON value filling the whole of src (white space
// aside).
func parseJSON(src []byte) (*node, *jparser, error) {
	p := &jparser{src: src}
	v, err := p.value(0)
	if err != nil {
		return nil, nil, err
	}
	p.space()
	if p.off < len(src) {
		return nil, nil, p.errorf("unexpected %s after the JSON value", p.what())
	}
	return v, p, nil
}

func (p *jparser) errorf(format string, args ...any) error {
	return &syntaxError{off: p.off, msg: fmt.Sprintf(format, args...)}
}

func (p *jparser) what() string {
	if p.off >= len(p.src) {
		return "end of file"
	}
	c := p.src[p.off]
	if c < ' ' || c > '~' {
		return fmt.Sprintf("byte 0x%02x", c)
	}
	return strconv.Quote(string(c))
}

func (p *jparser) space() {
	for p.off < len(p.src) && jsonSpace[p.src[p.off]] {
		p.off++
	}
}

// jsonSpace marks JSON's white-space bytes (read only).
var jsonSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

func (p *jparser) value(depth int) (*node, error) {
	if depth > maxJSONDepth {
		return nil, p.errorf("JSON nested deeper than %d", maxJSONDepth)
	}
	p.space()
	if p.off >= len(p.src) {
		return nil, p.errorf("unexpected end of file, expected a JSON value")
	}
	n := p.newNode(p.off)
	switch c := p.src[p.off]; {
	case c == '{':
		n.k = jObj
		if len(p.objChunk) == 0 {
			p.objChunk = make([]objKeys, 128)
		}
		n.o = &p.objChunk[0]
		p.objChunk = p.objChunk[1:]
		p.off++
		p.space()
		if p.off < len(p.src) && p.src[p.off] == '}' {
			p.off++
			return n, nil
		}
		base := len(p.elems)
		for {
			p.space()
			if p.off >= len(p.src) || p.src[p.off] != '"' {
				return nil, p.errorf("expected a string key, found %s", p.what())
			}
			koff := int32(p.off)
			k, err := p.string()
			if err != nil {
				return nil, err
			}
			p.space()
			if p.off >= len(p.src) || p.src[p.off] != ':' {
				return nil, p.errorf("expected ':' after key %q, found %s", k, p.what())
			}
			p.off++
			var v *node
			if lazyKey(k) {
				p.space()
				v = p.newNode(p.off)
				v.k = jLazy
				err = p.skip(depth + 1)
				v.num = int64(p.off)
			} else {
				v, err = p.value(depth + 1)
			}
			if err != nil {
				return nil, err
			}
			p.keys, p.koffs, p.elems = append(p.keys, k), append(p.koffs, koff), append(p.elems, v)
			p.space()
			if p.off < len(p.src) && p.src[p.off] == ',' {
				p.off++
				continue
			}
			if p.off < len(p.src) && p.src[p.off] == '}' {
				p.off++
				n.o.keys = carve(&p.keyChunk, p.keys[base:])
				n.o.koff = carve(&p.koffChunk, p.koffs[base:])
				n.arr = carve(&p.elemChunk, p.elems[base:])
				p.keys, p.koffs, p.elems = p.keys[:base], p.koffs[:base], p.elems[:base]
				return n, nil
			}
			return nil, p.errorf("expected ',' or '}' in object, found %s", p.what())
		}
	case c == '[':
		n.k = jArr
		start := p.off
		p.off++
		p.space()
		if p.off < len(p.src) && p.src[p.off] == ']' {
			p.off++
			return n, nil
		}
		if p.intArray(n) {
			return n, nil
		}
		p.off = start + 1
		base := len(p.elems)
		for {
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			p.elems = append(p.elems, v)
			p.space()
			if p.off < len(p.src) && p.src[p.off] == ',' {
				p.off++
				continue
			}
			if p.off < len(p.src) && p.src[p.off] == ']' {
				p.off++
				n.arr = carve(&p.elemChunk, p.elems[base:])
				p.elems = p.elems[:base]
				return n, nil
			}
			return nil, p.errorf("expected ',' or ']' in array, found %s", p.what())
		}
	case c == '"':
		s, err := p.string()
		if err != nil {
			return nil, err
		}
		n.k, n.str = jStr, s
		return n, nil
	case c == '-' || c >= '0' && c <= '9':
		start := p.off
		for p.off < len(p.src) && isNumByte(p.src[p.off]) {
			p.off++
		}
		raw := p.src[start:p.off]
		n.k = jNum
		if v, ok := jsonInt(raw); ok {
			n.num = v
			return n, nil
		}
		if !json.Valid(raw) {
			p.off = start
			return nil, p.errorf("malformed number %q", raw)
		}
		n.str = string(raw)
		return n, nil
	default:
		for _, lit := range []struct {
			s string
			k jkind
		}{{"true", jBool}, {"false", jBool}, {"null", jNull}} {
			if len(p.src)-p.off >= len(lit.s) && string(p.src[p.off:p.off+len(lit.s)]) == lit.s {
				p.off += len(lit.s)
				n.k, n.str = lit.k, lit.s
				return n, nil
			}
		}
		return nil, p.errorf("unexpected %s, expected a JSON value", p.what())
	}
}

func isNumByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// string scans a JSON string at p.off (an opening quote) and returns its
// value.
func (p *jparser) string() (string, error) {
	start := p.off
	end, escaped, err := p.scanString()
	if err != nil {
		return "", err
	}
	raw := p.src[start+1 : end-1]
	if !escaped {
		return p.intern(raw), nil
	}
	if s, ok := unescape(raw); ok {
		return s, nil
	}
	var s string
	if err := json.Unmarshal(p.src[start:end], &s); err != nil {
		p.off = start
		return "", p.errorf("malformed string: %v", err)
	}
	return s, nil
}

// scanString finds the end of the JSON string at p.off (an opening
// quote): the offset after its closing quote, whether it holds escapes.
// It checks the escapes and control characters, moves p.off to the end,
// and leaves p.off at the error's place on error.
func (p *jparser) scanString() (end int, escaped bool, err error) {
	start := p.off
	i := start + 1
	for {
		i += plainPrefix(p.src[i:])
		if i >= len(p.src) {
			p.off = start
			return 0, false, p.errorf("string not terminated")
		}
		switch c := p.src[i]; {
		case c == '"':
			p.off = i + 1
			return p.off, escaped, nil
		case c < ' ':
			p.off = i
			return 0, false, p.errorf("control character 0x%02x in string", c)
		}
		// A backslash: check the escape and go on after it.
		escaped = true
		if i+1 >= len(p.src) {
			p.off = start
			return 0, false, p.errorf("string not terminated")
		}
		switch p.src[i+1] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			i += 2
		case 'u':
			if i+6 > len(p.src) {
				p.off = i
				return 0, false, p.errorf("malformed string: bad \\u escape")
			}
			for _, h := range p.src[i+2 : i+6] {
				if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
					p.off = i
					return 0, false, p.errorf("malformed string: bad \\u escape")
				}
			}
			i += 6
		default:
			p.off = i
			return 0, false, p.errorf("malformed string: bad escape \\%c", p.src[i+1])
		}
	}
}

// plainPrefix returns the length of the longest prefix of b without a
// quote, a backslash or a control character, testing eight bytes at a
// time.
func plainPrefix(b []byte) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	k := 0
	for ; k+8 <= len(b); k += 8 {
		x := binary.LittleEndian.Uint64(b[k:])
		// A byte below 0x20, or a byte equal to '\\' or '"' (zero after
		// the xor): the classic "has a byte less than n" test, which may
		// flag a word without one but never misses one.
		y := x ^ ('\\' * ones)
		z := x ^ ('"' * ones)
		if ((x-0x20*ones)&^x|(y-ones)&^y|(z-ones)&^z)&highs != 0 {
			break
		}
	}
	for k < len(b) && b[k] >= ' ' && b[k] != '\\' && b[k] != '"' {
		k++
	}
	return k
}

// unescape decodes the body of a JSON string whose escapes scanString
// checked, without \u escapes (ok false: the caller uses encoding/json).
func unescape(raw []byte) (string, bool) {
	if !utf8.Valid(raw) {
		return "", false // encoding/json replaces bad bytes with U+FFFD
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		switch raw[i] {
		case '"', '\\', '/':
			out = append(out, raw[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		default:
			return "", false
		}
	}
	return string(out), true
}

// intern returns b as a string, shared with earlier equal short strings
// (keys, port names, cell types and constants repeat throughout a file).
func (p *jparser) intern(b []byte) string {
	if len(b) > 32 {
		return string(b)
	}
	// A direct-mapped cache in front of the map: keys and parameter values
	// repeat cell after cell.
	var h uint
	if len(b) > 0 {
		h = (uint(len(b))*31 + uint(b[0])*7 + uint(b[len(b)-1])*3 + uint(b[len(b)/2])) & uint(len(p.cache)-1)
		if c := p.cache[h]; c == string(b) {
			return c
		}
	}
	if s, ok := p.strs[string(b)]; ok {
		p.cache[h] = s
		return s
	}
	if p.strs == nil {
		p.strs = map[string]string{}
	}
	s := string(b)
	p.strs[s] = s
	return s
}

// jsonInt parses an integer in JSON's grammar (-?(0|[1-9][0-9]*)) that
// fits an int64.
func jsonInt(raw []byte) (int64, bool) {
	d := raw
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 18 || (d[0] == '0' && len(d) > 1) {
		return 0, false
	}
	var v int64
	for _, c := range d {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if raw[0] == '-' {
		v = -v
	}
	return v, true
}

// carve copies v into a slice of exactly len(v) taken from *chunk,
// refilling the chunk when it is too small.
func carve[T any](chunk *[]T, v []T) []T {
	if len(v) > len(*chunk) {
		if len(v) > 128 {
			return append([]T(nil), v...)
		}
		*chunk = make([]T, 512)
	}
	out := (*chunk)[:len(v):len(v)]
	copy(out, v)
	*chunk = (*chunk)[len(v):]
	return out
}

// force builds a lazy value in place (a no-op for others and nil).
func (p *jparser) force(n *node) *node {
	if n == nil || n.k != jLazy {
		return n
	}
	sub := &jparser{src: p.src[:n.num], off: int(n.off), strs: p.strs}
	v, err := sub.value(0)
	if err != nil {
		// skip accepted it: cannot happen.
		return &node{off: n.off}
	}
	*n = *v
	return n
}

// skip checks the syntax of one JSON value without building it.
func (p *jparser) skip(depth int) error {
	if depth > maxJSONDepth {
		return p.errorf("JSON nested deeper than %d", maxJSONDepth)
	}
	p.space()
	if p.off >= len(p.src) {
		return p.errorf("unexpected end of file, expected a JSON value")
	}
	switch c := p.src[p.off]; {
	case c == '{' || c == '[':
		end, obj := byte(']'), c == '{'
		if obj {
			end = '}'
		}
		p.off++
		p.space()
		if p.off < len(p.src) && p.src[p.off] == end {
			p.off++
			return nil
		}
		for {
			if obj {
				p.space()
				if p.off >= len(p.src) || p.src[p.off] != '"' {
					return p.errorf("expected a string key, found %s", p.what())
				}
				if err := p.skipString(); err != nil {
					return err
				}
				p.space()
				if p.off >= len(p.src) || p.src[p.off] != ':' {
					return p.errorf("expected ':' after key, found %s", p.what())
				}
				p.off++
			}
			if err := p.skip(depth + 1); err != nil {
				return err
			}
			p.space()
			if p.off < len(p.src) && p.src[p.off] == ',' {
				p.off++
				continue
			}
			if p.off < len(p.src) && p.src[p.off] == end {
				p.off++
				return nil
			}
			if obj {
				return p.errorf("expected ',' or '}' in object, found %s", p.what())
			}
			return p.errorf("expected ',' or ']' in array, found %s", p.what())
		}
	case c == '"':
		return p.skipString()
	}
	_, err := p.value(depth)
	return err
}

// skipString checks a JSON string at p.off without decoding it.
func (p *jparser) skipString() error {
	_, _, err := p.scanString()
	return err
}

// intArray tries to read the rest of an array (after '[') as small
// non-negative integers only, into n.ia. It returns false, with p.off
// anywhere, when the array holds anything else; the caller then reads it
// the general way.
func (p *jparser) intArray(n *node) bool {
	base := len(p.ints)
	defer func() { p.ints, p.offs = p.ints[:base], p.offs[:base] }()
	for {
		p.space()
		start := p.off
		var v int64
		for p.off < len(p.src) && p.src[p.off] >= '0' && p.src[p.off] <= '9' {
			v = v*10 + int64(p.src[p.off]-'0')
			if v >= 1<<31 {
				return false
			}
			p.off++
		}
		digits := p.off - start
		if digits == 0 || (digits > 1 && p.src[start] == '0') {
			return false
		}
		if p.off < len(p.src) && isNumByte(p.src[p.off]) {
			return false // a fraction or exponent
		}
		p.ints, p.offs = append(p.ints, int32(v)), append(p.offs, int32(start))
		p.space()
		if p.off < len(p.src) && p.src[p.off] == ',' {
			p.off++
			continue
		}
		if p.off < len(p.src) && p.src[p.off] == ']' {
			p.off++
			n.ia = &intArray{ints: carve(&p.intChunk, p.ints[base:]), offs: carve(&p.offChunk, p.offs[base:])}
			return true
		}
		return false
	}
}

// netnames walks a lazy "netnames" object without building it, calling fn
// with each net name, its hide_name flag and the bit numbers among its
// bits (constants left out; pos is the element index, count the number
// of elements). It returns false
// when n is not a lazy object (the caller then walks the built value).
func (p *jparser) netnames(n *node, fn func(name string, hidden bool, ids, pos []int32, count int32)) bool {
	if n == nil || n.k != jLazy {
		return false
	}
	q := &jparser{src: p.src[:n.num], off: int(n.off), strs: p.strs}
	q.space()
	if q.off >= len(q.src) || q.src[q.off] != '{' {
		return false
	}
	q.off++
	var ids, pos []int32
	for {
		q.space()
		if q.off >= len(q.src) || q.src[q.off] == '}' {
			return true
		}
		name, err := q.string()
		if err != nil {
			return true // skip checked the syntax: cannot happen
		}
		q.space()
		q.off++ // ':'
		q.space()
		if q.off >= len(q.src) || q.src[q.off] != '{' {
			if q.skip(0) != nil {
				return true
			}
		} else {
			q.off++
			hidden := false
			count := int32(0)
			ids, pos = ids[:0], pos[:0]
			for {
				q.space()
				if q.off >= len(q.src) {
					return true
				}
				if q.src[q.off] == '}' {
					q.off++
					break
				}
				key, err := q.string()
				if err != nil {
					return true
				}
				q.space()
				q.off++ // ':'
				q.space()
				switch {
				case key == "hide_name":
					v, err := q.value(0)
					if err != nil {
						return true
					}
					hidden = paramTrue(v)
				case key == "bits" && q.off < len(q.src) && q.src[q.off] == '[':
					q.off++
					for k := int32(0); ; k++ {
						q.space()
						if q.off >= len(q.src) {
							return true
						}
						if q.src[q.off] == ']' {
							q.off++
							break
						}
						if c := q.src[q.off]; c >= '1' && c <= '9' {
							var v int64
							for q.off < len(q.src) && q.src[q.off] >= '0' && q.src[q.off] <= '9' && v < 1<<31 {
								v = v*10 + int64(q.src[q.off]-'0')
								q.off++
							}
							if v < 1<<31 && (q.off >= len(q.src) || !isNumByte(q.src[q.off])) {
								ids, pos = append(ids, int32(v)), append(pos, k)
								count = k + 1
							} else if q.skip(0) != nil { // the rest of a long or fractional number
								return true
							}
						} else {
							v, err := q.value(0)
							if err != nil {
								return true
							}
							if v.isInt() && v.num >= 0 && v.num < 1<<31 {
								ids, pos = append(ids, int32(v.num)), append(pos, k)
							}
						}
						count = k + 1
						q.space()
						if q.off < len(q.src) && q.src[q.off] == ',' {
							q.off++
						}
					}
				default:
					if q.skip(0) != nil {
						return true
					}
				}
				q.space()
				if q.off < len(q.src) && q.src[q.off] == ',' {
					q.off++
				}
			}
			fn(name, hidden, ids, pos, count)
		}
		q.space()
		if q.off < len(q.src) && q.src[q.off] == ',' {
			q.off++
		}
	}
}

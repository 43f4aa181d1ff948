package aiger

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/internal/regfile"
)

// Options control how an AIGER file is read.
type Options struct {
	// Verbose, when set, receives notes such as skipped properties.
	Verbose func(msg string)
}

// Limits of the header (hostile input guards): the variable index M and
// the numbers of inputs and outputs.
const (
	MaxVars  = 1 << 22
	MaxPorts = 1 << 16
)

// ParseFile reads an AIGER file; see Parse.
func ParseFile(path string, opts Options) (*circuits.Netlist, error) {
	src, err := regfile.ReadFile(path) // a FIFO is refused, not waited on
	if err != nil {
		return nil, fmt.Errorf("aiger: %w", err)
	}
	return Parse(path, src, opts)
}

// Error is a syntax or semantic error at a line of an .aag file or the
// ASCII parts of an .aig file (Line > 0), or at a byte offset of the
// binary part of an .aig file.
type Error struct {
	File   string
	Line   int // 1-based, 0 when Offset is meant
	Offset int
	Msg    string
}

// Error formats the error as "file:line: msg" or "file:offset N: msg".
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:offset %d: %s", e.File, e.Offset, e.Msg)
}

type reader struct {
	file   string
	src    []byte
	off    int // next byte
	line   int // line of src[off]
	binary bool
	opts   Options
}

func (r *reader) errf(format string, args ...any) error {
	return &Error{File: r.file, Line: r.line, Msg: fmt.Sprintf(format, args...)}
}

// nextLine returns the next line without its newline.
func (r *reader) nextLine(what string) (string, error) {
	if r.off >= len(r.src) {
		return "", &Error{File: r.file, Line: r.line + 1, Msg: "unexpected end of file, expected " + what}
	}
	i := bytes.IndexByte(r.src[r.off:], '\n')
	var s []byte
	if i < 0 {
		s = r.src[r.off:]
		r.off = len(r.src)
	} else {
		s = r.src[r.off : r.off+i]
		r.off += i + 1
	}
	r.line++
	return strings.TrimSuffix(string(s), "\r"), nil
}

// nums parses a line of exactly n unsigned numbers separated by single
// spaces (AIGER allows no other white space).
func (r *reader) nums(line string, n int, what string) ([]uint64, error) {
	f := strings.Split(line, " ")
	if len(f) != n {
		return nil, r.errf("%s: expected %d numbers, found %q", what, n, line)
	}
	out := make([]uint64, n)
	for i, s := range f {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil || (len(s) > 1 && s[0] == '0') {
			return nil, r.errf("%s: %q is not an unsigned number", what, s)
		}
		out[i] = v
	}
	return out, nil
}

func (r *reader) note(format string, args ...any) {
	if r.opts.Verbose != nil {
		r.opts.Verbose(fmt.Sprintf("%s:%d: ", r.file, r.line) + fmt.Sprintf(format, args...))
	}
}

// Parse reads an AIGER file (ASCII or binary, chosen by its header) into a
// netlist of one-bit ports and AND, NOT and constant gates.
func Parse(filename string, src []byte, opts Options) (*circuits.Netlist, error) {
	r := &reader{file: filename, src: src, opts: opts}
	head, err := r.nextLine("the header")
	if err != nil {
		return nil, err
	}
	f := strings.Split(head, " ")
	switch f[0] {
	case "aag":
	case "aig":
		r.binary = true
	default:
		return nil, r.errf("not an AIGER file: header starts with %q, want aag or aig", f[0])
	}
	if len(f) < 6 || len(f) > 10 {
		return nil, r.errf("header %q: expected M I L O A [B C J F]", head)
	}
	h, err := r.nums(strings.Join(f[1:], " "), len(f)-1, "header")
	if err != nil {
		return nil, err
	}
	for len(h) < 9 {
		h = append(h, 0)
	}
	M, I, L, O, A := h[0], h[1], h[2], h[3], h[4]
	B, C, J, F := h[5], h[6], h[7], h[8]
	if M > MaxVars {
		return nil, r.errf("header: M = %d variables exceeds the limit of %d", M, MaxVars)
	}
	if I > MaxPorts || O > MaxPorts {
		return nil, r.errf("header: %d inputs and %d outputs exceed the limit of %d each", I, O, MaxPorts)
	}
	if I+L+A > M || I > M || L > M || A > M {
		return nil, r.errf("header: I + L + A = %d exceeds M = %d", I+L+A, M)
	}
	if r.binary && I+L+A != M {
		return nil, r.errf("header: binary AIGER needs M = I + L + A, got M = %d, I + L + A = %d", M, I+L+A)
	}
	if L > 0 {
		return nil, r.errf("header: %d latches; axmul reads combinational circuits only (no latches)", L)
	}
	// Every line needs at least two bytes: guard the allocations below.
	if lim := uint64(len(src)); O+B+C+J+F > lim || (!r.binary && I+A > lim) {
		return nil, r.errf("header: counts exceed what a file of %d bytes can hold", len(src))
	}
	// AIGER has no module name: Name stays empty.
	n := &circuits.Netlist{File: filename}
	b := &builder{n: n, varNet: make([]circuits.Net, M+1), notNet: map[uint64]circuits.Net{}, maxLit: 2*M + 1}
	for i := range b.varNet {
		b.varNet[i] = circuits.NoNet
	}
	inputs := make([]uint64, I)
	for k := range inputs {
		if r.binary {
			inputs[k] = 2 * uint64(k+1)
			continue
		}
		line, err := r.nextLine("an input")
		if err != nil {
			return nil, err
		}
		v, err := r.nums(line, 1, "input")
		if err != nil {
			return nil, err
		}
		lit := v[0]
		if lit < 2 || lit&1 == 1 || lit > 2*M {
			return nil, r.errf("input literal %d must be even and between 2 and 2M = %d", lit, 2*M)
		}
		if b.varNet[lit/2] != circuits.NoNet {
			return nil, r.errf("variable %d defined twice", lit/2)
		}
		b.varNet[lit/2] = n.NewNet("")
		inputs[k] = lit
	}
	if r.binary {
		for k := range inputs {
			b.varNet[k+1] = n.NewNet("")
		}
	}
	outputs := make([]uint64, O)
	outLine := make([]int, O)
	for k := range outputs {
		line, err := r.nextLine("an output")
		if err != nil {
			return nil, err
		}
		v, err := r.nums(line, 1, "output")
		if err != nil {
			return nil, err
		}
		if v[0] > 2*M+1 {
			return nil, r.errf("output literal %d exceeds 2M+1 = %d", v[0], 2*M+1)
		}
		outputs[k], outLine[k] = v[0], r.line
	}
	// Properties: skipped.
	skip := func(count uint64, what string) error {
		if count > 0 {
			r.note("skipping %d %s", count, what)
		}
		for k := uint64(0); k < count; k++ {
			if _, err := r.nextLine(what); err != nil {
				return err
			}
		}
		return nil
	}
	if err := skip(B, "bad-state properties"); err != nil {
		return nil, err
	}
	if err := skip(C, "invariant constraints"); err != nil {
		return nil, err
	}
	if J > 0 {
		r.note("skipping %d justice properties", J)
		var total uint64
		for k := uint64(0); k < J; k++ {
			line, err := r.nextLine("a justice property size")
			if err != nil {
				return nil, err
			}
			v, err := r.nums(line, 1, "justice size")
			if err != nil {
				return nil, err
			}
			total += v[0]
			if total > uint64(len(src)) {
				return nil, r.errf("justice sizes exceed the file")
			}
		}
		for k := uint64(0); k < total; k++ {
			if _, err := r.nextLine("a justice literal"); err != nil {
				return nil, err
			}
		}
	}
	if err := skip(F, "fairness constraints"); err != nil {
		return nil, err
	}
	andPos := make([]string, 0, A)
	type and struct{ lhs, r0, r1 uint64 }
	ands := make([]and, 0, min(A, uint64(len(src))))
	for k := uint64(0); k < A; k++ {
		var lhs, r0, r1 uint64
		var pos string
		if r.binary {
			start := r.off
			lhs = 2 * (I + L + k + 1)
			d0, err := r.varint()
			if err != nil {
				return nil, err
			}
			d1, err := r.varint()
			if err != nil {
				return nil, err
			}
			if d0 == 0 || d0 > lhs {
				return nil, &Error{File: r.file, Offset: start, Msg: fmt.Sprintf("AND %d: delta %d out of range (lhs %d)", lhs, d0, lhs)}
			}
			r0 = lhs - d0
			if d1 > r0 {
				return nil, &Error{File: r.file, Offset: start, Msg: fmt.Sprintf("AND %d: second delta %d exceeds first input %d", lhs, d1, r0)}
			}
			r1 = r0 - d1
			pos = fmt.Sprintf("%s:offset %d", r.file, start)
		} else {
			line, err := r.nextLine("an AND gate")
			if err != nil {
				return nil, err
			}
			v, err := r.nums(line, 3, "AND gate")
			if err != nil {
				return nil, err
			}
			lhs, r0, r1 = v[0], v[1], v[2]
			if lhs < 2 || lhs&1 == 1 || lhs > 2*M {
				return nil, r.errf("AND output literal %d must be even and between 2 and 2M = %d", lhs, 2*M)
			}
			if x := max(r0, r1); x > 2*M+1 {
				return nil, r.errf("AND input literal %d exceeds 2M+1 = %d", x, 2*M+1)
			}
			pos = fmt.Sprintf("%s:%d", r.file, r.line)
		}
		if b.varNet[lhs/2] != circuits.NoNet {
			return nil, r.errAt(pos, fmt.Sprintf("variable %d defined twice", lhs/2))
		}
		b.varNet[lhs/2] = n.NewNet("")
		ands = append(ands, and{lhs, r0, r1})
		andPos = append(andPos, pos)
	}
	// Symbols, then the comment section.
	inName := make([]string, I)
	outName := make([]string, O)
	for r.off < len(r.src) {
		line, _ := r.nextLine("")
		if line == "c" {
			break // the comment section
		}
		if line == "" {
			continue
		}
		kind := line[0]
		sp := strings.IndexByte(line, ' ')
		if sp < 2 {
			return nil, r.errf("symbol table entry %q: expected [ilobcjf]<index> <name>", line)
		}
		idx, err := strconv.ParseUint(line[1:sp], 10, 64)
		if err != nil {
			return nil, r.errf("symbol table entry %q: bad index", line)
		}
		name := line[sp+1:]
		switch kind {
		case 'i':
			if idx >= I {
				return nil, r.errf("symbol for input %d, but there are %d inputs", idx, I)
			}
			inName[idx] = name
		case 'o':
			if idx >= O {
				return nil, r.errf("symbol for output %d, but there are %d outputs", idx, O)
			}
			outName[idx] = name
		case 'l', 'b', 'c', 'j', 'f':
			// Symbols of skipped elements.
		default:
			return nil, r.errf("symbol table entry %q: expected [ilobcjf]<index> <name>", line)
		}
	}
	// Ports.
	seen := map[string]bool{}
	for k, lit := range inputs {
		name := inName[k]
		if name == "" {
			name = fmt.Sprintf("i%d", k)
		}
		if seen[name] {
			return nil, &Error{File: r.file, Line: 1, Msg: fmt.Sprintf("two ports are called %s", name)}
		}
		seen[name] = true
		n.Ports = append(n.Ports, circuits.Port{Name: name, Dir: circuits.Input, Bits: []circuits.Net{b.varNet[lit/2]}})
	}
	for k, a := range ands {
		out := b.varNet[a.lhs/2]
		in0, err := b.lit(a.r0, andPos[k])
		if err != nil {
			return nil, r.errAt(andPos[k], err.Error())
		}
		in1, err := b.lit(a.r1, andPos[k])
		if err != nil {
			return nil, r.errAt(andPos[k], err.Error())
		}
		b.gate(circuits.And, out, andPos[k], in0, in1)
	}
	for k, lit := range outputs {
		name := outName[k]
		if name == "" {
			name = fmt.Sprintf("o%d", k)
		}
		if seen[name] {
			return nil, &Error{File: r.file, Line: outLine[k], Msg: fmt.Sprintf("two ports are called %s", name)}
		}
		seen[name] = true
		pos := fmt.Sprintf("%s:%d", r.file, outLine[k])
		id, err := b.lit(lit, pos)
		if err != nil {
			return nil, &Error{File: r.file, Line: outLine[k], Msg: err.Error()}
		}
		n.Ports = append(n.Ports, circuits.Port{Name: name, Dir: circuits.Output, Bits: []circuits.Net{id}})
	}
	if err := n.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", r.file, err)
	}
	return n, nil
}

// errAt makes an Error at a position string made by Parse.
func (r *reader) errAt(pos, msg string) error {
	e := &Error{File: r.file, Msg: msg}
	rest := strings.TrimPrefix(pos, r.file)
	if s, ok := strings.CutPrefix(rest, ":offset "); ok {
		e.Offset, _ = strconv.Atoi(s)
	} else {
		e.Line, _ = strconv.Atoi(strings.TrimPrefix(rest, ":"))
	}
	return e
}

// varint decodes one 7-bit little-endian group number of the binary AND
// section.
func (r *reader) varint() (uint64, error) {
	start := r.off
	var x uint64
	for shift := uint(0); ; shift += 7 {
		if r.off >= len(r.src) {
			return 0, &Error{File: r.file, Offset: start, Msg: "unexpected end of file in the binary AND section"}
		}
		if shift > 56 {
			return 0, &Error{File: r.file, Offset: start, Msg: "delta does not fit in 64 bits"}
		}
		c := r.src[r.off]
		r.off++
		x |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return x, nil
		}
	}
}

// builder turns literals into nets.
type builder struct {
	n      *circuits.Netlist
	varNet []circuits.Net
	notNet map[uint64]circuits.Net
	c0, c1 circuits.Net
	has01  [2]bool
	maxLit uint64
}

func (b *builder) gate(k circuits.Kind, out circuits.Net, pos string, in ...circuits.Net) {
	g := circuits.Gate{Kind: k, In: [3]circuits.Net{circuits.NoNet, circuits.NoNet, circuits.NoNet}, Out: out, Cell: -1, Pos: pos}
	copy(g.In[:], in)
	b.n.Gates = append(b.n.Gates, g)
}

// lit returns the net carrying literal l.
func (b *builder) lit(l uint64, pos string) (circuits.Net, error) {
	if l > b.maxLit {
		return 0, fmt.Errorf("literal %d out of range", l)
	}
	if l < 2 {
		if !b.has01[l] {
			b.has01[l] = true
			id := b.n.NewNet("")
			k := circuits.Const0
			if l == 1 {
				k = circuits.Const1
			}
			b.gate(k, id, pos)
			if l == 0 {
				b.c0 = id
			} else {
				b.c1 = id
			}
		}
		if l == 0 {
			return b.c0, nil
		}
		return b.c1, nil
	}
	v := b.varNet[l/2]
	if v == circuits.NoNet {
		return 0, fmt.Errorf("literal %d reads variable %d, which is neither an input nor an AND output", l, l/2)
	}
	if l&1 == 0 {
		return v, nil
	}
	if id, ok := b.notNet[l/2]; ok {
		return id, nil
	}
	id := b.n.NewNet("")
	b.gate(circuits.Not, id, pos, v)
	b.notNet[l/2] = id
	return id, nil
}

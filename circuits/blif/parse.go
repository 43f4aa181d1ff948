package blif

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/internal/regfile"
)

// Options control how a BLIF file is read.
type Options struct {
	// Top names the top model; empty means the first model of the file.
	Top string
	// Cells resolves the library cells that .gate and .subckt lines name
	// when the file does not define them as models. May be nil.
	Cells verilog.CellResolver
	// Verbose, when set, receives notes such as ignored directives.
	Verbose func(msg string)
}

// Limits that guard against hostile input.
const (
	// MaxErrors is the number of errors reported before parsing stops.
	MaxErrors = 10
	// MaxDepth bounds the nesting of .subckt instances.
	MaxDepth = 64
	// MaxGates bounds the gates of the flattened netlist.
	MaxGates = 1 << 22
	// MaxInstances bounds the model instances of the flattened netlist
	// (models without gates can nest exponentially many).
	MaxInstances = 1 << 16
	// MaxCoverInputs bounds the inputs of one .names cover.
	MaxCoverInputs = 64
)

// ParseFile reads and flattens a BLIF file; see Parse.
func ParseFile(path string, opts Options) (*circuits.Netlist, error) {
	src, err := regfile.ReadFile(path) // a FIFO is refused, not waited on
	if err != nil {
		return nil, fmt.Errorf("blif: %w", err)
	}
	return Parse(path, src, opts)
}

// Parse reads BLIF source and flattens its top model into a netlist whose
// ports are the one-bit .inputs and .outputs of the top model. The error,
// if any, is a circuits.Problems list naming file:line:col.
func Parse(filename string, src []byte, opts Options) (*circuits.Netlist, error) {
	p := &parser{file: filename, opts: opts, models: map[string]*model{}}
	p.parse(string(src))
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	n := p.flatten()
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return n, nil
}

// field is one whitespace-separated word with its position.
type field struct {
	s         string
	line, col int
}

// cover is one .names statement.
type cover struct {
	at   field // the .names keyword
	ins  []field
	out  field
	rows []field // input patterns (empty strings for zero-input covers)
	vals []byte  // output value of each row
}

// inst is one .subckt, .gate or .conn statement.
type inst struct {
	at    field
	kind  string // ".subckt", ".gate" or ".conn"
	model field
	conns [][2]field // formal, actual
}

// model is one .model ... .end block.
type model struct {
	name    field
	inputs  []field
	outputs []field
	covers  []*cover
	insts   []*inst
}

type parser struct {
	file   string
	opts   Options
	errs   circuits.Problems
	models map[string]*model
	order  []*model
}

func (p *parser) pos(f field) string {
	b := make([]byte, 0, len(p.file)+16)
	b = append(b, p.file...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(f.line), 10)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(f.col), 10)
	return string(b)
}

func (p *parser) errorf(f field, format string, args ...any) {
	if len(p.errs) >= MaxErrors {
		return
	}
	p.errs = append(p.errs, circuits.Problem{Pos: p.pos(f), Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) note(f field, format string, args ...any) {
	if p.opts.Verbose != nil {
		p.opts.Verbose(p.pos(f) + ": " + fmt.Sprintf(format, args...))
	}
}

// lines splits src into logical lines of fields: comments removed,
// backslash continuations joined.
func lines(src string, yield func(fs []field) bool) {
	// The fields of all lines live in shared chunks: the statements keep
	// slices of them.
	var buf, slab []field
	emit := func() bool {
		if cap(slab)-len(slab) < len(buf) {
			slab = make([]field, 0, max(4096, len(buf)))
		}
		start := len(slab)
		slab = append(slab, buf...)
		buf = buf[:0]
		return yield(slab[start:len(slab):len(slab)])
	}
	line, col := 1, 1
	i := 0
	for i <= len(src) {
		// One physical line.
		start := i
		for i < len(src) && src[i] != '\n' {
			i++
		}
		text := src[start:i]
		if j := strings.IndexByte(text, '#'); j >= 0 {
			text = text[:j]
		}
		text = trimRightCR(text)
		cont := false
		if len(text) > 0 && text[len(text)-1] == '\\' {
			cont = true
			text = text[:len(text)-1]
		}
		for k := 0; k < len(text); {
			for k < len(text) && isSpace(text[k]) {
				k++
			}
			s := k
			for k < len(text) && !isSpace(text[k]) {
				k++
			}
			if k > s {
				buf = append(buf, field{s: text[s:k], line: line, col: col + s})
			}
		}
		if !cont && len(buf) > 0 {
			if !emit() {
				return
			}
		}
		i++
		line++
	}
	if len(buf) > 0 {
		emit()
	}
}

func trimRightCR(b string) string {
	for len(b) > 0 && (b[len(b)-1] == '\r' || isSpace(b[len(b)-1])) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' }

func (p *parser) parse(src string) {
	var m *model
	var cv *cover
	lines(src, func(fs []field) bool {
		if len(p.errs) >= MaxErrors {
			return false
		}
		kw := fs[0]
		if kw.s[0] != '.' {
			if cv == nil {
				p.errorf(kw, "cover row %q outside a .names statement", kw.s)
				return true
			}
			p.row(cv, fs)
			return true
		}
		cv = nil
		if m == nil && kw.s != ".model" && kw.s != ".search" && kw.s != ".end" {
			// BLIF allows the .model line to be left out.
			m = p.newModel(field{s: "", line: kw.line, col: kw.col})
		}
		switch kw.s {
		case ".model":
			if m != nil && len(m.inputs)+len(m.outputs)+len(m.covers)+len(m.insts) == 0 && m.name.s == "" {
				p.order = p.order[:len(p.order)-1]
			}
			name := field{s: "", line: kw.line, col: kw.col}
			if len(fs) > 1 {
				name = fs[1]
			}
			m = p.newModel(name)
		case ".inputs":
			m.inputs = append(m.inputs, fs[1:]...)
		case ".outputs":
			m.outputs = append(m.outputs, fs[1:]...)
		case ".names":
			if len(fs) < 2 {
				p.errorf(kw, ".names needs at least an output name")
				return true
			}
			if len(fs)-2 > MaxCoverInputs {
				p.errorf(kw, ".names with %d inputs (at most %d)", len(fs)-2, MaxCoverInputs)
				return true
			}
			cv = &cover{at: kw, ins: fs[1 : len(fs)-1], out: fs[len(fs)-1]}
			m.covers = append(m.covers, cv)
		case ".subckt", ".gate":
			if len(fs) < 2 {
				p.errorf(kw, "%s needs a model name", kw.s)
				return true
			}
			in := &inst{at: kw, kind: kw.s, model: fs[1]}
			for _, f := range fs[2:] {
				formal, actual, ok := strings.Cut(f.s, "=")
				if !ok || formal == "" || actual == "" {
					p.errorf(f, "%s connection %q is not formal=actual", kw.s, f.s)
					continue
				}
				in.conns = append(in.conns, [2]field{{formal, f.line, f.col}, {actual, f.line, f.col + len(formal) + 1}})
			}
			m.insts = append(m.insts, in)
		case ".conn":
			if len(fs) != 3 {
				p.errorf(kw, ".conn needs two names")
				return true
			}
			m.insts = append(m.insts, &inst{at: kw, kind: kw.s, conns: [][2]field{{fs[1], fs[2]}}})
		case ".end":
			m = nil
		case ".latch", ".mlatch", ".clock", ".clock_event", ".start_kiss", ".end_kiss", ".code":
			p.errorf(kw, "%s: sequential elements are not supported (axmul reads combinational circuits)", kw.s)
		case ".exdc":
			p.errorf(kw, ".exdc (external don't-care networks) is not supported")
		case ".search":
			p.errorf(kw, ".search (including other files) is not supported; give the models in one file")
		default:
			p.note(kw, "ignoring %s", kw.s)
		}
		return true
	})
}

func (p *parser) newModel(name field) *model {
	m := &model{name: name}
	if prev, ok := p.models[name.s]; ok && name.s != "" {
		p.errorf(name, "model %s defined twice (first at %s)", name.s, p.pos(prev.name))
	} else {
		p.models[name.s] = m
	}
	p.order = append(p.order, m)
	return m
}

// row adds one row of a cover.
func (p *parser) row(cv *cover, fs []field) {
	var in, out field
	switch {
	case len(cv.ins) == 0 && len(fs) == 1:
		out = fs[0]
	case len(fs) == 2:
		in, out = fs[0], fs[1]
	default:
		p.errorf(fs[0], "cover row of .names %s needs %d input values and an output value", cv.out.s, len(cv.ins))
		return
	}
	if len(in.s) != len(cv.ins) {
		p.errorf(fs[0], "cover row %q has %d input values, .names %s has %d inputs", in.s, len(in.s), cv.out.s, len(cv.ins))
		return
	}
	for i := 0; i < len(in.s); i++ {
		if c := in.s[i]; c != '0' && c != '1' && c != '-' {
			p.errorf(field{line: in.line, col: in.col + i}, "cover row value %q is not 0, 1 or -", c)
			return
		}
	}
	if out.s != "0" && out.s != "1" {
		p.errorf(out, "cover output value %q is not 0 or 1", out.s)
		return
	}
	if len(cv.vals) > 0 && cv.vals[0] != out.s[0] {
		p.errorf(out, ".names %s mixes ON-set (1) and OFF-set (0) rows", cv.out.s)
		return
	}
	cv.rows = append(cv.rows, in)
	cv.vals = append(cv.vals, out.s[0])
}

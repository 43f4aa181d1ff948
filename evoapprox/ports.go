package evoapprox

import (
	"errors"
	"fmt"
	"strconv"
)

// Port is a port of a circuit's top module as declared in its file.
type Port struct {
	Name   string // as declared, e.g. "A"
	Output bool   // an output (else an input or inout)
	Bits   int    // |msb-lsb|+1, 1 for a scalar
	Line   int    // line of the declaration
}

// maxPortScan bounds the bytes scanned for port declarations.
const maxPortScan = 32 << 20

type token struct {
	text string
	line int
}

// tokens splits Verilog source into identifiers, decimal numbers and single
// punctuation characters, dropping comments, whitespace and strings. It is
// just enough to find port declarations; it never fails. The slice passed to
// yield aliases src.
func tokens(src []byte, yield func(text []byte, line int) bool) {
	line := 1
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			i += 2
			for i < len(src) && !(src[i] == '*' && i+1 < len(src) && src[i+1] == '/') {
				if src[i] == '\n' {
					line++
				}
				i++
			}
			i += 2
		case c == '"':
			i++
			for i < len(src) && src[i] != '"' && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			i++
		case c == '\\': // escaped identifier, up to white space
			j := i + 1
			for j < len(src) && src[j] > ' ' {
				j++
			}
			if !yield(src[i:j], line) {
				return
			}
			i = j
		case c == '_' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z':
			j := i + 1
			for j < len(src) && (src[j] == '_' || src[j] == '$' || isDigit(src[j]) || 'A' <= src[j] && src[j] <= 'Z' || 'a' <= src[j] && src[j] <= 'z') {
				j++
			}
			if !yield(src[i:j], line) {
				return
			}
			i = j
		case isDigit(c):
			j := i + 1
			for j < len(src) && isDigit(src[j]) {
				j++
			}
			if !yield(src[i:j], line) {
				return
			}
			i = j
		default:
			if !yield(src[i:i+1], line) {
				return
			}
			i++
		}
	}
}

// scanPorts returns the ports of module name in src, in declaration order,
// reading both ANSI headers ("module m (input [7:0] A, ...)") and
// declarations in the body ("input [7:0] A;"). found is false when src
// declares no module of that name.
func scanPorts(src []byte, name string) (ports []Port, found bool, err error) {
	if len(src) > maxPortScan {
		return nil, false, fmt.Errorf("evoapprox: file larger than %d bytes, ports not read", maxPortScan)
	}
	var toks []token // the tokens of the port declarations only
	state := 0       // 0: looking for "module", 1: after "module", 2: inside the module
	inDecl, depth := false, 0
	tokens(src, func(b []byte, line int) bool {
		switch state {
		case 0:
			if string(b) == "module" {
				state = 1
			}
		case 1:
			if string(b) == name {
				state = 2
			} else {
				state = 0
			}
		case 2:
			switch string(b) {
			case "endmodule":
				return false
			case "input", "output", "inout":
				inDecl = true
			}
			if !inDecl {
				return true
			}
			toks = append(toks, token{string(b), line})
			switch string(b) {
			case "[":
				depth++
			case "]":
				depth--
			case ";", ")":
				if depth <= 0 {
					inDecl, depth = false, 0
				}
			}
		}
		return true
	})
	if state != 2 {
		return nil, false, nil
	}
	for i := 0; i < len(toks); i++ {
		dir := toks[i].text
		if dir != "input" && dir != "output" && dir != "inout" {
			continue
		}
		line := toks[i].line
		i++
		for i < len(toks) && (toks[i].text == "wire" || toks[i].text == "reg" || toks[i].text == "signed" || toks[i].text == "logic") {
			i++
		}
		bits := 1
		if i < len(toks) && toks[i].text == "[" {
			msb, j, err1 := constExpr(toks, i+1)
			if err1 == nil && (j >= len(toks) || toks[j].text != ":") {
				err1 = fmt.Errorf("want ':'")
			}
			var lsb int64
			var err2 error
			if err1 == nil {
				lsb, j, err2 = constExpr(toks, j+1)
				if err2 == nil && (j >= len(toks) || toks[j].text != "]") {
					err2 = fmt.Errorf("want ']'")
				}
			}
			if err := errors.Join(err1, err2); err != nil {
				return ports, true, fmt.Errorf("evoapprox: line %d: range of %s declaration: %w", line, dir, err)
			}
			w := msb - lsb
			if w < 0 {
				w = -w
			}
			if w >= 1<<20 {
				return ports, true, fmt.Errorf("evoapprox: line %d: range of %s declaration too wide", line, dir)
			}
			bits = int(w) + 1
			i = j + 1
		}
		for i < len(toks) {
			t := toks[i].text
			if t == "input" || t == "output" || t == "inout" {
				i-- // the outer loop sees the next declaration
				break
			}
			if t == ";" || t == ")" {
				break
			}
			if t != "," {
				ports = append(ports, Port{Name: t, Output: dir == "output", Bits: bits, Line: line})
			}
			i++
		}
	}
	return ports, true, nil
}

// constExpr evaluates a constant integer expression of decimal numbers, + - *
// and parentheses starting at toks[i], as found in ranges like [2*12-1:0].
// It returns the value and the index of the first token after it.
func constExpr(toks []token, i int) (int64, int, error) {
	p := exprParser{toks: toks, i: i}
	v := p.sum(0)
	return v, p.i, p.err
}

type exprParser struct {
	toks []token
	i    int
	err  error
}

const maxExprValue = 1 << 30
const maxExprDepth = 32

func (p *exprParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i].text
	}
	return ""
}

func (p *exprParser) sum(depth int) int64 {
	v := p.product(depth)
	for p.err == nil && (p.peek() == "+" || p.peek() == "-") {
		op := p.peek()
		p.i++
		w := p.product(depth)
		if op == "+" {
			v += w
		} else {
			v -= w
		}
		p.check(v)
	}
	return v
}

func (p *exprParser) product(depth int) int64 {
	v := p.unary(depth)
	for p.err == nil && p.peek() == "*" {
		p.i++
		v *= p.unary(depth)
		p.check(v)
	}
	return v
}

func (p *exprParser) unary(depth int) int64 {
	if p.err != nil {
		return 0
	}
	if depth > maxExprDepth {
		p.err = fmt.Errorf("expression nested too deeply")
		return 0
	}
	t := p.peek()
	switch {
	case t == "-":
		p.i++
		return -p.unary(depth + 1)
	case t == "(":
		p.i++
		v := p.sum(depth + 1)
		if p.err == nil && p.peek() != ")" {
			p.err = fmt.Errorf("want ')' at %q", p.peek())
		}
		p.i++
		return v
	case t != "" && isDigit(t[0]):
		p.i++
		v, err := strconv.ParseInt(t, 10, 64)
		if err != nil || v > maxExprValue {
			p.err = fmt.Errorf("number %q too large", t)
			return 0
		}
		return v
	}
	p.err = fmt.Errorf("unsupported token %q in constant expression", t)
	return 0
}

func (p *exprParser) check(v int64) {
	if p.err == nil && (v > maxExprValue || v < -maxExprValue) {
		p.err = fmt.Errorf("constant expression out of range")
	}
}

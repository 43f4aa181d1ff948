package liberty

import (
	"fmt"
	"strings"
)

// ExprOp is the operator of a Boolean function expression.
type ExprOp uint8

// The operators of an Expr.
const (
	OpVar    ExprOp = iota // a pin name in Expr.Name
	OpConst0               // logic 0
	OpConst1               // logic 1
	OpNot                  // 1 arg
	OpAnd                  // 2+ args
	OpOr                   // 2+ args
	OpXor                  // 2+ args
)

// String returns the operator's name, e.g. "and".
func (op ExprOp) String() string {
	switch op {
	case OpVar:
		return "var"
	case OpConst0:
		return "0"
	case OpConst1:
		return "1"
	case OpNot:
		return "not"
	case OpAnd:
		return "and"
	case OpOr:
		return "or"
	case OpXor:
		return "xor"
	}
	return fmt.Sprintf("ExprOp(%d)", uint8(op))
}

// Expr is a parsed Liberty `function` attribute.
//
// A variable has Op OpVar and the pin name in Name; constants have no Name
// and no Args; OpNot has exactly one argument; OpAnd, OpOr and OpXor have two
// or more, evaluated left to right (XOR of several arguments is their parity).
type Expr struct {
	Op   ExprOp
	Name string
	Args []*Expr
}

// Limits of ParseFunction against hostile input.
const (
	maxFunctionLen   = 1 << 16 // bytes of one function string
	maxFunctionDepth = 256     // nesting of parentheses and prefix NOTs
)

// ParseFunction parses a Liberty Boolean function such as "(!((A B)+C))".
//
// Syntax (Liberty reference manual, "function" attribute): pin names;
// constants 0 and 1; parentheses; prefix ! and postfix ' for NOT; ^ for XOR;
// & or * or plain juxtaposition (whitespace or adjacency, as in "A B" or
// "A(B+C)") for AND; | or + for OR. Precedence, highest first: NOT, XOR, AND,
// OR; binary operators associate left to right. Pin names are runs of
// letters, digits and the characters _ . [ ] that do not start with a
// digit; bus bits such as A[3] are one name. The string may be wrapped in
// double quotes. Errors are *FunctionError values naming the 1-based byte
// column of the problem.
func ParseFunction(s string) (*Expr, error) {
	if len(s) > maxFunctionLen {
		return nil, &FunctionError{Col: 1, Msg: fmt.Sprintf("function too long (%d bytes, limit %d)", len(s), maxFunctionLen)}
	}
	off := 0
	if t := strings.TrimSpace(s); len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
		off = strings.Index(s, `"`) + 1
		s = s[off : off+len(t)-2]
	}
	p := &fnParser{src: s, off: off}
	p.next()
	e, err := p.parseOr(0)
	if err != nil {
		return nil, err
	}
	if p.tok != tEOF {
		return nil, p.errf("unexpected %s", p.describe())
	}
	return e, nil
}

type fnTok uint8

const (
	tEOF fnTok = iota
	tName
	tConst0
	tConst1
	tNot   // !
	tPrime // '
	tAnd   // & *
	tOr    // | +
	tXor   // ^
	tLParen
	tRParen
	tBad
)

type fnParser struct {
	src   string
	off   int // column offset of src inside the caller's string
	pos   int // byte offset of the current token
	end   int // byte offset after the current token
	tok   fnTok
	text  string
	space bool // whitespace preceded the current token
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '.' || c == '[' || c == ']'
}

func (p *fnParser) next() {
	i := p.end
	p.space = false
	for i < len(p.src) && (p.src[i] == ' ' || p.src[i] == '\t' || p.src[i] == '\n' || p.src[i] == '\r') {
		i++
		p.space = true
	}
	p.pos = i
	if i >= len(p.src) {
		p.tok, p.end, p.text = tEOF, i, ""
		return
	}
	c := p.src[i]
	p.end = i + 1
	p.text = p.src[i : i+1]
	switch c {
	case '!':
		p.tok = tNot
	case '\'':
		p.tok = tPrime
	case '&', '*':
		p.tok = tAnd
	case '|', '+':
		p.tok = tOr
	case '^':
		p.tok = tXor
	case '(':
		p.tok = tLParen
	case ')':
		p.tok = tRParen
	default:
		if !isNameByte(c) {
			p.tok = tBad
			return
		}
		j := i
		for j < len(p.src) && isNameByte(p.src[j]) {
			j++
		}
		p.end = j
		p.text = p.src[i:j]
		switch {
		case p.text == "0":
			p.tok = tConst0
		case p.text == "1":
			p.tok = tConst1
		case c >= '0' && c <= '9':
			p.tok = tBad
		default:
			p.tok = tName
		}
	}
}

func (p *fnParser) describe() string {
	switch p.tok {
	case tEOF:
		return "end of function"
	case tBad:
		if len(p.text) == 1 {
			return fmt.Sprintf("character %q", p.text)
		}
		return fmt.Sprintf("token %q", p.text)
	}
	return fmt.Sprintf("%q", p.text)
}

func (p *fnParser) errf(format string, args ...any) error {
	return &FunctionError{Col: p.off + p.pos + 1, Msg: fmt.Sprintf(format, args...)}
}

// FunctionError is the error ParseFunction returns: a message and the 1-based
// byte column of the function string where the problem is.
type FunctionError struct {
	Col int
	Msg string
}

// Error formats the error as "col N: msg".
func (e *FunctionError) Error() string { return fmt.Sprintf("col %d: %s", e.Col, e.Msg) }

// startsOperand reports whether the current token can begin an operand, which
// makes it an implicit AND after a complete operand.
func (p *fnParser) startsOperand() bool {
	switch p.tok {
	case tName, tConst0, tConst1, tNot, tLParen:
		return true
	}
	return false
}

func (p *fnParser) parseOr(depth int) (*Expr, error) {
	x, err := p.parseAnd(depth)
	if err != nil {
		return nil, err
	}
	if p.tok != tOr {
		return x, nil
	}
	e := &Expr{Op: OpOr, Args: []*Expr{x}}
	for p.tok == tOr {
		p.next()
		y, err := p.parseAnd(depth)
		if err != nil {
			return nil, err
		}
		e.Args = append(e.Args, y)
	}
	return e, nil
}

func (p *fnParser) parseAnd(depth int) (*Expr, error) {
	x, err := p.parseXor(depth)
	if err != nil {
		return nil, err
	}
	var e *Expr
	for p.tok == tAnd || p.startsOperand() {
		if p.tok == tAnd {
			p.next()
		}
		y, err := p.parseXor(depth)
		if err != nil {
			return nil, err
		}
		if e == nil {
			e = &Expr{Op: OpAnd, Args: []*Expr{x}}
		}
		e.Args = append(e.Args, y)
	}
	if e == nil {
		return x, nil
	}
	return e, nil
}

func (p *fnParser) parseXor(depth int) (*Expr, error) {
	x, err := p.parseUnary(depth)
	if err != nil {
		return nil, err
	}
	if p.tok != tXor {
		return x, nil
	}
	e := &Expr{Op: OpXor, Args: []*Expr{x}}
	for p.tok == tXor {
		p.next()
		y, err := p.parseUnary(depth)
		if err != nil {
			return nil, err
		}
		e.Args = append(e.Args, y)
	}
	return e, nil
}

func (p *fnParser) parseUnary(depth int) (*Expr, error) {
	if depth >= maxFunctionDepth {
		return nil, p.errf("function nested deeper than %d", maxFunctionDepth)
	}
	if p.tok == tNot {
		p.next()
		x, err := p.parseUnary(depth + 1)
		if err != nil {
			return nil, err
		}
		return &Expr{Op: OpNot, Args: []*Expr{x}}, nil
	}
	var x *Expr
	switch p.tok {
	case tName:
		x = &Expr{Op: OpVar, Name: p.text}
		p.next()
	case tConst0:
		x = &Expr{Op: OpConst0}
		p.next()
	case tConst1:
		x = &Expr{Op: OpConst1}
		p.next()
	case tLParen:
		p.next()
		var err error
		x, err = p.parseOr(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.tok != tRParen {
			return nil, p.errf("expected \")\", found %s", p.describe())
		}
		p.next()
	default:
		return nil, p.errf("expected pin name, 0, 1, \"!\" or \"(\", found %s", p.describe())
	}
	for p.tok == tPrime {
		depth++
		if depth >= maxFunctionDepth {
			return nil, p.errf("function nested deeper than %d", maxFunctionDepth)
		}
		x = &Expr{Op: OpNot, Args: []*Expr{x}}
		p.next()
	}
	return x, nil
}

// Eval evaluates the expression with pin values from value. A nil or
// malformed expression evaluates to false.
func (e *Expr) Eval(value func(pin string) bool) bool {
	if e == nil {
		return false
	}
	switch e.Op {
	case OpVar:
		return value(e.Name)
	case OpConst0:
		return false
	case OpConst1:
		return true
	case OpNot:
		if len(e.Args) != 1 {
			return false
		}
		return !e.Args[0].Eval(value)
	case OpAnd:
		for _, a := range e.Args {
			if !a.Eval(value) {
				return false
			}
		}
		return len(e.Args) > 0
	case OpOr:
		for _, a := range e.Args {
			if a.Eval(value) {
				return true
			}
		}
		return false
	case OpXor:
		v := false
		for _, a := range e.Args {
			v = v != a.Eval(value)
		}
		return v
	}
	return false
}

// Vars returns the distinct pin names of the expression in order of first
// appearance, left to right.
func (e *Expr) Vars() []string {
	var names []string
	seen := map[string]bool{}
	var walk func(*Expr)
	walk = func(x *Expr) {
		if x == nil {
			return
		}
		if x.Op == OpVar {
			if !seen[x.Name] {
				seen[x.Name] = true
				names = append(names, x.Name)
			}
			return
		}
		for _, a := range x.Args {
			walk(a)
		}
	}
	walk(e)
	return names
}

// prec returns the binding strength of an operator: higher binds tighter.
func prec(op ExprOp) int {
	switch op {
	case OpOr:
		return 1
	case OpAnd:
		return 2
	case OpXor:
		return 3
	}
	return 4 // NOT, variables, constants
}

// String formats the expression in Liberty syntax with explicit operators
// (! & | ^), the parentheses precedence requires, and parentheses around
// nested operands of the same operator and around XOR operands, e.g.
// "!(A & B | C)" or "(A ^ B) & C". ParseFunction of the result yields a
// structurally equal expression for any expression ParseFunction produced,
// except that the added parentheses can push an expression nested close to
// ParseFunction's depth limit (256) over it.
func (e *Expr) String() string {
	var b strings.Builder
	e.format(&b)
	return b.String()
}

func (e *Expr) format(b *strings.Builder) {
	if e == nil {
		b.WriteString("<nil>")
		return
	}
	switch e.Op {
	case OpVar:
		b.WriteString(e.Name)
	case OpConst0:
		b.WriteString("0")
	case OpConst1:
		b.WriteString("1")
	case OpNot:
		b.WriteString("!")
		if len(e.Args) != 1 {
			b.WriteString("<bad>")
			return
		}
		e.Args[0].formatChild(b, prec(OpNot))
	case OpAnd, OpOr, OpXor:
		sep := map[ExprOp]string{OpAnd: " & ", OpOr: " | ", OpXor: " ^ "}[e.Op]
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(sep)
			}
			// An operand with the same operator is parenthesized so that
			// the tree shape survives a round trip (the parser flattens
			// chains such as "A & B & C" into one node). XOR operands of
			// AND and OR are parenthesized too, although Liberty binds XOR
			// tighter, because many readers expect C-like precedence.
			need := prec(e.Op) + 1
			if a != nil && a.Op == OpXor {
				need = prec(OpXor) + 1
			}
			a.formatChild(b, need)
		}
	default:
		fmt.Fprintf(b, "<%s>", e.Op)
	}
}

func (e *Expr) formatChild(b *strings.Builder, need int) {
	if e != nil && prec(e.Op) < need {
		b.WriteString("(")
		e.format(b)
		b.WriteString(")")
		return
	}
	e.format(b)
}

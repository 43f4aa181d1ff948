package verilog

import (
	"fmt"
	"go/token"
	"math/big"
	"math/bits"
	"path/filepath"
	"strconv"
	"strings"
)

// Limits against hostile input.
const (
	// MaxSourceSize is the largest source file accepted, in bytes.
	MaxSourceSize = 256 << 20
	// maxExprDepth bounds the nesting of expressions (parentheses, unary
	// operators, concatenations, conditionals).
	maxExprDepth = 256
	// maxLiteralBits bounds the size of a sized literal.
	maxLiteralBits = 1 << 16
)

type parser struct {
	file *token.File
	sc   Scanner
	errs ErrorList

	pos token.Pos
	tok Token
	lit string

	inFunction bool // parsing a function body (return is allowed)

	// Nodes are allocated from chunks (the AST lives as long as its
	// parts), numbers' values and their one-word magnitudes too.
	names   slab[Name]
	idents  slab[Ident]
	indexes slab[Index]
	numbers slab[Number]
	conns   slab[Conn]
	decls   slab[Decl]
	assigns slab[Assign]
	insts   slab[Instance]
	// Chunks that short Names, Inits and port lists start in.
	identPtrs []*Ident
	exprs     []Expr
	ints      slab[big.Int]
	words     []big.Word
	// smallVals shares the values of plain decimal numbers below 4096
	// (indexes, mostly) among their Number nodes; nothing modifies a
	// Number's Value after parsing.
	smallVals []*big.Int
	// connBuf collects an instance's connections, which then get a
	// slice of connChunk of their exact length.
	connBuf   []*Conn
	connChunk []*Conn
	// litTexts shares the texts of sized literals (joinText).
	litTexts map[[2]string]string

	pre  preState // preprocessor (preproc.go)
	fset *token.FileSet

	noImplicit bool // `default_nettype none in effect
	depth      int
	bailed     bool
	errLines   map[int]bool // lines with errors, for the bail-out
}

// slab hands out pointers to elements of chunks of 64 T. It remembers its
// chunks so that reset can hand them out again (Reader).
type slab[T any] struct {
	free   []T
	chunks [][]T
	used   int // chunks handed out since the last reset
}

func (s *slab[T]) new() *T {
	if len(s.free) == 0 {
		if s.used < len(s.chunks) {
			s.free = s.chunks[s.used] // zeroed by reset
		} else {
			s.free = make([]T, 64)
			s.chunks = append(s.chunks, s.free)
		}
		s.used++
	}
	x := &s.free[0]
	s.free = s.free[1:]
	return x
}

// reset zeroes the chunks handed out and makes them available again:
// nothing may use their elements after. Zeroing here rather than on reuse
// keeps unused chunks from holding on to an older file's nodes (and, through
// their strings, its source text).
func (s *slab[T]) reset() {
	for _, c := range s.chunks[:s.used] {
		clear(c)
	}
	s.free, s.used = nil, 0
}

// smallInt returns a big.Int of value u whose magnitude lives in a chunk
// shared with other numbers (SetBits keeps the slice; capacity 1 makes
// any later growth reallocate instead of overwriting a neighbour).
func (p *parser) smallInt(u uint64) *big.Int {
	z := p.ints.new()
	if u == 0 || bits.UintSize != 64 {
		return z.SetUint64(u)
	}
	if len(p.words) == 0 {
		p.words = make([]big.Word, 256)
	}
	w := p.words[:1:1]
	p.words = p.words[1:]
	w[0] = big.Word(u)
	return z.SetBits(w)
}

// carve returns an empty slice with capacity n from *chunk (appending up
// to n elements fills the chunk's slots; more reallocates as usual).
func carve[T any](chunk *[]T, n int) []T {
	if len(*chunk) < n {
		*chunk = make([]T, 256)
	}
	s := (*chunk)[:0:n]
	*chunk = (*chunk)[n:]
	return s
}

// newDecl returns a declaration whose Names and Inits have room for two.
func (p *parser) newDecl(pos token.Pos, k DeclKind) *Decl {
	d := p.decls.new()
	d.Pos, d.Kind = pos, k
	d.Names = carve(&p.identPtrs, 2)
	d.Inits = carve(&p.exprs, 2)
	return d
}

// sharedInt returns a big.Int of value u that may be shared with other
// Number nodes of the file.
func (p *parser) sharedInt(u uint64) *big.Int {
	if u >= 4096 {
		return p.smallInt(u)
	}
	if int(u) >= len(p.smallVals) {
		p.smallVals = append(p.smallVals, make([]*big.Int, int(u)+1-len(p.smallVals))...)
	}
	if p.smallVals[u] == nil {
		p.smallVals[u] = p.smallInt(u)
	}
	return p.smallVals[u]
}

// joinText returns size + lit, the text of a sized literal; Yosys's
// netlists repeat a few of them (32'd1) in every cell, so they are shared.
func (p *parser) joinText(size, lit string) string {
	if size == "" {
		return lit
	}
	k := [2]string{size, lit}
	if t, ok := p.litTexts[k]; ok {
		return t
	}
	t := size + lit
	if len(p.litTexts) < 1024 {
		if p.litTexts == nil {
			p.litTexts = map[[2]string]string{}
		}
		p.litTexts[k] = t
	}
	return t
}

// ParseSource parses Verilog source into modules without elaborating them.
// It returns the modules parsed so far and an ErrorList of syntax errors.
func ParseSource(fset *token.FileSet, filename string, src []byte) (*SourceFile, error) {
	if len(src) > MaxSourceSize {
		var l ErrorList
		l.Add(token.Position{Filename: filename}, fmt.Sprintf("file too large (%d bytes, limit %d)", len(src), MaxSourceSize))
		return &SourceFile{Name: filename}, l
	}
	return parseSource(fset, filename, src, &parser{})
}

// parseSource is ParseSource with the node chunks of p, which must be new
// or reused by a Reader once nothing refers to its last AST.
func parseSource(fset *token.FileSet, filename string, src []byte, p *parser) (*SourceFile, error) {
	if len(src) > MaxSourceSize {
		var l ErrorList
		l.Add(token.Position{Filename: filename}, fmt.Sprintf("file too large (%d bytes, limit %d)", len(src), MaxSourceSize))
		return &SourceFile{Name: filename}, l
	}
	p.file = fset.AddFile(filename, -1, len(src))
	p.fset = fset
	p.pre.fset = fset
	p.pre.curDir = filepath.Dir(filename)
	p.sc.Init(p.file, src, func(pos token.Position, msg string) { p.errorAt(pos, msg) })
	p.predefine()
	p.next()
	f := p.parseFile(filename)
	p.errs.RemoveMultiples()
	return f, p.errs.Err()
}

// recycle returns a parser for the next file that reuses the node chunks
// of p (whose AST nobody uses any more) and its shared small values
// (never modified, see smallVals); everything else starts afresh (the
// chunks of big.Int values are not reset: smallVals points into them).
func (p *parser) recycle() *parser {
	q := &parser{
		names: p.names, idents: p.idents, indexes: p.indexes, numbers: p.numbers,
		conns: p.conns, decls: p.decls, assigns: p.assigns, insts: p.insts,
		smallVals: p.smallVals,
	}
	q.names.reset()
	q.idents.reset()
	q.indexes.reset()
	q.numbers.reset()
	q.conns.reset()
	q.decls.reset()
	q.assigns.reset()
	q.insts.reset()
	return q
}

func (p *parser) errorAt(pos token.Position, msg string) {
	if p.bailed {
		return
	}
	p.errs.Add(pos, msg)
	if p.errLines == nil {
		p.errLines = map[int]bool{}
	}
	p.errLines[pos.Line] = true
	if len(p.errLines) >= MaxErrors || len(p.errs) >= 10*MaxErrors {
		p.bailed = true
	}
}

func (p *parser) error(pos token.Pos, msg string) {
	if p.fset != nil {
		// Tokens may come from included files.
		p.errorAt(p.fset.Position(pos), msg)
		return
	}
	p.errorAt(p.file.Position(pos), msg)
}

func (p *parser) errorf(pos token.Pos, format string, args ...any) {
	p.error(pos, fmt.Sprintf(format, args...))
}

func (p *parser) next() {
	if p.bailed {
		p.tok, p.lit = EOF, ""
		return
	}
	p.pos, p.tok, p.lit = p.scan()
	if p.bailed {
		p.tok, p.lit = EOF, ""
	}
}

// describe names the current token for messages.
func (p *parser) describe() string {
	switch p.tok {
	case EOF:
		return "end of file"
	case IDENT:
		return "identifier " + p.lit
	case NUMBER, BASED:
		return "number " + p.lit
	case SYSIDENT:
		return p.lit
	case STRING:
		return "string " + p.lit
	case DIRECTIVE:
		return "directive " + p.lit
	case ILLEGAL:
		return fmt.Sprintf("%q", p.lit)
	}
	if p.tok.IsKeyword() {
		return "keyword " + p.tok.String()
	}
	return "'" + p.tok.String() + "'"
}

func (p *parser) errorExpected(what string) {
	p.errorf(p.pos, "expected %s, found %s", what, p.describe())
}

// expect consumes tok or reports an error; it returns the position.
func (p *parser) expect(tok Token) (token.Pos, bool) {
	pos := p.pos
	if p.tok != tok {
		p.errorExpected("'" + tok.String() + "'")
		return pos, false
	}
	p.next()
	return pos, true
}

func (p *parser) got(tok Token) bool {
	if p.tok == tok {
		p.next()
		return true
	}
	return false
}

// syncItem skips to just after the next ';' or to the next endmodule/module.
func (p *parser) syncItem() {
	for {
		switch p.tok {
		case EOF, ENDMODULE, MODULE:
			return
		case SEMI:
			p.next()
			return
		}
		p.next()
	}
}

func (p *parser) directive() {
	text := strings.Fields(strings.TrimPrefix(p.lit, "`"))
	pos := p.pos
	p.next()
	if len(text) == 0 {
		p.error(pos, "empty compiler directive")
		return
	}
	switch text[0] {
	case "timescale", "celldefine", "endcelldefine", "resetall", "nounconnected_drive", "unconnected_drive":
		// No effect on combinational structure.
		if text[0] == "resetall" {
			p.noImplicit = false
		}
	case "default_nettype":
		if len(text) < 2 {
			p.error(pos, "`default_nettype needs a net type")
			return
		}
		switch text[1] {
		case "none":
			p.noImplicit = true
		case "wire", "tri":
			p.noImplicit = false
		default:
			p.errorf(pos, "unsupported `default_nettype %s", text[1])
		}
	default:
		p.errorf(pos, "unsupported compiler directive `%s", text[0])
	}
}

func (p *parser) parseFile(name string) *SourceFile {
	f := &SourceFile{Name: name}
	for p.tok != EOF {
		switch p.tok {
		case DIRECTIVE:
			p.directive()
		case MODULE:
			if m := p.parseModule(); m != nil {
				f.Modules = append(f.Modules, m)
			}
		default:
			p.errorf(p.pos, "expected module, found %s", p.describe())
			// Skip to the next module.
			for p.tok != EOF && p.tok != MODULE && p.tok != DIRECTIVE {
				p.next()
			}
		}
	}
	return f
}

func (p *parser) parseIdent() *Ident {
	id := p.idents.new()
	id.Pos, id.Name = p.pos, p.lit
	if p.tok != IDENT {
		p.errorExpected("identifier")
		id.Name = "_"
		return id
	}
	p.next()
	return id
}

func (p *parser) parseModule() *Module {
	p.expect(MODULE)
	m := &Module{Pos: p.pos, NoImplicitNets: p.noImplicit}
	if p.tok != IDENT {
		p.errorExpected("module name")
		for p.tok != EOF && p.tok != ENDMODULE && p.tok != MODULE {
			p.next()
		}
		p.got(ENDMODULE)
		return nil
	}
	m.Name = p.lit
	p.next()
	if p.tok == HASH {
		p.next()
		p.expect(LPAREN)
		for p.tok != RPAREN && p.tok != EOF && p.tok != SEMI {
			local := false
			if p.tok == PARAMETER || p.tok == LOCALPARAM {
				local = p.tok == LOCALPARAM
				p.next()
			}
			for _, prm := range p.parseParamList(local, true) {
				m.Items = append(m.Items, prm)
			}
			if !p.got(COMMA) {
				break
			}
		}
		p.expect(RPAREN)
	}
	if p.got(LPAREN) {
		p.parsePortList(m)
		p.expect(RPAREN)
	}
	if _, ok := p.expect(SEMI); !ok {
		p.syncItem()
	}
	for p.tok != ENDMODULE && p.tok != EOF && p.tok != MODULE {
		p.parseItem(m)
	}
	if p.tok != ENDMODULE {
		p.errorf(p.pos, "missing endmodule for module %s", m.Name)
		return m
	}
	p.next()
	return m
}

func declKind(t Token) (DeclKind, bool) {
	switch t {
	case INPUT:
		return DeclInput, true
	case OUTPUT:
		return DeclOutput, true
	case INOUT:
		return DeclInout, true
	}
	return 0, false
}

func (p *parser) parsePortList(m *Module) {
	if p.tok == RPAREN {
		return
	}
	if _, ok := declKind(p.tok); ok {
		m.ANSI = true
		var cur *Decl
		for p.tok != EOF {
			if k, ok := declKind(p.tok); ok {
				cur = p.newDecl(p.pos, k)
				p.next()
				p.parseDeclType(cur)
				m.Items = append(m.Items, cur)
			} else if cur == nil {
				p.errorExpected("port direction")
				return
			}
			id := p.parseIdent()
			cur.Names = append(cur.Names, id)
			cur.Inits = append(cur.Inits, nil)
			m.Ports = append(m.Ports, id)
			if !p.got(COMMA) {
				return
			}
		}
		return
	}
	for p.tok != EOF {
		if p.tok == PERIOD || p.tok == LBRACE {
			p.errorf(p.pos, "port expressions in the module header are not supported")
			for p.tok != RPAREN && p.tok != EOF && p.tok != SEMI {
				p.next()
			}
			return
		}
		m.Ports = append(m.Ports, p.parseIdent())
		if !p.got(COMMA) {
			return
		}
	}
}

// parseDeclType parses [wire|tri] [signed] [range] after a direction.
func (p *parser) parseDeclType(d *Decl) {
	switch p.tok {
	case WIRE, TRI:
		d.Net = true
		p.next()
	case REG, LOGIC, BIT, INTEGER, INT:
		p.parseVarType(d)
		return
	}
	if p.tok == LOGIC {
		p.next() // input wire logic
	}
	if p.got(SIGNED) {
		d.Signed = true
	}
	p.parsePackedRanges(d)
}

func (p *parser) parseRange() *Range {
	r := &Range{Pos: p.pos}
	p.expect(LBRACK)
	r.MSB = p.parseExpr()
	p.expect(COLON)
	r.LSB = p.parseExpr()
	p.expect(RBRACK)
	return r
}

func (p *parser) parseItem(m *Module) {
	switch p.tok {
	case DIRECTIVE:
		p.directive()
		return
	case SEMI:
		p.next()
		return
	case INPUT, OUTPUT, INOUT:
		if m.ANSI {
			p.errorf(p.pos, "port %s declared in the body of a module with an ANSI port list", p.tok)
		}
		k, _ := declKind(p.tok)
		d := p.newDecl(p.pos, k)
		p.next()
		p.parseDeclType(d)
		p.parseDeclNames(d, false)
		m.Items = append(m.Items, d)
	case WIRE, TRI, SUPPLY0, SUPPLY1:
		d := p.newDecl(p.pos, DeclWire)
		d.Net = true
		switch p.tok {
		case SUPPLY0:
			d.Kind = DeclSupply0
		case SUPPLY1:
			d.Kind = DeclSupply1
		}
		p.next()
		if p.tok == LOGIC {
			p.next() // wire logic
		}
		if p.got(SIGNED) {
			d.Signed = true
		}
		p.parsePackedRanges(d)
		p.parseDeclNames(d, d.Kind == DeclWire)
		m.Items = append(m.Items, d)
	case PARAMETER, LOCALPARAM:
		local := p.tok == LOCALPARAM
		p.next()
		for _, prm := range p.parseParamList(local, false) {
			m.Items = append(m.Items, prm)
		}
		p.expectSemi()
	case ASSIGN:
		p.next()
		p.skipDelay()
		for {
			a := p.assigns.new()
			a.Pos = p.pos
			a.LHS = p.parseExpr()
			p.expect(ASSIGNOP)
			a.RHS = p.parseExpr()
			m.Items = append(m.Items, a)
			if !p.got(COMMA) {
				break
			}
		}
		p.expectSemi()
	case IDENT:
		p.parseInstances(m, ILLEGAL)
	default:
		if p.parseBehavItem(m) {
			return
		}
		if p.tok.isPrimitive() {
			p.parseInstances(m, p.tok)
			return
		}
		p.errorf(p.pos, "expected module item, found %s", p.describe())
		p.next()
		p.syncItem()
	}
}

func (p *parser) expectSemi() {
	if _, ok := p.expect(SEMI); !ok {
		p.syncItem()
	}
}

// skipDelay skips a delay #n or #(expr), which has no meaning here.
func (p *parser) skipDelay() {
	if p.tok != HASH {
		return
	}
	p.next()
	if p.tok == LPAREN {
		p.next()
		p.parseExpr()
		for p.got(COMMA) || p.got(COLON) {
			p.parseExpr()
		}
		p.expect(RPAREN)
		return
	}
	p.parsePrimary()
}

func (p *parser) parseDeclNames(d *Decl, inits bool) {
	for {
		d.Names = append(d.Names, p.parseIdent())
		if p.tok == LBRACK {
			for len(d.Dims) < len(d.Names)-1 {
				d.Dims = append(d.Dims, nil)
			}
			d.Dims = append(d.Dims, p.parseUnpacked())
		}
		var init Expr
		if p.tok == ASSIGNOP {
			if !inits {
				p.errorf(p.pos, "initial value not allowed in a port declaration")
			}
			p.next()
			init = p.parseExpr()
		}
		d.Inits = append(d.Inits, init)
		if !p.got(COMMA) {
			break
		}
		// ANSI-style lists in the body ("input a, output b") are not Verilog.
	}
	p.expectSemi()
}

// parseParamList parses [signed] [range] name = expr {, name = expr}. In a
// header list (#(...)), a comma followed by parameter/localparam ends it.
func (p *parser) parseParamList(local, header bool) []*Param {
	var signed bool
	var rng *Range
	bitType := false // logic, bit or reg: one bit unless a range follows
	switch p.tok {
	case INTEGER, INT:
		p.next()
		signed = true
	case LOGIC, BIT, REG:
		p.next()
		bitType = true
	}
	if p.got(SIGNED) {
		signed = true
	}
	if p.tok == LBRACK {
		rng = p.parseRange()
	} else if bitType {
		zero := &Number{At: p.pos, Width: 32, Signed: true, Value: new(big.Int), Text: "0"}
		rng = &Range{Pos: p.pos, MSB: zero, LSB: zero}
	}
	var ps []*Param
	for {
		prm := &Param{Pos: p.pos, Local: local, Signed: signed, Range: rng}
		prm.Name = p.parseIdent()
		p.expect(ASSIGNOP)
		prm.Value = p.parseExpr()
		ps = append(ps, prm)
		if p.tok != COMMA {
			return ps
		}
		if header {
			// In #(...), a comma may separate parameters of the same
			// declaration or start a new one; the caller handles the comma.
			return ps
		}
		p.next()
	}
}

func (p *parser) parseInstances(m *Module, prim Token) {
	modPos, modName := p.pos, p.lit
	p.next()
	var params []*Conn
	if p.tok == HASH {
		if prim != ILLEGAL {
			p.skipDelay()
		} else {
			p.next()
			if _, ok := p.expect(LPAREN); ok {
				params = p.parseConns()
				p.expect(RPAREN)
			}
		}
	}
	for {
		inst := p.insts.new()
		*inst = Instance{Pos: modPos, Module: modName, Primitive: prim, Params: params}
		if p.tok == IDENT {
			inst.Name = p.parseIdent()
			if p.tok == LBRACK {
				inst.Array = p.parseRange()
			}
		} else if prim == ILLEGAL {
			p.errorExpected("instance name")
			p.syncItem()
			return
		}
		if _, ok := p.expect(LPAREN); !ok {
			p.syncItem()
			return
		}
		inst.Conns = p.parseConns()
		p.expect(RPAREN)
		m.Items = append(m.Items, inst)
		if !p.got(COMMA) {
			break
		}
	}
	p.expectSemi()
}

func (p *parser) parseConns() []*Conn {
	if p.tok == RPAREN {
		return nil
	}
	base := len(p.connBuf) // connections of enclosing lists stay below
	defer func() { p.connBuf = p.connBuf[:base] }()
	cs := p.connBuf
	for p.tok != EOF {
		c := p.conns.new()
		c.Pos = p.pos
		if p.tok == PERIOD {
			p.next()
			if p.tok == MUL {
				p.errorf(p.pos, "implicit .* connections are not supported")
				p.next()
			} else {
				c.Name = p.parseIdent().Name
				if _, ok := p.expect(LPAREN); ok {
					if p.tok != RPAREN {
						c.Expr = p.parseExpr()
					}
					p.expect(RPAREN)
				}
			}
		} else if p.tok != COMMA && p.tok != RPAREN {
			c.Expr = p.parseExpr()
		}
		cs = append(cs, c)
		if !p.got(COMMA) {
			break
		}
	}
	p.connBuf = cs
	n := len(cs) - base
	if n == 0 {
		return nil
	}
	if len(p.connChunk) < n {
		p.connChunk = make([]*Conn, max(256, n))
	}
	out := p.connChunk[:n:n]
	p.connChunk = p.connChunk[n:]
	copy(out, cs[base:])
	return out
}

// Binary operator precedences, higher binds tighter; 0 = not binary.
func binaryPrec(t Token) int {
	switch t {
	case POW:
		return 11
	case MUL, DIV, MOD:
		return 10
	case ADD, SUB:
		return 9
	case SHL, SHR, ASHL, ASHR:
		return 8
	case LSS, LEQ, GTR, GEQ:
		return 7
	case EQL, NEQ, CEQ, CNE:
		return 6
	case AND:
		return 5
	case XOR, XNOR:
		return 4
	case OR:
		return 3
	case LAND:
		return 2
	case LOR:
		return 1
	}
	return 0
}

func (p *parser) enter() bool {
	p.depth++
	if p.depth > maxExprDepth {
		p.errorf(p.pos, "expression nested too deeply (limit %d)", maxExprDepth)
		p.bailed = true
		p.tok = EOF
		return false
	}
	return true
}

func (p *parser) leave() { p.depth-- }

func (p *parser) parseExpr() Expr {
	if !p.enter() {
		return &BadExpr{At: p.pos}
	}
	defer p.leave()
	c := p.parseBinary(1)
	if p.tok != QUEST {
		return c
	}
	q := p.pos
	p.next()
	t := p.parseExpr()
	p.expect(COLON)
	f := p.parseExpr()
	return &Cond{C: c, Quest: q, T: t, F: f}
}

func (p *parser) parseBinary(minPrec int) Expr {
	x := p.parseUnary()
	for {
		prec := binaryPrec(p.tok)
		if prec < minPrec || prec == 0 {
			return x
		}
		op, opPos := p.tok, p.pos
		p.next()
		next := prec + 1
		if op == POW {
			next = prec // right associative
		}
		y := p.parseBinary(next)
		x = &Binary{X: x, OpPos: opPos, Op: op, Y: y}
	}
}

func (p *parser) parseUnary() Expr {
	switch p.tok {
	case ADD, SUB, NOT, TILDE, AND, NAND, OR, NOR, XOR, XNOR:
		if !p.enter() {
			return &BadExpr{At: p.pos}
		}
		defer p.leave()
		op, pos := p.tok, p.pos
		p.next()
		x := p.parseUnary()
		return &Unary{OpPos: pos, Op: op, X: x}
	}
	return p.parsePrimary()
}

func (p *parser) parsePrimary() Expr {
	pos := p.pos
	var x Expr
	switch p.tok {
	case BASED:
		if p.lit == "'0" || p.lit == "'1" {
			x = &Fill{At: pos, One: p.lit == "'1"}
			p.next()
			break
		}
		x = p.parseNumber()
	case NUMBER:
		x = p.parseNumber()
	case IDENT:
		nm := p.names.new()
		nm.At, nm.Name = pos, p.lit
		x = nm
		p.next()
		if p.tok == LPAREN {
			x = p.parseFuncCall(nm)
		}
	case SYSIDENT:
		name := p.lit
		p.next()
		call := &Call{At: pos, Name: name}
		if _, ok := p.expect(LPAREN); ok {
			for p.tok != RPAREN && p.tok != EOF {
				call.Args = append(call.Args, p.parseExpr())
				if !p.got(COMMA) {
					break
				}
			}
			p.expect(RPAREN)
		}
		x = call
	case LPAREN:
		p.next()
		x = p.parseExpr()
		p.expect(RPAREN)
	case LBRACE:
		x = p.parseConcat()
	default:
		p.errorExpected("expression")
		if p.tok != SEMI && p.tok != ENDMODULE && p.tok != RPAREN && p.tok != EOF {
			p.next()
		}
		return &BadExpr{At: pos}
	}
	for p.tok == LBRACK || p.tok == PERIOD && hierBase(x) {
		if p.tok == PERIOD {
			// blk[2].t: a name inside a generate block.
			dot := p.pos
			p.next()
			x = &HierRef{X: x, Dot: dot, Field: p.parseIdent().Name}
			continue
		}
		lb := p.pos
		p.next()
		a := p.parseExpr()
		switch p.tok {
		case COLON, PLUSCOL, MINUSCOL:
			mode := p.tok
			p.next()
			b := p.parseExpr()
			p.expect(RBRACK)
			x = &Slice{X: x, Mode: mode, A: a, B: b, LBrack: lb}
		default:
			p.expect(RBRACK)
			ix := p.indexes.new()
			ix.X, ix.Index, ix.LBrack = x, a, lb
			x = ix
		}
	}
	return x
}

func (p *parser) parseConcat() Expr {
	if !p.enter() {
		return &BadExpr{At: p.pos}
	}
	defer p.leave()
	lb := p.pos
	p.expect(LBRACE)
	first := p.parseExpr()
	if p.tok == LBRACE {
		// Replication {n{...}}.
		inner := p.parseConcat()
		p.expect(RBRACE)
		c, ok := inner.(*Concat)
		if !ok {
			return &BadExpr{At: lb}
		}
		return &Repl{LBrace: lb, Count: first, X: c}
	}
	c := &Concat{LBrace: lb, Parts: []Expr{first}}
	for p.got(COMMA) {
		c.Parts = append(c.Parts, p.parseExpr())
	}
	p.expect(RBRACE)
	return c
}

// parseNumber parses [size] 'base digits, or a plain decimal number.
func (p *parser) parseNumber() Expr {
	pos := p.pos
	n := p.numbers.new()
	n.At = pos
	text := p.lit
	sizeText := "" // the size as written, when given
	if p.tok == NUMBER {
		sizeText = text
		dec := strings.ReplaceAll(p.lit, "_", "")
		p.next()
		if p.tok != BASED {
			if u, err := strconv.ParseUint(dec, 10, 63); err == nil {
				n.Value, n.Signed, n.Text = p.sharedInt(u), true, text
				return n
			}
			v, ok := new(big.Int), true
			if len(dec) > maxLiteralBits/3 {
				p.errorf(pos, "number %.20s... too long", text)
			} else {
				_, ok = v.SetString(dec, 10)
			}
			if !ok {
				p.errorf(pos, "malformed number %s", text)
				v = new(big.Int)
			}
			n.Value, n.Signed, n.Text = v, true, text
			n.Width = 0
			return n
		}
		size, err := strconv.ParseUint(dec, 10, 32)
		if err != nil || size == 0 || size > maxLiteralBits {
			p.errorf(pos, "invalid literal size %s (1..%d)", text, maxLiteralBits)
			size = 32
		}
		n.Width = int(size)
	}
	// BASED: 's?[bodh]digits
	lit := p.lit
	text = p.joinText(sizeText, lit)
	n.Text = text
	p.next()
	lit = lit[1:]
	if lit[0] == 's' {
		n.Signed = true
		lit = lit[1:]
	}
	base := lit[0]
	digits := strings.ReplaceAll(lit[1:], "_", "")
	n.Value = p.ints.new()
	if digits == "" {
		p.errorf(pos, "based literal %s has no digits", text)
		return n
	}
	if strings.ContainsAny(digits, "xXzZ?") {
		var ok bool
		if digits, ok = p.unknownDigits(n, base, digits); !ok {
			p.errorf(pos, "malformed literal %s", text)
			return n
		}
	}
	b := 16
	switch base {
	case 'b':
		b = 2
	case 'o':
		b = 8
	case 'd':
		b = 10
	}
	if len(digits) > maxLiteralBits {
		p.errorf(pos, "literal %s too long", text)
		return n
	}
	if u, err := strconv.ParseUint(digits, b, 64); err == nil {
		n.Value = p.smallInt(u)
	} else if _, ok := n.Value.SetString(digits, b); !ok {
		p.errorf(pos, "malformed literal %s", text)
		n.Value.SetInt64(0)
		return n
	}
	if n.Width > 0 && n.Value.BitLen() > n.Width {
		// Verilog truncates the excess high bits.
		n.Value.And(n.Value, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(n.Width)), big.NewInt(1)))
	}
	if n.Width == 0 && n.Value.BitLen() > maxLiteralBits {
		p.errorf(pos, "literal %s too large", text)
		n.Value.SetInt64(0)
	}
	return n
}

package verilog

import (
	"go/token"
	"math/big"
	"strconv"
	"strings"
)

// maxStmtDepth bounds the nesting of statements and generate blocks.
const maxStmtDepth = 256

// seqError is the message for constructs of sequential logic.
const seqError = "sequential logic is not supported (combinational designs only)"

// isVarType reports whether t starts a variable declaration.
func isVarType(t Token) bool {
	switch t {
	case REG, LOGIC, BIT, INTEGER, INT:
		return true
	}
	return false
}

// parseVarType parses reg|logic|bit|integer|int [signed] [ranges] into d.
func (p *parser) parseVarType(d *Decl) {
	d.Var = true
	switch p.tok {
	case INTEGER, INT:
		d.Integer, d.Signed = true, true
		p.next()
		return
	case REG, LOGIC, BIT:
		p.next()
	}
	if p.got(SIGNED) {
		d.Signed = true
	} else if p.tok == IDENT && p.lit == "unsigned" {
		p.next()
	}
	p.parsePackedRanges(d)
}

// parsePackedRanges parses [a:b][c:d]... into d.Range and d.Packed.
func (p *parser) parsePackedRanges(d *Decl) {
	if p.tok != LBRACK {
		return
	}
	d.Range = p.parseRange()
	for p.tok == LBRACK {
		d.Packed = append(d.Packed, p.parseRange())
	}
}

// parseUnpacked parses the unpacked dimensions after a declared name:
// [0:7] or [8] (SystemVerilog: [0:7]).
func (p *parser) parseUnpacked() []*Range {
	var dims []*Range
	for p.tok == LBRACK {
		r := &Range{Pos: p.pos}
		p.next()
		r.MSB = p.parseExpr()
		if p.got(COLON) {
			r.LSB = p.parseExpr()
		} else {
			// [N] means [0:N-1].
			n := r.MSB
			r.MSB = &Number{At: n.Pos(), Value: big.NewInt(0), Signed: true, Text: "0"}
			r.LSB = &Binary{X: n, OpPos: n.Pos(), Op: SUB, Y: &Number{At: n.Pos(), Value: big.NewInt(1), Signed: true, Text: "1"}}
		}
		p.expect(RBRACK)
		dims = append(dims, r)
	}
	return dims
}

// parseVarDecl parses a module-level or block-level variable declaration.
func (p *parser) parseVarDecl() *Decl {
	d := p.newDecl(p.pos, DeclWire)
	p.parseVarType(d)
	p.parseDeclNames(d, true)
	return d
}

// stmtEnter guards statement nesting.
func (p *parser) stmtEnter() bool {
	p.depth++
	if p.depth > maxStmtDepth {
		p.errorf(p.pos, "statements nested too deeply (limit %d)", maxStmtDepth)
		p.bailed = true
		p.tok = EOF
		return false
	}
	return true
}

// parseBehavItem parses the behavioural module items; it reports false
// when the current token starts none.
func (p *parser) parseBehavItem(m *Module) bool {
	switch p.tok {
	case REG, LOGIC, BIT, INTEGER, INT:
		m.Items = append(m.Items, p.parseVarDecl())
	case ALWAYS, ALWAYSCOMB, ALWAYSFF, ALWAYSLATCH:
		if a := p.parseAlways(); a != nil {
			m.Items = append(m.Items, a)
		}
	case INITIAL:
		p.errorf(p.pos, "initial blocks are not supported: %s", seqError)
		p.next()
		p.parseStmt()
	case GENERATE:
		p.next()
		for p.tok != ENDGENERATE && p.tok != ENDMODULE && p.tok != EOF && p.tok != MODULE {
			pos := p.pos
			p.parseItem(m)
			p.progress(pos)
		}
		p.expect(ENDGENERATE)
	case ENDGENERATE:
		p.errorf(p.pos, "endgenerate without generate")
		p.next()
	case GENVAR:
		g := &Genvar{Pos: p.pos}
		p.next()
		for {
			g.Names = append(g.Names, p.parseIdent())
			if !p.got(COMMA) {
				break
			}
		}
		p.expectSemi()
		m.Items = append(m.Items, g)
	case FOR:
		if it := p.parseGenFor(m); it != nil {
			m.Items = append(m.Items, it)
		}
	case IF:
		if it := p.parseGenIf(m); it != nil {
			m.Items = append(m.Items, it)
		}
	case CASE:
		if it := p.parseGenCase(m); it != nil {
			m.Items = append(m.Items, it)
		}
	case BEGIN:
		pos := p.pos
		lbl, items := p.parseGenBody(m)
		m.Items = append(m.Items, &GenBlock{Pos: pos, Label: lbl, Items: items})
	case FUNCTION:
		if f := p.parseFunction(m); f != nil {
			m.Items = append(m.Items, f)
		}
	case TASK:
		p.errorf(p.pos, "task is not supported; skipping to endtask")
		for p.tok != ENDTASK && p.tok != ENDMODULE && p.tok != EOF {
			p.next()
		}
		p.got(ENDTASK)
	default:
		return false
	}
	return true
}

// parseAlways parses always @..., always_comb; sequential forms are
// reported.
func (p *parser) parseAlways() *Always {
	a := &Always{Pos: p.pos}
	switch p.tok {
	case ALWAYSFF:
		p.errorf(p.pos, "always_ff is not supported: %s", seqError)
		p.next()
		p.parseStmt()
		return nil
	case ALWAYSLATCH:
		p.errorf(p.pos, "always_latch is not supported: %s", seqError)
		p.next()
		p.parseStmt()
		return nil
	case ALWAYSCOMB:
		a.Comb, a.Star = true, true
		p.next()
		a.Body = p.parseStmt()
		return a
	}
	p.next()
	if p.tok != AT {
		p.errorf(a.Pos, "always without an event control @(...) is not supported: %s", seqError)
		p.parseStmt()
		return nil
	}
	p.next()
	seq := false
	switch p.tok {
	case MUL:
		a.Star = true
		p.next()
	case LPAREN:
		p.next()
		if p.tok == MUL {
			a.Star = true
			p.next()
			p.expect(RPAREN)
			break
		}
		for p.tok != RPAREN && p.tok != EOF && p.tok != SEMI && p.tok != ENDMODULE && p.tok != MODULE {
			pos := p.pos
			switch p.tok {
			case POSEDGE, NEGEDGE:
				if !seq {
					p.errorf(p.pos, "edge-triggered always @(%s ...) is not supported: %s", p.tok, seqError)
				}
				seq = true
				p.next()
				continue
			case POR, COMMA:
				p.next()
				continue
			}
			x := p.parseExpr()
			if n := baseName(x); n != nil {
				a.Sens = append(a.Sens, n)
			}
			p.progress(pos)
		}
		p.expect(RPAREN)
	default:
		p.errorExpected("'*' or '(' after @")
	}
	a.Body = p.parseStmt()
	if seq {
		return nil
	}
	return a
}

// baseName returns the name under selects.
func baseName(x Expr) *Name {
	for {
		switch y := x.(type) {
		case *Name:
			return y
		case *Index:
			x = y.X
		case *Slice:
			x = y.X
		default:
			return nil
		}
	}
}

// parseStmt parses one procedural statement.
func (p *parser) parseStmt() Stmt {
	pos := p.pos
	if !p.stmtEnter() {
		return &NullStmt{Pos: pos}
	}
	defer p.leave()
	switch p.tok {
	case SEMI:
		p.next()
		return &NullStmt{Pos: pos}
	case BEGIN:
		b := &Block{Begin: pos}
		p.next()
		if p.got(COLON) {
			b.Label = p.parseIdent().Name
		}
		for p.tok != END && p.tok != EOF && p.tok != ENDMODULE && p.tok != MODULE {
			pos := p.pos
			if isVarType(p.tok) {
				b.Decls = append(b.Decls, p.parseVarDecl())
			} else {
				b.Stmts = append(b.Stmts, p.parseStmt())
			}
			p.progress(pos)
		}
		p.expect(END)
		if p.got(COLON) {
			p.parseIdent()
		}
		return b
	case UNIQUE, PRIORITY:
		p.next()
		if p.tok != IF && p.tok != CASE && p.tok != CASEZ && p.tok != CASEX {
			p.errorExpected("if or case")
		}
		return p.parseStmt()
	case IF:
		s := &IfStmt{Pos: pos}
		p.next()
		p.expect(LPAREN)
		s.Cond = p.parseExpr()
		p.expect(RPAREN)
		s.Then = p.parseStmt()
		if p.got(ELSE) {
			s.Else = p.parseStmt()
		}
		return s
	case CASE, CASEZ, CASEX:
		s := &CaseStmt{Pos: pos, Kind: p.tok}
		p.next()
		p.expect(LPAREN)
		s.X = p.parseExpr()
		p.expect(RPAREN)
		for p.tok != ENDCASE && p.tok != EOF && p.tok != ENDMODULE && p.tok != MODULE && p.tok != END {
			pos := p.pos
			it := &CaseItem{Pos: p.pos}
			if p.got(DEFAULT) {
				p.got(COLON)
			} else {
				for {
					it.Exprs = append(it.Exprs, p.parseCaseExpr())
					if !p.got(COMMA) {
						break
					}
				}
				if _, ok := p.expect(COLON); !ok {
					p.syncStmt()
					p.progress(pos)
					continue
				}
			}
			it.Body = p.parseStmt()
			s.Items = append(s.Items, it)
			p.progress(pos)
		}
		p.expect(ENDCASE)
		return s
	case FOR:
		s := &ForStmt{Pos: pos}
		p.next()
		p.expect(LPAREN)
		if isVarType(p.tok) {
			// for (int i = 0; ...) declares i for the loop.
			d := p.newDecl(p.pos, DeclWire)
			p.parseVarType(d)
			s.Decl = d
		}
		s.Init = p.parseAssignStmt(false)
		if n, ok := s.Init.LHS.(*Name); ok && s.Decl != nil {
			s.Decl.Names = []*Ident{{Pos: n.At, Name: n.Name}}
			s.Decl.Inits = []Expr{nil}
		}
		p.expect(SEMI)
		s.Cond = p.parseExpr()
		p.expect(SEMI)
		s.Step = p.parseAssignStmt(false)
		p.expect(RPAREN)
		s.Body = p.parseStmt()
		return s
	case WHILE:
		s := &WhileStmt{Pos: pos}
		p.next()
		p.expect(LPAREN)
		s.Cond = p.parseExpr()
		p.expect(RPAREN)
		s.Body = p.parseStmt()
		return s
	case REPEAT:
		s := &RepeatStmt{Pos: pos}
		p.next()
		p.expect(LPAREN)
		s.Count = p.parseExpr()
		p.expect(RPAREN)
		s.Body = p.parseStmt()
		return s
	case FOREVER:
		p.errorf(pos, "forever is not supported: %s", seqError)
		p.next()
		p.parseStmt()
		return &NullStmt{Pos: pos}
	case HASH:
		p.errorf(pos, "delays inside processes are not supported: %s", seqError)
		p.skipDelay()
		return p.parseStmt()
	case AT:
		p.errorf(pos, "event controls inside processes are not supported: %s", seqError)
		p.next()
		if p.got(LPAREN) {
			for p.tok != RPAREN && p.tok != EOF && p.tok != SEMI {
				p.next()
			}
			p.got(RPAREN)
		} else {
			p.next()
		}
		return p.parseStmt()
	case SYSIDENT:
		p.errorf(pos, "system task %s is not supported", p.lit)
		p.syncStmt()
		return &NullStmt{Pos: pos}
	case IDENT, LBRACE:
		if p.tok == IDENT && (p.lit == "break" || p.lit == "continue") {
			// SystemVerilog loop jumps: not elaborated.
			p.errorf(pos, "%s is not supported (end the loop with its condition, or return from a function)", p.lit)
			p.syncStmt()
			return &NullStmt{Pos: pos}
		}
		if p.tok == IDENT && p.lit == "return" {
			// SystemVerilog: return [expr];
			s := &ReturnStmt{Pos: pos}
			if !p.inFunction {
				p.errorf(pos, "return outside a function")
			}
			p.next()
			if p.tok != SEMI {
				s.Value = p.parseExpr()
			}
			p.expectSemiStmt()
			return s
		}
		s := p.parseAssignStmt(true)
		p.expectSemiStmt()
		return s
	}
	p.errorf(pos, "expected statement, found %s", p.describe())
	p.syncStmt()
	p.progress(pos)
	return &NullStmt{Pos: pos}
}

// syncStmt skips to just after the next ';' or to a statement end.
func (p *parser) syncStmt() {
	for {
		switch p.tok {
		case EOF, ENDMODULE, MODULE, END, ENDCASE, ENDFUNCTION:
			return
		case SEMI:
			p.next()
			return
		}
		p.next()
	}
}

func (p *parser) expectSemiStmt() {
	if _, ok := p.expect(SEMI); !ok {
		p.syncStmt()
	}
}

// parseAssignStmt parses LHS = RHS (also i++, i--, i += e, i -= e);
// stmt tells that it is a statement, where LHS <= RHS is a non-blocking
// assignment to report.
func (p *parser) parseAssignStmt(stmt bool) *AssignStmt {
	s := &AssignStmt{Pos: p.pos}
	if p.tok != IDENT && p.tok != LBRACE {
		p.errorExpected("assignment")
		s.LHS, s.RHS = &BadExpr{At: p.pos}, &BadExpr{At: p.pos}
		return s
	}
	s.LHS = p.parsePrimary()
	one := func() Expr { return &Number{At: p.pos, Value: big.NewInt(1), Signed: true, Text: "1"} }
	switch p.tok {
	case ASSIGNOP:
		p.next()
		if p.tok == HASH {
			p.errorf(p.pos, "intra-assignment delays are not supported: %s", seqError)
			p.skipDelay()
		}
		s.RHS = p.parseExpr()
	case LEQ:
		if stmt {
			p.errorf(p.pos, "non-blocking assignment (<=) is not supported: %s", seqError)
		} else {
			p.errorExpected("'='")
		}
		p.next()
		s.RHS = p.parseExpr()
	case ADD, SUB:
		op, opPos := p.tok, p.pos
		p.next()
		switch p.tok {
		case op: // i++ / i--
			p.next()
			s.RHS = &Binary{X: s.LHS, OpPos: opPos, Op: op, Y: one()}
		case ASSIGNOP:
			p.next()
			s.RHS = &Binary{X: s.LHS, OpPos: opPos, Op: op, Y: p.parseExpr()}
		default:
			p.errorExpected("'='")
			s.RHS = &BadExpr{At: p.pos}
		}
	default:
		p.errorExpected("'='")
		s.RHS = &BadExpr{At: p.pos}
	}
	return s
}

// parseCaseExpr parses a case item expression; a based literal with x,
// z or ? digits becomes a Wildcard.
func (p *parser) parseCaseExpr() Expr {
	if p.tok == BASED && strings.ContainsAny(p.lit, "xXzZ?") {
		return p.parseWildcard(token.NoPos, 0)
	}
	if p.tok == NUMBER {
		if tok, lit := p.peek(); tok == BASED && strings.ContainsAny(lit, "xXzZ?") {
			pos, text := p.pos, strings.ReplaceAll(p.lit, "_", "")
			p.next()
			w, err := strconv.ParseUint(text, 10, 32)
			if err != nil || w == 0 || w > maxLiteralBits {
				p.errorf(pos, "invalid literal size %s (1..%d)", text, maxLiteralBits)
				w = 32
			}
			return p.parseWildcard(pos, int(w))
		}
	}
	return p.parseExpr()
}

// parseWildcard parses the BASED token of a literal with x, z or ? digits.
func (p *parser) parseWildcard(at token.Pos, width int) Expr {
	if !at.IsValid() {
		at = p.pos
	}
	lit := p.lit[1:]
	p.next()
	n := &Number{At: at, Width: width, Value: new(big.Int), Text: "'" + lit}
	if lit[0] == 's' {
		n.Signed = true
		lit = lit[1:]
	}
	var bitsPer uint
	switch lit[0] {
	case 'b':
		bitsPer = 1
	case 'o':
		bitsPer = 3
	case 'h':
		bitsPer = 4
	default:
		p.errorf(at, "x, z and ? digits need a binary, octal or hex literal")
		return n
	}
	digits := strings.ReplaceAll(lit[1:], "_", "")
	if len(digits)*int(bitsPer) > maxLiteralBits {
		p.errorf(at, "literal too long")
		return n
	}
	w := &Wildcard{Num: n, ZMask: new(big.Int), XMask: new(big.Int)}
	all := new(big.Int).SetUint64(1<<bitsPer - 1)
	for _, c := range []byte(digits) {
		n.Value.Lsh(n.Value, bitsPer)
		w.ZMask.Lsh(w.ZMask, bitsPer)
		w.XMask.Lsh(w.XMask, bitsPer)
		switch {
		case c == 'z' || c == 'Z' || c == '?':
			w.ZMask.Or(w.ZMask, all)
		case c == 'x' || c == 'X':
			w.XMask.Or(w.XMask, all)
		default:
			d, err := strconv.ParseUint(string(c), 16, 8)
			if err != nil || d >= 1<<bitsPer {
				p.errorf(at, "invalid digit %q in literal", c)
				d = 0
			}
			n.Value.Or(n.Value, big.NewInt(int64(d)))
		}
	}
	if width == 0 {
		n.Width = max(32, len(digits)*int(bitsPer))
	}
	if len(digits)*int(bitsPer) < n.Width && len(digits) > 0 {
		// A leading x or z digit extends to the full width.
		top := uint(len(digits)*int(bitsPer) - 1)
		for _, m := range []*big.Int{w.ZMask, w.XMask} {
			if m.Bit(int(top)) == 1 {
				ext := new(big.Int).Lsh(big.NewInt(1), uint(n.Width))
				ext.Sub(ext, new(big.Int).Lsh(big.NewInt(1), top+1))
				m.Or(m, ext)
			}
		}
	}
	mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(n.Width)), big.NewInt(1))
	n.Value.And(n.Value, mask)
	w.ZMask.And(w.ZMask, mask)
	w.XMask.And(w.XMask, mask)
	return w
}

// parseGenBody parses the body of a generate construct: begin [: label]
// items end, or a single item. It returns the label and the items.
func (p *parser) parseGenBody(m *Module) (string, []Item) {
	if !p.stmtEnter() {
		return "", nil
	}
	defer p.leave()
	sub := &Module{Name: m.Name, Pos: m.Pos, ANSI: m.ANSI, NoImplicitNets: m.NoImplicitNets}
	if p.tok != BEGIN {
		p.parseItem(sub)
		return "", sub.Items
	}
	p.next()
	lbl := ""
	if p.got(COLON) {
		lbl = p.parseIdent().Name
	}
	for p.tok != END && p.tok != EOF && p.tok != ENDMODULE && p.tok != MODULE {
		pos := p.pos
		p.parseItem(sub)
		p.progress(pos)
	}
	p.expect(END)
	if p.got(COLON) {
		p.parseIdent()
	}
	return lbl, sub.Items
}

func (p *parser) parseGenFor(m *Module) Item {
	g := &GenFor{Pos: p.pos}
	p.next()
	p.expect(LPAREN)
	inline := p.got(GENVAR)
	init := p.parseAssignStmt(false)
	p.expect(SEMI)
	g.Cond = p.parseExpr()
	p.expect(SEMI)
	step := p.parseAssignStmt(false)
	p.expect(RPAREN)
	name, ok := init.LHS.(*Name)
	if !ok {
		p.errorf(init.Pos, "generate loop needs a genvar on the left of its initialisation")
		return nil
	}
	g.Var = &Ident{Pos: name.At, Name: name.Name}
	g.Init = init.RHS
	if sn, ok := step.LHS.(*Name); !ok || sn.Name != name.Name {
		p.errorf(step.Pos, "generate loop step must assign the genvar %s", name.Name)
	}
	g.Step = step.RHS
	g.Label, g.Items = p.parseGenBody(m)
	if inline {
		// for (genvar i = ...) declares i for the loop.
		return &GenBlock{Pos: g.Pos, Items: []Item{&Genvar{Pos: g.Var.Pos, Names: []*Ident{g.Var}}, g}}
	}
	return g
}

func (p *parser) parseGenIf(m *Module) Item {
	g := &GenIf{Pos: p.pos}
	p.next()
	p.expect(LPAREN)
	g.Cond = p.parseExpr()
	p.expect(RPAREN)
	g.ThenLbl, g.Then = p.parseGenBody(m)
	if p.got(ELSE) {
		g.ElseLbl, g.Else = p.parseGenBody(m)
	}
	return g
}

func (p *parser) parseGenCase(m *Module) Item {
	g := &GenCase{Pos: p.pos}
	p.next()
	p.expect(LPAREN)
	g.X = p.parseExpr()
	p.expect(RPAREN)
	for p.tok != ENDCASE && p.tok != EOF && p.tok != ENDMODULE && p.tok != MODULE {
		pos := p.pos
		it := &GenCaseItem{Pos: p.pos}
		if p.got(DEFAULT) {
			p.got(COLON)
		} else {
			for {
				it.Exprs = append(it.Exprs, p.parseExpr())
				if !p.got(COMMA) {
					break
				}
			}
			if _, ok := p.expect(COLON); !ok {
				p.syncItem()
				p.progress(pos)
				continue
			}
		}
		it.Label, it.Items = p.parseGenBody(m)
		g.Items = append(g.Items, it)
		p.progress(pos)
	}
	p.expect(ENDCASE)
	return g
}

// parseFunction parses a function declaration up to endfunction.
func (p *parser) parseFunction(m *Module) *Function {
	f := &Function{Pos: p.pos}
	p.next()
	if p.got(AUTOMATIC) {
		f.Automatic = true
	}
	switch p.tok {
	case INTEGER, INT:
		f.Integer, f.Signed = true, true
		p.next()
	case REG, LOGIC, BIT:
		p.next()
	}
	if p.got(SIGNED) {
		f.Signed = true
	}
	if p.tok == LBRACK {
		f.Range = p.parseRange()
	}
	f.Name = p.parseIdent()
	if p.got(LPAREN) {
		// ANSI inputs: (input [7:0] a, b, input c)
		var cur *Decl
		for p.tok != RPAREN && p.tok != EOF {
			if p.tok == INPUT {
				cur = p.newDecl(p.pos, DeclInput)
				p.next()
				p.parseFuncArgType(cur)
				f.Inputs = append(f.Inputs, cur)
			} else if cur == nil {
				p.errorExpected("input")
				break
			}
			cur.Names = append(cur.Names, p.parseIdent())
			cur.Inits = append(cur.Inits, nil)
			if !p.got(COMMA) {
				break
			}
		}
		p.expect(RPAREN)
	}
	p.expectSemi()
	p.inFunction = true
	defer func() { p.inFunction = false }()
	var body []Stmt
	for p.tok != ENDFUNCTION && p.tok != EOF && p.tok != ENDMODULE && p.tok != MODULE {
		pos := p.pos
		switch {
		case p.tok == INPUT:
			d := p.newDecl(p.pos, DeclInput)
			p.next()
			p.parseFuncArgType(d)
			p.parseDeclNames(d, false)
			f.Inputs = append(f.Inputs, d)
		case p.tok == OUTPUT || p.tok == INOUT:
			p.errorf(p.pos, "function %s: only input arguments are allowed", f.Name.Name)
			p.syncItem()
		case isVarType(p.tok):
			f.Locals = append(f.Locals, p.parseVarDecl())
		case p.tok == PARAMETER || p.tok == LOCALPARAM:
			p.errorf(p.pos, "parameters inside functions are not supported")
			p.syncItem()
		default:
			// SystemVerilog allows several statements without begin/end.
			body = append(body, p.parseStmt())
		}
		p.progress(pos)
	}
	budget := maxReturnCopies
	if rw, ok := removeReturns(f, body, 0, &budget); ok {
		body = rw
	} else {
		f.ReturnFlag = true
	}
	switch len(body) {
	case 0:
		f.Body = &NullStmt{Pos: p.pos}
	case 1:
		f.Body = body[0]
	default:
		f.Body = &Block{Begin: body[0].stmtPos(), Stmts: body}
	}
	p.expect(ENDFUNCTION)
	if p.got(COLON) {
		p.parseIdent()
	}
	return f
}

// parseFuncArgType parses the type of a function input.
func (p *parser) parseFuncArgType(d *Decl) {
	switch p.tok {
	case INTEGER, INT:
		d.Integer, d.Signed = true, true
		p.next()
		return
	case REG, LOGIC, BIT, WIRE:
		p.next()
	}
	if p.got(SIGNED) {
		d.Signed = true
	}
	p.parsePackedRanges(d)
}

// parseFuncCall parses the arguments of a call of a user function.
func (p *parser) parseFuncCall(nm *Name) Expr {
	call := &FuncCall{At: nm.At, Name: nm.Name}
	p.next()
	for p.tok != RPAREN && p.tok != EOF && p.tok != SEMI {
		call.Args = append(call.Args, p.parseExpr())
		if !p.got(COMMA) {
			break
		}
	}
	p.expect(RPAREN)
	return call
}

// progress consumes the current token when a loop iteration that started
// at pos consumed nothing (recovery from errors must not loop forever).
func (p *parser) progress(pos token.Pos) {
	if p.pos == pos && p.tok != EOF {
		p.next()
	}
}

// returnAt returns the position of the first return statement in s, or
// token.NoPos.
func returnAt(s Stmt) token.Pos {
	first := func(ss ...Stmt) token.Pos {
		for _, t := range ss {
			if p := returnAt(t); p.IsValid() {
				return p
			}
		}
		return token.NoPos
	}
	switch s := s.(type) {
	case *ReturnStmt:
		return s.Pos
	case *Block:
		return first(s.Stmts...)
	case *IfStmt:
		return first(s.Then, s.Else)
	case *CaseStmt:
		for _, it := range s.Items {
			if p := returnAt(it.Body); p.IsValid() {
				return p
			}
		}
	case *ForStmt:
		return returnAt(s.Body)
	case *WhileStmt:
		return returnAt(s.Body)
	case *RepeatStmt:
		return returnAt(s.Body)
	}
	return token.NoPos
}

// maxReturnRewrite bounds the nesting of the return rewrite, and
// maxReturnCopies the statements it may copy into branches in all: each
// if or case that may return copies the statements after it into its
// branches, so a run of them grows exponentially.
const (
	maxReturnRewrite = 64
	maxReturnCopies  = 4096
)

// removeReturns rewrites the statements of function f so that no return
// remains: return v becomes f = v and ends the list, and the statements
// after an if, case or block that may return move into each of its
// branches that may not (a case without default gets one). It reports
// false, leaving the returns to the flag of Function.ReturnFlag, for a
// return inside a loop or a block with local declarations, or when the
// copies would exceed *budget statements (it is decremented by each copy).
func removeReturns(f *Function, stmts []Stmt, depth int, budget *int) ([]Stmt, bool) {
	for i, s := range stmts {
		if !returnAt(s).IsValid() {
			continue
		}
		out := append([]Stmt(nil), stmts[:i]...)
		rest := stmts[i+1:]
		if depth > maxReturnRewrite {
			return nil, false
		}
		ok := true
		branch := func(b Stmt) Stmt {
			if *budget -= len(rest); *budget < 0 {
				ok = false
				return &NullStmt{Pos: s.stmtPos()}
			}
			var list []Stmt
			if b != nil {
				list = append(list, b)
			}
			list = append(list, rest...)
			list, okb := removeReturns(f, list, depth+1, budget)
			ok = ok && okb
			if len(list) == 1 {
				return list[0]
			}
			if len(list) == 0 {
				return &NullStmt{Pos: s.stmtPos()}
			}
			return &Block{Begin: list[0].stmtPos(), Stmts: list}
		}
		switch s := s.(type) {
		case *ReturnStmt:
			if s.Value != nil {
				out = append(out, &AssignStmt{Pos: s.Pos, LHS: &Name{At: s.Pos, Name: f.Name.Name}, RHS: s.Value})
			}
			return out, true // the rest is never reached
		case *IfStmt:
			out = append(out, &IfStmt{Pos: s.Pos, Cond: s.Cond, Then: branch(s.Then), Else: branch(s.Else)})
			return out, ok
		case *CaseStmt:
			c := &CaseStmt{Pos: s.Pos, Kind: s.Kind, X: s.X}
			hasDefault := false
			for _, it := range s.Items {
				hasDefault = hasDefault || it.Exprs == nil
				c.Items = append(c.Items, &CaseItem{Pos: it.Pos, Exprs: it.Exprs, Body: branch(it.Body)})
			}
			if !hasDefault {
				c.Items = append(c.Items, &CaseItem{Pos: s.Pos, Body: branch(nil)})
			}
			return append(out, c), ok
		case *Block:
			if len(s.Decls) > 0 {
				return nil, false
			}
			rw, ok := removeReturns(f, append(append([]Stmt(nil), s.Stmts...), rest...), depth+1, budget)
			return append(out, rw...), ok
		default:
			return nil, false // a loop
		}
	}
	return stmts, true
}

package verilog

import (
	"go/token"
	"math/big"
)

// Behavioural module items: processes, generate constructs, functions.
type (
	// Always is a combinational process: always @*, always @(*),
	// always @(a or b), always_comb.
	Always struct {
		Pos  token.Pos // position of the keyword
		Comb bool      // always_comb
		Star bool      // @* or @(*) (or always_comb)
		Sens []*Name   // the sensitivity list otherwise
		Body Stmt
	}
	// GenFor is a generate loop: for (i = A; cond; i = step) begin : name ... end.
	GenFor struct {
		Pos   token.Pos
		Var   *Ident
		Init  Expr
		Cond  Expr
		Step  Expr // the right-hand side of the step assignment to Var
		Label string
		Items []Item
	}
	// GenIf is a generate if: if (cond) items else items.
	GenIf struct {
		Pos              token.Pos
		Cond             Expr
		Then, Else       []Item
		ThenLbl, ElseLbl string
	}
	// GenCase is a generate case on a constant expression.
	GenCase struct {
		Pos   token.Pos
		X     Expr
		Items []*GenCaseItem
	}
	// GenCaseItem is one arm of a GenCase; Exprs is nil for default.
	GenCaseItem struct {
		Pos   token.Pos
		Exprs []Expr
		Label string
		Items []Item
	}
	// GenBlock is a named or unnamed begin ... end block of module items
	// in a generate region.
	GenBlock struct {
		Pos   token.Pos
		Label string
		Items []Item
	}
	// Genvar declares generate loop variables.
	Genvar struct {
		Pos   token.Pos
		Names []*Ident
	}
	// Function is a function declaration. Its result is the variable of
	// the function's name, Range wide.
	Function struct {
		Pos       token.Pos
		Name      *Ident
		Automatic bool
		Signed    bool
		Range     *Range // nil: one bit (Integer: 32 bits signed)
		Integer   bool
		Inputs    []*Decl // input declarations, in order
		Locals    []*Decl // local variables
		Body      Stmt
		// ReturnFlag is set when Body keeps return statements (inside
		// loops or blocks with local declarations): they are elaborated
		// with a flag that guards every later statement.
		ReturnFlag bool
	}
)

func (*Always) itemNode()   {}
func (*GenFor) itemNode()   {}
func (*GenIf) itemNode()    {}
func (*GenCase) itemNode()  {}
func (*GenBlock) itemNode() {}
func (*Genvar) itemNode()   {}
func (*Function) itemNode() {}

// Stmt is a procedural statement.
type Stmt interface{ stmtPos() token.Pos }

type (
	// Block is begin [: name] decls stmts end.
	Block struct {
		Begin token.Pos
		Label string
		Decls []*Decl
		Stmts []Stmt
	}
	// AssignStmt is a blocking assignment LHS = RHS.
	AssignStmt struct {
		Pos      token.Pos
		LHS, RHS Expr
	}
	// IfStmt is if (Cond) Then [else Else].
	IfStmt struct {
		Pos        token.Pos
		Cond       Expr
		Then, Else Stmt // Else may be nil
	}
	// CaseStmt is case/casez/casex (X) items endcase.
	CaseStmt struct {
		Pos   token.Pos
		Kind  Token // CASE, CASEZ or CASEX
		X     Expr
		Items []*CaseItem
	}
	// CaseItem is one arm of a case statement; Exprs is nil for default.
	CaseItem struct {
		Pos   token.Pos
		Exprs []Expr
		Body  Stmt
	}
	// ForStmt is for (Init; Cond; Step) Body.
	ForStmt struct {
		Pos        token.Pos
		Decl       *Decl // for (int i = 0; ...), else nil
		Init, Step *AssignStmt
		Cond       Expr
		Body       Stmt
	}
	// WhileStmt is while (Cond) Body.
	WhileStmt struct {
		Pos  token.Pos
		Cond Expr
		Body Stmt
	}
	// RepeatStmt is repeat (Count) Body.
	RepeatStmt struct {
		Pos   token.Pos
		Count Expr
		Body  Stmt
	}
	// NullStmt is a lone ';'.
	NullStmt struct{ Pos token.Pos }
	// ReturnStmt is SystemVerilog's return [Value]; in a function. The
	// parser rewrites a function's returns into assignments of its result
	// and branches where it can (see Function.ReturnFlag); one outside a
	// function is an error.
	ReturnStmt struct {
		Pos   token.Pos
		Value Expr // may be nil
	}
)

func (s *Block) stmtPos() token.Pos      { return s.Begin }
func (s *AssignStmt) stmtPos() token.Pos { return s.Pos }
func (s *IfStmt) stmtPos() token.Pos     { return s.Pos }
func (s *CaseStmt) stmtPos() token.Pos   { return s.Pos }
func (s *ForStmt) stmtPos() token.Pos    { return s.Pos }
func (s *WhileStmt) stmtPos() token.Pos  { return s.Pos }
func (s *RepeatStmt) stmtPos() token.Pos { return s.Pos }
func (s *NullStmt) stmtPos() token.Pos   { return s.Pos }
func (s *ReturnStmt) stmtPos() token.Pos { return s.Pos }

type (
	// Wildcard is a case item literal with x, z or ? digits: in casez the
	// z and ? bits (ZMask), in casex also the x bits (XMask), match
	// anything.
	Wildcard struct {
		Num          *Number
		ZMask, XMask *big.Int
	}
	// Fill is a SystemVerilog fill literal '0 or '1: every bit of its
	// context width is One.
	Fill struct {
		At  token.Pos
		One bool
	}
	// HierRef is X.Field, a name declared inside a generate block
	// (blk[i].t), resolved after the generate constructs are expanded.
	HierRef struct {
		X     Expr
		Dot   token.Pos
		Field string
	}
	// FuncCall is a call of a user function.
	FuncCall struct {
		At   token.Pos
		Name string
		Args []Expr
	}
)

// Pos returns the position of the literal.
func (x *Wildcard) Pos() token.Pos { return x.Num.At }

// Pos returns the position of the literal.
func (x *Fill) Pos() token.Pos { return x.At }

// Pos returns the position of the reference.
func (x *HierRef) Pos() token.Pos { return x.X.Pos() }

// Pos returns the position of the function name.
func (x *FuncCall) Pos() token.Pos { return x.At }

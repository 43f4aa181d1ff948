package verilog

import (
	"go/token"
	"math/big"
)

// SourceFile is the parse tree of one Verilog source file.
type SourceFile struct {
	Name    string
	Modules []*Module
}

// Module is a parsed module definition.
type Module struct {
	Name           string
	Pos            token.Pos // position of the name
	ANSI           bool      // ports declared in the header
	Ports          []*Ident  // header port names in order
	Items          []Item    // body items in source order (ANSI port declarations first)
	NoImplicitNets bool      // `default_nettype none was in effect
}

// Item is a module item: *Decl, *Param, *Assign or *Instance.
type Item interface{ itemNode() }

// Ident is a name with its position.
type Ident struct {
	Pos  token.Pos
	Name string
}

// DeclKind tells what a Decl declares.
type DeclKind uint8

// Declaration kinds.
const (
	DeclWire DeclKind = iota
	DeclInput
	DeclOutput
	DeclInout
	DeclSupply0
	DeclSupply1
)

// Decl declares nets or ports: `input [7:0] a, b;`, `wire x = y & z;`.
type Decl struct {
	Pos    token.Pos
	Kind   DeclKind
	Net    bool // a net type (wire, tri) was written after input/output
	Signed bool
	Range  *Range // nil for scalars
	Names  []*Ident
	Inits  []Expr // net declaration assignments, nil entries when absent
	// Behavioural declarations (behav_parse.go): Var for reg, logic, bit
	// and integer variables; Packed holds the packed dimensions after
	// Range ([7:0][15:0]: Range [7:0], Packed [[15:0]]); Dims the unpacked
	// dimensions of each name (nil when none), as in wire [15:0] pp [0:7].
	Var     bool
	Integer bool
	Packed  []*Range
	Dims    [][]*Range
}

// Range is [MSB:LSB].
type Range struct {
	Pos      token.Pos
	MSB, LSB Expr
}

// Param is one parameter or localparam.
type Param struct {
	Pos    token.Pos
	Local  bool
	Signed bool
	Range  *Range
	Name   *Ident
	Value  Expr
}

// Assign is one continuous assignment `assign LHS = RHS`.
type Assign struct {
	Pos      token.Pos // position of LHS
	LHS, RHS Expr
}

// Instance is a module, cell or gate-primitive instance.
type Instance struct {
	Pos       token.Pos // position of the module name
	Module    string
	Primitive Token   // PAND..PBUF for gate primitives, else ILLEGAL
	Params    []*Conn // #(...) parameter overrides
	Name      *Ident  // nil when unnamed (primitives only)
	Array     *Range  // name[msb:lsb] for an array of instances, else nil
	Conns     []*Conn
}

// Conn is a port or parameter connection: named (.A(x)) or positional.
type Conn struct {
	Pos  token.Pos
	Name string // "" for positional
	Expr Expr   // nil for an empty connection .A()
}

func (*Decl) itemNode()     {}
func (*Param) itemNode()    {}
func (*Assign) itemNode()   {}
func (*Instance) itemNode() {}

// Expr is an expression node.
type Expr interface{ Pos() token.Pos }

type (
	// Number is a literal. Width 0 means unsized (32 bits or more).
	Number struct {
		At     token.Pos
		Width  int
		Signed bool
		Value  *big.Int
		Text   string
		// XMask has a bit set for every x or z bit (Value has 0 there);
		// nil when there is none.
		XMask *big.Int
	}
	// Name refers to a net or parameter.
	Name struct {
		At   token.Pos
		Name string
	}
	// Index is X[Index].
	Index struct {
		X      Expr
		Index  Expr
		LBrack token.Pos
	}
	// Slice is X[Hi:Lo], X[Base+:Width] or X[Base-:Width].
	Slice struct {
		X      Expr
		Mode   Token // COLON, PLUSCOL or MINUSCOL
		A, B   Expr
		LBrack token.Pos
	}
	// Concat is {Parts...}.
	Concat struct {
		LBrace token.Pos
		Parts  []Expr
	}
	// Repl is {Count{Parts...}}.
	Repl struct {
		LBrace token.Pos
		Count  Expr
		X      *Concat
	}
	// Unary is Op X.
	Unary struct {
		OpPos token.Pos
		Op    Token
		X     Expr
	}
	// Binary is X Op Y.
	Binary struct {
		X     Expr
		OpPos token.Pos
		Op    Token
		Y     Expr
	}
	// Cond is C ? T : F.
	Cond struct {
		C     Expr
		Quest token.Pos
		T, F  Expr
	}
	// Call is a system function call: $signed(x), $unsigned(x).
	Call struct {
		At   token.Pos
		Name string
		Args []Expr
	}
	// BadExpr stands for an expression with a syntax error.
	BadExpr struct {
		At token.Pos
	}
)

// Pos returns the position of the literal.
func (x *Number) Pos() token.Pos { return x.At }

// Pos returns the position of the name.
func (x *Name) Pos() token.Pos { return x.At }

// Pos returns the position of the indexed expression.
func (x *Index) Pos() token.Pos { return x.X.Pos() }

// Pos returns the position of the sliced expression.
func (x *Slice) Pos() token.Pos { return x.X.Pos() }

// Pos returns the position of the opening brace.
func (x *Concat) Pos() token.Pos { return x.LBrace }

// Pos returns the position of the opening brace.
func (x *Repl) Pos() token.Pos { return x.LBrace }

// Pos returns the position of the operator.
func (x *Unary) Pos() token.Pos { return x.OpPos }

// Pos returns the position of the left operand.
func (x *Binary) Pos() token.Pos { return x.X.Pos() }

// Pos returns the position of the condition.
func (x *Cond) Pos() token.Pos { return x.C.Pos() }

// Pos returns the position of the function name.
func (x *Call) Pos() token.Pos { return x.At }

// Pos returns the position of the bad expression.
func (x *BadExpr) Pos() token.Pos { return x.At }

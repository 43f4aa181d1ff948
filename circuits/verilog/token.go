package verilog

import "strconv"

// Token is a lexical token of the accepted Verilog subset.
type Token int

// The tokens. Operators and punctuation are named after their spelling.
const (
	ILLEGAL Token = iota
	EOF
	COMMENT // not returned by Scan; reserved

	literalBeg
	IDENT     // A, sig_12, \escaped[0]
	SYSIDENT  // $signed
	NUMBER    // 12, 1_000 (unsigned decimal digits: a size or a plain number)
	BASED     // 'hFF, 'sd3, 'b10_01 (base and digits of a based literal)
	STRING    // "text"
	DIRECTIVE // `timescale 1ns/1ps (the whole line)
	MACRO     // `NAME, the use of a text macro
	literalEnd

	operatorBeg
	LPAREN   // (
	RPAREN   // )
	LBRACK   // [
	RBRACK   // ]
	LBRACE   // {
	RBRACE   // }
	COMMA    // ,
	SEMI     // ;
	COLON    // :
	PERIOD   // .
	HASH     // #
	AT       // @
	ASSIGNOP // =
	QUEST    // ?
	PLUSCOL  // +:
	MINUSCOL // -:

	TILDE // ~
	NOT   // !
	AND   // &
	OR    // |
	XOR   // ^
	NAND  // ~&
	NOR   // ~|
	XNOR  // ~^ or ^~
	ADD   // +
	SUB   // -
	MUL   // *
	DIV   // /
	MOD   // %
	POW   // **
	SHL   // <<
	SHR   // >>
	ASHL  // <<<
	ASHR  // >>>
	EQL   // ==
	NEQ   // !=
	CEQ   // ===
	CNE   // !==
	LSS   // <
	LEQ   // <=
	GTR   // >
	GEQ   // >=
	LAND  // &&
	LOR   // ||
	operatorEnd

	keywordBeg
	MODULE
	ENDMODULE
	INPUT
	OUTPUT
	INOUT
	WIRE
	TRI
	SUPPLY0
	SUPPLY1
	REG
	SIGNED
	ASSIGN
	PARAMETER
	LOCALPARAM
	// gate primitives
	PAND
	POR
	PXOR
	PNAND
	PNOR
	PXNOR
	PNOT
	PBUF
	// behavioural Verilog (behav_parse.go)
	ALWAYS
	INITIAL
	GENERATE
	GENVAR
	INTEGER
	FUNCTION
	TASK
	ALWAYSCOMB
	ALWAYSFF
	ALWAYSLATCH
	LOGIC
	BIT
	INT
	BEGIN
	END
	IF
	ELSE
	CASE
	CASEZ
	CASEX
	ENDCASE
	DEFAULT
	FOR
	WHILE
	REPEAT
	FOREVER
	ENDGENERATE
	ENDFUNCTION
	ENDTASK
	AUTOMATIC
	POSEDGE
	NEGEDGE
	UNIQUE
	PRIORITY
	keywordEnd
)

var tokens = [...]string{
	ILLEGAL:   "ILLEGAL",
	EOF:       "EOF",
	COMMENT:   "COMMENT",
	IDENT:     "IDENT",
	SYSIDENT:  "SYSIDENT",
	NUMBER:    "NUMBER",
	BASED:     "BASED",
	STRING:    "STRING",
	DIRECTIVE: "DIRECTIVE",
	MACRO:     "MACRO",

	LPAREN:   "(",
	RPAREN:   ")",
	LBRACK:   "[",
	RBRACK:   "]",
	LBRACE:   "{",
	RBRACE:   "}",
	COMMA:    ",",
	SEMI:     ";",
	COLON:    ":",
	PERIOD:   ".",
	HASH:     "#",
	AT:       "@",
	ASSIGNOP: "=",
	QUEST:    "?",
	PLUSCOL:  "+:",
	MINUSCOL: "-:",
	TILDE:    "~",
	NOT:      "!",
	AND:      "&",
	OR:       "|",
	XOR:      "^",
	NAND:     "~&",
	NOR:      "~|",
	XNOR:     "~^",
	ADD:      "+",
	SUB:      "-",
	MUL:      "*",
	DIV:      "/",
	MOD:      "%",
	POW:      "**",
	SHL:      "<<",
	SHR:      ">>",
	ASHL:     "<<<",
	ASHR:     ">>>",
	EQL:      "==",
	NEQ:      "!=",
	CEQ:      "===",
	CNE:      "!==",
	LSS:      "<",
	LEQ:      "<=",
	GTR:      ">",
	GEQ:      ">=",
	LAND:     "&&",
	LOR:      "||",

	MODULE:     "module",
	ENDMODULE:  "endmodule",
	INPUT:      "input",
	OUTPUT:     "output",
	INOUT:      "inout",
	WIRE:       "wire",
	TRI:        "tri",
	SUPPLY0:    "supply0",
	SUPPLY1:    "supply1",
	REG:        "reg",
	SIGNED:     "signed",
	ASSIGN:     "assign",
	PARAMETER:  "parameter",
	LOCALPARAM: "localparam",
	PAND:       "and",
	POR:        "or",
	PXOR:       "xor",
	PNAND:      "nand",
	PNOR:       "nor",
	PXNOR:      "xnor",
	PNOT:       "not",
	PBUF:       "buf",
	ALWAYS:     "always",
	INITIAL:    "initial",
	GENERATE:   "generate",
	GENVAR:     "genvar",
	INTEGER:    "integer",
	FUNCTION:   "function",
	TASK:       "task",

	ALWAYSCOMB:  "always_comb",
	ALWAYSFF:    "always_ff",
	ALWAYSLATCH: "always_latch",
	LOGIC:       "logic",
	BIT:         "bit",
	INT:         "int",
	BEGIN:       "begin",
	END:         "end",
	IF:          "if",
	ELSE:        "else",
	CASE:        "case",
	CASEZ:       "casez",
	CASEX:       "casex",
	ENDCASE:     "endcase",
	DEFAULT:     "default",
	FOR:         "for",
	WHILE:       "while",
	REPEAT:      "repeat",
	FOREVER:     "forever",
	ENDGENERATE: "endgenerate",
	ENDFUNCTION: "endfunction",
	ENDTASK:     "endtask",
	AUTOMATIC:   "automatic",
	POSEDGE:     "posedge",
	NEGEDGE:     "negedge",
	UNIQUE:      "unique",
	PRIORITY:    "priority",
}

// String returns the spelling of operators and keywords and the name of
// the other tokens.
func (t Token) String() string {
	if t >= 0 && int(t) < len(tokens) && tokens[t] != "" {
		return tokens[t]
	}
	return "token(" + strconv.Itoa(int(t)) + ")"
}

// IsLiteral reports whether t is an identifier, number, string or directive.
func (t Token) IsLiteral() bool { return literalBeg < t && t < literalEnd }

// IsOperator reports whether t is an operator or punctuation.
func (t Token) IsOperator() bool { return operatorBeg < t && t < operatorEnd }

// IsKeyword reports whether t is a keyword.
func (t Token) IsKeyword() bool { return keywordBeg < t && t < keywordEnd }

// isPrimitive reports whether t is a gate primitive keyword.
func (t Token) isPrimitive() bool { return PAND <= t && t <= PBUF }

// Lookup maps an identifier to its keyword token, or IDENT.
func Lookup(ident string) Token {
	// Keywords are lower case and at least two letters long
	// (TestKeywordShape): most identifiers are rejected without hashing.
	if len(ident) < 2 || ident[0] < 'a' || ident[0] > 'z' {
		return IDENT
	}
	if t, ok := keywords[ident]; ok {
		return t
	}
	return IDENT
}

// keywords is filled once at package initialisation and only read after.
var keywords = func() map[string]Token {
	m := make(map[string]Token, keywordEnd-keywordBeg)
	for t := keywordBeg + 1; t < keywordEnd; t++ {
		m[tokens[t]] = t
	}
	return m
}()

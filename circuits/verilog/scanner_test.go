package verilog

import (
	"go/token"
	"strings"
	"testing"
)

type scanned struct {
	tok Token
	lit string
}

func scanAll(t *testing.T, src string) ([]scanned, []string) {
	t.Helper()
	fset := token.NewFileSet()
	file := fset.AddFile("t.v", -1, len(src))
	var s Scanner
	var errs []string
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs = append(errs, pos.String()+": "+msg) })
	var out []scanned
	for i := 0; i < 1000; i++ {
		_, tok, lit := s.Scan()
		if tok == EOF {
			break
		}
		out = append(out, scanned{tok, lit})
	}
	return out, errs
}

func TestScannerTokens(t *testing.T) {
	tests := []struct {
		src  string
		want []scanned
	}{
		{"module m ; endmodule", []scanned{{MODULE, "module"}, {IDENT, "m"}, {SEMI, ";"}, {ENDMODULE, "endmodule"}}},
		{"sig_12 $signed \\esc[0] a$b", []scanned{{IDENT, "sig_12"}, {SYSIDENT, "$signed"}, {IDENT, "esc[0]"}, {IDENT, "a$b"}}},
		{"12 1_000 8'hFF 4'b10_01 'd3 8 'sd5 16'h dead", []scanned{
			{NUMBER, "12"}, {NUMBER, "1_000"}, {NUMBER, "8"}, {BASED, "'hFF"}, {NUMBER, "4"}, {BASED, "'b10_01"},
			{BASED, "'d3"}, {NUMBER, "8"}, {BASED, "'sd5"}, {NUMBER, "16"}, {BASED, "'hdead"}}},
		{"~ ! & | ^ ~& ~| ~^ ^~ + - * / % **", []scanned{
			{TILDE, "~"}, {NOT, "!"}, {AND, "&"}, {OR, "|"}, {XOR, "^"}, {NAND, "~&"}, {NOR, "~|"},
			{XNOR, "~^"}, {XNOR, "^~"}, {ADD, "+"}, {SUB, "-"}, {MUL, "*"}, {DIV, "/"}, {MOD, "%"}, {POW, "**"}}},
		{"<< >> <<< >>> == != === !== < <= > >= && || = ?", []scanned{
			{SHL, "<<"}, {SHR, ">>"}, {ASHL, "<<<"}, {ASHR, ">>>"}, {EQL, "=="}, {NEQ, "!="}, {CEQ, "==="},
			{CNE, "!=="}, {LSS, "<"}, {LEQ, "<="}, {GTR, ">"}, {GEQ, ">="}, {LAND, "&&"}, {LOR, "||"},
			{ASSIGNOP, "="}, {QUEST, "?"}}},
		{"( ) [ ] { } , ; : . # @ +: -:", []scanned{
			{LPAREN, "("}, {RPAREN, ")"}, {LBRACK, "["}, {RBRACK, "]"}, {LBRACE, "{"}, {RBRACE, "}"},
			{COMMA, ","}, {SEMI, ";"}, {COLON, ":"}, {PERIOD, "."}, {HASH, "#"}, {AT, "@"},
			{PLUSCOL, "+:"}, {MINUSCOL, "-:"}}},
		{"a // comment\n/* block\n comment */ b (* attr = 1 *) c (*) d", []scanned{
			{IDENT, "a"}, {IDENT, "b"}, {IDENT, "c"}, {LPAREN, "("}, {MUL, "*"}, {RPAREN, ")"}, {IDENT, "d"}}},
		{"`timescale 1ns/1ps // c\nwire", []scanned{{DIRECTIVE, "`timescale 1ns/1ps "}, {WIRE, "wire"}}},
		{"and or xor nand nor xnor not buf input output inout wire assign parameter localparam signed supply0 supply1",
			[]scanned{{PAND, "and"}, {POR, "or"}, {PXOR, "xor"}, {PNAND, "nand"}, {PNOR, "nor"}, {PXNOR, "xnor"},
				{PNOT, "not"}, {PBUF, "buf"}, {INPUT, "input"}, {OUTPUT, "output"}, {INOUT, "inout"}, {WIRE, "wire"},
				{ASSIGN, "assign"}, {PARAMETER, "parameter"}, {LOCALPARAM, "localparam"}, {SIGNED, "signed"},
				{SUPPLY0, "supply0"}, {SUPPLY1, "supply1"}}},
		{`"str"`, []scanned{{STRING, `"str"`}}},
	}
	for _, tc := range tests {
		got, errs := scanAll(t, tc.src)
		if len(errs) > 0 {
			t.Errorf("%q: errors %v", tc.src, errs)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%q: got %v, want %v", tc.src, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: token %d = %v %q, want %v %q", tc.src, i, got[i].tok, got[i].lit, tc.want[i].tok, tc.want[i].lit)
			}
		}
	}
}

func TestScannerErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a /* open", "t.v:1:3: comment not terminated"},
		{"a\n  (* open", "t.v:2:3: attribute not terminated"},
		{"x ` y", ""},
		{"'q1", "t.v:1:1: based literal needs a base"},
		{"8'h", "t.v:1:2: based literal has no digits"},
		{"1.5", "t.v:1:1: real numbers are not supported"},
		{"a \xc3\xa9", "t.v:1:3: invalid character 0xc3"},
		{"\"abc\n\"", "t.v:1:1: string literal not terminated"},
		{"$", "t.v:1:1: invalid system identifier"},
	}
	for _, tc := range tests {
		_, errs := scanAll(t, tc.src)
		if tc.want == "" {
			continue
		}
		if len(errs) == 0 || !strings.HasPrefix(errs[0], tc.want) {
			t.Errorf("%q: errors %v, want %q", tc.src, errs, tc.want)
		}
	}
}

func TestTokenString(t *testing.T) {
	for tok, want := range map[Token]string{MODULE: "module", XNOR: "~^", IDENT: "IDENT", Token(9999): "token(9999)"} {
		if got := tok.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(tok), got, want)
		}
	}
	if !MODULE.IsKeyword() || !ADD.IsOperator() || !IDENT.IsLiteral() || ADD.IsKeyword() {
		t.Error("token classes wrong")
	}
	if Lookup("endmodule") != ENDMODULE || Lookup("Endmodule") != IDENT {
		t.Error("Lookup wrong")
	}
}

package verilog

import (
	"fmt"
	"go/token"
	"strings"
	"testing"
)

// TestWidthRules checks the Verilog expression sizing and signedness
// rules on hand-computed cases (IEEE 1364-2005 5.4 and 5.5).
func TestWidthRules(t *testing.T) {
	tests := []struct {
		w    int    // target width
		expr string // right-hand side; input a is 4 bits
		a    uint64
		want uint64
	}{
		{8, "-1", 0, 0xFF},
		{8, "4'sb1111", 0, 0xFF},                    // signed operand sign-extended
		{8, "4'sb1111 + 4'b0001", 0, 0x10},          // one unsigned operand: zero-extended
		{8, "{4'sb1111}", 0, 0x0F},                  // concatenation is unsigned
		{8, "$unsigned(4'sb1111)", 0, 0x0F},         //
		{8, "8'd200 + 8'd100", 0, 44},               // truncated to 8 bits
		{9, "8'd200 + 8'd100", 0, 300},              // 9-bit context keeps the carry
		{8, "(8'd200 + 8'd100) >> 1", 0, 22},        // 8-bit context
		{9, "(8'd200 + 8'd100) >> 1", 0, 150},       // 9-bit context
		{8, "~4'b0000", 0, 0xFF},                    // extended before inversion
		{8, "!4'b0000", 0, 1},                       //
		{8, "3'd7 == 3'd7", 0, 1},                   //
		{8, "2 ** 3", 0, 8},                         //
		{8, "17 / 5", 0, 3},                         //
		{8, "17 % 5", 0, 2},                         //
		{8, "-7 / 2", 0, 0xFD},                      // signed division truncates toward zero
		{8, "1 << 3", 0, 8},                         //
		{8, "8'b1000_0000 >>> 1", 0, 0x40},          // unsigned: logical shift
		{8, "$signed(8'b1000_0000) >>> 1", 0, 0xC0}, // signed: arithmetic shift
		{8, "a ? 8'd1 : 8'd2", 3, 1},                //
		{8, "a ? 8'd1 : 8'd2", 0, 2},                //
		{8, "{2{a}}", 5, 0x55},                      //
		{8, "8'hFF * 8'hFF", 0, 1},                  //
		{1, "$signed(4'b1000) < $signed(4'b0001)", 0, 1},
		{1, "4'b1000 < 4'b0001", 0, 0},
		{8, "a * a", 15, 225},          // 8-bit context
		{4, "a * a", 15, 1},            //
		{8, "a[3:2] + a[1:0]", 0xF, 6}, //
		{8, "a << a", 2, 8},            // variable shift
		{8, "a[a[1:0]]", 0x8 | 3, 1},   // variable index
		{8, "a[a[1:0]]", 0x4 | 3, 0},   //
		{8, "&a + |a + ^a", 0xF, 2},    // 1-bit reductions zero-extended
		{8, "a === 4'd9", 9, 1},        //
		{8, "a !== 4'd9", 9, 0},        //
		{8, "'hF + 'd1", 0, 16},        // unsized: 32 bits
		{8, "4'd15 + 4'd1", 0, 16},     // context widened by the target
		{4, "12'hABC", 0, 0xC},         // truncation
	}
	for _, tc := range tests {
		src := fmt.Sprintf("module t(input [3:0] a, output [%d:0] o);\n  assign o = %s;\nendmodule\n", tc.w-1, tc.expr)
		nl, err := Parse("t.v", []byte(src), Options{})
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		if got := evalOnce(t, nl, ioMap{"a": tc.a})["o"]; got != tc.want {
			t.Errorf("[%d bits] %s with a=%d: got %#x, want %#x", tc.w, tc.expr, tc.a, got, tc.want)
		}
	}
}

func TestParameters(t *testing.T) {
	src := `module t(input [3:0] a, output [7:0] o, output [3:0] p, output [7:0] q);
  parameter [3:0] P = 5'b11111;  // truncated to 4 bits
  localparam W = P + 1;          // 16, 32-bit context
  localparam [7:0] M = 8'hA5;
  assign o = W;
  assign p = P;
  assign q = {M[0], M[7:1]};
endmodule
`
	nl, err := Parse("t.v", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := evalOnce(t, nl, ioMap{})
	if got["o"] != 16 || got["p"] != 15 || got["q"] != 0xD2 {
		t.Errorf("got %v, want o=16 p=15 q=0xd2", got)
	}
}

func TestCompatResolve(t *testing.T) {
	known := map[string]bool{"NAND2X1": true, "AND2X1": true, "NOR2X1": true, "OR2X1": true, "XOR2X1": true, "XNOR2X1": true}
	tests := []struct{ name, want, err string }{
		{"NPDKGEPDKGENNAND2X1", "NAND2X1", ""},
		{"PDKGEPDKGENNAND2X1", "AND2X1", ""},
		{"XNPDKGEPDKGENNOR2X1", "XNOR2X1", ""},
		{"PDKGENXPDKGENNPDKGENOR2X1", "XNOR2X1", ""},
		{"XPDKGENNPDKGENOR2X1", "XNOR2X1", ""},
		{"PDKGENNPDKGENOR2X1", "NOR2X1", ""},
		{"PDKGEPDKGENNOR2X1", "OR2X1", ""},
		{"XPDKGEPDKGENNOR2X1", "XOR2X1", ""},
		{"PDKGENFOO", "", ""},
		{"NAND2X1", "", ""}, // nothing to delete
		{"PDKGENPDKGEN", "", ""},
		{strings.Repeat("PDKGEN", 100) + "AND2X1", "", ""}, // too long
	}
	for _, tc := range tests {
		got, err := compatResolve(tc.name, func(s string) bool { return known[s] })
		if got != tc.want || (err != nil) != (tc.err != "") {
			t.Errorf("compatResolve(%s) = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	// Two cells at the same depth are ambiguous.
	amb2 := map[string]bool{"APDKGENX": true, "PDKGENAX": true}
	if _, err := compatResolve("PDKGENAPDKGENX", func(s string) bool { return amb2[s] }); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("want ambiguity error, got %v", err)
	}
}

func TestBuiltinCells(t *testing.T) {
	got := strings.Join(BuiltinCells(), " ")
	want := "AND2X1 AOI21X1 BUFX2 FAX1 HAX1 INVX1 MUX2X1 NAND2X1 NAND3X1 NOR2X1 NOR3X1 OAI21X1 OR2X1 XNOR2X1 XOR2X1"
	if got != want {
		t.Errorf("BuiltinCells() = %s", got)
	}
	// Each built-in cell against a Go truth table.
	fns := map[string]func(a, b, c, s uint64) ioMap{
		"AND2X1":  func(a, b, c, s uint64) ioMap { return ioMap{"Y": a & b} },
		"AOI21X1": func(a, b, c, s uint64) ioMap { return ioMap{"Y": 1 ^ (a&b | c)} },
		"BUFX2":   func(a, b, c, s uint64) ioMap { return ioMap{"Y": a} },
		"FAX1":    func(a, b, c, s uint64) ioMap { return ioMap{"YS": (a + b + c) & 1, "YC": (a + b + c) >> 1} },
		"HAX1":    func(a, b, c, s uint64) ioMap { return ioMap{"YS": a ^ b, "YC": a & b} },
		"INVX1":   func(a, b, c, s uint64) ioMap { return ioMap{"Y": 1 ^ a} },
		"MUX2X1": func(a, b, c, s uint64) ioMap {
			if s == 1 {
				return ioMap{"Y": b}
			}
			return ioMap{"Y": a}
		},
		"NAND2X1": func(a, b, c, s uint64) ioMap { return ioMap{"Y": 1 ^ a&b} },
		"NAND3X1": func(a, b, c, s uint64) ioMap { return ioMap{"Y": 1 ^ a&b&c} },
		"NOR2X1":  func(a, b, c, s uint64) ioMap { return ioMap{"Y": 1 ^ (a | b)} },
		"NOR3X1":  func(a, b, c, s uint64) ioMap { return ioMap{"Y": 1 ^ (a | b | c)} },
		"OAI21X1": func(a, b, c, s uint64) ioMap { return ioMap{"Y": 1 ^ ((a | b) & c)} },
		"OR2X1":   func(a, b, c, s uint64) ioMap { return ioMap{"Y": a | b} },
		"XNOR2X1": func(a, b, c, s uint64) ioMap { return ioMap{"Y": 1 ^ a ^ b} },
		"XOR2X1":  func(a, b, c, s uint64) ioMap { return ioMap{"Y": a ^ b} },
	}
	for _, name := range BuiltinCells() {
		nl, err := Parse("builtin.v", []byte(builtinCellsSource), Options{Top: name})
		if err != nil {
			t.Fatal(err)
		}
		for v := uint64(0); v < 16; v++ {
			a, b, c, s := v&1, v>>1&1, v>>2&1, v>>3&1
			got := evalOnce(t, nl, ioMap{"A": a, "B": b, "C": c, "S": s})
			for pin, want := range fns[name](a, b, c, s) {
				if got[pin] != want {
					t.Errorf("%s(A=%d B=%d C=%d S=%d).%s = %d, want %d", name, a, b, c, s, pin, got[pin], want)
				}
			}
		}
	}
}

func TestErrorListFormat(t *testing.T) {
	var l ErrorList
	for i := 12; i > 0; i-- {
		l.Add(token.Position{Filename: "f.v", Line: i, Column: 2}, fmt.Sprintf("e%d", i))
	}
	l.Add(token.Position{Filename: "f.v", Line: 3, Column: 9}, "second on line 3")
	l.RemoveMultiples()
	lines := strings.Split(l.Error(), "\n")
	if len(l) != 12 || len(lines) != MaxErrors+1 || lines[0] != "f.v:1:2: e1" || lines[MaxErrors] != "(and 2 more errors)" {
		t.Errorf("got %d errors:\n%s", len(l), l.Error())
	}
	if p := parsePosition("a/b:c.v:12:5"); p.Filename != "a/b:c.v" || p.Line != 12 || p.Column != 5 {
		t.Errorf("parsePosition = %+v", p)
	}
	if p := parsePosition("nopos"); p.Filename != "nopos" || p.Line != 0 {
		t.Errorf("parsePosition = %+v", p)
	}
}

package evoapprox

import (
	"fmt"
	"strings"
	"testing"
)

func TestScanPorts(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		found bool
		want  string // ports as "name:dir:bits" joined by spaces
		err   string
	}{
		{"non-ANSI", "module m ( A, B, O );\n  input [7:0] A;\n  input [7:0] B;\n  output [15:0] O;\nendmodule\n", true, "A:in:8 B:in:8 O:out:16", ""},
		{"ANSI with expressions", "module m ( input[16-1:0] A,\n input [0:3] B, output wire [(16+4)-1:0] Z );\nendmodule", true, "A:in:16 B:in:4 Z:out:20", ""},
		{"list and scalar", "module m(a,b,c,y); input [2*3-1:0] a, b; input c; output y; endmodule", true, "a:in:6 b:in:6 c:in:1 y:out:1", ""},
		{"other modules first", "module h(input A, output Y); endmodule\n/* module m(input [99:0] A); */\n// module m\nmodule m(input [3:0] A); endmodule", true, "A:in:4", ""},
		{"ports of later modules ignored", "module m(input [3:0] A); endmodule module n(input [7:0] B); endmodule", true, "A:in:4", ""},
		{"no such module", "module mm(input A); endmodule", false, "", ""},
		{"parameter in range", "module m(input [N-1:0] A); endmodule", true, "", `unsupported token "N"`},
		{"unclosed range", "module m(input [7:0 A); endmodule", true, "", "want ']'"},
		{"missing colon", "module m(input [7] A); endmodule", true, "", "want ':'"},
		{"huge number", "module m(input [99999999999:0] A); endmodule", true, "", "too large"},
		{"unbalanced paren", "module m(input [(7:0] A); endmodule", true, "", "want ')'"},
		{"deep nesting", "module m(input [" + strings.Repeat("(", 100) + "1" + strings.Repeat(")", 100) + ":0] A); endmodule", true, "", "nested too deeply"},
		{"string and escaped ident", "module m(input [7:0] \\A$x , output O); initial $display(\"input [1:0] Q;\"); endmodule", true, "\\A$x:in:8 O:out:1", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ports, found, err := scanPorts([]byte(tc.src), "m")
			if found != tc.found {
				t.Fatalf("found = %v, want %v", found, tc.found)
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ports {
				dir := "in"
				if p.Output {
					dir = "out"
				}
				got = append(got, fmt.Sprintf("%s:%s:%d", p.Name, dir, p.Bits))
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("ports %q, want %q", g, tc.want)
			}
		})
	}
}

func TestConstExpr(t *testing.T) {
	tests := []struct {
		src  string
		want int64 // evaluated by hand
		next string
		ok   bool
	}{
		{"7:", 7, ":", true},
		{"12-1:", 11, ":", true},
		{"2*12-1]", 23, "]", true},
		{"(16+4)-1]", 19, "]", true},
		{"2*(3+4)*5-1]", 69, "]", true},
		{"-3+10]", 7, "]", true},
		{"1-2-3]", -4, "]", true},
		{"1073741824*2]", 0, "", false},
		{"]", 0, "", false},
		{"3/2]", 3, "/", true}, // stops at an unsupported operator; the caller then wants ':' or ']'
	}
	for _, tc := range tests {
		var toks []token
		tokens([]byte(tc.src), func(b []byte, line int) bool { toks = append(toks, token{string(b), line}); return true })
		v, j, err := constExpr(toks, 0)
		if (err == nil) != tc.ok {
			t.Errorf("%q: err %v, want ok=%v", tc.src, err, tc.ok)
			continue
		}
		if !tc.ok {
			continue
		}
		if v != tc.want || j >= len(toks) || toks[j].text != tc.next {
			t.Errorf("%q = %d (next %d), want %d before %q", tc.src, v, j, tc.want, tc.next)
		}
	}
}

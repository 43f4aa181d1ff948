package gen

import (
	"slices"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/verilog"
)

// TestSignednessAndRoles loads small Verilog multipliers through the
// roles and signedness rules and checks every product against a·b
// computed here (two's complement when the expected signedness is signed).
func TestSignednessAndRoles(t *testing.T) {
	const (
		mulSigned   = "(input signed [2:0] A, input signed [2:0] B, output [5:0] O); assign O = A * B; endmodule"
		mulUnsigned = "(input [2:0] A, input [2:0] B, output [5:0] O); assign O = A * B; endmodule"
		// A product computed as signed by explicit sign extension, in a
		// module whose ports are not declared signed.
		mulSignedBody = "(input [2:0] A, input [2:0] B, output [5:0] O); assign O = $signed(A) * $signed(B); endmodule"
	)
	tests := []struct {
		name, src, file string
		opts            LoadOptions
		signed          bool
		from            string
		warn            string // a warning must contain this ("" none)
		oLsb            int    // product read from bit oLsb (declared [5:oLsb])
		roles           string // "A,B,O" source names
		sbody           bool   // the Verilog computes a signed product
	}{
		{name: "ports signed", src: "module synth_out" + mulSigned, file: "synth_out.v", signed: true, from: SignFromPorts, roles: "A,B,O", sbody: true},
		{name: "module name", src: "module mul3s_x" + mulSignedBody, file: "synth_out.v", signed: true, from: SignFromModule, roles: "A,B,O", sbody: true},
		{name: "file name", src: "module top" + mulSignedBody, file: "mul3s_y.v", signed: true, from: SignFromFile, roles: "A,B,O", sbody: true},
		{name: "nothing said", src: "module top" + mulUnsigned, file: "top.v", signed: false, from: SignFromDefault, roles: "A,B,O"},
		{name: "ports beat an unsigned name", src: "module mul3u_x" + mulSigned, file: "mul3u_x.v", signed: true, from: SignFromPorts,
			warn: "ports A and B are declared signed but the module name mul3u_x says unsigned; the declaration wins (signed)", roles: "A,B,O", sbody: true},
		{name: "flag beats ports", src: "module synth_out" + mulSigned, file: "synth_out.v", opts: LoadOptions{Sign: Unsigned},
			signed: false, from: SignFromFlag, roles: "A,B,O", sbody: true},
		{name: "module beats file", src: "module mul3u_x" + mulUnsigned, file: "mul3s_y.v", signed: false, from: SignFromModule,
			warn: "module mul3u_x says unsigned but the file name mul3s_y says signed; the module name wins", roles: "A,B,O"},
		{name: "one signed port", src: "module top(input signed [2:0] A, input [2:0] B, output [5:0] O); assign O = A * B; endmodule",
			file: "top.v", signed: false, from: SignFromDefault, warn: "only operand A is declared signed", roles: "A,B,O"},
		{name: "a b p in declaration order, signed", src: "module m(input signed [2:0] x, input signed [2:0] y, output [5:0] p); assign p = x * y; endmodule",
			file: "synth.v", signed: true, from: SignFromPorts, roles: "x,y,p", sbody: true},
		{name: "ports flag and tie", src: "module m(input clk, input [2:0] b, input [2:0] a, output [5:0] p, output v); assign p = clk ? a * b : 6'd0; assign v = 1'b1; endmodule",
			file: "m.v", opts: LoadOptions{Roles: circuits.RoleOptions{A: "a", B: "b", O: "p", Ties: []circuits.Tie{{Name: "clk", Value: true}}}},
			signed: false, from: SignFromDefault, roles: "a,b,p"},
		{name: "declared [5:3] output", src: "module m(input [2:0] a, input [2:0] b, output [5:3] p); wire [5:0] f; assign f = a * b; assign p = f[5:3]; endmodule",
			file: "m.v", signed: false, from: SignFromDefault, oLsb: 3, roles: "a,b,p"},
		{name: "bit-blasted output", src: `module m(input [2:0] a, input [2:0] b, output \p[0] , output \p[1] , output \p[2] , output \p[3] , output \p[4] , output \p[5] );
  wire [5:0] f; assign f = a * b;
  assign \p[0] = f[0]; assign \p[1] = f[1]; assign \p[2] = f[2]; assign \p[3] = f[3]; assign \p[4] = f[4]; assign \p[5] = f[5];
endmodule`, file: "m.v", signed: false, from: SignFromDefault, roles: "a,b,p"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := verilog.Parse(tc.file, []byte(tc.src), verilog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			name := strings.TrimSuffix(tc.file, ".v")
			c, err := FromNetlistOptions(name, tc.file, n, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if c.Signed != tc.signed || c.SignSource != tc.from {
				t.Errorf("signed %v from %s, want %v from %s", c.Signed, c.SignSource, tc.signed, tc.from)
			}
			if got := c.Roles.A + "," + c.Roles.B + "," + c.Roles.O; got != tc.roles {
				t.Errorf("roles %s, want %s", got, tc.roles)
			}
			if tc.warn == "" && len(c.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", c.Warnings)
			}
			if tc.warn != "" && !slices.ContainsFunc(c.Warnings, func(w string) bool { return strings.Contains(w, tc.warn) }) {
				t.Errorf("warnings %q, want one containing %q", c.Warnings, tc.warn)
			}
			if c.ABits != 3 || c.BBits != 3 || c.OBits != 6 {
				t.Fatalf("widths %d, %d, %d; want 3, 3, 6", c.ABits, c.BBits, c.OBits)
			}
			if want := "[5:" + string(rune('0'+tc.oLsb)) + "]"; c.Roles.ORange() != want {
				t.Errorf("output range %s, want %s", c.Roles.ORange(), want)
			}
			raw, err := c.Multiplier().Products()
			if err != nil {
				t.Fatal(err)
			}
			for b := range uint64(8) {
				for a := range uint64(8) {
					// The truth: the 6-bit pattern of a·b, with the bits
					// below the declared range zero.
					x, y := int64(a), int64(b)
					if tc.sbody {
						x, y = Decode(a, 3, true), Decode(b, 3, true)
					}
					want := uint64(x*y) & 63 &^ (1<<tc.oLsb - 1)
					if got := raw[b<<3|a]; got != want {
						t.Fatalf("a=%d b=%d: product %#x, want %#x", a, b, got, want)
					}
				}
			}
		})
	}
}

// TestCacheKeyRoles: a build with --ports/--tie must not reuse records
// measured with other port roles.
func TestCacheKeyRoles(t *testing.T) {
	it := buildItem{name: "m", sign: SignFromName}
	var d [32]byte
	plain := cacheKey(it, d, BuildOptions{})
	ports := cacheKey(it, d, BuildOptions{Roles: circuits.RoleOptions{A: "a", B: "b", O: "p"}})
	tied := cacheKey(it, d, BuildOptions{Roles: circuits.RoleOptions{Ties: []circuits.Tie{{Name: "en", Value: true}}}})
	tied0 := cacheKey(it, d, BuildOptions{Roles: circuits.RoleOptions{Ties: []circuits.Tie{{Name: "en"}}}})
	if plain == ports || plain == tied || tied == tied0 || ports == tied {
		t.Errorf("cache keys do not depend on the roles: %v %v %v %v", plain, ports, tied, tied0)
	}
}

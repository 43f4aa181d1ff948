package verilog

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
)

// TestSmallOperators checks the gate-saving elaborations of behavioural
// designs (truth-table products and powers with trial and rollback,
// conditional negation, comparison chains) against a Go reference on
// every input pair, and bounds their gate counts so that a lost
// optimisation fails (bounds at or just above the counts measured when the
// test was written; for comparison, Yosys 0.23 synth; abc -g
// AND,OR,XOR,MUX gives 16 for a*a, 27 for b*b*b, 38 for a**2 + b**3, 30 for
// (a+1)*(a+2), 2 for x < 64 and 48 for a 16-bit c ? -x : x).
func TestSmallOperators(t *testing.T) {
	const pre = "module t (input [3:0] a, input [3:0] b, output reg [7:0] p);\n  always @* p = "
	cases := []struct {
		expr     string
		ref      func(a, b int) int
		maxGates int
	}{
		{"a ** 2", func(a, b int) int { return a * a }, 16},
		{"b ** 3", func(a, b int) int { return b * b * b }, 27},
		{"b * b * b", func(a, b int) int { return b * b * b }, 27},
		{"a ** 2 + b ** 3", func(a, b int) int { return a*a + b*b*b }, 60},
		{"{a, b[0]} ** 3", func(a, b int) int { x := a<<1 | b&1; return x * x * x }, 40},
		{"(a + 1) * (a + 2)", func(a, b int) int { return (a + 1) * (a + 2) }, 30},
		{"a[2:0] * a[2:0]", func(a, b int) int { return (a & 7) * (a & 7) }, 9},
		{"a * b", func(a, b int) int { return a * b }, 48},
		{"a * 5", func(a, b int) int { return a * 5 }, 9},
		{"b[3] ? -{a, b} : {a, b}", func(a, b int) int {
			if b&8 != 0 {
				return -(a<<4 | b)
			}
			return a<<4 | b
		}, 21},
		{"b[0] ? {a, b} : -{a, b}", func(a, b int) int {
			if b&1 == 0 {
				return -(a<<4 | b)
			}
			return a<<4 | b
		}, 21},
		{"{a, b} < 64", func(a, b int) int { return b2i(a<<4|b < 64) }, 1},
		{"{a, b} >= 8'd37", func(a, b int) int { return b2i(a<<4|b >= 37) }, 7},
		{"8'd100 > {a, b}", func(a, b int) int { return b2i(100 > a<<4|b) }, 7},
		{"$signed({a, b}) < -8'sd3", func(a, b int) int { return b2i(int(int8(a<<4|b)) < -3) }, 8},
		{"$signed({a, b}) > $signed(8'd5)", func(a, b int) int { return b2i(int(int8(a<<4|b)) > 5) }, 8},
		{"a < b", func(a, b int) int { return b2i(a < b) }, 8},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			src := pre + c.expr + ";\nendmodule\n"
			nl, err := Parse("t.v", []byte(src), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := nl.Validate(); err != nil {
				t.Fatal(err)
			}
			sim := newTestSim(t, nl)
			// 256 input pairs in four 64-lane words.
			for base := 0; base < 256; base += 64 {
				in := map[string][]uint64{"a": make([]uint64, 4), "b": make([]uint64, 4)}
				for lane := 0; lane < 64; lane++ {
					k := base + lane
					for i := 0; i < 4; i++ {
						in["a"][i] |= uint64(k>>(4+i)&1) << lane
						in["b"][i] |= uint64(k>>i&1) << lane
					}
				}
				out := sim.run(in)["p"]
				for lane := 0; lane < 64; lane++ {
					k := base + lane
					got := 0
					for i := range out {
						got |= int(out[i]>>lane&1) << i
					}
					if want := c.ref(k>>4, k&15) & 255; got != want {
						t.Fatalf("a=%d b=%d: got %d, want %d", k>>4, k&15, got, want)
					}
				}
			}
			if n := logicGates(nl); n > c.maxGates {
				t.Errorf("%d gates, want at most %d", n, c.maxGates)
			} else {
				t.Logf("%d gates (bound %d)", n, c.maxGates)
			}
		})
	}
}

// TestTrialRollback checks that a rolled-back trial leaves no gate, net
// or structural-hashing entry behind, and that nested trials unwind.
func TestTrialRollback(t *testing.T) {
	nl := &circuits.Netlist{Name: "t"}
	nl.AddPort("a", circuits.Input, 4)
	e := &elab{nl: nl, strash: map[gateKey]val{}}
	for range nl.NumNets {
		e.kind = append(e.kind, netInput)
		e.drv = append(e.drv, -1)
		e.drvPos = append(e.drvPos, 0)
		e.gateOf = append(e.gateOf, -1)
		e.names = append(e.names, nameRef{})
	}
	b := bld{e: e, cell: -1}
	in := nl.Ports[0].Bits
	keep := b.and(in[0], in[1])
	gates, nets, keys := len(nl.Gates), nl.NumNets, len(e.strash)
	outer := e.mark()
	inner := e.mark()
	b.xor(in[2], in[3])
	e.rollback(inner)
	b.or(in[2], keep)
	e.rollback(outer)
	if len(nl.Gates) != gates || nl.NumNets != nets || len(e.strash) != keys || e.trials != 0 || len(e.strashLog) != 0 {
		t.Fatalf("after rollback: %d gates, %d nets, %d keys, %d trials, %d log entries; want %d, %d, %d, 0, 0",
			len(nl.Gates), nl.NumNets, len(e.strash), e.trials, len(e.strashLog), gates, nets, keys)
	}
	// A kept inner trial is undone by the outer rollback.
	outer = e.mark()
	inner = e.mark()
	x := b.xor(in[2], in[3])
	e.commit(inner)
	e.rollback(outer)
	if len(nl.Gates) != gates || len(e.strash) != keys {
		t.Fatalf("committed inner trial survived the outer rollback")
	}
	// Rebuilding after a rollback gives a fresh gate, not a stale hash.
	if y := b.xor(in[2], in[3]); int(y) != nets || y != x {
		t.Fatalf("rebuilt XOR is net %d, want %d", y, nets)
	}
	if b.and(in[0], in[1]) != keep {
		t.Fatal("gate from before the trials lost its hashing entry")
	}
}

// TestSignedProducts checks products of sign-extended operands (modified
// Baugh-Wooley, then sign extension) on every input pair against Go's
// multiplication, for operand widths narrower, equal and wider than the
// result, and bounds the gates of the 8x8 one.
func TestSignedProducts(t *testing.T) {
	for _, c := range []struct {
		n, m, w, maxGates int
	}{
		{8, 8, 16, 240}, {8, 8, 20, 240}, {8, 8, 12, 0}, {6, 3, 16, 0}, {2, 2, 8, 0}, {3, 7, 5, 0}, {5, 5, 10, 0},
	} {
		name := fmt.Sprintf("%dx%d_to_%d", c.n, c.m, c.w)
		t.Run(name, func(t *testing.T) {
			src := fmt.Sprintf("module t (input signed [%d:0] a, input signed [%d:0] b, output reg signed [%d:0] p);\n  always @* p = a * b;\nendmodule\n", c.n-1, c.m-1, c.w-1)
			nl, err := Parse("t.v", []byte(src), Options{})
			if err != nil {
				t.Fatal(err)
			}
			sim := newTestSim(t, nl)
			total := 1 << (c.n + c.m)
			for base := 0; base < total; base += 64 {
				in := map[string][]uint64{"a": make([]uint64, c.n), "b": make([]uint64, c.m)}
				for lane := 0; lane < 64 && base+lane < total; lane++ {
					k := base + lane
					for i := 0; i < c.n; i++ {
						in["a"][i] |= uint64(k>>(c.m+i)&1) << lane
					}
					for i := 0; i < c.m; i++ {
						in["b"][i] |= uint64(k>>i&1) << lane
					}
				}
				out := sim.run(in)["p"]
				for lane := 0; lane < 64 && base+lane < total; lane++ {
					k := base + lane
					a := int64(k>>c.m) << (64 - c.n) >> (64 - c.n)
					b := int64(k&(1<<c.m-1)) << (64 - c.m) >> (64 - c.m)
					var got uint64
					for i := range out {
						got |= (out[i] >> lane & 1) << i
					}
					if want := uint64(a*b) & (1<<c.w - 1); got != want {
						t.Fatalf("a=%d b=%d: got %#x, want %#x", a, b, got, want)
					}
				}
			}
			if c.maxGates > 0 {
				if n := logicGates(nl); n > c.maxGates {
					t.Errorf("%d gates, want at most %d", n, c.maxGates)
				}
			}
		})
	}
}

// TestReturnRecursion checks a function that returns from inside a loop
// with a recursive call (Icarus Verilog 11 stops on an assertion for this
// one) against the bit length of its argument, and its gate count.
func TestReturnRecursion(t *testing.T) {
	src := `module m (input [3:0] a, output reg [3:0] y);
  function automatic logic [3:0] h(input logic [3:0] x);
    for (int i = 0; i < 4; i++)
      if (x[i]) return h(x >> 1) + 1;
    return 0;
  endfunction
  always @* y = h(a);
endmodule
`
	nl, err := Parse("r.v", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sim := newTestSim(t, nl)
	in := make([]uint64, 4)
	for lane := 0; lane < 16; lane++ {
		for i := range in {
			in[i] |= uint64(lane>>i&1) << lane
		}
	}
	out := sim.run(map[string][]uint64{"a": in})["y"]
	for a := 0; a < 16; a++ {
		got := 0
		for i := range out {
			got |= int(out[i]>>a&1) << i
		}
		if want := bits.Len(uint(a)); got != want {
			t.Errorf("h(%d) = %d, want %d", a, got, want)
		}
	}
	// The result depends on 4 bits only: it is rebuilt from its truth
	// table (smaller) instead of the chain of adders of the recursion.
	if n := logicGates(nl); n > 8 {
		t.Errorf("%d gates, want at most 8", n)
	}
}

// TestReturnRewriteBudget: a run of 24 ifs that may return would make the
// return rewrite copy the statements after each into both branches (2^24
// copies); past maxReturnCopies the rewrite gives up and the returned
// flag elaborates the function, with the same results.
func TestReturnRewriteBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString("module m (input [23:0] a, input e, output reg [4:0] y);\n")
	b.WriteString("  function automatic logic [4:0] f(input logic [23:0] x, input logic en);\n")
	for i := range 24 {
		fmt.Fprintf(&b, "    if (x[%d]) begin if (en) return %d; end\n", i, i)
	}
	b.WriteString("    return 31;\n  endfunction\n  always @* y = f(a, e);\nendmodule\n")
	nl, err := Parse("budget.v", []byte(b.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sim := newTestSim(t, nl)
	r := rand.New(rand.NewPCG(1, 2))
	av := make([]uint32, 64)
	in := map[string][]uint64{"a": make([]uint64, 24), "e": make([]uint64, 1)}
	for lane := range av {
		av[lane] = r.Uint32() & (1<<24 - 1) &^ (1<<uint(r.IntN(24)) - 1)
		for i := range 24 {
			in["a"][i] |= uint64(av[lane]>>i&1) << lane
		}
		in["e"][0] |= uint64(lane&1) << lane
	}
	out := sim.run(in)["y"]
	for lane, a := range av {
		got := 0
		for i := range out {
			got |= int(out[i]>>lane&1) << i
		}
		want := 31
		if lane&1 == 1 && a != 0 {
			want = bits.TrailingZeros32(a)
		}
		if got != want {
			t.Errorf("f(%#x, %d) = %d, want %d", a, lane&1, got, want)
		}
	}
}

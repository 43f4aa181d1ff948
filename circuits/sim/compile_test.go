package sim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim/simtest"
)

// refEval is the naive reference: every gate of the netlist in topological
// order with circuits.Kind.Eval, one word at a time, nothing optimised.
func refEval(t *testing.T, n *circuits.Netlist, inputs [][]uint64) [][]uint64 {
	t.Helper()
	order, err := n.TopoOrder()
	if err != nil {
		t.Fatal(err)
	}
	words := len(inputs[0])
	var outs [][]uint64
	for _, p := range n.OutputPorts() {
		for range p.Bits {
			outs = append(outs, make([]uint64, words))
		}
	}
	val := make([]uint64, n.NumNets)
	for j := range words {
		i := 0
		for _, p := range n.InputPorts() {
			for _, b := range p.Bits {
				val[b] = inputs[i][j]
				i++
			}
		}
		for _, gi := range order {
			g := n.Gates[gi]
			var a [3]uint64
			for k := range g.Kind.Arity() {
				a[k] = val[g.In[k]]
			}
			val[g.Out] = g.Kind.Eval(a[0], a[1], a[2])
		}
		i = 0
		for _, p := range n.OutputPorts() {
			for _, b := range p.Bits {
				outs[i][j] = val[b]
				i++
			}
		}
	}
	return outs
}

func randomInputs(rng *rand.Rand, bits, words int) [][]uint64 {
	in := make([][]uint64, bits)
	for i := range in {
		in[i] = make([]uint64, words)
		for j := range in[i] {
			in[i][j] = rng.Uint64()
		}
	}
	return in
}

// forEachKernel runs f once per available kernel as a sub-test.
func forEachKernel(t *testing.T, f func(t *testing.T)) {
	for _, name := range Kernels() {
		t.Run("kernel="+name, func(t *testing.T) {
			restore, err := SetKernel(name)
			if err != nil {
				t.Fatal(err)
			}
			defer restore()
			f(t)
		})
	}
}

func equalWords(t *testing.T, what string, got, want [][]uint64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d output bits, want %d", what, len(got), len(want))
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("%s: output bit %d has %d words, want %d", what, i, len(got[i]), len(want[i]))
		}
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Fatalf("%s: output bit %d word %d = %#x, want %#x", what, i, j, got[i][j], want[i][j])
			}
		}
	}
}

func TestCompileRandomDAGs(t *testing.T) {
	forEachKernel(t, func(t *testing.T) {
		tests := []struct {
			inputs, gates, outputs int
		}{
			{2, 1, 2},
			{4, 10, 3},
			{8, 60, 8},
			{16, 500, 20},
			{32, 3000, 40},
			{64, 5000, 64},
		}
		for _, tc := range tests {
			for seed := range uint64(4) {
				name := fmt.Sprintf("in=%d/gates=%d/seed=%d", tc.inputs, tc.gates, seed)
				rng := rand.New(rand.NewPCG(seed, uint64(tc.gates)))
				n := simtest.RandomDAG(rng, tc.inputs, tc.gates, tc.outputs)
				p, err := Compile(n)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				st, _ := n.Stats()
				if len(p.Code) > st.Logic+len(p.Outputs)+2 {
					t.Errorf("%s: %d ops for %d logic gates", name, len(p.Code), st.Logic)
				}
				if p.LogicGates != st.Logic {
					t.Errorf("%s: LogicGates = %d, Stats.Logic = %d", name, p.LogicGates, st.Logic)
				}
				checkProgram(t, p)
				// Word counts around the block size: tails and odd block counts.
				for _, words := range []int{1, 3, 63, 64, 65, 129, 200} {
					in := randomInputs(rng, tc.inputs, words)
					got, err := p.Eval(in)
					if err != nil {
						t.Fatal(err)
					}
					equalWords(t, fmt.Sprintf("%s/words=%d", name, words), got, refEval(t, n, in))
				}
			}
		}
	})
}

// checkProgram checks the structure of the compiled code: every slot read
// was written before (inputs count as written), slot indices are in range,
// and every output slot is written or an input.
func checkProgram(t *testing.T, p *Program) {
	t.Helper()
	valid := make([]bool, p.NumSlots)
	for i := range p.NumInputs {
		valid[i] = true
	}
	for i, in := range p.Code {
		if in.Op >= NumOps {
			t.Fatalf("instr %d: bad op %v", i, in.Op)
		}
		var srcs []uint32
		switch in.Op {
		case OpConst0, OpConst1:
		case OpNot:
			srcs = []uint32{in.A}
		case OpMux:
			srcs = []uint32{in.A, in.B, in.C}
		default:
			srcs = []uint32{in.A, in.B}
		}
		for _, s := range srcs {
			if int(s) >= p.NumSlots || !valid[s] {
				t.Fatalf("instr %d (%v) reads slot %d before it is written", i, in.Op, s)
			}
		}
		if int(in.Dst) >= p.NumSlots {
			t.Fatalf("instr %d writes slot %d of %d", i, in.Dst, p.NumSlots)
		}
		valid[in.Dst] = true
	}
	for i, s := range p.Outputs {
		if int(s) >= p.NumSlots || !valid[s] {
			t.Fatalf("output %d in slot %d which is never written", i, s)
		}
	}
}

// TestOutputsNotClobbered checks on random programs that output values
// survive to the end: a second evaluation of only the slot each output was
// last written from must give the same words (covered by the reference
// comparison); here we check that distinct output literals never share a
// slot.
func TestOutputsNotClobbered(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	n := simtest.RandomDAG(rng, 10, 400, 30)
	p, err := Compile(n)
	if err != nil {
		t.Fatal(err)
	}
	in := randomInputs(rng, 10, 4)
	want := refEval(t, n, in)
	for i := range p.Outputs {
		for j := range i {
			if p.Outputs[i] == p.Outputs[j] && fmt.Sprint(want[i]) != fmt.Sprint(want[j]) {
				t.Fatalf("outputs %d and %d share slot %d but differ", i, j, p.Outputs[i])
			}
		}
	}
}

func TestOpEvalMatchesKinds(t *testing.T) {
	var a, b, c uint64 = 0xF0F0_F0F0_CCCC_AAAA, 0xFF00_FF00_F0F0_CCCC, 0xFFFF_0000_FF00_F0F0
	tests := []struct {
		op   Op
		want uint64
	}{
		{OpAnd, circuits.And.Eval(a, b, 0)},
		{OpOr, circuits.Or.Eval(a, b, 0)},
		{OpXor, circuits.Xor.Eval(a, b, 0)},
		{OpNand, circuits.Nand.Eval(a, b, 0)},
		{OpNor, circuits.Nor.Eval(a, b, 0)},
		{OpXnor, circuits.Xnor.Eval(a, b, 0)},
		{OpAndNot, circuits.And.Eval(a, ^b, 0)},
		{OpOrNot, circuits.Or.Eval(a, ^b, 0)},
		{OpNot, circuits.Not.Eval(a, 0, 0)},
		{OpMux, circuits.Mux.Eval(a, b, c)},
		{OpConst0, 0},
		{OpConst1, ^uint64(0)},
	}
	// Fused ops: the outer gate kind applied to the inner one's result.
	kinds := [8]func(x, y uint64) uint64{
		func(x, y uint64) uint64 { return circuits.And.Eval(x, y, 0) },
		func(x, y uint64) uint64 { return circuits.Or.Eval(x, y, 0) },
		func(x, y uint64) uint64 { return circuits.Xor.Eval(x, y, 0) },
		func(x, y uint64) uint64 { return circuits.Nand.Eval(x, y, 0) },
		func(x, y uint64) uint64 { return circuits.Nor.Eval(x, y, 0) },
		func(x, y uint64) uint64 { return circuits.Xnor.Eval(x, y, 0) },
		func(x, y uint64) uint64 { return circuits.And.Eval(x, ^y, 0) },
		func(x, y uint64) uint64 { return circuits.Or.Eval(x, ^y, 0) },
	}
	for inner := range 8 {
		for outer := range 8 {
			tests = append(tests, struct {
				op   Op
				want uint64
			}{OpFused + Op(8*inner+outer), kinds[outer](kinds[inner](a, b), c)})
		}
	}
	if len(tests) != int(NumOps) {
		t.Fatalf("table covers %d ops of %d", len(tests), NumOps)
	}
	for _, tc := range tests {
		if got := tc.op.Eval(a, b, c); got != tc.want {
			t.Errorf("%v.Eval = %#x, want %#x", tc.op, got, tc.want)
		}
	}
}

// TestKernelsAllOps runs a hand-made program using every op, with slots
// aliased (Dst equal to a source) and guard words around the state, and
// compares each kernel with Op.Eval.
func TestKernelsAllOps(t *testing.T) {
	const slots = 4
	var code []Instr
	for op := range NumOps {
		code = append(code, Instr{Op: op, Dst: 3, A: 0, B: 1, C: 2})
		code = append(code, Instr{Op: op, Dst: uint32(op % 3), A: uint32(op % 3), B: 3, C: 1})
	}
	p := &Program{Name: "allops", Code: code, NumSlots: slots, NumInputs: 3}
	for _, w := range []int{1, 2, 3, 7, 8, 31, 64, 65, 100} {
		rng := rand.New(rand.NewPCG(1, uint64(w)))
		init := make([]uint64, slots*w)
		for i := range init {
			init[i] = rng.Uint64()
		}
		// Reference: Op.Eval word by word.
		want := append([]uint64{}, init...)
		for _, in := range code {
			for j := range w {
				want[int(in.Dst)*w+j] = in.Op.Eval(want[int(in.A)*w+j], want[int(in.B)*w+j], want[int(in.C)*w+j])
			}
		}
		for _, kn := range Kernels() {
			k, _ := lookupKernel(kn)
			const guard = 8
			buf := make([]uint64, slots*w+2*guard)
			for i := range buf {
				buf[i] = 0x5A5A5A5A5A5A5A5A
			}
			state := buf[guard : guard+slots*w]
			copy(state, init)
			k.Run(p, state, w)
			for i := range guard {
				if buf[i] != 0x5A5A5A5A5A5A5A5A || buf[len(buf)-1-i] != 0x5A5A5A5A5A5A5A5A {
					t.Fatalf("kernel %s w=%d wrote outside the state", kn, w)
				}
			}
			for i := range want {
				if state[i] != want[i] {
					t.Fatalf("kernel %s w=%d: state[%d] = %#x, want %#x", kn, w, i, state[i], want[i])
				}
			}
		}
	}
}

// wire builds a netlist with input port A (2 bits) and output port O
// whose bits are produced by f.
func wire(f func(n *circuits.Netlist, a circuits.Port) []circuits.Net) *circuits.Netlist {
	n := &circuits.Netlist{Name: "wire"}
	a := n.AddPort("A", circuits.Input, 2)
	bits := f(n, a)
	n.Ports = append(n.Ports, circuits.Port{Name: "O", Dir: circuits.Output, Bits: bits})
	return n
}

func gate(n *circuits.Netlist, k circuits.Kind, in ...circuits.Net) circuits.Net {
	o := n.NewNet("")
	n.AddGate(k, o, in...)
	return o
}

func TestConstantFolding(t *testing.T) {
	tests := []struct {
		name  string
		build func(n *circuits.Netlist, a circuits.Port) []circuits.Net
		// want[i] is output bit i as a function of the input words a0, a1.
		want    func(a0, a1 uint64) []uint64
		maxOps  int
		maxSlot int
	}{
		{"tied to 1'b0", func(n *circuits.Netlist, a circuits.Port) []circuits.Net {
			return []circuits.Net{gate(n, circuits.Const0)}
		}, func(a0, a1 uint64) []uint64 { return []uint64{0} }, 1, 3},
		{"tied to 1'b1 through NOT", func(n *circuits.Netlist, a circuits.Port) []circuits.Net {
			return []circuits.Net{gate(n, circuits.Not, gate(n, circuits.Const0))}
		}, func(a0, a1 uint64) []uint64 { return []uint64{^uint64(0)} }, 1, 3},
		{"wired to input bit", func(n *circuits.Netlist, a circuits.Port) []circuits.Net {
			return []circuits.Net{a.Bits[1], a.Bits[0]}
		}, func(a0, a1 uint64) []uint64 { return []uint64{a1, a0} }, 0, 2},
		{"BUF chain", func(n *circuits.Netlist, a circuits.Port) []circuits.Net {
			x := a.Bits[0]
			for range 5 {
				x = gate(n, circuits.Buf, x)
			}
			return []circuits.Net{x}
		}, func(a0, a1 uint64) []uint64 { return []uint64{a0} }, 0, 2},
		{"double NOT", func(n *circuits.Netlist, a circuits.Port) []circuits.Net {
			return []circuits.Net{gate(n, circuits.Not, gate(n, circuits.Buf, gate(n, circuits.Not, a.Bits[1])))}
		}, func(a0, a1 uint64) []uint64 { return []uint64{a1} }, 0, 2},
		{"AND with 0, OR with 1, XOR with self", func(n *circuits.Netlist, a circuits.Port) []circuits.Net {
			z, one := gate(n, circuits.Const0), gate(n, circuits.Const1)
			return []circuits.Net{
				gate(n, circuits.And, a.Bits[0], z),
				gate(n, circuits.Or, one, a.Bits[1]),
				gate(n, circuits.Xor, a.Bits[0], a.Bits[0]),
				gate(n, circuits.Xnor, a.Bits[1], gate(n, circuits.Not, a.Bits[1])),
			}
		}, func(a0, a1 uint64) []uint64 { return []uint64{0, ^uint64(0), 0, 0} }, 2, 4},
		{"AND with 1 and NAND of NOTs", func(n *circuits.Netlist, a circuits.Port) []circuits.Net {
			one := gate(n, circuits.Const1)
			return []circuits.Net{
				gate(n, circuits.And, one, a.Bits[0]),
				gate(n, circuits.Nand, gate(n, circuits.Not, a.Bits[0]), gate(n, circuits.Not, a.Bits[1])),
			}
		}, func(a0, a1 uint64) []uint64 { return []uint64{a0, a0 | a1} }, 1, 3},
		{"MUX with constant select and data", func(n *circuits.Netlist, a circuits.Port) []circuits.Net {
			z, one := gate(n, circuits.Const0), gate(n, circuits.Const1)
			return []circuits.Net{
				gate(n, circuits.Mux, one, a.Bits[0], a.Bits[1]),
				gate(n, circuits.Mux, z, a.Bits[0], a.Bits[1]),
				gate(n, circuits.Mux, a.Bits[0], z, a.Bits[1]),
				gate(n, circuits.Mux, a.Bits[0], a.Bits[1], one),
				gate(n, circuits.Mux, a.Bits[0], a.Bits[1], gate(n, circuits.Not, a.Bits[1])),
				gate(n, circuits.Mux, a.Bits[0], a.Bits[1], a.Bits[1]),
			}
		}, func(a0, a1 uint64) []uint64 { return []uint64{a1, a0, a0 & a1, a0 | a1, a0 ^ a1, a1} }, 3, 5},
		{"shared equal gates", func(n *circuits.Netlist, a circuits.Port) []circuits.Net {
			return []circuits.Net{
				gate(n, circuits.And, a.Bits[0], a.Bits[1]),
				gate(n, circuits.And, a.Bits[1], a.Bits[0]),
				gate(n, circuits.Nand, a.Bits[1], a.Bits[0]),
			}
		}, func(a0, a1 uint64) []uint64 { return []uint64{a0 & a1, a0 & a1, ^(a0 & a1)} }, 2, 4},
		{"dead logic removed", func(n *circuits.Netlist, a circuits.Port) []circuits.Net {
			x := a.Bits[0]
			for range 20 {
				x = gate(n, circuits.Xor, x, a.Bits[1])
			}
			return []circuits.Net{gate(n, circuits.Or, a.Bits[0], a.Bits[1])}
		}, func(a0, a1 uint64) []uint64 { return []uint64{a0 | a1} }, 1, 3},
	}
	const a0, a1 = 0xF0F0_F0F0_CCCC_AAAA, 0xFF00_FF00_F0F0_CCCC
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := wire(tc.build)
			p, err := Compile(n)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Code) > tc.maxOps {
				t.Errorf("%d ops, want at most %d: %v", len(p.Code), tc.maxOps, p.Code)
			}
			if p.NumSlots > tc.maxSlot {
				t.Errorf("%d slots, want at most %d", p.NumSlots, tc.maxSlot)
			}
			got, err := p.Eval([][]uint64{{a0}, {a1}})
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want(a0, a1)
			equalWords(t, tc.name, got, wordsOf(want))
			equalWords(t, tc.name+" (reference)", refEval(t, n, [][]uint64{{a0}, {a1}}), wordsOf(want))
		})
	}
}

func wordsOf(ws []uint64) [][]uint64 {
	out := make([][]uint64, len(ws))
	for i, w := range ws {
		out[i] = []uint64{w}
	}
	return out
}

func TestCompileErrors(t *testing.T) {
	loop := &circuits.Netlist{Name: "loop"}
	a := loop.AddPort("A", circuits.Input, 1)
	x, y := loop.NewNet("x"), loop.NewNet("y")
	loop.AddGate(circuits.And, x, a.Bits[0], y)
	loop.AddGate(circuits.Not, y, x)
	loop.Ports = append(loop.Ports, circuits.Port{Name: "O", Dir: circuits.Output, Bits: []circuits.Net{y}})

	undriven := &circuits.Netlist{Name: "undriven"}
	undriven.AddPort("O", circuits.Output, 1)

	tests := []struct {
		name string
		n    *circuits.Netlist
		want string
	}{
		{"nil", nil, "nil netlist"},
		{"loop", loop, "combinational loop"},
		{"undriven", undriven, "never driven"},
	}
	for _, tc := range tests {
		_, err := Compile(tc.n)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
		if tc.n != nil && !errors.Is(err, circuits.ErrInvalid) {
			t.Errorf("%s: err does not wrap circuits.ErrInvalid", tc.name)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	p, err := Compile(simtest.ArrayMultiplier(2, 2))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   [][]uint64
		want string
	}{
		{"too few", [][]uint64{{1}}, "got 1 input bits, want 4"},
		{"ragged", [][]uint64{{1}, {1, 2}, {1}, {1}}, "input bit 1 has 2 words"},
	}
	for _, tc := range tests {
		if _, err := p.Eval(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	out, err := p.Eval(make([][]uint64, 4))
	if err != nil || len(out) != 4 || len(out[0]) != 0 {
		t.Errorf("zero words: %v, %v", out, err)
	}
}

func TestKernelRegistry(t *testing.T) {
	names := Kernels()
	if len(names) == 0 || names[0] != "generic" {
		t.Fatalf("Kernels() = %v, want generic first", names)
	}
	if _, err := SetKernel("no-such-kernel"); err == nil || !strings.Contains(err.Error(), "unknown kernel") {
		t.Errorf("SetKernel(unknown) err = %v", err)
	}
	if _, err := kernelFor("avx9000"); err == nil || !strings.Contains(err.Error(), "AXMUL_KERNEL=\"avx9000\"") {
		t.Errorf("kernelFor(unknown) err = %v", err)
	}
	if k, err := kernelFor(""); err != nil || k.Name() != names[len(names)-1] {
		t.Errorf("kernelFor(\"\") = %v, %v; want the last kernel", k, err)
	}
	if k, err := kernelFor("generic"); err != nil || k != Generic {
		t.Errorf("kernelFor(generic) = %v, %v", k, err)
	}
	before, err := CurrentKernel()
	if err != nil {
		t.Skipf("AXMUL_KERNEL is set to an unknown kernel: %v", err)
	}
	restore, err := SetKernel("generic")
	if err != nil {
		t.Fatal(err)
	}
	if cur, _ := CurrentKernel(); cur != "generic" {
		t.Errorf("after SetKernel(generic): %s", cur)
	}
	restore()
	if cur, _ := CurrentKernel(); cur != before {
		t.Errorf("after restore: %s, want %s", cur, before)
	}
}

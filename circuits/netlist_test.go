package circuits

import (
	"strings"
	"testing"
)

func TestKindEval(t *testing.T) {
	// Truth tables over the patterns a=0xA, b=0xC, c=0xF0 (low byte):
	// bit v of each word is input combination v.
	const a, b, c = 0xAA, 0xCC, 0xF0
	tests := []struct {
		k     Kind
		name  string
		arity int
		want  uint64
	}{
		{Const0, "CONST0", 0, 0x00},
		{Const1, "CONST1", 0, 0xFF},
		{Buf, "BUF", 1, 0xAA},
		{Not, "NOT", 1, 0x55},
		{And, "AND", 2, 0x88},
		{Or, "OR", 2, 0xEE},
		{Xor, "XOR", 2, 0x66},
		{Nand, "NAND", 2, 0x77},
		{Nor, "NOR", 2, 0x11},
		{Xnor, "XNOR", 2, 0x99},
		{Mux, "MUX", 3, 0xE4}, // a ? c : b, bit by bit: 0xCC&^0xAA | 0xF0&0xAA = 0x44|0xA0
	}
	if len(tests) != len(Kinds()) {
		t.Fatalf("table has %d kinds, Kinds() %d", len(tests), len(Kinds()))
	}
	for i, tc := range tests {
		if Kinds()[i] != tc.k {
			t.Errorf("Kinds()[%d] = %v, want %v", i, Kinds()[i], tc.k)
		}
		if got := tc.k.Eval(a, b, c) & 0xFF; got != tc.want {
			t.Errorf("%v.Eval = %#x, want %#x", tc.k, got, tc.want)
		}
		if tc.k.String() != tc.name {
			t.Errorf("String() = %q, want %q", tc.k.String(), tc.name)
		}
		if tc.k.Arity() != tc.arity {
			t.Errorf("%v.Arity() = %d, want %d", tc.k, tc.k.Arity(), tc.arity)
		}
	}
	if s := Kind(200).String(); s != "Kind(200)" {
		t.Errorf("Kind(200).String() = %q", s)
	}
}

func TestNetlistBuilding(t *testing.T) {
	var n Netlist
	n.Name = "top"
	x := n.NewNet("") // unnamed, NetNames stays nil
	if n.NetNames != nil || n.NetName(x) != "n0" {
		t.Errorf("unnamed net: NetNames=%v name=%q", n.NetNames, n.NetName(x))
	}
	a := n.AddPort("A", Input, 2)
	o := n.AddPort("O", Output, 1)
	y := n.NewNet("")
	tests := []struct {
		net  Net
		want string
	}{
		{x, "n0"},
		{a.Bits[0], "A[0]"},
		{a.Bits[1], "A[1]"},
		{o.Bits[0], "O[0]"},
		{y, "n4"},
		{Net(99), "n99"},
	}
	for _, tc := range tests {
		if got := n.NetName(tc.net); got != tc.want {
			t.Errorf("NetName(%d) = %q, want %q", tc.net, got, tc.want)
		}
	}
	if n.NumNets != 5 {
		t.Errorf("NumNets = %d, want 5", n.NumNets)
	}
	gi := n.AddGate(And, o.Bits[0], a.Bits[0], a.Bits[1])
	if g := n.Gates[gi]; g.In != [3]Net{a.Bits[0], a.Bits[1], NoNet} || g.Cell != -1 || g.Out != o.Bits[0] {
		t.Errorf("AddGate stored %+v", g)
	}
	if p, ok := n.Port("A"); !ok || p.Width() != 2 || p.Dir != Input {
		t.Errorf("Port(A) = %+v, %v", p, ok)
	}
	if _, ok := n.Port("Z"); ok {
		t.Error("Port(Z) found")
	}
	if len(n.InputPorts()) != 1 || len(n.OutputPorts()) != 1 || n.OutputPorts()[0].Name != "O" {
		t.Errorf("InputPorts/OutputPorts = %v / %v", n.InputPorts(), n.OutputPorts())
	}
	if s := n.String(); s != "top(in A[2], out O[1]): 5 nets, 1 gates" {
		t.Errorf("String() = %q", s)
	}
}

func TestAddGateArityPanics(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "AND takes 2 inputs, got 1") {
			t.Errorf("recover() = %v", r)
		}
	}()
	var n Netlist
	n.AddGate(And, n.NewNet("o"), n.NewNet("i"))
}

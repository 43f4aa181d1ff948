package circuits

import (
	"errors"
	"strings"
	"testing"
)

// fullAdder builds inputs X (3 bits) and outputs S, C of a full adder from
// two XOR, two AND and one OR gate, with positions on every gate.
func fullAdder() *Netlist {
	n := &Netlist{Name: "fa", File: "fa.v"}
	x := n.AddPort("X", Input, 3)
	s := n.AddPort("S", Output, 1)
	c := n.AddPort("C", Output, 1)
	t := n.NewNet("t")
	g1, g2 := n.NewNet("g1"), n.NewNet("g2")
	n.AddGate(Xor, t, x.Bits[0], x.Bits[1])
	n.AddGate(Xor, s.Bits[0], t, x.Bits[2])
	n.AddGate(And, g1, x.Bits[0], x.Bits[1])
	n.AddGate(And, g2, t, x.Bits[2])
	n.AddGate(Or, c.Bits[0], g1, g2)
	for i := range n.Gates {
		n.Gates[i].Pos = "fa.v:" + string(rune('1'+i)) + ":1"
	}
	return n
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		build func() *Netlist
		want  []string // substrings of the error, in order; nil = valid
	}{
		{"full adder", fullAdder, nil},
		{"output wired to input", func() *Netlist {
			n := &Netlist{}
			a := n.AddPort("A", Input, 1)
			n.Ports = append(n.Ports, Port{Name: "O", Dir: Output, Bits: []Net{a.Bits[0]}})
			return n
		}, nil},
		{"undriven net read by gate", func() *Netlist {
			n := fullAdder()
			n.Gates[2].In[1] = n.NewNet("floating")
			return n
		}, []string{"fa.v:3:1: net floating is read but never driven"}},
		{"undriven output", func() *Netlist {
			n := fullAdder()
			n.AddPort("Z", Output, 2)
			return n
		}, []string{"output Z[0] (net Z[0]) is never driven", "output Z[1] (net Z[1]) is never driven"}},
		{"two gates drive one net", func() *Netlist {
			n := fullAdder()
			n.AddGate(Not, n.Gates[0].Out, n.Ports[0].Bits[0])
			return n
		}, []string{"net t has multiple drivers (also driven at fa.v:1:1)"}},
		{"gate drives an input", func() *Netlist {
			n := fullAdder()
			n.AddGate(Const1, n.Ports[0].Bits[2])
			return n
		}, []string{"net X[2] has multiple drivers (input port and gate)"}},
		{"net in two input ports", func() *Netlist {
			n := fullAdder()
			n.Ports = append(n.Ports, Port{Name: "Y", Dir: Input, Bits: []Net{n.Ports[0].Bits[1]}})
			return n
		}, []string{"net X[1] driven by two input port bits"}},
		{"width-0 port", func() *Netlist {
			n := fullAdder()
			n.Ports = append(n.Ports, Port{Name: "E", Dir: Input})
			return n
		}, []string{"port E has width 0"}},
		{"duplicate port", func() *Netlist {
			n := fullAdder()
			n.Ports = append(n.Ports, Port{Name: "S", Dir: Output, Bits: []Net{n.Ports[1].Bits[0]}})
			return n
		}, []string{"port S declared twice"}},
		{"net out of range", func() *Netlist {
			n := fullAdder()
			n.Gates[4].In[0] = 1000
			n.Ports[0].Bits[2] = -5
			return n
		}, []string{"port X[2]: net -5 out of range", "OR gate input 0: net 1000 out of range"}},
		{"extra input", func() *Netlist {
			n := fullAdder()
			n.Gates[0].Kind = Not
			return n
		}, []string{"NOT gate has extra input 1"}},
		{"invalid kind", func() *Netlist {
			n := fullAdder()
			n.Gates[1].Kind = 77
			return n
		}, []string{"gate 1 has invalid kind 77"}},
		{"self loop", func() *Netlist {
			n := &Netlist{}
			a := n.AddPort("A", Input, 1)
			o := n.AddPort("O", Output, 1)
			n.AddGate(And, o.Bits[0], a.Bits[0], o.Bits[0])
			n.Gates[0].Pos = "l.v:4:2"
			return n
		}, []string{"l.v:4:2: combinational loop: O[0] -> O[0]"}},
		{"three-gate loop names its nets", func() *Netlist {
			n := &Netlist{}
			a := n.AddPort("A", Input, 1)
			o := n.AddPort("O", Output, 1)
			p, q := n.NewNet("p"), n.NewNet("q")
			n.AddGate(Buf, o.Bits[0], q)
			n.AddGate(Xor, p, a.Bits[0], o.Bits[0])
			n.AddGate(Not, q, p)
			return n
		}, []string{"combinational loop: "}}, // naming: TestLoopNamesEveryNetOnce
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.build().Validate()
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want %q", tc.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Errorf("error %v carries no Problems", err)
			}
			msg, rest := err.Error(), err.Error()
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("Validate() = %q, want it to contain %q (in order)", msg, w)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

func TestLoopNamesEveryNetOnce(t *testing.T) {
	// A ring of 4 inverters fed by nothing else: the message must list
	// all four nets of the loop and close it with the first one.
	n := &Netlist{}
	o := n.AddPort("O", Output, 1)
	ring := []Net{o.Bits[0], n.NewNet("r1"), n.NewNet("r2"), n.NewNet("r3")}
	for i := range ring {
		n.AddGate(Not, ring[(i+1)%len(ring)], ring[i])
	}
	_, err := n.TopoOrder()
	if err == nil {
		t.Fatal("no loop found")
	}
	msg := err.Error()
	_, list, ok := strings.Cut(msg, "combinational loop: ")
	if !ok {
		t.Fatalf("message %q", msg)
	}
	names := strings.Split(list, " -> ")
	if len(names) != 5 || names[0] != names[4] {
		t.Fatalf("loop %q: want 4 nets and the first repeated", list)
	}
	seen := map[string]bool{}
	for _, s := range names[:4] {
		seen[s] = true
	}
	for _, want := range []string{"O[0]", "r1", "r2", "r3"} {
		if !seen[want] {
			t.Errorf("loop %q misses %s", list, want)
		}
	}
	// Data flows O[0] -> r1 -> r2 -> r3 -> O[0]: each name is followed by
	// the net it drives.
	next := map[string]string{"O[0]": "r1", "r1": "r2", "r2": "r3", "r3": "O[0]"}
	for k := 0; k < 4; k++ {
		if next[names[k]] != names[k+1] {
			t.Errorf("loop %q: %s does not drive %s", list, names[k], names[k+1])
		}
	}
}

func TestTopoOrder(t *testing.T) {
	n := fullAdder()
	// Reverse the gates so that the stored order is not topological.
	for i, j := 0, len(n.Gates)-1; i < j; i, j = i+1, j-1 {
		n.Gates[i], n.Gates[j] = n.Gates[j], n.Gates[i]
	}
	order, err := n.TopoOrder()
	if err != nil {
		t.Fatal(err)
	}
	if len(order) != len(n.Gates) {
		t.Fatalf("order has %d gates, want %d", len(order), len(n.Gates))
	}
	done := map[Net]bool{}
	for _, p := range n.InputPorts() {
		for _, b := range p.Bits {
			done[b] = true
		}
	}
	for _, gi := range order {
		g := n.Gates[gi]
		for j := range g.Kind.Arity() {
			if !done[g.In[j]] {
				t.Fatalf("gate %d reads %s before it is computed", gi, n.NetName(g.In[j]))
			}
		}
		done[g.Out] = true
	}
}

func TestStats(t *testing.T) {
	tests := []struct {
		name   string
		build  func() *Netlist
		gates  int
		logic  int
		depth  int
		byKind map[Kind]int
		str    string
	}{
		{"full adder", fullAdder, 5, 5, 3, map[Kind]int{Xor: 2, And: 2, Or: 1},
			"5 gates (AND 2, OR 1, XOR 2), depth 3"},
		{"buffers and constants are free", func() *Netlist {
			n := &Netlist{}
			a := n.AddPort("A", Input, 1)
			o := n.AddPort("O", Output, 2)
			b1, b2, c := n.NewNet(""), n.NewNet(""), n.NewNet("")
			n.AddGate(Buf, b1, a.Bits[0])
			n.AddGate(Buf, b2, b1)
			n.AddGate(Not, o.Bits[0], b2)
			n.AddGate(Const1, c)
			n.AddGate(Buf, o.Bits[1], c)
			return n
		}, 5, 1, 1, map[Kind]int{Buf: 3, Not: 1, Const1: 1}, "5 gates (CONST1 1, BUF 3, NOT 1), depth 1"},
		{"depth follows the longest path to any output", func() *Netlist {
			n := &Netlist{}
			a := n.AddPort("A", Input, 2)
			o := n.AddPort("O", Output, 2)
			x := a.Bits[0]
			for range 4 {
				y := n.NewNet("")
				n.AddGate(Nand, y, x, a.Bits[1])
				x = y
			}
			n.AddGate(Mux, o.Bits[0], a.Bits[0], x, a.Bits[1])
			n.AddGate(Nor, o.Bits[1], a.Bits[0], a.Bits[1])
			// A long dead chain does not count for depth.
			d := a.Bits[0]
			for range 9 {
				e := n.NewNet("")
				n.AddGate(Not, e, d)
				d = e
			}
			return n
		}, 15, 15, 5, map[Kind]int{Nand: 4, Mux: 1, Nor: 1, Not: 9}, "15 gates (NOT 9, NAND 4, NOR 1, MUX 1), depth 5"},
		{"no gates", func() *Netlist {
			n := &Netlist{}
			a := n.AddPort("A", Input, 1)
			n.Ports = append(n.Ports, Port{Name: "O", Dir: Output, Bits: a.Bits})
			return n
		}, 0, 0, 0, map[Kind]int{}, "0 gates (), depth 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.build()
			if err := n.Validate(); err != nil {
				t.Fatal(err)
			}
			st, err := n.Stats()
			if err != nil {
				t.Fatal(err)
			}
			if st.Gates != tc.gates || st.Logic != tc.logic || st.Depth != tc.depth {
				t.Errorf("Stats = %+v, want gates %d logic %d depth %d", st, tc.gates, tc.logic, tc.depth)
			}
			if len(st.ByKind) != len(tc.byKind) {
				t.Errorf("ByKind = %v, want %v", st.ByKind, tc.byKind)
			}
			for k, c := range tc.byKind {
				if st.ByKind[k] != c {
					t.Errorf("ByKind[%v] = %d, want %d", k, st.ByKind[k], c)
				}
			}
			if st.String() != tc.str {
				t.Errorf("String() = %q, want %q", st.String(), tc.str)
			}
		})
	}
	loop := &Netlist{}
	o := loop.AddPort("O", Output, 1)
	loop.AddGate(Not, o.Bits[0], o.Bits[0])
	if _, err := loop.Stats(); !errors.Is(err, ErrInvalid) {
		t.Errorf("Stats on a loop: err = %v", err)
	}
}

package hw

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/verilog"
)

// addHA adds a kept HAX1 instance (flattened into an XOR and an AND gate)
// and returns its sum and carry nets.
func (n *gateNet) addHA(name string, a, b circuits.Net) (s, c circuits.Net) {
	idx := int32(len(n.Cells))
	s, c = n.NewNet(name+".YS"), n.NewNet(name+".YC")
	gs := n.AddGate(circuits.Xor, s, a, b)
	gc := n.AddGate(circuits.And, c, a, b)
	n.Gates[gs].Cell, n.Gates[gc].Cell = idx, idx
	n.Cells = append(n.Cells, circuits.CellInstance{Type: "HAX1", Name: name,
		Pins: map[string]circuits.Net{"A": a, "B": b, "YS": s, "YC": c}, Outputs: []string{"YC", "YS"}})
	return s, c
}

func TestMapPatterns(t *testing.T) {
	lib := tinyLib(t)
	tests := []struct {
		name  string
		build func(n *gateNet)
		cells map[string]int
		area  float64
	}{
		{"nand", func(n *gateNet) { n.out("y", n.g(circuits.Not, n.g(circuits.And, n.in("a"), n.in("b")))) },
			map[string]int{"NAND2X1": 1}, 1.5},
		{"and-smallest-drive", func(n *gateNet) { n.out("y", n.g(circuits.And, n.in("a"), n.in("b"))) },
			map[string]int{"AND2X1": 1}, 2},
		{"nand-gate", func(n *gateNet) { n.out("y", n.g(circuits.Nand, n.in("a"), n.in("b"))) },
			map[string]int{"NAND2X1": 1}, 1.5},
		{"nor", func(n *gateNet) { n.out("y", n.g(circuits.Not, n.g(circuits.Or, n.in("a"), n.in("b")))) },
			map[string]int{"NOR2X1": 1}, 1.5},
		{"or", func(n *gateNet) { n.out("y", n.g(circuits.Or, n.in("a"), n.in("b"))) },
			map[string]int{"OR2X1": 1}, 2},
		{"xor", func(n *gateNet) { n.out("y", n.g(circuits.Xor, n.in("a"), n.in("b"))) },
			map[string]int{"XOR2X1": 1}, 4},
		{"xnor", func(n *gateNet) { n.out("y", n.g(circuits.Not, n.g(circuits.Xor, n.in("a"), n.in("b")))) },
			map[string]int{"XNOR2X1": 1}, 4},
		{"aoi21", func(n *gateNet) {
			n.out("y", n.g(circuits.Not, n.g(circuits.Or, n.g(circuits.And, n.in("a"), n.in("b")), n.in("c"))))
		}, map[string]int{"AOI21X1": 1}, 2.5},
		{"oai21", func(n *gateNet) {
			n.out("y", n.g(circuits.Nand, n.g(circuits.Or, n.in("a"), n.in("b")), n.in("c")))
		}, map[string]int{"OAI21X1": 1}, 2.5},
		{"aoi22", func(n *gateNet) {
			n.out("y", n.g(circuits.Nor, n.g(circuits.And, n.in("a"), n.in("b")), n.g(circuits.And, n.in("c"), n.in("d"))))
		}, map[string]int{"AOI22X1": 1}, 3},
		{"aoi21-shared-and", func(n *gateNet) {
			// The AND has two readers: it cannot be absorbed.
			x := n.g(circuits.And, n.in("a"), n.in("b"))
			n.out("y", n.g(circuits.Not, n.g(circuits.Or, x, n.in("c"))))
			n.out("z", x)
		}, map[string]int{"AND2X1": 1, "NOR2X1": 1}, 3.5},
		{"mux-inverting-cell", func(n *gateNet) { n.out("y", n.g(circuits.Mux, n.in("a"), n.in("b"), n.in("c"))) },
			map[string]int{"MUX2X1": 1, "INVX1": 1}, 4.5},
		{"not-mux", func(n *gateNet) {
			n.out("y", n.g(circuits.Not, n.g(circuits.Mux, n.in("a"), n.in("b"), n.in("c"))))
		}, map[string]int{"MUX2X1": 1}, 3.5},
		{"and-not-input-inverter", func(n *gateNet) {
			// a & !b = NOR(!a, b): NOR2 + INV (2.5) beats AND2 + INV (3).
			n.out("y", n.g(circuits.And, n.in("a"), n.g(circuits.Not, n.in("b"))))
		}, map[string]int{"NOR2X1": 1, "INVX1": 1}, 2.5},
		{"double-not", func(n *gateNet) { n.out("y", n.g(circuits.Not, n.g(circuits.Not, n.in("a")))) },
			map[string]int{}, 0},
		{"buf-free", func(n *gateNet) { n.out("y", n.g(circuits.Buf, n.g(circuits.Not, n.in("a")))) },
			map[string]int{"INVX1": 1}, 1},
		{"and-const1", func(n *gateNet) { n.out("y", n.g(circuits.And, n.in("a"), n.g(circuits.Const1))) },
			map[string]int{}, 0},
		{"and-const0", func(n *gateNet) { n.out("y", n.g(circuits.And, n.in("a"), n.g(circuits.Const0))) },
			map[string]int{}, 0},
		{"xor-const1-is-inv", func(n *gateNet) { n.out("y", n.g(circuits.Xor, n.in("a"), n.g(circuits.Const1))) },
			map[string]int{"INVX1": 1}, 1},
		{"dead-logic", func(n *gateNet) {
			n.g(circuits.Xor, n.in("a"), n.in("b"))
			n.out("y", n.g(circuits.Not, n.in("a")))
		}, map[string]int{"INVX1": 1}, 1},
		{"half-adder", func(n *gateNet) {
			n.out("so", n.g(circuits.Xor, n.in("a"), n.in("b")))
			n.out("co", n.g(circuits.And, n.in("b"), n.in("a")))
		}, map[string]int{"HAX1": 1}, 5},
		{"full-adder", func(n *gateNet) {
			t := n.g(circuits.Xor, n.in("a"), n.in("b"))
			n.out("so", n.g(circuits.Xor, t, n.in("c")))
			n.out("co", n.g(circuits.Or, n.g(circuits.And, n.in("a"), n.in("b")), n.g(circuits.And, t, n.in("c"))))
		}, map[string]int{"FAX1": 1}, 9},
		{"full-adder-majority", func(n *gateNet) {
			a, b, c := n.in("a"), n.in("b"), n.in("c")
			n.out("so", n.g(circuits.Xnor, n.g(circuits.Xnor, a, c), b))
			n.out("co", n.g(circuits.Or, n.g(circuits.Or, n.g(circuits.And, a, b), n.g(circuits.And, b, c)), n.g(circuits.And, c, a)))
		}, map[string]int{"FAX1": 1}, 9},
		{"full-adder-inner-read-outside", func(n *gateNet) {
			// a^b is an output too: no full adder, two half adders + OR.
			t := n.g(circuits.Xor, n.in("a"), n.in("b"))
			n.out("t", t)
			n.out("so", n.g(circuits.Xor, t, n.in("c")))
			n.out("co", n.g(circuits.Or, n.g(circuits.And, n.in("a"), n.in("b")), n.g(circuits.And, t, n.in("c"))))
		}, map[string]int{"HAX1": 2, "OR2X1": 1}, 12},
		{"kept-cell", func(n *gateNet) {
			s, c := n.addHA("U1", n.in("a"), n.in("b"))
			n.out("so", s)
			n.out("co", n.g(circuits.Not, c))
		}, map[string]int{"HAX1": 1, "INVX1": 1}, 6},
		{"kept-cell-expression-pin", func(n *gateNet) {
			// HAX1 U1 (.A(a), .B(b & c), ...) as a front-end flattens it.
			s, c := n.addHA("U1", n.in("a"), n.g(circuits.And, n.in("b"), n.in("c")))
			n.out("so", s)
			n.out("co", c)
		}, map[string]int{"HAX1": 1, "AND2X1": 1}, 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := newGateNet(tc.name, "a", "b", "c", "d")
			tc.build(n)
			m, err := Map(n.Netlist, lib)
			if err != nil {
				t.Fatal(err)
			}
			got := m.CellCounts()
			if !maps.Equal(got, tc.cells) {
				t.Errorf("cells %v, want %v", got, tc.cells)
			}
			// Area is the sum of the cell areas, checked against the
			// hand-written expectation.
			if a := m.Area(); a != tc.area {
				t.Errorf("area %g, want %g", a, tc.area)
			}
			mn, err := m.Netlist()
			if err != nil {
				t.Fatal(err)
			}
			checkEquivalent(t, n.Netlist, mn, 4)
		})
	}
}

func TestMapPinAssignment(t *testing.T) {
	// AOI21 has pins A, B (AND) and C (OR): the single input must go to C
	// whatever the operand order of the source gates.
	lib := tinyLib(t)
	n := newGateNet("pins", "a", "b", "c")
	n.out("y", n.g(circuits.Nor, n.in("c"), n.g(circuits.And, n.in("b"), n.in("a"))))
	m, err := Map(n.Netlist, lib)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Instances) != 1 || m.Instances[0].Cell.Name != "AOI21X1" {
		t.Fatalf("instances %+v", m.Instances)
	}
	if got := m.Instances[0].Input("C"); got != n.in("c") {
		t.Errorf("pin C on net %v, want input c (%v)", got, n.in("c"))
	}
}

func TestMapPreservesFunction(t *testing.T) {
	libs := map[string]*liberty.Library{"tiny": tinyLib(t)}
	if dir, ok := lookupShared(t); ok {
		for _, name := range []string{"gscl45nm.lib", "osu018_stdcells.lib"} {
			lib, err := liberty.ParseFile(dir + "/cells/" + name)
			if err != nil {
				t.Fatal(err)
			}
			libs[name] = lib
		}
	}
	for _, name := range slices.Sorted(maps.Keys(libs)) {
		lib := libs[name]
		for seed := range uint64(40) {
			t.Run(fmt.Sprintf("%s/seed=%d", name, seed), func(t *testing.T) {
				n := randomNetlist(seed, 3+int(seed%6), 10+int(seed)*3, 1+int(seed%5))
				if err := n.Validate(); err != nil {
					t.Fatal(err)
				}
				m, err := Map(n, lib)
				if err != nil {
					t.Fatal(err)
				}
				mn, err := m.Netlist()
				if err != nil {
					t.Fatal(err)
				}
				checkEquivalent(t, n, mn, 8)
				// Every source net's wire carries its value (or is the
				// constant it is).
				in := make([]uint64, numInputs(n))
				for i := range in {
					in[i] = uint64(i+1) * 0x9e3779b97f4a7c15
				}
				vs, vm := evalNetlist(t, n, in), evalNetlist(t, mn, in)
				for _, p := range n.OutputPorts() {
					for _, b := range p.Bits {
						w, isConst, c := m.Wire(b)
						want := vs[b]
						switch {
						case isConst && (want == 0) != !c:
							t.Errorf("net %v: constant %v, simulated %x", b, c, want)
						case !isConst && vm[w] != want:
							t.Errorf("net %v on wire %v: %x, want %x", b, w, vm[w], want)
						}
					}
				}
			})
		}
	}
}

func TestMapErrors(t *testing.T) {
	lib := tinyLib(t)
	onlyNand, err := liberty.Parse("nand.lib", []byte(`library(nandonly) {
  cell(INV) { area : 1; pin(A) { direction : input; capacitance : 0.001; }
    pin(Y) { direction : output; function : "!A"; } }
  cell(NAND2) { area : 1; pin(A) { direction : input; capacitance : 0.001; }
    pin(B) { direction : input; capacitance : 0.001; }
    pin(Y) { direction : output; function : "!(A B)"; } }
}`))
	if err != nil {
		t.Fatal(err)
	}
	noFunc, err := liberty.Parse("nofunc.lib", []byte(`library(nofunc) {
  cell(FILL) { area : 1; }
  cell(HAX1) { area : 5; pin(A) { direction : input; } pin(B) { direction : input; }
    pin(YS) { direction : output; } pin(YC) { direction : output; function : "A B"; } }
}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		lib   *liberty.Library
		build func(n *gateNet)
		want  string
	}{
		{"unknown-cell", lib, func(n *gateNet) {
			s, _ := n.addHA("U7", n.in("a"), n.in("b"))
			n.Cells[0].Type = "HAX9"
			n.out("y", s)
		}, "instance U7: cell HAX9 not in library tiny"},
		{"unknown-pin", lib, func(n *gateNet) {
			s, _ := n.addHA("U7", n.in("a"), n.in("b"))
			n.Cells[0].Pins["Q"] = s
			n.out("y", s)
		}, "cell HAX1 has no pin Q"},
		{"bad-cell-index", lib, func(n *gateNet) {
			s, _ := n.addHA("U7", n.in("a"), n.in("b"))
			n.Gates[0].Cell = 5
			n.out("y", s)
		}, "refers to cell instance 5, the netlist has 1"},
		{"pin-net-range", lib, func(n *gateNet) {
			s, _ := n.addHA("U7", n.in("a"), n.in("b"))
			n.Cells[0].Pins["A"] = 99
			n.out("y", s)
		}, "pin A on net 99, out of range"},
		{"sequential", lib, func(n *gateNet) {
			s, _ := n.addHA("U7", n.in("a"), n.in("b"))
			n.Cells[0].Type = "DFFPOSX1"
			n.Cells[0].Pins = map[string]circuits.Net{"D": n.in("a"), "Q": s}
			n.out("y", s)
		}, "cell DFFPOSX1 is sequential"},
		{"no-function-kept", noFunc, func(n *gateNet) {
			s, _ := n.addHA("U7", n.in("a"), n.in("b"))
			n.out("y", s)
		}, "output pin YS of cell HAX1 has no function"},
		{"no-xor-cell", onlyNand, func(n *gateNet) {
			n.out("y", n.g(circuits.Xor, n.in("a"), n.in("b")))
		}, "XOR gate driving n2: library nandonly has no cell for its function over 2 inputs (nor with inverters"},
		{"no-cells", noFunc, func(n *gateNet) { n.out("y", n.g(circuits.Not, n.in("a"))) },
			"NOT gate driving n2: library nofunc has no cell"},
		{"nil-library", nil, func(n *gateNet) { n.out("y", n.in("a")) }, "nil library"},
		{"invalid-netlist", lib, func(n *gateNet) {
			n.out("y", n.NewNet("floating"))
		}, "never driven"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := newGateNet(tc.name, "a", "b")
			tc.build(n)
			_, err := Map(n.Netlist, tc.lib)
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
		})
	}
	// Mapping errors wrap ErrMapping.
	n := newGateNet("x", "a", "b")
	n.out("y", n.g(circuits.Xor, n.in("a"), n.in("b")))
	if _, err := Map(n.Netlist, onlyNand); !errors.Is(err, ErrMapping) {
		t.Errorf("error %v does not wrap ErrMapping", err)
	}
}

func TestMapEvoApproxPreservesFunction(t *testing.T) {
	// Every v2022 netlist (338 circuits, 7x7 to 16x16, plus the _pdk45
	// cell netlists) mapped with gscl45nm computes what the source
	// computes on random operands.
	dir := sharedDir(t)
	lib := sharedLib(t, "gscl45nm.lib")
	files, err := filepath.Glob(filepath.Join(dir, "evoapprox", "v2022", "*", "*.v"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 338 {
		t.Fatalf("%d v2022 netlists, want at least 338", len(files))
	}
	for _, f := range files {
		n, err := verilog.ParseFile(f, verilog.Options{Cells: verilog.LibertyCells(lib)})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		m, err := Map(n, lib)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		mn, err := m.Netlist()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		t.Run(filepath.Base(f), func(t *testing.T) { checkEquivalent(t, n, mn, 4) })
	}
}

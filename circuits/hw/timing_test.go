package hw

import (
	"math"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"gonum.org/v1/gonum/floats/scalar"
)

// addCell adds a kept instance of a one-output cell computing kind k of the
// given input pins and returns its output net.
func (n *gateNet) addCell(typ, name string, k circuits.Kind, out string, pins []string, in ...circuits.Net) circuits.Net {
	idx := int32(len(n.Cells))
	y := n.NewNet(name + "." + out)
	gi := n.AddGate(k, y, in...)
	n.Gates[gi].Cell = idx
	ci := circuits.CellInstance{Type: typ, Name: name, Pins: map[string]circuits.Net{out: y}, Outputs: []string{out}}
	for i, p := range pins {
		ci.Pins[p] = in[i]
	}
	n.Cells = append(n.Cells, ci)
	return y
}

// tinyArc evaluates the linear tables of testdata/tiny.lib for a cell with
// parameters d0 and R at load c (pF) and input slew s (ns).
type tinyArc struct{ d0, r float64 }

func (a tinyArc) rise(c, s float64) float64   { return a.d0 + a.r*c + 0.1*s }
func (a tinyArc) fall(c, s float64) float64   { return 0.8*a.d0 + 0.5*a.r*c + 0.05*s }
func (a tinyArc) riseTr(c, s float64) float64 { return 0.5*a.d0 + 2*a.r*c + 0.2*s }
func (a tinyArc) fallTr(c, s float64) float64 { return 0.4*a.d0 + a.r*c + 0.1*s }

func TestSTAInverterChain(t *testing.T) {
	lib := tinyLib(t)
	opts := Options{InputSlew: 0.1, OutputLoad: 0.01, WireCapPerFanout: 0.001}
	tests := []struct {
		cell string
		arc  tinyArc
		cin  float64
	}{
		{"INVX1", tinyArc{0.010, 2}, 0.002},
		{"INVX2", tinyArc{0.008, 1}, 0.004}, // templates with swapped variables
	}
	for _, tc := range tests {
		t.Run(tc.cell, func(t *testing.T) {
			n := newGateNet("chain", "a")
			n1 := n.addCell(tc.cell, "U1", circuits.Not, "Y", []string{"A"}, n.in("a"))
			y := n.addCell(tc.cell, "U2", circuits.Not, "Y", []string{"A"}, n1)
			n.out("y", y)
			m, err := Map(n.Netlist, lib)
			if err != nil {
				t.Fatal(err)
			}
			sta, err := m.STA(opts)
			if err != nil {
				t.Fatal(err)
			}
			// Hand computation from the table formulas.
			c1 := tc.cin + opts.WireCapPerFanout          // n1: U2.A + one wire
			c2 := opts.WireCapPerFanout + opts.OutputLoad // y: output port
			s0 := opts.InputSlew
			n1Rise, n1RiseTr := tc.arc.rise(c1, s0), tc.arc.riseTr(c1, s0) // from a falling
			n1Fall, n1FallTr := tc.arc.fall(c1, s0), tc.arc.fallTr(c1, s0) // from a rising
			yRise := n1Fall + tc.arc.rise(c2, n1FallTr)
			yFall := n1Rise + tc.arc.fall(c2, n1RiseTr)
			want, wantEdge := yRise, Rise
			if yFall > yRise {
				want, wantEdge = yFall, Fall
			}
			// Tolerance: float rounding of a few table operations.
			if !scalar.EqualWithinAbsOrRel(sta.Delay, want, 1e-12, 1e-9) {
				t.Errorf("delay %.9g ns, want %.9g", sta.Delay, want)
			}
			if sta.Output != "y[0]" {
				t.Errorf("output %q", sta.Output)
			}
			if len(sta.Path) != 3 {
				t.Fatalf("path %+v", sta.Path)
			}
			if p := sta.Path[2]; p.Instance != "U2" || p.From != "A" || p.To != "Y" || p.Edge != wantEdge {
				t.Errorf("last step %+v", p)
			}
			if p := sta.Path[0]; p.Instance != "" || p.Net != "a[0]" || p.Edge == sta.Path[1].Edge {
				t.Errorf("first step %+v (inverter: edges alternate)", p)
			}
			mid := n1Fall
			if wantEdge == Fall {
				mid = n1Rise
			}
			if !scalar.EqualWithinAbsOrRel(sta.Path[1].Arrival, mid, 1e-12, 1e-9) {
				t.Errorf("arrival at n1 %.9g, want %.9g", sta.Path[1].Arrival, mid)
			}
		})
	}
}

func TestSTASenses(t *testing.T) {
	// One gate of each timing sense, from a single input with a given slew:
	// positive (AND2 with b tied high), negative (NAND2), non-unate (XOR2).
	lib := tinyLib(t)
	opts := Options{InputSlew: 0.2, OutputLoad: 0.005, WireCapPerFanout: 0}
	c := opts.OutputLoad
	tests := []struct {
		name string
		typ  string
		kind circuits.Kind
		arc  tinyArc
		want func(a tinyArc) float64
	}{
		{"positive", "AND2X1", circuits.And, tinyArc{0.020, 2},
			func(a tinyArc) float64 { return math.Max(a.rise(c, 0.2), a.fall(c, 0.2)) }},
		{"negative", "NAND2X1", circuits.Nand, tinyArc{0.012, 2},
			func(a tinyArc) float64 { return math.Max(a.rise(c, 0.2), a.fall(c, 0.2)) }},
		{"non-unate", "XOR2X1", circuits.Xor, tinyArc{0.030, 2},
			func(a tinyArc) float64 { return math.Max(a.rise(c, 0.2), a.fall(c, 0.2)) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := newGateNet(tc.name, "a", "b")
			n.out("y", n.addCell(tc.typ, "U1", tc.kind, "Y", []string{"A", "B"}, n.in("a"), n.in("b")))
			m, err := Map(n.Netlist, lib)
			if err != nil {
				t.Fatal(err)
			}
			sta, err := m.STA(opts)
			if err != nil {
				t.Fatal(err)
			}
			if w := tc.want(tc.arc); !scalar.EqualWithinAbsOrRel(sta.Delay, w, 1e-12, 1e-9) {
				t.Errorf("delay %.9g, want %.9g", sta.Delay, w)
			}
		})
	}
}

func TestDefaultOptions(t *testing.T) {
	o := DefaultOptions(tinyLib(t))
	// INVX1: Cin = 0.002 pF. FO4 slew fixed point of
	// s = ((0.005 + 4·0.008 + 0.2s) + (0.004 + 2·0.008 + 0.1s)) / 2.
	wantSlew := 0.0285 / 0.85
	if o.OutputLoad != 0.002 || o.WireCapPerFanout != 0.001 || !scalar.EqualWithinAbsOrRel(o.InputSlew, wantSlew, 1e-9, 1e-6) {
		t.Errorf("DefaultOptions = %+v, want load 0.002, wire 0.001, slew %g", o, wantSlew)
	}
	if d := DefaultOptions(nil); d.InputSlew != 0.05 {
		t.Errorf("DefaultOptions(nil) = %+v", d)
	}
	if _, ok := lookupShared(t); !ok {
		return
	}
	// The INVX1 input capacitances written in the shared libraries.
	for lib, cinv := range map[string]float64{"gscl45nm.lib": 0.00155103, "osu018_stdcells.lib": 0.00932456} {
		o := DefaultOptions(sharedLib(t, lib))
		if o.OutputLoad != cinv || o.WireCapPerFanout != cinv/2 || !(o.InputSlew > 0.005 && o.InputSlew < 0.2) {
			t.Errorf("%s: DefaultOptions = %+v, want OutputLoad %g", lib, o, cinv)
		}
	}
}

func TestSTAErrors(t *testing.T) {
	lib := tinyLib(t)
	n := newGateNet("x", "a")
	n.out("y", n.g(circuits.Not, n.in("a")))
	m, err := Map(n.Netlist, lib)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []Options{
		{InputSlew: -1},
		{OutputLoad: math.NaN()},
		{WireCapPerFanout: math.Inf(1)},
	} {
		if _, err := m.STA(o); err == nil || !strings.Contains(err.Error(), "want a finite value >= 0") {
			t.Errorf("STA(%+v) error %v", o, err)
		}
	}
}

func TestBadLibraries(t *testing.T) {
	build := func(t *testing.T, lib *liberty.Library) *Mapped {
		n := newGateNet("inv", "a")
		n.out("y", n.g(circuits.Not, n.in("a")))
		m, err := Map(n.Netlist, lib)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	noTiming, err := liberty.Parse("notiming.lib", []byte(`library(notiming) {
  time_unit : "1ns"; capacitive_load_unit (1,pf); voltage_unit : "1V"; leakage_power_unit : "1nW";
  cell(INV) { area : 1; pin(A) { direction : input; capacitance : 0.001; }
    pin(Y) { direction : output; function : "!A"; } }
}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		lib   func() *liberty.Library
		power bool
		want  string
	}{
		{"no-time-unit", func() *liberty.Library { l := tinyLib(t); l.TimeUnit = ""; return l }, false, "time_unit"},
		{"no-cap-unit", func() *liberty.Library { l := tinyLib(t); l.CapacitiveLoadUnit = liberty.CapUnit{}; return l }, false, "capacitive_load_unit"},
		{"no-timing-arcs", func() *liberty.Library { return noTiming }, false, "no combinational timing arc"},
		{"no-voltage-unit", func() *liberty.Library { l := tinyLib(t); l.VoltageUnit = ""; return l }, true, "internal energy unit unknown"},
		{"no-nom-voltage", func() *liberty.Library { l := tinyLib(t); l.NomVoltage = math.NaN(); return l }, true, "no nom_voltage"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := build(t, tc.lib())
			var err error
			if tc.power {
				o := m.DefaultPowerOptions()
				o.Vectors = 64
				_, err = m.Power(o)
			} else {
				_, err = m.STA(Options{InputSlew: 0.1})
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

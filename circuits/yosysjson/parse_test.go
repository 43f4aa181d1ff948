package yosysjson

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/verilog"
)

// eval computes the outputs of nl (all ports concatenated, bit 0 first)
// for an assignment of all input bits (port 0 bit 0 lowest).
func eval(t *testing.T, nl *circuits.Netlist, in uint64) uint64 {
	t.Helper()
	order, err := nl.TopoOrder()
	if err != nil {
		t.Fatal(err)
	}
	vals := make([]uint64, nl.NumNets)
	k := 0
	for _, p := range nl.InputPorts() {
		for _, b := range p.Bits {
			vals[b] = in >> uint(k) & 1
			k++
		}
	}
	for _, gi := range order {
		g := nl.Gates[gi]
		var x [3]uint64
		for j := 0; j < g.Kind.Arity(); j++ {
			x[j] = vals[g.In[j]]
		}
		vals[g.Out] = g.Kind.Eval(x[0], x[1], x[2]) & 1
	}
	var out uint64
	k = 0
	for _, p := range nl.OutputPorts() {
		for _, b := range p.Bits {
			out |= vals[b] << uint(k)
			k++
		}
	}
	return out
}

// A two-level design: top instantiates a full adder module twice (a 2-bit
// adder), a $_XOR_ with a constant, and a dead x.
const twoLevel = `{
  "creator": "hand-written",
  "modules": {
    "fa": {
      "ports": {
        "a": {"direction": "input", "bits": [2]},
        "b": {"direction": "input", "bits": [3]},
        "c": {"direction": "input", "bits": [4]},
        "s": {"direction": "output", "bits": [5]},
        "co": {"direction": "output", "bits": [6]}
      },
      "cells": {
        "x1": {"type": "$xor", "parameters": {"A_SIGNED": "0", "A_WIDTH": "00000000000000000000000000000010", "B_SIGNED": 0, "B_WIDTH": 1, "Y_WIDTH": 1},
               "connections": {"A": [2, 3], "B": [4], "Y": [7]}},
        "m": {"type": "$_MUX_", "connections": {"A": [2], "B": [4], "S": [8], "Y": [6]}},
        "p": {"type": "$_XOR_", "connections": {"A": [2], "B": [3], "Y": [8]}},
        "r": {"type": "$reduce_xor", "parameters": {"A_SIGNED": 0, "A_WIDTH": 3, "Y_WIDTH": 1}, "connections": {"A": [2, 3, 4], "Y": [5]}},
        "dead": {"type": "$_AND_", "connections": {"A": ["x"], "B": [2], "Y": [9]}}
      },
      "netnames": {"t": {"hide_name": 0, "bits": [7]}}
    },
    "top": {
      "ports": {
        "A": {"direction": "input", "bits": [2, 3]},
        "B": {"direction": "input", "bits": [4, 5]},
        "O": {"direction": "output", "bits": [6, 7, 8, 9]}
      },
      "cells": {
        "u0": {"type": "fa", "connections": {"a": [2], "b": [4], "c": ["0"], "s": [6], "co": [10]}},
        "u1": {"type": "fa", "connections": {"a": [3], "b": [5], "c": [10], "s": [7], "co": [8]}},
        "k": {"type": "$_XOR_", "connections": {"A": [2], "B": ["1"], "Y": [9]}},
        "scope": {"type": "$scopeinfo", "parameters": {"TYPE": "module "}, "connections": {}}
      },
      "netnames": {"carry": {"hide_name": 0, "bits": [10]}}
    }
  }
}`

func TestHierarchyAndConstants(t *testing.T) {
	nl, err := Parse("two.json", []byte(twoLevel), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if nl.Name != "top" || len(nl.Ports) != 3 {
		t.Fatalf("netlist %v", nl)
	}
	for a := uint64(0); a < 4; a++ {
		for b := uint64(0); b < 4; b++ {
			got := eval(t, nl, a|b<<2)
			want := (a+b)&7 | (^a&1)<<3
			if got != want {
				t.Errorf("A=%d B=%d: O=%04b, want %04b", a, b, got, want)
			}
		}
	}
	if !strings.Contains(strings.Join(nl.NetNames, " "), "u1.t") {
		t.Errorf("net names %v lack u1.t", nl.NetNames)
	}
}

func TestTopChoice(t *testing.T) {
	for _, tc := range []struct {
		src, top, want, err string
	}{
		{twoLevel, "", "top", ""},
		{twoLevel, "fa", "fa", ""},
		{twoLevel, "nope", "", "top module nope not found"},
		{`{"modules": {"a": {"attributes": {"top": "00000000000000000000000000000001"}, "ports": {"x": {"direction": "input", "bits": [2]}, "y": {"direction": "output", "bits": [2]}}},
		  "b": {"ports": {"x": {"direction": "input", "bits": [2]}, "y": {"direction": "output", "bits": [2]}}}}}`, "", "a", ""},
		{`{"modules": {"a": {"ports": {}}, "b": {"ports": {}}}}`, "", "", "ambiguous top module: a, b are instantiated by no other module (use --top NAME)"},
		{`{"modules": {"a": {"cells": {"u": {"type": "b", "connections": {}}}}, "b": {"cells": {"u": {"type": "a", "connections": {}}}}}}`, "", "",
			"cycle a instantiates b instantiates a; use --top NAME"},
		{`{"modules": {}}`, "", "", "no module in file"},
		{`{"modules": {"m": {"cells": {"u": {"type": "m", "connections": {}}}}}}`, "m", "", "recursive instantiation of module m"},
	} {
		nl, err := Parse("t.json", []byte(tc.src), Options{Top: tc.top})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("top %q: error %v, want %q", tc.top, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("top %q: %v", tc.top, err)
			continue
		}
		if nl.Name != tc.want {
			t.Errorf("top %q: got %s, want %s", tc.top, nl.Name, tc.want)
		}
	}
}

// TestErrors checks messages and positions of bad input, one case a line.
func TestErrors(t *testing.T) {
	mod := func(cells string) string {
		return `{"modules": {"m": {
"ports": {"A": {"direction": "input", "bits": [2, 3]}, "O": {"direction": "output", "bits": [4, 5]}},
"cells": {` + cells + `}}}}`
	}
	for _, tc := range []struct{ src, want string }{
		{`{"modules": {"m": {"ports": {]}}}`, "t.json:1:30: expected a string key, found \"]\""},
		{"{\n  \"modules\": [1, 2,\n  ]}", "t.json:3:3: unexpected \"]\", expected a JSON value"},
		{`{"modules": {"m": "x"`, "t.json:1:22: expected ',' or '}' in object, found end of file"},
		{`"just a string"`, "not a Yosys JSON netlist"},
		{`{"creator": "x"}`, "not a Yosys JSON netlist"},
		{`{"modules": 5}`, "t.json:1:13: \"modules\" is a number, want an object"},
		{mod(`
"c": {"type": "$_AND_", "connections": {"A": [2], "B": ["x"], "Y": [4]}},
"d": {"type": "$_BUF_", "connections": {"A": [3], "Y": [5]}}`), "t.json:4:57: x or z literal bit reaches output O[0]"},
		{mod(`
"c": {"type": "$add", "parameters": {"A_WIDTH": 2}, "connections": {"A": [2, 3], "B": [2], "Y": [4, 5]}}`), "t.json:4:1: cell c: cell $add: parameter B_WIDTH missing"},
		{mod(`
"c": {"type": "NAND9", "connections": {"A": [2], "Y": [4]}}`), "t.json:4:15: cell c: unknown cell type NAND9"},
		{mod(`
"c": {"type": "$_AND_", "connections": {"A": [2], "B": [3], "Y": [4]}},
"d": {"type": "$_OR_", "connections": {"A": [2], "B": [3], "Y": [4]}}`), "t.json:5:66: m.$4 has multiple drivers"},
		{mod(`
"c": {"type": "$_AND_", "connections": {"A": [2], "B": [3], "Y": [4]}}`), "output O[1] is never driven"},
		{mod(`
"c": {"type": "$_AND_", "connections": {"A": [2], "B": [9], "Y": [4]}},
"d": {"type": "$_BUF_", "connections": {"A": [3], "Y": [5]}}`), "t.json:4:57: m.$9 is read but never driven"},
		{mod(`
"c": {"type": "$_AND_", "connections": {"A": [2, 3], "B": [3], "Y": [4]}}`), "t.json:4:41: cell c: port A has 1 bits, connection has 2"},
		{mod(`
"c": {"type": "$_AND_", "connections": {"A": [2], "B": [3], "Q": [3], "Y": [4]}}`), "cell c: $_AND_ has no port Q"},
		{mod(`
"c": {"type": "$_AND_", "connections": {"A": [2], "B": [true], "Y": [4]}}`), "bad bit: a boolean"},
		{mod(`
"c": {"type": "$_NOT_", "connections": {"A": [5], "Y": [4]}},
"d": {"type": "$_NOT_", "connections": {"A": [4], "Y": [5]}}`), "combinational loop"},
		{mod(`"c": {"type": "m", "connections": {}}`), "cycle m instantiates m; use --top NAME"},
	} {
		_, err := Parse("t.json", []byte(tc.src), Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.60q: error %v\nwant %q", tc.src, err, tc.want)
		}
	}
	_, err := Parse("t.json", []byte(`[]`), Options{})
	if !errors.Is(err, ErrNotNetlist) {
		t.Errorf("[]: %v does not wrap ErrNotNetlist", err)
	}
}

// TestLibraryCells reads a netlist mapped to Liberty cells.
func TestLibraryCells(t *testing.T) {
	lib, err := liberty.Parse("tiny.lib", []byte(`library(t) {
  cell(NAND2) { pin(A) { direction : input; } pin(B) { direction : input; }
    pin(Y) { direction : output; function : "!(A&B)"; } }
}`))
	if err != nil {
		t.Fatal(err)
	}
	// NAND2 is also declared as a blackbox module, as read_liberty -lib
	// makes Yosys write it: it is a cell, not an empty module, nor a
	// candidate for the top.
	src := `{"modules": {"NAND2": {"attributes": {"blackbox": "00000000000000000000000000000001"},
"ports": {"A": {"direction": "input", "bits": [2]}, "B": {"direction": "input", "bits": [3]}, "Y": {"direction": "output", "bits": [4]}}},
"m": {
"ports": {"A": {"direction": "input", "bits": [2, 3]}, "O": {"direction": "output", "bits": [4]}},
"cells": {"g": {"type": "NAND2", "connections": {"A": [2], "B": [3], "Y": [4]}}}}}}`
	nl, err := Parse("lib.json", []byte(src), Options{Cells: verilog.LibertyCells(lib)})
	if err != nil {
		t.Fatal(err)
	}
	for in := uint64(0); in < 4; in++ {
		if got, want := eval(t, nl, in), ^(in&(in>>1))&1; got != want {
			t.Errorf("in %02b: %d, want %d", in, got, want)
		}
	}
	if len(nl.Cells) != 1 || nl.Cells[0].Type != "NAND2" || nl.Cells[0].Name != "g" || len(nl.Cells[0].Pins) != 3 ||
		nl.Cells[0].Pins["A"] != nl.Ports[0].Bits[0] || nl.Cells[0].Pins["Y"] != nl.Ports[1].Bits[0] {
		t.Errorf("cell records %+v", nl.Cells)
	}
	if _, err := Parse("lib.json", []byte(src), Options{}); err == nil || !strings.Contains(err.Error(), "pass a cell library") {
		t.Errorf("without library: %v", err)
	}
}

func TestIsNetlist(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "mul8u_1JJQ.synth.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		src  string
		want bool
	}{{string(src), true}, {`{"name": "model", "layers": []}`, false}, {`[1]`, false}, {"", false}} {
		if got := IsNetlist([]byte(tc.src)); got != tc.want {
			t.Errorf("IsNetlist(%.30q) = %v", tc.src, got)
		}
	}
}

func TestUnsupportedCell(t *testing.T) {
	src := `{"modules": {"m": {"ports": {"C": {"direction": "input", "bits": [2]}, "Q": {"direction": "output", "bits": [3]}},
"cells": {"f": {"type": "$_DFF_P_", "connections": {"C": [2], "D": [2], "Q": [3]}}}}}}`
	_, err := Parse("t.json", []byte(src), Options{})
	if err == nil || !strings.Contains(err.Error(), "t.json:2:25: cell f: Yosys cell $_DFF_P_ is sequential or a memory") {
		t.Errorf("error %v", err)
	}
}

// TestDeterministic parses the same files repeatedly and expects the very
// same netlist each time.
func TestDeterministic(t *testing.T) {
	for _, f := range []string{"mul8s_1KV8.json", "mul8u_1JJQ.synth.json", "mul2.json"} {
		src, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		first, err := Parse(f, src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 5; i++ {
			again, err := Parse(f, src, Options{})
			if err != nil || !reflect.DeepEqual(first, again) {
				t.Fatalf("%s: parse %d differs (%v)", f, i+2, err)
			}
		}
	}
}

// TestTemplatesChangeNothing checks that copying module instances from
// templates gives the very netlist that flattening every instance gives.
func TestTemplatesChangeNothing(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	srcs := map[string][]byte{"two.json": []byte(twoLevel)}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs[f] = src
	}
	for f, src := range srcs {
		with, err1 := parse(f, src, Options{}, true)
		without, err2 := parse(f, src, Options{}, false)
		if strings.HasSuffix(f, ".gscl45nm.json") {
			// Needs the cell library: the same errors either way.
			if err1 == nil || err2 == nil || err1.Error() != err2.Error() {
				t.Errorf("%s: errors %v / %v", f, err1, err2)
			}
			continue
		}
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v / %v", f, err1, err2)
		}
		if !reflect.DeepEqual(with, without) {
			t.Errorf("%s: netlists differ with templates (%v) and without (%v)", f, with, without)
		}
	}
}

func TestProbe(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "model.json")
	if err := os.WriteFile(other, []byte(`{"layers": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want bool
	}{{filepath.Join("testdata", "mul2.json"), true}, {filepath.Join("testdata", "mul12u_2BU.json"), true}, {other, false}} {
		got, err := Probe(tc.path)
		if err != nil || got != tc.want {
			t.Errorf("Probe(%s) = %v, %v; want %v", tc.path, got, err, tc.want)
		}
	}
	if _, err := Probe(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("Probe of a missing file: no error")
	}
	if _, err := Probe(dir); err == nil {
		t.Error("Probe of a folder: no error")
	}
}

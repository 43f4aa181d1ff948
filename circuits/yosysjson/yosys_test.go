package yosysjson

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/internal/testshared"
)

// yosysCircuits are the EvoApprox circuits testdata/regen.sh ran through
// Yosys, by their path under the shared evoapprox folder.
var yosysCircuits = []string{"v2022/8x8_unsigned/mul8u_1JJQ", "v2022/8x8_signed/mul8s_1KV8", "v2022/12x12_unsigned/mul12u_2BU"}

// yosysForms are the files regen.sh writes per circuit.
var yosysForms = []string{".json", ".synth.json", ".noexpr.v", ".techmap.v", ".synth.v"}

func readAny(t testing.TB, path string) *circuits.Netlist {
	t.Helper()
	var nl *circuits.Netlist
	var err error
	if strings.HasSuffix(path, ".json") {
		nl, err = ParseFile(path, Options{})
	} else {
		nl, err = verilog.ParseFile(path, verilog.Options{})
	}
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return nl
}

// products returns the exhaustive products (raw output bits, index
// B<<n | A) of a multiplier netlist.
func products(t testing.TB, nl *circuits.Netlist) []uint64 {
	t.Helper()
	mu, err := sim.NewMultiplier(nl)
	if err != nil {
		t.Fatalf("%s: %v", nl.File, err)
	}
	ps, err := mu.Products()
	if err != nil {
		t.Fatalf("%s: %v", nl.File, err)
	}
	return ps
}

// checkForms checks that every form of circuit c in dir computes the same
// products as want (or, when want is nil, as the first form).
func checkForms(t *testing.T, dir, c string, want []uint64) {
	for _, form := range yosysForms {
		path := filepath.Join(dir, c+form)
		nl := readAny(t, path)
		got := products(t, nl)
		if want == nil {
			want = got
			continue
		}
		if !slices.Equal(got, want) {
			diff := 0
			for i := range got {
				if got[i] != want[i] {
					diff++
				}
			}
			t.Errorf("%s: %d of %d products differ", path, diff, len(want))
		}
	}
}

// TestYosysWritten reads every Yosys-written form of the circuits in
// testdata (JSON with coarse and with gate cells, Verilog with coarse
// cells, gate cells and expressions with x literals) and checks that they
// all compute the same products as each other and, with the shared data,
// as the original EvoApprox file (equal products give equal metrics).
func TestYosysWritten(t *testing.T) {
	for _, p := range yosysCircuits {
		c := filepath.Base(p)
		var want []uint64
		if testshared.Root() != "" {
			orig := testshared.Dir(t, "evoapprox", p+".v")
			want = products(t, readAny(t, orig))
		}
		checkForms(t, "testdata", c, want)
	}
}

// TestYosysLive runs testdata/regen.sh with the installed Yosys on one
// circuit into a temporary folder and checks the fresh files against the
// original EvoApprox netlist.
func TestYosysLive(t *testing.T) {
	if _, err := exec.LookPath("yosys"); err != nil {
		t.Skip("yosys not installed: the committed Yosys output in testdata is tested instead")
	}
	p := yosysCircuits[1] // the signed one
	orig := testshared.Dir(t, "evoapprox", p+".v")
	dir := t.TempDir()
	script, err := filepath.Abs("testdata/regen.sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "AXMUL_SHARED="+testshared.Root(), "CIRCUITS="+p)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("regen.sh: %v\n%s", err, out)
	}
	ver, _ := exec.Command("yosys", "-V").Output()
	t.Logf("ran %s", strings.TrimSpace(string(ver)))
	checkForms(t, dir, filepath.Base(p), products(t, readAny(t, orig)))
}

// TestYosysBehavioural reads a 2x2 multiplier that Yosys elaborated from
// "assign O = A * B" (a $mul cell) and synthesised (gate cells), and
// checks both against exact multiplication.
func TestYosysBehavioural(t *testing.T) {
	for _, f := range []string{"mul2.json", "mul2.synth.json"} {
		ps := products(t, readAny(t, filepath.Join("testdata", f)))
		for i, p := range ps {
			if a, b := uint64(i&3), uint64(i>>2); p != a*b {
				t.Errorf("%s: %d*%d = %d", f, a, b, p)
			}
		}
		if len(ps) != 16 {
			t.Errorf("%s: %d products", f, len(ps))
		}
	}
}

// TestCellRecords checks that standard cells (PDKGEN<cell> modules of the
// EvoApprox netlists, kept as Yosys hierarchy) are recorded as in the
// Verilog reader: the same cell types, counts and pins per instance
// name, and every output pin driven by a gate of its cell.
func TestCellRecords(t *testing.T) {
	for _, c := range []string{"mul8s_1KV8", "mul8u_1JJQ"} {
		js := readAny(t, filepath.Join("testdata", c+".json"))
		v := readAny(t, filepath.Join("testdata", c+".noexpr.v"))
		if len(js.Cells) == 0 || len(js.Cells) != len(v.Cells) {
			t.Fatalf("%s: %d cells from JSON, %d from Verilog", c, len(js.Cells), len(v.Cells))
		}
		byName := map[string]circuits.CellInstance{}
		for _, ci := range v.Cells {
			byName[ci.Name] = ci
		}
		gateOf := map[circuits.Net]circuits.Gate{}
		for _, g := range js.Gates {
			gateOf[g.Out] = g
		}
		for k, ci := range js.Cells {
			w, ok := byName[ci.Name]
			if !ok || w.Type != ci.Type || len(w.Pins) != len(ci.Pins) || !slices.Equal(w.Outputs, ci.Outputs) {
				t.Fatalf("%s: cell %s %s (pins %v, outputs %v), Verilog %s %s (pins %v, outputs %v)", c, ci.Name, ci.Type, ci.Pins, ci.Outputs, w.Name, w.Type, w.Pins, w.Outputs)
			}
			for _, o := range ci.Outputs {
				g, ok := gateOf[ci.Pins[o]]
				if !ok || g.Cell != int32(k) {
					t.Errorf("%s: output %s of cell %s is not driven by a gate of the cell", c, o, ci.Name)
				}
			}
		}
	}
}

// TestYosysMapped reads a 2x2 multiplier that Yosys mapped to the
// gscl45nm cells (declared in the file as blackbox modules) with the
// shared Liberty library, against exact multiplication.
func TestYosysMapped(t *testing.T) {
	libPath := testshared.Dir(t, "cells", "gscl45nm.lib")
	src, err := os.ReadFile(libPath)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := liberty.Parse(libPath, src)
	if err != nil {
		t.Fatal(err)
	}
	nl, err := ParseFile(filepath.Join("testdata", "mul2.gscl45nm.json"), Options{Cells: verilog.LibertyCells(lib)})
	if err != nil {
		t.Fatal(err)
	}
	if nl.Name != "mul2" || len(nl.Cells) == 0 {
		t.Fatalf("netlist %v with %d cells", nl, len(nl.Cells))
	}
	for i, p := range products(t, nl) {
		if a, b := uint64(i&3), uint64(i>>2); p != a*b {
			t.Errorf("%d*%d = %d", a, b, p)
		}
	}
}

package blif_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/blif"
	"github.com/axmul/axmul/circuits/netio"
	"github.com/axmul/axmul/circuits/yosyscells"
	"github.com/axmul/axmul/internal/nettest"
	"github.com/axmul/axmul/internal/testshared"
)

// TestYosysGateCells reads every Yosys gate cell as a .subckt (the form
// of write_blif -icells) and compares it with the cell built directly by
// package yosyscells, whose semantics its own tests check against Yosys.
func TestYosysGateCells(t *testing.T) {
	for _, typ := range yosyscells.Types() {
		if !strings.HasPrefix(typ, "$_") {
			continue
		}
		ports, err := yosyscells.Ports(typ, nil)
		if err != nil {
			t.Fatal(err)
		}
		ref := &circuits.Netlist{Name: "m"}
		in := map[string][]circuits.Net{}
		var names, conns []string
		for _, p := range ports {
			if p.Output {
				continue
			}
			names = append(names, p.Name)
			conns = append(conns, p.Name+"="+p.Name)
			in[p.Name] = ref.AddPort(p.Name, circuits.Input, 1).Bits
		}
		y, err := yosyscells.Build(yosyscells.BuilderFunc(func(k circuits.Kind, x ...circuits.Net) circuits.Net {
			out := ref.NewNet("")
			ref.AddGate(k, out, x...)
			return out
		}), typ, nil, in)
		if err != nil {
			t.Fatal(err)
		}
		out := ref.NewNet("y")
		ref.AddGate(circuits.Buf, out, y[0])
		ref.Ports = append(ref.Ports, circuits.Port{Name: "y", Dir: circuits.Output, Bits: []circuits.Net{out}})
		src := fmt.Sprintf(".model m\n.inputs %s\n.outputs y\n.subckt %s %s Y=y\n.end\n", strings.Join(names, " "), typ, strings.Join(conns, " "))
		got, err := blif.Parse("cell.blif", []byte(src), blif.Options{})
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if err := nettest.Same(got, ref, 20, 64, 1); err != nil {
			t.Errorf("%s: %v", typ, err)
		}
		if len(got.Gates) > len(ref.Gates) {
			t.Errorf("%s: %d gates, %d built directly (with an output buffer)", typ, len(got.Gates), len(ref.Gates))
		}
	}
	for _, tc := range []struct{ src, want string }{
		{".model m\n.inputs a\n.outputs y\n.subckt $_AND_ A=a Q=y\n.end\n", "cell.blif:4:20: cell $_AND_ has no pin Q"},
		{".model m\n.inputs a\n.outputs y\n.subckt $_AND_ A=a Y=y\n.end\n", "cell.blif:4:1: input pin B of $_AND_ is not connected"},
		{".model m\n.inputs a b\n.outputs y\n.subckt $add A=a B=b Y=y\n.end\n", "only the gate cells"},
	} {
		_, err := blif.Parse("cell.blif", []byte(tc.src), blif.Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.src, err, tc.want)
		}
	}
}

// TestYosysICells has the installed Yosys write mul8s_1KV8 with
// write_blif -icells and checks it against the original netlist on all
// operand pairs.
func TestYosysICells(t *testing.T) {
	if _, err := exec.LookPath("yosys"); err != nil {
		t.Skip("yosys not installed")
	}
	orig := testshared.Dir(t, "evoapprox", "v2022", "8x8_signed", "mul8s_1KV8.v")
	out := filepath.Join(t.TempDir(), "icells.blif")
	cmd := exec.Command("yosys", "-q", "-p", "read_verilog "+orig+"; synth -flatten -top mul8s_1KV8; write_blif -icells "+out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("yosys: %v\n%s", err, b)
	}
	src, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), ".subckt $_AND_") {
		t.Fatal("yosys wrote no $_AND_ cells")
	}
	a, err := netio.Open(orig, netio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := netio.Open(out, netio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := nettest.Same(a, b, 16, 0, 1); err != nil {
		t.Error(err)
	}
}

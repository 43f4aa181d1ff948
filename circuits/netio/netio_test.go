package netio_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/netio"
	"github.com/axmul/axmul/circuits/sim/simtest"
	"github.com/axmul/axmul/internal/nettest"
)

func TestGroupBits(t *testing.T) {
	type port struct {
		name string
		dir  circuits.Dir
	}
	in, out := circuits.Input, circuits.Output
	tests := []struct {
		name  string
		ports []port
		want  string
	}{
		{"buses in order of first bit", []port{{"A[1]", in}, {"B[0]", in}, {"A[0]", in}, {"O[0]", out}, {"O[1]", out}},
			"in A[2]; in B[1]; out O[2]; "},
		{"gap in indices stays split", []port{{"A[0]", in}, {"A[2]", in}, {"O", out}},
			"in A[0][1]; in A[2][1]; out O[1]; "},
		{"mixed directions stay split", []port{{"A[0]", in}, {"A[1]", out}},
			"in A[0][1]; out A[1][1]; "},
		{"plain port of the same name", []port{{"A", in}, {"A[0]", in}, {"O", out}},
			"in A[1]; in A[0][1]; out O[1]; "},
		{"leading zero is not an index", []port{{"A[00]", in}, {"O", out}},
			"in A[00][1]; out O[1]; "},
		{"nothing to group", []port{{"a", in}, {"y", out}},
			"in a[1]; out y[1]; "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := &circuits.Netlist{}
			for _, p := range tc.ports {
				n.AddPort(p.name, p.dir, 1)
			}
			for _, p := range n.OutputPorts() {
				n.AddGate(circuits.Buf, p.Bits[0], n.Ports[0].Bits[0])
			}
			before := nettest.Signature(n)
			g := netio.GroupBits(n)
			if got := nettest.Signature(g); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			if nettest.Signature(n) != before {
				t.Error("GroupBits changed its argument")
			}
			if err := g.Validate(); err != nil {
				t.Error(err)
			}
		})
	}
	// Bit i of a grouped bus is the port called NAME[i].
	n := &circuits.Netlist{}
	a1 := n.AddPort("A[1]", in, 1)
	a0 := n.AddPort("A[0]", in, 1)
	g := netio.GroupBits(n)
	if p := g.Ports[0]; p.Bits[0] != a0.Bits[0] || p.Bits[1] != a1.Bits[0] {
		t.Errorf("bits %v, want [%v %v]", p.Bits, a0.Bits[0], a1.Bits[0])
	}
}

func TestOpenUnknown(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.edif")
	if err := os.WriteFile(path, []byte("(edif m)"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := netio.Open(path, netio.Options{})
	if err == nil || !strings.Contains(err.Error(), `m.edif was read as Verilog: its extension ".edif" names no known format; known: .aag .aig .blif .json .sv .v`) {
		t.Errorf("got %v", err)
	}
	// A Verilog file under another extension reads as before.
	vpath := filepath.Join(t.TempDir(), "m.netlist")
	if err := os.WriteFile(vpath, []byte("module m(input a, output y); assign y = ~a; endmodule\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if n, err := netio.Open(vpath, netio.Options{}); err != nil || len(n.Gates) != 1 {
		t.Errorf("m.netlist: %v", err)
	}
}

// TestWriteFileAndList writes a netlist in every format, lists the folder
// (files of other extensions and dot-folders left out) and opens each file.
func TestWriteFileAndList(t *testing.T) {
	dir := t.TempDir()
	n := simtest.ArrayMultiplier(3, 2)
	for _, ext := range writeExts {
		if err := netio.WriteFile(filepath.Join(dir, "m"+ext), n); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
	os.Mkdir(filepath.Join(dir, ".hidden"), 0o755)
	os.WriteFile(filepath.Join(dir, ".hidden", "h.v"), []byte("x"), 0o644)
	files, err := netio.List(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
		back, err := netio.Open(f, netio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := nettest.Same(n, back, 8, 0, 0); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if got := strings.Join(names, " "); got != "m.aag m.aig m.blif m.v" {
		t.Errorf("List: %s", got)
	}
	// A failed write leaves neither the file nor a temporary.
	bad := &circuits.Netlist{Name: "bad"}
	bad.AddPort("A", circuits.Input, 1)
	o := bad.AddPort("O", circuits.Output, 1)
	_ = o // output never driven: invalid
	if err := netio.WriteFile(filepath.Join(dir, "bad.blif"), bad); err == nil {
		t.Fatal("invalid netlist written")
	}
	if err := netio.WriteFile(filepath.Join(dir, "m.edif"), n); !errors.Is(err, netio.ErrUnknownFormat) {
		t.Errorf("m.edif: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*bad*"))
	tmps, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if len(left)+len(tmps) > 0 {
		t.Errorf("left behind: %v %v", left, tmps)
	}
}

// TestSameDetectsDifference makes sure the truth-table comparison the
// round-trip tests rely on can fail.
func TestSameDetectsDifference(t *testing.T) {
	a := simtest.ArrayMultiplier(4, 4)
	b := *a
	b.Gates = append([]circuits.Gate(nil), a.Gates...)
	for i, g := range b.Gates {
		if g.Kind == circuits.And {
			b.Gates[i].Kind = circuits.Or
			break
		}
	}
	if err := nettest.Same(a, &b, 16, 0, 0); err == nil {
		t.Error("a changed gate went unnoticed")
	}
}

// TestYosysJSON: a .json Yosys netlist opens through the registry with the
// same truth table as the Verilog Yosys wrote of the same design, and List
// keeps it while skipping a .json file that is no netlist, with a note.
func TestYosysJSON(t *testing.T) {
	const dir = "../yosysjson/testdata"
	j, err := netio.Open(filepath.Join(dir, "mul8s_1KV8.json"), netio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := netio.Open(filepath.Join(dir, "mul8s_1KV8.noexpr.v"), netio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := nettest.Same(j, v, 16, 0, 0); err != nil {
		t.Errorf("JSON and Verilog of the same design differ: %v", err)
	}
	tmp := t.TempDir()
	data, _ := os.ReadFile(filepath.Join(dir, "mul2.json"))
	os.WriteFile(filepath.Join(tmp, "net.json"), data, 0o644)
	os.WriteFile(filepath.Join(tmp, "model.json"), []byte(`{"layers": []}`), 0o644)
	var notes []string
	found, err := netio.List(tmp, func(m string) { notes = append(notes, m) })
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || filepath.Base(found[0]) != "net.json" {
		t.Errorf("List found %v, want only net.json", found)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "model.json") {
		t.Errorf("notes %q, want one naming model.json", notes)
	}
}

// TestDeclaredRangesKept: an output declared [7:4] keeps its bit indices
// through every writer (bits named O[4]..O[7], regrouped with Lsb 4), and
// the Verilog writer keeps ports declared signed.
func TestDeclaredRangesKept(t *testing.T) {
	src := "module m(input signed [3:0] A, input [1:0] B, output [7:4] O);\n  assign O = {A[3] ^ B[0], A[2:0] & {3{B[1]}}};\nendmodule\n"
	path := filepath.Join(t.TempDir(), "m.v")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	orig, err := netio.Open(path, netio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if o := orig.Ports[2]; o.Lsb != 4 || !orig.Ports[0].Signed {
		t.Fatalf("front-end: O.Lsb %d, A signed %v", o.Lsb, orig.Ports[0].Signed)
	}
	for _, ext := range writeExts {
		back := roundTrip(t, orig, ext)
		if err := nettest.Same(orig, back, 8, 0, 0); err != nil {
			t.Errorf("%s: %v", ext, err)
		}
		if o := back.Ports[2]; o.Name != "O" || o.Lsb != 4 || o.Width() != 4 {
			t.Errorf("%s: output %s[%d] Lsb %d, want O of 4 bits from 4", ext, o.Name, o.Width(), o.Lsb)
		}
		if ext == ".v" && (!back.Ports[0].Signed || back.Ports[1].Signed) {
			t.Errorf(".v: signed A %v, B %v; want A only", back.Ports[0].Signed, back.Ports[1].Signed)
		}
	}
}

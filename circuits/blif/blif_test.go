package blif_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/blif"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/internal/nettest"
	"github.com/axmul/axmul/internal/testshared"
)

// tinyLib defines two cells for the .gate tests.
const tinyLib = `library (tiny) {
  cell (NAND2) { pin (A) { direction : input ; } pin (B) { direction : input ; }
    pin (Y) { direction : output ; function : "(A B)'" ; } }
  cell (FA) { pin (A) { direction : input ; } pin (B) { direction : input ; } pin (C) { direction : input ; }
    pin (S) { direction : output ; function : "A ^ B ^ C" ; }
    pin (CO) { direction : output ; function : "A B + B C + A C" ; } }
}`

func tinyCells(t *testing.T) verilog.CellResolver {
	t.Helper()
	lib, err := liberty.Parse("tiny.lib", []byte(tinyLib))
	if err != nil {
		t.Fatal(err)
	}
	return verilog.LibertyCells(lib)
}

// truth evaluates n on every input pattern; pattern j sets input bit k
// (ports in order) to bit k of j; the result packs the output bits.
func truth(t *testing.T, n *circuits.Netlist) []uint64 {
	t.Helper()
	bits := 0
	for _, p := range n.InputPorts() {
		bits += len(p.Bits)
	}
	outs, err := nettest.Eval(n, nettest.Inputs(bits, bits, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	tt := make([]uint64, 1<<bits)
	for j := range tt {
		for k, o := range outs {
			tt[j] |= (o[j/64] >> (j % 64) & 1) << k
		}
	}
	return tt
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		src  string
		// want computes the packed outputs from the packed inputs.
		want func(x uint64) uint64
	}{
		{"and with don't-cares as OR", ".model m\n.inputs a b\n.outputs y\n.names a b y\n1- 1\n-1 1\n.end\n",
			func(x uint64) uint64 { return (x | (x >> 1)) & 1 }},
		{"off-set cover", ".model m\n.inputs a b\n.outputs y\n.names a b y\n11 0\n.end\n",
			func(x uint64) uint64 { return ^(x & (x >> 1)) & 1 }},
		{"constants", ".model m\n.inputs a\n.outputs one zero z2\n.names one\n1\n.names zero\n.names z2\n0\n",
			func(x uint64) uint64 { return 1 }},
		{"xor xnor mux", ".model m\n.inputs s a b\n.outputs x n m\n.names a b x\n01 1\n10 1\n.names a b n\n00 1\n11 1\n.names s a b m\n01- 1\n1-1 1\n",
			func(x uint64) uint64 {
				s, a, b := x&1, x>>1&1, x>>2&1
				m := a
				if s == 1 {
					m = b
				}
				return a ^ b | (1^a^b)<<1 | m<<2
			}},
		{"wide sum of products with off-set", ".model m\n.inputs a b c d e\n.outputs y\n.names a b c d e y\n1-0-1 0\n01--- 0\n----0 0\n",
			func(x uint64) uint64 {
				a, b, c, e := x&1, x>>1&1, x>>2&1, x>>4&1
				on := a == 1 && c == 0 && e == 1 || a == 0 && b == 1 || e == 0
				if on {
					return 0
				}
				return 1
			}},
		{"continuation and comments", "# header\n.model m # the model\n.inputs \\\n a \\\n b\n.outputs y\n.names a b \\\n y\n11 1 # and\n.end\n",
			func(x uint64) uint64 { return x & (x >> 1) & 1 }},
		{"hierarchy: 2-bit adder from full adders defined after use", `.model add2
.inputs a0 a1 b0 b1
.outputs s0 s1 s2
.names zero
.subckt fa a=a0 b=b0 ci=zero s=s0 co=c1
.subckt fa a=a1 b=b1 ci=c1 s=s1 co=s2
.end
.model fa
.inputs a b ci
.outputs s co
.subckt ha a=a b=b s=t c=c1
.subckt ha a=t b=ci s=s c=c2
.names c1 c2 co
1- 1
-1 1
.end
.model ha
.inputs a b
.outputs s c
.names a b s
01 1
10 1
.names a b c
11 1
.end
`, func(x uint64) uint64 { return (x & 3) + (x >> 2 & 3) }},
		{"yosys -impltf: $false and $true undefined", ".model m\n.inputs a\n.outputs y z\n.names a $false y\n10 1\n.names $true z\n1 1\n",
			func(x uint64) uint64 { return x&1 | 2 }},
		{"yosys .conn and ignored directives", ".model m\n.inputs a\n.outputs y\n.attr src \"x.v:1\"\n.conn a y\n.end\n",
			func(x uint64) uint64 { return x & 1 }},
		{"gate cells from a Liberty file", ".model m\n.inputs a b c\n.outputs s co n\n.gate FA A=a B=b C=c S=s CO=co\n.gate NAND2 A=a B=b Y=n\n.end\n",
			func(x uint64) uint64 {
				a, b, c := x&1, x>>1&1, x>>2&1
				sum := a + b + c
				return sum&1 | (sum>>1)<<1 | (1^(a&b))<<2
			}},
		{"Yosys internal cells", ".model m\n.inputs s a b c\n.outputs m n x\n.subckt $_MUX_ A=a B=b S=s Y=m\n.gate $_AOI3_ A=a B=b C=c Y=n\n.subckt $_ANDNOT_ A=a B=s Y=x\n",
			func(x uint64) uint64 {
				s, a, b, c := x&1, x>>1&1, x>>2&1, x>>3&1
				m := a
				if s == 1 {
					m = b
				}
				return m | (1^(a&b|c))<<1 | (a&(1^s))<<2
			}},
		{"subckt resolves a library cell", ".model m\n.inputs a b\n.outputs y\n.subckt NAND2 A=a B=b Y=y\n",
			func(x uint64) uint64 { return 1 ^ (x & (x >> 1) & 1) }},
	}
	cells := tinyCells(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var notes []string
			n, err := blif.Parse("t.blif", []byte(tc.src), blif.Options{Cells: cells, Verbose: func(s string) { notes = append(notes, s) }})
			if err != nil {
				t.Fatal(err)
			}
			for j, got := range truth(t, n) {
				if want := tc.want(uint64(j)); got != want {
					t.Fatalf("inputs %b: got %b, want %b", j, got, want)
				}
			}
			// And through the writer and back.
			var buf bytes.Buffer
			if err := blif.Write(&buf, n); err != nil {
				t.Fatal(err)
			}
			back, err := blif.Parse("w.blif", buf.Bytes(), blif.Options{})
			if err != nil {
				t.Fatalf("%v\n%s", err, buf.String())
			}
			if err := nettest.Same(n, back, 16, 0, 0); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestParseNotes(t *testing.T) {
	var notes []string
	_, err := blif.Parse("t.blif", []byte(".model m\n.inputs a\n.outputs y\n.area 12\n.names a y\n1 1\n"), blif.Options{Verbose: func(s string) { notes = append(notes, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || notes[0] != "t.blif:4:1: ignoring .area" {
		t.Errorf("notes = %q", notes)
	}
}

func TestParseTop(t *testing.T) {
	src := ".model first\n.inputs a\n.outputs y\n.names a y\n1 1\n.end\n.model second\n.inputs a b\n.outputs y\n.names a b y\n11 1\n.end\n"
	n, err := blif.Parse("t.blif", []byte(src), blif.Options{Top: "second"})
	if err != nil {
		t.Fatal(err)
	}
	if n.Name != "second" || len(n.Ports) != 3 {
		t.Errorf("got %v", n)
	}
	_, err = blif.Parse("t.blif", []byte(src), blif.Options{Top: "third"})
	if err == nil || !strings.Contains(err.Error(), "use --top NAME") {
		t.Errorf("unknown top: %v", err)
	}
}

// TestErrors checks the message and file:line:col of each error in
// testdata/errors/*.blif: the first line is "# want: LINE:COL: text".
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.blif")
	if len(files) < 10 {
		t.Fatalf("found %d error cases", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(src), "\n")
			want, ok := strings.CutPrefix(first, "# want: ")
			if !ok {
				t.Fatalf("first line %q is not # want: ...", first)
			}
			_, err = blif.Parse(file, src, blif.Options{Cells: tinyCells(t)})
			if err == nil {
				t.Fatal("no error")
			}
			if got := strings.SplitN(err.Error(), "\n", 2)[0]; got != file+":"+want {
				t.Errorf("got  %s\nwant %s:%s", got, file, want)
			}
		})
	}
}

// TestToolOutput reads the BLIF that Yosys (synth; write_blif) and ABC
// (strash; write_blif) wrote from EvoApprox circuits and checks the
// product table against the published metrics' source: mul8s_1KV8 has
// MAE 1.25 and WCE 5, mul8u_0AB MAE 37.0715 and WCE 115 (README table).
func TestToolOutput(t *testing.T) {
	for _, tc := range []struct {
		file   string
		signed bool
		mae    float64
		wce    int64
	}{
		{"testdata/mul8s_1KV8_yosys.blif", true, 1.25, 5},
		{"testdata/mul8s_1KV8_icells.blif", true, 1.25, 5},
		{"testdata/mul8u_0AB_abc.blif", false, 37.0715, 115},
	} {
		n, err := blif.ParseFile(tc.file, blif.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(n.Ports) != 32 {
			t.Fatalf("%s: %d ports, want 32 one-bit ports", tc.file, len(n.Ports))
		}
		mae, wce := nettest.MulError(t, n, 8, 8, tc.signed)
		if d := mae - tc.mae; d > 5e-5 || d < -5e-5 || wce != tc.wce {
			t.Errorf("%s: MAE %.6g WCE %d, want %.6g and %d", tc.file, mae, wce, tc.mae, tc.wce)
		}
	}
}

// TestHierarchyFromYosys reads what Yosys (synth without flattening;
// write_blif) made of testdata/mul4_hier.v, an exact 4x4 array multiplier
// of three "row" models of four "fa" models each: every product is exact.
func TestHierarchyFromYosys(t *testing.T) {
	n, err := blif.ParseFile("testdata/mul4_hier.blif", blif.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if mae, wce := nettest.MulError(t, n, 4, 4, false); mae != 0 || wce != 0 {
		t.Errorf("MAE %g WCE %d, want an exact multiplier", mae, wce)
	}
}

// TestMappedByABC reads mul8u_0AB after ABC mapped it to gscl45nm.lib
// (read_lib; strash; map; write_blif: .gate lines and a _const0_ gate),
// with the cells from the shared Liberty file.
func TestMappedByABC(t *testing.T) {
	lib, err := liberty.ParseFile(testshared.Dir(t, "cells", "gscl45nm.lib"))
	if err != nil {
		t.Fatal(err)
	}
	n, err := blif.ParseFile("testdata/mul8u_0AB_gscl45nm.blif", blif.Options{Cells: verilog.LibertyCells(lib)})
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Cells) != 250 {
		t.Errorf("%d cell instances, want the 250 .gate lines besides _const0_", len(n.Cells))
	}
	// README: mul8u_0AB has MAE 37.0715 and WCE 115.
	if mae, wce := nettest.MulError(t, n, 8, 8, false); mae < 37.0714 || mae > 37.0716 || wce != 115 {
		t.Errorf("MAE %.6g WCE %d, want 37.0715 and 115", mae, wce)
	}
}

// TestInstanceBomb: thirty levels of models that each instantiate the next
// twice would flatten to 2^30 instances; the limit stops it early.
func TestInstanceBomb(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(".model m0\n.inputs a\n.outputs y\n.subckt m1 a=a y=y\n.end\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&sb, ".model m%d\n.inputs a\n.outputs y\n.subckt m%d a=a y=t\n.subckt m%d a=t y=y\n.end\n", i, i+1, i+1)
	}
	sb.WriteString(".model m31\n.inputs a\n.outputs y\n.conn a y\n.end\n")
	_, err := blif.Parse("bomb.blif", []byte(sb.String()), blif.Options{})
	if err == nil || !strings.Contains(err.Error(), "more than 65536 model instances") {
		t.Errorf("got %v", err)
	}
}

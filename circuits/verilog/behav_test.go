package verilog

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
)

// behavDir holds one small behavioural design per construct, the truth
// table hash of each (hashes.txt) and error designs (errors/).
var behavDir = filepath.Join(testdataDir, "behav")

var updateHashes = flag.Bool("update-behav", false, "rewrite testdata/verilog/behav/hashes.txt from the elaborated designs")

// maxTruthBits bounds the input bits of a design whose truth table is
// compared (all 2^n input combinations).
const maxTruthBits = 18

// truthTable simulates nl on every input combination and returns one line
// per combination: the outputs in hex, in port order. Combination k
// assigns the input ports in declaration order from the most significant
// bits of k down (the last input port holds the low bits).
func truthTable(t testing.TB, nl *circuits.Netlist) string {
	t.Helper()
	ins, outs := nl.InputPorts(), nl.OutputPorts()
	n := 0
	for _, p := range ins {
		n += len(p.Bits)
	}
	if n > maxTruthBits {
		t.Fatalf("%d input bits (limit %d)", n, maxTruthBits)
	}
	sim := newTestSim(t, nl)
	var sb strings.Builder
	total := 1 << n
	for base := 0; base < total; base += 64 {
		in := map[string][]uint64{}
		shift := n
		for _, p := range ins {
			shift -= len(p.Bits)
			words := make([]uint64, len(p.Bits))
			for lane := 0; lane < 64 && base+lane < total; lane++ {
				k := base + lane
				for i := range p.Bits {
					if k>>(shift+i)&1 == 1 {
						words[i] |= 1 << lane
					}
				}
			}
			in[p.Name] = words
		}
		out := sim.run(in)
		for lane := 0; lane < 64 && base+lane < total; lane++ {
			for j, p := range outs {
				if j > 0 {
					sb.WriteByte(' ')
				}
				w := out[p.Name]
				digits := (len(w) + 3) / 4
				for d := digits - 1; d >= 0; d-- {
					v := 0
					for b := 0; b < 4; b++ {
						if i := 4*d + b; i < len(w) && w[i]>>lane&1 == 1 {
							v |= 1 << b
						}
					}
					sb.WriteByte("0123456789abcdef"[v])
				}
			}
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// iverilogTable simulates the top module of file with Icarus Verilog in
// the order truthTable uses.
func iverilogTable(t testing.TB, file string, nl *circuits.Netlist) string {
	t.Helper()
	ins, outs := nl.InputPorts(), nl.OutputPorts()
	n := 0
	for _, p := range ins {
		n += len(p.Bits)
	}
	var tb strings.Builder
	fmt.Fprintf(&tb, "module axmul_tb;\n  reg [%d:0] k;\n  integer i;\n", n-1)
	for _, p := range outs {
		fmt.Fprintf(&tb, "  wire [%d:0] o_%s;\n", len(p.Bits)-1, p.Name)
	}
	fmt.Fprintf(&tb, "  %s dut (", nl.Name)
	shift := n
	var conns []string
	for _, p := range ins {
		shift -= len(p.Bits)
		conns = append(conns, fmt.Sprintf(".%s(k[%d:%d])", p.Name, shift+len(p.Bits)-1, shift))
	}
	var fmts, args []string
	for _, p := range outs {
		conns = append(conns, fmt.Sprintf(".%s(o_%s)", p.Name, p.Name))
		fmts = append(fmts, "%h")
		args = append(args, "o_"+p.Name)
	}
	tb.WriteString(strings.Join(conns, ", "))
	tb.WriteString(");\n  initial begin\n")
	fmt.Fprintf(&tb, "    for (i = 0; i < %d; i = i + 1) begin\n      k = i;\n      #1;\n", 1<<n)
	fmt.Fprintf(&tb, "      $display(\"%s\", %s);\n    end\n    $finish;\n  end\nendmodule\n", strings.Join(fmts, " "), strings.Join(args, ", "))
	dir := t.TempDir()
	tbFile := filepath.Join(dir, "tb.v")
	if err := os.WriteFile(tbFile, []byte(tb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	vvp := filepath.Join(dir, "sim.vvp")
	abs, _ := filepath.Abs(file)
	cmd := exec.Command("iverilog", "-g2012", "-o", vvp, "-s", "axmul_tb", "-I", filepath.Dir(abs), tbFile, abs)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("iverilog: %v\n%s", err, out)
	}
	out, err := exec.Command("vvp", "-n", vvp).Output()
	if err != nil {
		t.Fatalf("vvp: %v", err)
	}
	var sb strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, "$finish") || strings.HasPrefix(line, "VCD") || line == "" {
			continue
		}
		sb.WriteString(line)
		sb.WriteByte('\n')
	}
	return sb.String()
}

func readHashes(t *testing.T) map[string]string {
	t.Helper()
	m := map[string]string{}
	src, err := os.ReadFile(filepath.Join(behavDir, "hashes.txt"))
	if err != nil {
		if os.IsNotExist(err) {
			return m
		}
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(src), "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && !strings.HasPrefix(line, "#") {
			m[f[1]] = f[0]
		}
	}
	return m
}

// TestBehavDesigns elaborates every testdata/verilog/behav/*.v design and
// compares its truth table with Icarus Verilog's simulation of the same
// file (when iverilog is installed) and with the committed hash.
func TestBehavDesigns(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(behavDir, "*.v"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no designs: %v", err)
	}
	_, errIV := exec.LookPath("iverilog")
	if errIV != nil {
		t.Logf("iverilog not installed: comparing with the committed truth-table hashes only")
	}
	hashes := readHashes(t)
	got := map[string]string{}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			nl, err := ParseFile(f, Options{Defines: map[string]string{"AXMUL_DEFINED": "3"}})
			if err != nil {
				t.Fatal(err)
			}
			tab := truthTable(t, nl)
			sum := sha256.Sum256([]byte(tab))
			h := hex.EncodeToString(sum[:])
			got[name] = h
			if errIV == nil {
				ref := iverilogTable(t, f, nl)
				if ref != tab {
					a, b := strings.Split(tab, "\n"), strings.Split(ref, "\n")
					for i := range min(len(a), len(b)) {
						if a[i] != b[i] {
							t.Fatalf("combination %d: axmul %q, iverilog %q", i, a[i], b[i])
						}
					}
					t.Fatalf("axmul %d lines, iverilog %d", len(a), len(b))
				}
			}
			if *updateHashes {
				return
			}
			want, ok := hashes[name]
			if !ok {
				t.Fatalf("no hash in hashes.txt (run go test -run TestBehavDesigns -update-behav)")
			}
			if want != h {
				t.Errorf("truth table hash %s, want %s", h, want)
			}
		})
	}
	if *updateHashes {
		var sb strings.Builder
		sb.WriteString("# sha256 of the truth tables of the behavioural test designs (TestBehavDesigns; checked against iverilog)\n")
		for _, f := range files {
			name := filepath.Base(f)
			if h, ok := got[name]; ok {
				fmt.Fprintf(&sb, "%s %s\n", h, name)
			}
		}
		if err := os.WriteFile(filepath.Join(behavDir, "hashes.txt"), []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPreprocessorOptions checks Options.Defines (overriding a default
// guarded by `ifndef) and Options.IncludeDirs.
func TestPreprocessorOptions(t *testing.T) {
	dir := t.TempDir()
	incDir := filepath.Join(dir, "inc")
	if err := os.Mkdir(incDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(incDir, "k.vh"), []byte("`define K 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := "`include \"k.vh\"\n`ifndef N\n`define N 2\n`endif\nmodule m(input [3:0] a, output [7:0] y); assign y = a * `N + `K; endmodule\n"
	for _, tc := range []struct {
		defines map[string]string
		dirs    []string
		n       uint64
		err     string
	}{
		{nil, []string{incDir}, 2, ""},
		{map[string]string{"N": "7"}, []string{incDir}, 7, ""},
		{map[string]string{"N": "(1 + 2)"}, []string{incDir}, 3, ""},
		{nil, nil, 0, "cannot find include file k.vh"},
	} {
		nl, err := Parse(filepath.Join(dir, "m.v"), []byte(src), Options{Defines: tc.defines, IncludeDirs: tc.dirs})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%v: error %v, want %q", tc.defines, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%v: %v", tc.defines, err)
		}
		sim := newTestSim(t, nl)
		for a := uint64(0); a < 16; a++ {
			in := []uint64{a & 1, a >> 1 & 1, a >> 2 & 1, a >> 3 & 1}
			for i := range in {
				in[i] = -in[i] // all lanes
			}
			out := sim.run(map[string][]uint64{"a": in})["y"]
			var got uint64
			for i, w := range out {
				got |= (w & 1) << i
			}
			if want := (a*tc.n + 5) & 0xff; got != want {
				t.Errorf("N=%d: a=%d: y=%d, want %d", tc.n, a, got, want)
			}
		}
	}
}

// TestSensitivityWarning checks that an incomplete sensitivity list is
// reported through Verbose and simulated as if complete.
func TestSensitivityWarning(t *testing.T) {
	src := "module m(input a, b, c, output reg y);\n  always @(a or b)\n    y = a & b | c;\nendmodule\n"
	var notes []string
	nl, err := Parse("s.v", []byte(src), Options{Verbose: func(s string) { notes = append(notes, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "s.v:2:3: warning: sensitivity list misses c (simulated as if complete)") {
		t.Errorf("notes %q", notes)
	}
	tab := truthTable(t, nl)
	if want := "0\n1\n0\n1\n0\n1\n1\n1\n"; tab != want {
		t.Errorf("truth table %q, want %q", tab, want)
	}
}

// TestBehavDeterministic elaborates every behavioural design and the
// generator RTL several times: the gates must come out the same, in the
// same order (merges of process branches iterate variables in a fixed
// order, not a map's).
func TestBehavDeterministic(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(behavDir, "*.v"))
	type src struct {
		name string
		data []byte
		top  string
	}
	var srcs []src
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, src{f, data, ""})
	}
	for _, c := range genCases(t)[:8] {
		file, data := behavGenSource(t, c)
		srcs = append(srcs, src{file, data, "top"})
	}
	for _, s := range srcs {
		var first []circuits.Gate
		for run := 0; run < 4; run++ {
			nl, err := Parse(s.name, s.data, Options{Top: s.top, Defines: map[string]string{"AXMUL_DEFINED": "3"}})
			if err != nil {
				t.Fatal(err)
			}
			if run == 0 {
				first = nl.Gates
				continue
			}
			if len(nl.Gates) != len(first) {
				t.Fatalf("%s: %d gates, then %d", s.name, len(first), len(nl.Gates))
			}
			for i := range first {
				if nl.Gates[i] != first[i] {
					t.Fatalf("%s: gate %d differs between runs: %+v, then %+v", s.name, i, first[i], nl.Gates[i])
				}
			}
		}
	}
}

package verilog

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
)

const testdataDir = "../../testdata/verilog"

type ioMap = map[string]uint64

func bit(v uint64, i int) uint64 { return v >> uint(i) & 1 }

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func sext(v uint64, n int) int64 { return int64(v<<(64-uint(n))) >> (64 - uint(n)) }

// testCells is a small cell library built from Liberty function strings.
type testCells map[string]*CellFunc

func (c testCells) CellFunction(name string) (*CellFunc, bool) {
	f, ok := c[name]
	return f, ok
}

func newTestCells(t testing.TB) testCells {
	t.Helper()
	mk := func(name string, ins []string, outs ...string) *CellFunc {
		cf := &CellFunc{Name: name, Inputs: ins}
		for i := 0; i < len(outs); i += 2 {
			e, err := liberty.ParseFunction(outs[i+1])
			if err != nil {
				t.Fatal(err)
			}
			cf.Outputs = append(cf.Outputs, CellOutput{Pin: outs[i], Function: e})
		}
		return cf
	}
	return testCells{
		"FAX1":    mk("FAX1", []string{"A", "B", "C"}, "YC", "(((A B)+(B C))+(C A))", "YS", "((A^B)^C)"),
		"HAX1":    mk("HAX1", []string{"A", "B"}, "YC", "(A B)", "YS", "(A^B)"),
		"AOI21X1": mk("AOI21X1", []string{"A", "B", "C"}, "Y", "(!((A B)+C))"),
		// Not a built-in cell: reachable through the compatibility rule.
		"AOI22X1": mk("AOI22X1", []string{"A", "B", "C", "D"}, "Y", "(!((C D)+(A B)))"),
	}
}

// constructCases pairs each testdata file with a reference function that
// computes the expected outputs from the inputs with Go integer operations.
var constructCases = []struct {
	file string
	ref  func(in ioMap) ioMap
	// cells is the expected number of recorded cell instances.
	cells int
}{
	{"primitives.v", func(in ioMap) ioMap {
		a, b, c := in["a"], in["b"], in["c"]
		return ioMap{
			"y_and": a & b & c, "y_or": a | b | c, "y_xor": a ^ b ^ c,
			"y_nand": 1 ^ (a & b & c), "y_nor": 1 ^ (a | b | c), "y_xnor": 1 ^ (a ^ b ^ c),
			"y_not1": 1 ^ a, "y_not2": 1 ^ a, "y_buf": b, "y_and1": c,
		}
	}, 0},
	{"selects.v", func(in ioMap) ioMap {
		d, u := in["d"], in["u"]
		var rev uint64
		for i := 0; i < 8; i++ {
			rev |= bit(d, i) << uint(7-i)
		}
		return ioMap{
			"rev": rev, "mid": d >> 2 & 15, "up": u, "uhi": u >> 2,
			"plus": d >> 1 & 15, "minus": d >> 4, "rep": u<<8 | u<<4 | u,
			"cat":  bit(d, 0)<<5 | 2<<3 | bit(u, 0)<<2 | d>>6,
			"bit0": u & 1, "lhs_a": d >> 2 & 7, "lhs_b": d & 3,
		}
	}, 0},
	{"literals.v", func(in ioMap) ioMap {
		x := in["x"]
		return ioMap{"o1": 255, "o2": 9, "o3": 3 + x, "o4": 12 + 15, "o5": 4, "o6": 65535, "o7": 1}
	}, 0},
	{"operators.v", func(in ioMap) ioMap {
		a, b, s := in["a"], in["b"], in["s"]
		par := bit(a, 0) ^ bit(a, 1) ^ bit(a, 2) ^ bit(a, 3)
		red := b2u(a == 15)<<5 | b2u(a != 0)<<4 | par<<3 | b2u(a != 15)<<2 | b2u(a == 0)<<1 | (1 ^ par)
		lg := b2u(a == 0)<<3 | b2u(a != 0 && b != 0)<<2 | b2u(a != 0 || b != 0)<<1 | (1 ^ a&1)
		rel := b2u(a == b)<<5 | b2u(a != b)<<4 | b2u(a < b)<<3 | b2u(a <= b)<<2 | b2u(a > b)<<1 | b2u(a >= b)
		mux := uint64(5)
		switch {
		case s&1 == 1:
			mux = a
		case s&2 == 2:
			mux = b
		}
		return ioMap{"red": red, "lg": lg, "rel": rel, "mux": mux,
			"shl": a << 1 & 15, "shr": a >> 2, "shv": a << s & 15, "pr": (a & b) | (a ^ b)}
	}, 0},
	{"arith.v", func(in ioMap) ioMap {
		a, b := in["a"], in["b"]
		return ioMap{
			"sum5": a + b, "sum4": (a + b) & 15, "diff": (a - b) & 31, "neg": -a & 15,
			"prod": a * b, "prod4": a * b & 15, "ext": (a + b) >> 1,
			"cmp": b2u(a+b == 16), "cs": ((a<<1 | 1) + (b<<1 | b&1)) & 511,
		}
	}, 0},
	{"signed.v", func(in ioMap) ioMap {
		a, b := in["a"], in["b"]
		sa, sb := sext(a, 4), sext(b, 4)
		return ioMap{
			"p": uint64(sa*sb) & 255, "q": uint64(sa+sb) & 255,
			"lt": b2u(sa < sb), "ult": b2u(a < b), "sh": uint64(sa>>1) & 15,
			"mixed": a + b,
		}
	}, 0},
	{"hierarchy.v", func(in ioMap) ioMap {
		x, y := in["x"], in["y"]
		lo := (x&3 + y&3) & 3
		carry := (x&3 + y&3) >> 2
		return ioMap{"s": x + y, "c": carry ^ lo&1, "w": x<<4 | 1<<3 | bit(x, 3)<<1}
	}, 0},
	{"wide.v", func(in ioMap) ioMap {
		a, b := in["a"], in["b"]
		sa, sb := sext(a, 16), sext(b, 16)
		return ioMap{
			"p": a * b, "sp": uint64(sa * sb), "s": a + b, "d": a - b,
			"lt": b2u(a < b), "slt": b2u(sa < sb), "sh": uint64(sa >> (b & 15)), "mx": max(a, b),
		}
	}, 0},
	{"cells.v", func(in ioMap) ioMap {
		a, b, c := in["a"], in["b"], in["c"]
		return ioMap{"y": 1 ^ a&b, "z": 1 ^ a ^ b, "fs": a ^ b ^ c, "fc": (a + b + c) >> 1, "m": a}
	}, 5},
	{"libcells.v", func(in ioMap) ioMap {
		a, b, c := in["a"], in["b"], in["c"]
		return ioMap{"s": a ^ b ^ c, "co": (a + b + c) >> 1, "y": 1 ^ (a&b | c), "h": c}
	}, 3},
}

func TestConstructs(t *testing.T) {
	for _, tc := range constructCases {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(testdataDir, tc.file)
			var notes []string
			nl, err := ParseFile(path, Options{Cells: newTestCells(t), Verbose: func(m string) { notes = append(notes, m) }})
			if err != nil {
				t.Fatal(err)
			}
			if len(nl.Cells) != tc.cells {
				t.Errorf("%d cells recorded, want %d", len(nl.Cells), tc.cells)
			}
			checkAgainst(t, nl, tc.ref)
		})
	}
}

// checkAgainst evaluates nl on all inputs (or 4096 random ones when there
// are more than 16 input bits) and compares every output with ref.
func checkAgainst(t *testing.T, nl *circuits.Netlist, ref func(ioMap) ioMap) {
	t.Helper()
	in := nl.InputPorts()
	n := 0
	for _, p := range in {
		n += p.Width()
	}
	var vectors []uint64
	if n <= 16 {
		for v := uint64(0); v < 1<<uint(n); v++ {
			vectors = append(vectors, v)
		}
	} else {
		r := rand.New(rand.NewPCG(1, 2))
		for i := 0; i < 4096; i++ {
			vectors = append(vectors, r.Uint64()&(1<<uint(n)-1))
		}
	}
	s := newTestSim(t, nl)
	errors := 0
	for k := 0; k < len(vectors); k += 64 {
		batch := vectors[k:min(k+64, len(vectors))]
		words := map[string][]uint64{}
		off := 0
		lanes := make([]ioMap, len(batch))
		for j := range lanes {
			lanes[j] = ioMap{}
		}
		for _, p := range in {
			vals := make([]uint64, len(batch))
			for j, v := range batch {
				vals[j] = v >> uint(off) & (1<<uint(p.Width()) - 1)
				lanes[j][p.Name] = vals[j]
			}
			words[p.Name] = pack(vals, p.Width())
			off += p.Width()
		}
		out := s.run(words)
		for j := range batch {
			want := ref(lanes[j])
			for _, p := range nl.OutputPorts() {
				w, ok := want[p.Name]
				if !ok {
					t.Fatalf("reference has no output %s", p.Name)
				}
				w &= 1<<uint(p.Width()) - 1
				if got := unpack(out[p.Name], j); got != w && errors < 10 {
					errors++
					t.Errorf("inputs %v: %s = %#x, want %#x", lanes[j], p.Name, got, w)
				}
			}
		}
	}
}

// TestConstructDetails checks names, cells, ports and notes of the
// construct files beyond their function.
func TestConstructDetails(t *testing.T) {
	var notes []string
	nl, err := ParseFile(filepath.Join(testdataDir, "cells.v"), Options{Verbose: func(m string) { notes = append(notes, m) }})
	if err != nil {
		t.Fatal(err)
	}
	wantNotes := []string{
		"cells.v:8:3: evoapprox compat: NPDKGEPDKGENNAND2X1 -> NAND2X1",
		"cells.v:9:3: evoapprox compat: XNPDKGEPDKGENNOR2X1 -> XNOR2X1",
		"cells.v:12:3: evoapprox compat: PDKGEPDKGENNAND2X1 -> AND2X1",
	}
	if len(notes) != len(wantNotes) {
		t.Fatalf("notes %q, want %q", notes, wantNotes)
	}
	for i, n := range notes {
		if !strings.HasSuffix(n, wantNotes[i]) {
			t.Errorf("note %q, want suffix %q", n, wantNotes[i])
		}
	}
	wantCells := []circuits.CellInstance{
		{Type: "NAND2X1", Source: "NPDKGEPDKGENNAND2X1", Name: "u1", Outputs: []string{"Y"}},
		{Type: "XNOR2X1", Source: "XNPDKGEPDKGENNOR2X1", Name: "u2", Outputs: []string{"Y"}},
		{Type: "FAX1", Name: "u3", Outputs: []string{"YS", "YC"}},
		{Type: "BUFX2", Name: "u4", Outputs: []string{"Y"}},
		{Type: "AND2X1", Source: "PDKGEPDKGENNAND2X1", Name: "u5", Outputs: []string{"Y"}},
	}
	driver := map[circuits.Net]int{}
	for gi, g := range nl.Gates {
		driver[g.Out] = gi
	}
	for i, want := range wantCells {
		got := nl.Cells[i]
		if got.Type != want.Type || got.Source != want.Source || got.Name != want.Name || strings.Join(got.Outputs, ",") != strings.Join(want.Outputs, ",") {
			t.Errorf("cell %d = %+v, want %+v", i, got, want)
		}
		for _, o := range got.Outputs {
			net, ok := got.Pins[o]
			if !ok {
				t.Errorf("cell %s: no pin %s", got.Name, o)
				continue
			}
			if g := nl.Gates[driver[net]]; g.Cell != int32(i) {
				t.Errorf("cell %s pin %s driven by a gate of cell %d", got.Name, o, g.Cell)
			}
		}
		if len(got.Pins) != len(got.Outputs)+map[string]int{"FAX1": 3, "BUFX2": 1}[got.Type]+b2i(got.Type != "FAX1" && got.Type != "BUFX2")*2 {
			t.Errorf("cell %s pins %v", got.Name, got.Pins)
		}
	}
	// Gate positions and hierarchical names.
	nl, err = ParseFile(filepath.Join(testdataDir, "hierarchy.v"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	names := strings.Join(nl.NetNames, " ")
	for _, want := range []string{"x[3]", "s[4]", "w[7]", "lo2[1]", "carry2"} {
		if !strings.Contains(names, want) {
			t.Errorf("net names lack %q: %s", want, names)
		}
	}
	for _, g := range nl.Gates {
		if g.Kind != circuits.Const0 && g.Kind != circuits.Const1 && !strings.Contains(g.Pos, "hierarchy.v:") {
			t.Errorf("gate %v without position: %q", g.Kind, g.Pos)
		}
	}
	if p, _ := nl.Port("w"); p.Width() != 8 {
		t.Errorf("port w width %d", p.Width())
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestTopChoice checks the choice of the top module.
func TestTopChoice(t *testing.T) {
	src := []byte("module a(input x, output y); assign y = ~x; endmodule\nmodule b(input x, output y); a u(.x(x), .y(y)); endmodule\n")
	nl, err := Parse("t.v", src, Options{})
	if err != nil || nl.Name != "b" {
		t.Fatalf("top %v, %v; want b", nl, err)
	}
	nl, err = Parse("t.v", src, Options{Top: "a"})
	if err != nil || nl.Name != "a" {
		t.Fatalf("top %v, %v; want a", nl, err)
	}
	two := []byte("module a(input x, output y); assign y = x; endmodule\nmodule c(input x, output y); assign y = x; endmodule\n")
	if _, err := Parse("t.v", two, Options{}); err == nil || !strings.Contains(err.Error(), "ambiguous top module: a, c") {
		t.Errorf("ambiguous top: %v", err)
	}
	if _, err := Parse("t.v", src, Options{Top: "zz"}); err == nil || !strings.Contains(err.Error(), "top module zz not found") {
		t.Errorf("missing top: %v", err)
	}
}

// TestModules checks the module list with instantiation relations.
func TestModules(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(testdataDir, "hierarchy.v"))
	if err != nil {
		t.Fatal(err)
	}
	mods, err := Modules("hierarchy.v", src)
	if err != nil {
		t.Fatal(err)
	}
	got := ""
	for _, m := range mods {
		got += m.Name + "<" + strings.Join(m.InstantiatedBy, ",") + ">[" + strings.Join(m.Instantiates, ",") + "] "
	}
	if want := "top<>[add,widen] add<top>[] widen<top>[] "; got != want {
		t.Errorf("modules %q, want %q", got, want)
	}
}

package aiger_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/aiger"
	"github.com/axmul/axmul/circuits/sim/simtest"
	"github.com/axmul/axmul/internal/nettest"
)

// fullAdder is a hand-written AIG: s = a ^ b ^ c (XOR as three ANDs each),
// co = majority(a, b, c); symbols name the ports.
const fullAdder = `aag 14 3 0 2 11
2
4
6
18
29
8 2 5
10 3 4
12 9 11
14 13 6
16 12 7
18 15 17
20 2 4
22 2 6
24 4 6
26 21 23
28 26 25
i0 a
i1 b
i2 c
o0 s
o1 co
c
full adder
`

func TestParseASCII(t *testing.T) {
	n, err := aiger.Parse("fa.aag", []byte(fullAdder), aiger.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := nettest.Signature(n); got != "in a[1]; in b[1]; in c[1]; out s[1]; out co[1]; " {
		t.Fatalf("ports %s", got)
	}
	outs, err := nettest.Eval(n, nettest.Inputs(3, 3, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	for j := 0; j < 8; j++ {
		sum := j&1 + j>>1&1 + j>>2&1
		s, co := int(outs[0][0]>>j&1), int(outs[1][0]>>j&1)
		if s != sum&1 || co != sum>>1 {
			t.Errorf("inputs %03b: s=%d co=%d, want %d %d", j, s, co, sum&1, sum>>1)
		}
	}
}

func TestPropertiesSkipped(t *testing.T) {
	// One bad-state property, one constraint, one justice property of
	// two literals and one fairness constraint, with symbols for them.
	src := "aag 1 1 0 1 0 1 1 1 1\n2\n3\n2\n3\n2\n2\n3\n2\ni0 x\no0 y\nb0 bad\nc0 inv\nj0 just\nf0 fair\n"
	var notes []string
	n, err := aiger.Parse("p.aag", []byte(src), aiger.Options{Verbose: func(s string) { notes = append(notes, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Ports) != 2 || n.Ports[1].Name != "y" {
		t.Errorf("ports %v", n)
	}
	want := []string{
		"p.aag:3: skipping 1 bad-state properties",
		"p.aag:4: skipping 1 invariant constraints",
		"p.aag:5: skipping 1 justice properties",
		"p.aag:8: skipping 1 fairness constraints",
	}
	if strings.Join(notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
}

// TestToolOutput reads AIGER files Yosys (aigmap; write_aiger [-ascii]
// -symbols) and ABC (strash; write_aiger) wrote from EvoApprox circuits and
// compares with the circuits' figures (README: mul8s_1KV8 MAE 1.25, WCE 5;
// mul8u_0AB MAE 37.0715, WCE 115). The ABC file without symbols has ports
// i0.. and o0..; its truth table must equal the one with symbols.
func TestToolOutput(t *testing.T) {
	for _, tc := range []struct {
		file   string
		signed bool
		mae    float64
		wce    int64
	}{
		{"testdata/mul8s_1KV8_yosys.aag", true, 1.25, 5},
		{"testdata/mul8s_1KV8_yosys.aig", true, 1.25, 5},
		{"testdata/mul8u_0AB_abc.aig", false, 37.0715, 115},
	} {
		n, err := aiger.ParseFile(tc.file, aiger.Options{})
		if err != nil {
			t.Fatal(err)
		}
		mae, wce := nettest.MulError(t, n, 8, 8, tc.signed)
		if d := mae - tc.mae; d > 5e-5 || d < -5e-5 || wce != tc.wce {
			t.Errorf("%s: MAE %.6g WCE %d, want %.6g and %d", tc.file, mae, wce, tc.mae, tc.wce)
		}
	}
	named, err := aiger.ParseFile("testdata/mul8u_0AB_abc.aig", aiger.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bare, err := aiger.ParseFile("testdata/mul8u_0AB_abc_nosym.aig", aiger.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if bare.Ports[0].Name != "i0" || bare.Ports[16].Name != "o0" {
		t.Errorf("default names: %s", nettest.Signature(bare))
	}
	for i := range bare.Ports {
		bare.Ports[i].Name = named.Ports[i].Name
	}
	if err := nettest.Same(named, bare, 16, 0, 0); err != nil {
		t.Error(err)
	}
}

// TestWriteRoundTrip writes random netlists of every gate kind (outputs
// that are inputs, constants or repeated nets included) in both variants
// and reads them back; the binary files need multi-byte deltas.
func TestWriteRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, gates := range []int{1, 10, 300, 3000} {
		n := simtest.RandomDAG(rng, 12, gates, 9)
		for _, w := range []struct {
			name  string
			write func(*bytes.Buffer, *circuits.Netlist) error
		}{
			{"aig", func(b *bytes.Buffer, n *circuits.Netlist) error { return aiger.Write(b, n) }},
			{"aag", func(b *bytes.Buffer, n *circuits.Netlist) error { return aiger.WriteASCII(b, n) }},
		} {
			var buf bytes.Buffer
			if err := w.write(&buf, n); err != nil {
				t.Fatal(err)
			}
			back, err := aiger.Parse("back."+w.name, buf.Bytes(), aiger.Options{})
			if err != nil {
				t.Fatalf("%d gates, %s: %v", gates, w.name, err)
			}
			// The reader names bits X[i]; compare bit by bit.
			flat := flatten(n)
			if err := nettest.Same(flat, back, 12, 0, 0); err != nil {
				t.Errorf("%d gates, %s: %v", gates, w.name, err)
			}
		}
	}
}

// flatten splits every port of n into one-bit ports NAME[i] (NAME for
// one-bit ports), as the AIGER reader returns them.
func flatten(n *circuits.Netlist) *circuits.Netlist {
	out := *n
	out.Ports = nil
	for _, p := range n.Ports {
		if len(p.Bits) == 1 {
			out.Ports = append(out.Ports, p)
			continue
		}
		for i, b := range p.Bits {
			out.Ports = append(out.Ports, circuits.Port{Name: p.Name + "[" + itoa(i) + "]", Dir: p.Dir, Bits: []circuits.Net{b}})
		}
	}
	return &out
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// TestErrors reads testdata/errors/*.{aag,aig}; NAME.want holds the
// expected message after "file:" ("loop" only asks for a loop error).
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.a?g")
	if len(files) < 10 {
		t.Fatalf("found %d error cases", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(strings.TrimSuffix(file, filepath.Ext(file)) + ".want")
			if err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSpace(string(raw))
			_, err = aiger.Parse(file, src, aiger.Options{})
			if err == nil {
				t.Fatal("no error")
			}
			if want == "loop" {
				if !strings.Contains(err.Error(), "loop") {
					t.Errorf("got %v, want a loop error", err)
				}
				return
			}
			if got := err.Error(); got != file+":"+want {
				t.Errorf("got  %s\nwant %s:%s", got, file, want)
			}
		})
	}
}

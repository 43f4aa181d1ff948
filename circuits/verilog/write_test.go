package verilog_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim/simtest"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/internal/nettest"
)

// TestWriteRoundTrip writes random netlists of every gate kind, and one
// whose port names are no plain identifiers (escaped on output), and
// parses them back; when iverilog is installed it must compile them.
func TestWriteRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	odd := &circuits.Netlist{Name: "3rd module"[:3]}
	a := odd.AddPort("A[0]", circuits.Input, 1)
	m := odd.AddPort("module", circuits.Input, 2)
	w := odd.AddPort("_n1", circuits.Input, 1)
	y := odd.AddPort("y$z", circuits.Output, 3)
	odd.AddGate(circuits.Xor, y.Bits[0], a.Bits[0], m.Bits[1])
	odd.AddGate(circuits.Mux, y.Bits[1], w.Bits[0], m.Bits[0], a.Bits[0])
	y.Bits[2] = m.Bits[1] // an output bit that is an input bit
	nets := []*circuits.Netlist{odd}
	for _, gates := range []int{1, 50, 2000} {
		nets = append(nets, simtest.RandomDAG(rng, 10, gates, 7))
	}
	_, iverr := exec.LookPath("iverilog")
	for i, n := range nets {
		var buf bytes.Buffer
		if err := verilog.Write(&buf, n); err != nil {
			t.Fatal(err)
		}
		back, err := verilog.Parse("w.v", buf.Bytes(), verilog.Options{})
		if err != nil {
			t.Fatalf("netlist %d: %v\n%s", i, err, buf.String())
		}
		if err := nettest.Same(n, back, 12, 0, 0); err != nil {
			t.Errorf("netlist %d: %v\n%s", i, err, buf.String())
		}
		if iverr == nil {
			dir := t.TempDir()
			path := filepath.Join(dir, "w.v")
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command("iverilog", "-o", filepath.Join(dir, "w.vvp"), path).CombinedOutput(); err != nil {
				t.Errorf("netlist %d: iverilog: %v\n%s\n%s", i, err, out, buf.String())
			}
		}
	}
}

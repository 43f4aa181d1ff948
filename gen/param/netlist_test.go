package param

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/circuits/verilog"
)

// Every generated Verilog text goes through the project's pipeline
// (circuits/verilog parser, circuits/sim simulator) and the simulated
// circuit equals the behavioural model: for all 2^(n+m) input pairs when
// n+m <= 16 (all built-in 8x8 circuits), else on 50000 random pairs.
func TestVerilogRoundTrip(t *testing.T) {
	specs := append(Builtin(), extraSpecs(t)...)
	for _, s := range specs {
		t.Run(s.Name, func(t *testing.T) {
			nl, err := verilog.Parse(s.Name+".v", s.Verilog(), verilog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if nl.Name != s.Name {
				t.Errorf("module %q", nl.Name)
			}
			for _, p := range []struct {
				name  string
				dir   circuits.Dir
				width int
			}{{"A", circuits.Input, s.ABits}, {"B", circuits.Input, s.BBits}, {"O", circuits.Output, s.ABits + s.BBits}} {
				if got, ok := nl.Port(p.name); !ok || got.Dir != p.dir || got.Width() != p.width {
					t.Fatalf("port %s: %+v", p.name, got)
				}
			}
			mu, err := sim.NewMultiplier(nl)
			if err != nil {
				t.Fatal(err)
			}
			checkSim(t, s, mu)
		})
	}
}

func checkSim(t *testing.T, s Spec, mu *sim.Multiplier) {
	t.Helper()
	n, m, w := s.ABits, s.BBits, s.ABits+s.BBits
	model := s.Model()
	var bad, seen atomic.Int64
	check := func(pa, pb, out uint64) {
		seen.Add(1)
		a, b := operand(pa, n, s.Signed), operand(pb, m, s.Signed)
		if want := uint64(model(a, b)) & mask(w); out != want {
			if bad.Add(1) <= 5 {
				t.Errorf("%s(%d, %d): simulated %#x, model %#x", s.Name, a, b, out, want)
			}
		}
	}
	var want int64
	if w <= 16 {
		table, err := mu.Products()
		if err != nil {
			t.Fatal(err)
		}
		for idx, out := range table {
			check(uint64(idx)&mask(n), uint64(idx)>>n, out)
		}
		want = 1 << w
	} else {
		const count = 50000
		err := mu.Sample(context.Background(), 0, count, 7, func(int) func(*sim.Block) {
			return func(blk *sim.Block) {
				for i := range blk.Out {
					check(blk.A[i], blk.B[i], blk.Out[i])
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		want = count
	}
	if seen.Load() != want {
		t.Errorf("%s: %d vectors checked, want %d", s.Name, seen.Load(), want)
	}
	if bad.Load() > 0 {
		t.Errorf("%s: %d mismatches", s.Name, bad.Load())
	}
}

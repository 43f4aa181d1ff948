package gen

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/gen/param"
)

// circuitFromSpec runs a generated netlist through the Verilog front-end.
func circuitFromSpec(t *testing.T, s param.Spec) *Circuit {
	t.Helper()
	src, err := s.Generate()
	if err != nil {
		t.Fatal(err)
	}
	n, err := verilog.Parse(s.Name+".v", src, verilog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := FromNetlist(s.Name, s.Name+".v", n, SignFromName)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestVerifyExact(t *testing.T) {
	mk := func(f func() (param.Spec, error)) param.Spec {
		s, err := f()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		spec       param.Spec
		mismatches uint64 // -1: compute from the model
	}{
		{mk(func() (param.Spec, error) { return param.NewArray(8, 8, false) }), 0},
		{mk(func() (param.Spec, error) { return param.NewArray(8, 8, true) }), 0},
		{mk(func() (param.Spec, error) { return param.NewArray(5, 3, true) }), 0},
		{mk(func() (param.Spec, error) { return param.NewTruncated(6, 6, false, 4, false) }), ^uint64(0)},
		{mk(func() (param.Spec, error) { return param.NewBAM(6, 5, true, 1, 4) }), ^uint64(0)},
	}
	for _, tt := range tests {
		t.Run(tt.spec.Name, func(t *testing.T) {
			c := circuitFromSpec(t, tt.spec)
			eq, err := VerifyExact(context.Background(), c, VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			// Independent reference: the behavioural model against a*b.
			model := tt.spec.Model()
			var want uint64
			var first []Counterexample
			lo, hi := int64(0), int64(1)<<c.ABits
			blo, bhi := int64(0), int64(1)<<c.BBits
			if c.Signed {
				lo, hi = -hi/2, hi/2
				blo, bhi = -bhi/2, bhi/2
			}
			// Combined index order b<<n | a, with raw bit patterns.
			for rb := int64(0); rb < bhi-blo; rb++ {
				for ra := int64(0); ra < hi-lo; ra++ {
					a := Decode(uint64(ra), c.ABits, c.Signed)
					b := Decode(uint64(rb), c.BBits, c.Signed)
					if got := model(a, b); got != a*b {
						want++
						if len(first) < MaxCounterexamples {
							first = append(first, Counterexample{a, b, a * b, got})
						}
					}
				}
			}
			if tt.mismatches != ^uint64(0) && want != tt.mismatches {
				t.Fatalf("model has %d mismatches, test expects %d", want, tt.mismatches)
			}
			if !eq.Exhaustive || eq.Pairs != uint64((hi-lo)*(bhi-blo)) {
				t.Errorf("pairs = %d exhaustive %v", eq.Pairs, eq.Exhaustive)
			}
			if eq.Mismatches != want {
				t.Errorf("mismatches = %d, want %d", eq.Mismatches, want)
			}
			if fmt.Sprint(eq.First) != fmt.Sprint(first) {
				t.Errorf("first counterexamples = %v, want %v", eq.First, first)
			}
		})
	}
}

func TestVerifyEquivalentMiter(t *testing.T) {
	exact, _ := param.NewArray(6, 6, false)
	trunc, _ := param.NewTruncated(6, 6, false, 3, false)
	ce, ct := circuitFromSpec(t, exact), circuitFromSpec(t, trunc)
	eq, err := VerifyEquivalent(context.Background(), ce, ce, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if eq.Mismatches != 0 || eq.Pairs != 1<<12 {
		t.Errorf("self-equivalence: %+v", eq)
	}
	eq, err = VerifyEquivalent(context.Background(), ct, ce, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := VerifyExact(context.Background(), ct, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if eq.Mismatches == 0 || eq.Mismatches != ex.Mismatches || fmt.Sprint(eq.First) != fmt.Sprint(ex.First) {
		t.Errorf("miter against exact netlist %+v, against arithmetic %+v", eq, ex)
	}
	// Sampled mode: deterministic for a seed.
	o := VerifyOptions{SampleAbove: 8, Samples: 3000, Seed: 7}
	s1, err := VerifyEquivalent(context.Background(), ct, ce, o)
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := VerifyEquivalent(context.Background(), ct, ce, o)
	if s1.Exhaustive || s1.Pairs != 3000 || fmt.Sprint(s1) != fmt.Sprint(s2) || s1.Mismatches == 0 {
		t.Errorf("sampled: %+v vs %+v", s1, s2)
	}
	other, _ := param.NewArray(6, 5, false)
	if _, err := VerifyEquivalent(context.Background(), circuitFromSpec(t, other), ce, VerifyOptions{}); err == nil {
		t.Error("width mismatch accepted")
	}
}

// TestPDK45Twins checks that every standard-cell netlist, with its cells
// taken from gscl45nm.lib, computes the same outputs as its plain twin.
func TestPDK45Twins(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 86 circuit pairs")
	}
	root := sharedDir(t, "evoapprox/v2022")
	lib, err := liberty.ParseFile(filepath.Join(filepath.Dir(filepath.Dir(root)), "cells", "gscl45nm.lib"))
	if err != nil {
		t.Fatal(err)
	}
	twins, err := filepath.Glob(filepath.Join(root, "*", "*_pdk45.v"))
	if err != nil || len(twins) != 86 {
		t.Fatalf("found %d pdk45 netlists (%v), want 86", len(twins), err)
	}
	for _, tw := range twins {
		plain := tw[:len(tw)-len("_pdk45.v")] + ".v"
		c, err := Load(tw, LoadOptions{Cells: verilog.LibertyCells(lib)})
		if err != nil {
			t.Error(err)
			continue
		}
		ref, err := Load(plain, LoadOptions{})
		if err != nil {
			t.Error(err)
			continue
		}
		// 8x8 and 12x12 exhaustively, 16x16 on 2^20 seeded pairs.
		eq, err := VerifyEquivalent(context.Background(), c, ref, VerifyOptions{Samples: 1 << 20, Seed: 1})
		if err != nil {
			t.Error(err)
			continue
		}
		if eq.Mismatches != 0 {
			t.Errorf("%s differs from %s on %d of %d pairs, first %v", filepath.Base(tw), filepath.Base(plain), eq.Mismatches, eq.Pairs, eq.First)
		}
	}
}

package sim_test

import (
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/internal/testshared"
)

// naive evaluates n gate by gate in topological order with Kind.Eval on one
// word per net: the independent reference for the compiler.
func naive(t *testing.T, n *circuits.Netlist, inputs []uint64) []uint64 {
	order, err := n.TopoOrder()
	if err != nil {
		t.Fatal(err)
	}
	val := make([]uint64, n.NumNets)
	i := 0
	for _, p := range n.InputPorts() {
		for _, b := range p.Bits {
			val[b] = inputs[i]
			i++
		}
	}
	for _, gi := range order {
		g := n.Gates[gi]
		var a [3]uint64
		for k := range g.Kind.Arity() {
			a[k] = val[g.In[k]]
		}
		val[g.Out] = g.Kind.Eval(a[0], a[1], a[2])
	}
	var out []uint64
	for _, p := range n.OutputPorts() {
		for _, b := range p.Bits {
			out = append(out, val[b])
		}
	}
	return out
}

// TestSharedNetlists compiles every EvoApprox netlist of the shared data
// (behavioural v2022 and 8b, and the v2022 PDK45 standard-cell netlists
// with gscl45nm cells) and checks the compiled program under every kernel
// against the naive evaluator on random vectors, and the program
// specialized on random values of half its inputs on the default kernel.
func TestSharedNetlists(t *testing.T) {
	root := testshared.Root()
	if root == "" {
		t.Skip("AXMUL_SHARED not set")
	}
	lib, err := liberty.ParseFile(filepath.Join(root, "cells", "gscl45nm.lib"))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(root, "evoapprox", "v2022", "*", "*.v"))
	files8, _ := filepath.Glob(filepath.Join(root, "evoapprox", "8b", "*.v"))
	files = append(files, files8...)
	if len(files) < 900 {
		t.Fatalf("found %d netlists under %s, want the 338+86+505 of the README", len(files), root)
	}
	if testing.Short() {
		files = files[:len(files)/10]
	}
	rng := rand.New(rand.NewPCG(11, 12))
	const words = 5 // 320 random vectors per netlist
	for _, f := range files {
		var opts verilog.Options
		if strings.HasSuffix(f, "_pdk45.v") {
			opts.Cells = verilog.LibertyCells(lib)
		}
		n, err := verilog.ParseFile(f, opts)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		p, err := sim.Compile(n)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		in := make([][]uint64, p.NumInputs)
		for i := range in {
			in[i] = make([]uint64, words)
			for j := range in[i] {
				in[i][j] = rng.Uint64()
			}
		}
		want := make([][]uint64, len(p.Outputs))
		col := make([]uint64, p.NumInputs)
		for j := range words {
			for i := range in {
				col[i] = in[i][j]
			}
			for o, w := range naive(t, n, col) {
				want[o] = append(want[o], w)
			}
		}
		// Specialized on a random half of the inputs (as an exhaustive
		// run ties the high index bits): the naive evaluator with those
		// bits held, while q gets other words in the tied slots.
		tie := make([]int8, p.NumInputs)
		held := make([][]uint64, p.NumInputs)
		for i := range tie {
			tie[i], held[i] = -1, in[i]
			if rng.IntN(2) == 0 {
				tie[i] = int8(rng.IntN(2))
				held[i] = make([]uint64, words)
				for j := range held[i] {
					held[i][j] = -uint64(tie[i])
				}
			}
		}
		q, err := p.Specialize(tie)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		gotQ, err := q.Eval(in)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for j := range words {
			for i := range held {
				col[i] = held[i][j]
			}
			for o, w := range naive(t, n, col) {
				if gotQ[o][j] != w {
					t.Fatalf("%s specialized on %v: output bit %d word %d = %#x, want %#x", filepath.Base(f), tie, o, j, gotQ[o][j], w)
				}
			}
		}
		for _, kn := range sim.Kernels() {
			restore, err := sim.SetKernel(kn)
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.Eval(in)
			restore()
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			for o := range want {
				for j := range want[o] {
					if got[o][j] != want[o][j] {
						t.Fatalf("%s kernel=%s: output bit %d word %d = %#x, want %#x", filepath.Base(f), kn, o, j, got[o][j], want[o][j])
					}
				}
			}
		}
	}
}

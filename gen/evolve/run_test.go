package evolve

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim"
)

// resimulate checks that res.Best, through its netlist and circuits/sim,
// has the constraint value and cost Run reported.
func resimulate(t *testing.T, res *Result, c Constraint) {
	t.Helper()
	g := res.Best
	want := reference(t, g)
	var v float64
	switch {
	case c.Name()[:3] == "mae":
		v = want.MAE
	case c.Name()[:3] == "wce":
		v = float64(want.WCE)
	case c.Name()[:3] == "mre":
		v = want.MRE
	default:
		v = want.EP
	}
	if math.Abs(v-res.Value) > 1e-12*math.Max(1, v) {
		t.Errorf("%s: Run reported %v, the netlist simulates to %v", c.Name(), res.Value, v)
	}
	st, err := mustNetlist(t, g).Stats()
	if err != nil {
		t.Fatal(err)
	}
	if float64(st.Logic) != res.Cost {
		t.Errorf("Run reported cost %v, the netlist has %d logic gates", res.Cost, st.Logic)
	}
	if res.Feasible != (res.Value <= c.Max()) {
		t.Errorf("feasible %v with value %v, max %v", res.Feasible, res.Value, c.Max())
	}
}

func TestRunAnythingGoes(t *testing.T) {
	seed, err := SpecSeed(4, 4, false, 0)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := ExhaustiveDomain(4, 4, false)
	c, _ := MetricConstraint(d, EP, 100)
	res, err := Run(context.Background(), seed, c, Gates(), Options{Seed: 1, Generations: 3000})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("gates %v value %v after %d generations, %d evaluations (%d simulated)", res.Cost, res.Value, res.Generations, res.Evaluations, res.Simulated)
	resimulate(t, res, c)
	if res.Cost != 0 {
		t.Errorf("cost %v, want 0", res.Cost)
	}
}

// tinyMetric computes a metric directly from the truth tables tt (output
// bit k of pair p in bit p of tt[k]) of an unsigned aBits x bBits
// multiplier: an independent reference for the enumeration.
func tinyMetric(m Metric, aBits, bBits int, tt []uint64) float64 {
	pairs := 1 << (aBits + bBits)
	var sum, worst, errs uint64
	var rel float64
	nonZero := 0
	for p := range pairs {
		a, b := uint64(p&(1<<aBits-1)), uint64(p>>aBits)
		var approx uint64
		for k, t := range tt {
			approx |= (t >> p & 1) << k
		}
		exact := a * b
		e := int64(approx) - int64(exact)
		ae := uint64(max(e, -e))
		sum += ae
		worst = max(worst, ae)
		if ae != 0 {
			errs++
		}
		if exact != 0 {
			nonZero++
			rel += float64(ae) / float64(exact)
		}
	}
	switch m {
	case MAE:
		return float64(sum) / float64(pairs)
	case WCE:
		return float64(worst)
	case EP:
		return 100 * float64(errs) / float64(pairs)
	}
	return 100 * rel / float64(nonZero)
}

// minGates returns the fewest logic gates (AND, OR, XOR, NAND, NOR, XNOR,
// NOT: the default function set without its free BUF and CONST0) of a
// circuit whose outputs (each an input, a gate or constant 0) meet metric
// <= max, by exhaustive enumeration of every circuit of up to maxGates
// gates and every output assignment; -1 if none is found.
func minGates(m Metric, max float64, aBits, bBits, outBits, maxGates int) int {
	pairs := 1 << (aBits + bBits)
	mask := uint64(1)<<pairs - 1
	srcs := []uint64{0} // constant 0
	for i := range aBits + bBits {
		var t uint64
		for p := range pairs {
			t |= uint64(p>>i&1) << p
		}
		srcs = append(srcs, t)
	}
	fns := []func(x, y uint64) uint64{
		func(x, y uint64) uint64 { return x & y },
		func(x, y uint64) uint64 { return x | y },
		func(x, y uint64) uint64 { return x ^ y },
		func(x, y uint64) uint64 { return ^(x & y) & mask },
		func(x, y uint64) uint64 { return ^(x | y) & mask },
		func(x, y uint64) uint64 { return ^(x ^ y) & mask },
	}
	tt := make([]uint64, outBits)
	// outputs tries every assignment of the outputs from k on.
	var outputs func(k int) bool
	outputs = func(k int) bool {
		if k == outBits {
			return tinyMetric(m, aBits, bBits, tt) <= max
		}
		for _, s := range srcs {
			tt[k] = s
			if outputs(k + 1) {
				return true
			}
		}
		return false
	}
	var gates func(left int) bool
	gates = func(left int) bool {
		if left == 0 {
			return outputs(0)
		}
		n := len(srcs)
		for i := range n {
			srcs = append(srcs, ^srcs[i]&mask)
			if gates(left - 1) {
				return true
			}
			srcs = srcs[:n]
			for j := i + 1; j < n; j++ {
				for _, f := range fns {
					srcs = append(srcs, f(srcs[i], srcs[j]))
					if gates(left - 1) {
						return true
					}
					srcs = srcs[:n]
				}
			}
		}
		return false
	}
	for k := 0; k <= maxGates; k++ {
		if gates(k) {
			return k
		}
	}
	return -1
}

// TestRunExact2x2Optimum evolves the exact 2x2 multiplier from its array
// seed down to the minimum gate count an exhaustive enumeration proves (7:
// no circuit of 6 gates computes the four product bits).
func TestRunExact2x2Optimum(t *testing.T) {
	var targets [4]uint64
	for p := range 16 {
		v := (p & 3) * (p >> 2)
		for k := range targets {
			targets[k] |= uint64(v>>k&1) << p
		}
	}
	want := exactMinGates(4, targets[:], 7)
	if want != 7 {
		t.Fatalf("enumeration: exact 2x2 minimum %d, want 7", want)
	}
	g := tinySeed(t, 2, 2)
	d, _ := ExhaustiveDomain(2, 2, false)
	c, _ := MetricConstraint(d, WCE, 0)
	res, err := Run(context.Background(), g, c, Gates(), Options{Seed: 7, Generations: 20000})
	if err != nil {
		t.Fatal(err)
	}
	resimulate(t, res, c)
	t.Logf("seed %v gates, evolved %v", Gates().Cost(Candidate{Genome: g, Active: g.Active()}), res.Cost)
	if !res.Feasible || res.Cost != float64(want) {
		t.Errorf("evolved: feasible %v, %v gates; the minimum is %d", res.Feasible, res.Cost, want)
	}
}

// TestRunKnownOptima evolves tiny multipliers under fixed seeds and checks
// the gate counts against the optimum an exhaustive enumeration finds.
func TestRunKnownOptima(t *testing.T) {
	cases := []struct {
		aBits, bBits int
		m            Metric
		max          float64
		gens         uint64
	}{
		{2, 1, MAE, 0, 3000}, // exact 2x1: two ANDs
		{1, 2, WCE, 0, 3000}, // exact 1x2
		{2, 2, WCE, 2, 5000}, // approximate 2x2 multipliers
		{2, 2, MAE, 0.5, 5000},
		{2, 2, EP, 40, 5000},
		{2, 2, MRE, 20, 5000},
	}
	for _, tc := range cases {
		name := fmt.Sprintf("%dx%d_%v<=%v", tc.aBits, tc.bBits, tc.m, tc.max)
		t.Run(name, func(t *testing.T) {
			want := minGates(tc.m, tc.max, tc.aBits, tc.bBits, tc.aBits+tc.bBits, 2)
			if want < 0 {
				t.Fatalf("enumeration found no circuit of up to 2 gates")
			}
			g := tinySeed(t, tc.aBits, tc.bBits)
			d, _ := ExhaustiveDomain(tc.aBits, tc.bBits, false)
			c, err := MetricConstraint(d, tc.m, tc.max)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), g, c, Gates(), Options{Seed: 7, Generations: tc.gens})
			if err != nil {
				t.Fatal(err)
			}
			resimulate(t, res, c)
			if !res.Feasible || res.Cost != float64(want) {
				t.Errorf("evolved: feasible %v, %v gates; the enumeration's optimum is %d gates", res.Feasible, res.Cost, want)
			}
		})
	}
}

// tinySeed returns an exact multiplier genome with 10 spare nodes: the
// array multiplier for widths of at least 2, else one AND per product bit
// and a constant 0 for the top bit.
func tinySeed(t *testing.T, aBits, bBits int) *Genome {
	t.Helper()
	if aBits >= 2 && bBits >= 2 {
		g, err := SpecSeed(aBits, bBits, false, 10)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	g := &Genome{ABits: aBits, BBits: bBits}
	ni := int32(aBits + bBits)
	g.Nodes = append(g.Nodes, Node{Fn: circuits.Const0})
	for i := range aBits {
		for j := range bBits {
			g.Nodes = append(g.Nodes, Node{Fn: circuits.And, In: [3]int32{int32(i), int32(aBits + j)}})
			g.Outs = append(g.Outs, ni+int32(len(g.Nodes)-1))
		}
	}
	g.Outs = append(g.Outs, ni) // the constant
	for range 10 {
		g.Nodes = append(g.Nodes, Node{Fn: circuits.Buf})
	}
	g.LevelsBack = len(g.Nodes)
	if err := g.Check(); err != nil {
		t.Fatal(err)
	}
	return g
}

// sameResult fails unless a and b describe the same outcome.
func sameResult(t *testing.T, what string, a, b *Result) {
	t.Helper()
	if a.Best.hash() != b.Best.hash() || a.Value != b.Value || a.Cost != b.Cost || a.Feasible != b.Feasible ||
		a.Generations != b.Generations || a.Evaluations != b.Evaluations || a.Simulated != b.Simulated {
		t.Errorf("%s: results differ: value %v/%v cost %v/%v generations %d/%d evaluations %d/%d simulated %d/%d",
			what, a.Value, b.Value, a.Cost, b.Cost, a.Generations, b.Generations, a.Evaluations, b.Evaluations, a.Simulated, b.Simulated)
	}
}

func metric4x4(t *testing.T, m Metric, max float64) (*Genome, Constraint) {
	t.Helper()
	seed, err := SpecSeed(4, 4, false, 20)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := ExhaustiveDomain(4, 4, false)
	c, err := MetricConstraint(d, m, max)
	if err != nil {
		t.Fatal(err)
	}
	return seed, c
}

// TestRunWorkers checks that the result does not depend on the number of
// workers or on the kernel.
func TestRunWorkers(t *testing.T) {
	seed, c := metric4x4(t, WCE, 6)
	var first *Result
	for _, kn := range sim.Kernels() {
		restore, err := sim.SetKernel(kn)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []int{1, 2, 7} {
			res, err := Run(context.Background(), seed, c, Gates(), Options{Seed: 3, Generations: 1500, Lambda: 5, Workers: w})
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = res
				resimulate(t, res, c)
				t.Logf("wce <= 6: %v gates, value %v (%d evaluations, %d simulated)", res.Cost, res.Value, res.Evaluations, res.Simulated)
				continue
			}
			sameResult(t, fmt.Sprintf("kernel %s, %d workers", kn, w), res, first)
		}
		restore()
	}
}

// TestResume checks that a run checkpointed and resumed ends exactly as
// the uninterrupted run, and that a checkpoint from other settings is
// refused.
func TestResume(t *testing.T) {
	seed, c := metric4x4(t, MAE, 1.5)
	ctx := context.Background()
	full, err := Run(ctx, seed, c, Gates(), Options{Seed: 9, Generations: 1200})
	if err != nil {
		t.Fatal(err)
	}
	resimulate(t, full, c)
	ck := filepath.Join(t.TempDir(), "run.ckpt")
	// Stop at 500 generations (checkpoints every 200 and at the end).
	part, err := Run(ctx, seed, c, Gates(), Options{Seed: 9, Generations: 500, Checkpoint: ck, CheckpointEvery: 200})
	if err != nil {
		t.Fatal(err)
	}
	if part.Generations != 500 {
		t.Fatalf("partial run: %d generations", part.Generations)
	}
	res, err := Resume(ctx, ck, seed, c, Gates(), Options{Seed: 9, Generations: 1200, Checkpoint: ck, CheckpointEvery: 300})
	if err != nil {
		t.Fatal(err)
	}
	sameResult(t, "resumed", res, full)
	// Resuming the final checkpoint again runs no generation.
	again, err := Resume(ctx, ck, seed, c, Gates(), Options{Seed: 9, Generations: 1200})
	if err != nil {
		t.Fatal(err)
	}
	sameResult(t, "resumed at the end", again, full)

	_, c2 := metric4x4(t, MAE, 2)
	other, _ := SpecSeed(4, 4, false, 21)
	for _, tc := range []struct {
		name string
		seed *Genome
		c    Constraint
		opts Options
		want string
	}{
		{"seed", seed, c, Options{Seed: 10, Generations: 1200}, "seed 9, this run 10"},
		{"lambda", seed, c, Options{Seed: 9, Lambda: 3, Generations: 1200}, "lambda 4, this run 3"},
		{"constraint", seed, c2, Options{Seed: 9, Generations: 1200}, `constraint "mae <= 1.5", this run "mae <= 2"`},
		{"genome", other, c, Options{Seed: 9, Generations: 1200}, "another seed circuit"},
	} {
		_, err := Resume(ctx, ck, tc.seed, tc.c, Gates(), tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if err := os.WriteFile(ck, []byte(`{"version": 1, "bogus": 2}`), 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := Resume(ctx, ck, seed, c, Gates(), Options{Seed: 9}); err == nil {
		t.Error("a malformed checkpoint: no error")
	}
}

// TestRunCancel checks that a cancelled run returns its result so far.
func TestRunCancel(t *testing.T) {
	seed, c := metric4x4(t, MAE, 1.5)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	res, err := Run(ctx, seed, c, Gates(), Options{Seed: 1, ProgressInterval: time.Nanosecond, Progress: func(s Status) {
		if n++; n == 50 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || res == nil || res.Generations == 0 {
		t.Fatalf("cancelled run: %v, %+v", err, res)
	}
	resimulate(t, res, c)
}

// TestRunTimeAndProgress checks the wall-time limit and the progress
// reports.
func TestRunTimeAndProgress(t *testing.T) {
	seed, c := metric4x4(t, MAE, 1.5)
	var last Status
	calls := 0
	res, err := Run(context.Background(), seed, c, Gates(), Options{Seed: 1, Time: 100 * time.Millisecond, ProgressInterval: 10 * time.Millisecond,
		Progress: func(s Status) { calls++; last = s }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Elapsed < 100*time.Millisecond || res.Generations == 0 {
		t.Errorf("time-limited run: %v, %d generations", res.Elapsed, res.Generations)
	}
	if calls < 2 || last.Generation != res.Generations || last.Evaluations != res.Evaluations || last.Value != res.Value || last.Max != 1.5 {
		t.Errorf("%d progress calls, last %+v, result %+v", calls, last, res)
	}
	for _, bad := range []Options{{Lambda: -1}, {Mutations: -2}, {Workers: -1}, {Time: -time.Second}, {Functions: []circuits.Kind{}}} {
		if _, err := Run(context.Background(), seed, c, Gates(), bad); err == nil {
			t.Errorf("options %+v: no error", bad)
		}
	}
	d, _ := ExhaustiveDomain(3, 4, false)
	c34, _ := MetricConstraint(d, MAE, 1)
	if _, err := Run(context.Background(), seed, c34, Gates(), Options{Generations: 1}); err == nil {
		t.Error("a 4x4 seed with a 3x4 constraint: no error")
	}
}

// TestRun4x4ZeroGates evolves the exact 4x4 multiplier under MAE <= 30:
// wiring O3..O6 to A0..A3 (approx = 8a) meets it with no gate (MAE =
// mean over a, b of a·|b-8| = 7.5·4 = 30, recomputed below), so the
// optimum is 0 gates, which the run must reach from the 64-gate seed.
func TestRun4x4ZeroGates(t *testing.T) {
	var sum int
	for p := range 256 {
		a, b := p&15, p>>4
		sum += max(a*8-a*b, a*b-a*8)
	}
	if sum != 30*256 {
		t.Fatalf("approx 8a: MAE %v, want 30", float64(sum)/256)
	}
	seed, c := metric4x4(t, MAE, 30)
	// Seed 2 reaches 0 gates (with MAE 26.49); of seeds 1..8, four
	// stop at 1 gate within these 30,000 generations.
	res, err := Run(context.Background(), seed, c, Gates(), Options{Seed: 2, Generations: 30000})
	if err != nil {
		t.Fatal(err)
	}
	resimulate(t, res, c)
	if !res.Feasible || res.Cost != 0 {
		t.Errorf("evolved: feasible %v, mae %v, %v gates; want 0 gates", res.Feasible, res.Value, res.Cost)
	}
}

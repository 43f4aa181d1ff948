package evolve

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/gen/param"
	"github.com/axmul/axmul/internal/testshared"
	"github.com/axmul/axmul/selection"
)

// netlistGenome converts a netlist with ports A, B and O (gen.Load's
// roles) into a genome whose nodes are its gates in a topological order
// (a test helper independent of the engine's seeding).
func netlistGenome(t testing.TB, n *circuits.Netlist, signed bool) *Genome {
	t.Helper()
	a, _ := n.Port("A")
	b, _ := n.Port("B")
	o, _ := n.Port("O")
	src := map[circuits.Net]int32{}
	for i, x := range a.Bits {
		src[x] = int32(i)
	}
	for i, x := range b.Bits {
		src[x] = int32(len(a.Bits) + i)
	}
	driver := map[circuits.Net]int{}
	for i, g := range n.Gates {
		driver[g.Out] = i
	}
	g := &Genome{ABits: len(a.Bits), BBits: len(b.Bits), Signed: signed}
	nIn := int32(g.NumInputs())
	var visit func(x circuits.Net) int32
	visit = func(x circuits.Net) int32 {
		if s, ok := src[x]; ok {
			return s
		}
		gi, ok := driver[x]
		if !ok {
			t.Fatalf("%s: net %s undriven", n.Name, n.NetName(x))
		}
		gate := n.Gates[gi]
		nd := Node{Fn: gate.Kind}
		for k := range gate.Kind.Arity() {
			nd.In[k] = visit(gate.In[k])
		}
		g.Nodes = append(g.Nodes, nd)
		s := nIn + int32(len(g.Nodes)-1)
		src[x] = s
		return s
	}
	for _, x := range o.Bits {
		g.Outs = append(g.Outs, visit(x))
	}
	g.LevelsBack = len(g.Nodes)
	return g
}

// candidateOn evaluates every node of g on d and returns the candidate
// (all nodes reachable from the outputs active).
func candidateOn(g *Genome, d *Domain) Candidate {
	planes := domainPlanes(d)
	nIn := g.NumInputs()
	for _, nd := range g.Nodes {
		p := make([]uint64, d.Words)
		in := [3][]uint64{}
		for k := range nd.Fn.Arity() {
			in[k] = planes[nd.In[k]]
		}
		for j := range p {
			var x, y, z uint64
			if in[0] != nil {
				x = in[0][j]
			}
			if in[1] != nil {
				y = in[1][j]
			}
			if in[2] != nil {
				z = in[2][j]
			}
			p[j] = nd.Fn.Eval(x, y, z)
		}
		planes = append(planes, p)
	}
	live := make([]bool, len(g.Nodes))
	var mark func(s int32)
	mark = func(s int32) {
		i := int(s) - nIn
		if i < 0 || live[i] {
			return
		}
		live[i] = true
		for k := range g.Nodes[i].Fn.Arity() {
			mark(g.Nodes[i].In[k])
		}
	}
	for _, s := range g.Outs {
		mark(s)
	}
	var active []int
	for i, l := range live {
		if l {
			active = append(active, i)
		}
	}
	return Candidate{Genome: g, Active: active, Plane: func(s int) []uint64 { return planes[s] }}
}

func testLiberty(t *testing.T) *liberty.Library {
	t.Helper()
	lib, err := liberty.ParseFile(filepath.Join(testshared.Dir(t, "cells"), "gscl45nm.lib"))
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// TestPowerEstimateRanks checks that the fast estimate ranks circuits as
// the exact flow does: Spearman's rank correlation between the estimated
// and the exact layer power (ExactLayerPower) and area over the built-in
// unsigned circuits and EvoApprox v2022 mul8u circuits on the demo model's
// ReLU layer conv2, and under uniform operands against ExactPower.
func TestPowerEstimateRanks(t *testing.T) {
	lib := testLiberty(t)
	pm, err := NewPowerModel(lib)
	if err != nil {
		t.Fatal(err)
	}
	var cs []testCircuit
	for _, c := range builtinCircuits(t) {
		if !c.signed {
			cs = append(cs, c)
		}
	}
	cs = append(cs, evoCircuits(t, 1)...)
	layer := &selection.DemoModel()[1]
	dom, err := LayerDomain(layer, false, selection.PortA)
	if err != nil {
		t.Fatal(err)
	}
	uni := &Domain{ABits: 8, BBits: 8, Pairs: 1 << 16, Words: 1 << 10}
	obj, uobj, aobj := pm.Objective(dom), pm.Objective(uni), pm.AreaObjective()
	var est, exact, uest, uexact, aest, aexact []float64
	for _, c := range cs {
		g := netlistGenome(t, c.netlist, false)
		cand := candidateOn(g, dom)
		ex, area, err := ExactLayerPower(c.netlist, false, lib, layer, selection.PortA)
		if err != nil {
			t.Fatal(err)
		}
		est = append(est, obj.Cost(cand))
		exact = append(exact, ex)
		aest = append(aest, aobj.Cost(cand))
		aexact = append(aexact, area)
		uex, _, err := ExactPower(c.netlist, lib)
		if err != nil {
			t.Fatal(err)
		}
		uest = append(uest, uobj.Cost(candidateOn(g, uni)))
		uexact = append(uexact, uex)
		// The cached path gives the same figure.
		if again := obj.Cost(cand); again != est[len(est)-1] {
			t.Errorf("%s: cost %v, then %v", c.name, est[len(est)-1], again)
		}
	}
	for _, tc := range []struct {
		what    string
		est, ex []float64
		minRho  float64
	}{
		// Bounds: the figures seen (0.9955, 0.9956, 0.9777 over 56
		// circuits with gscl45nm), less a margin.
		{"layer power (demo conv2)", est, exact, 0.98},
		{"uniform power", uest, uexact, 0.98},
		{"area", aest, aexact, 0.95},
	} {
		rho := spearman(tc.est, tc.ex)
		t.Logf("%s: %d circuits, Spearman %.4f (estimate/exact median %.3f)", tc.what, len(tc.est), rho, medianRatio(tc.est, tc.ex))
		if rho < tc.minRho {
			t.Errorf("%s: Spearman %.4f < %.2f", tc.what, rho, tc.minRho)
		}
	}
}

func medianRatio(a, b []float64) float64 {
	r := make([]float64, len(a))
	for i := range a {
		r[i] = a[i] / b[i]
	}
	s := append([]float64(nil), r...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s[len(s)/2]
}

// TestExactLayerPowerMatchesSelect checks that ExactLayerPower is the
// figure `axmul select --metric layer_power` uses (gen.Library's
// LayerMetric after EnableLayerPower with Seed 1) and ExactPower the
// est_power_mw and est_area of `axmul gen --liberty`.
func TestExactLayerPowerMatchesSelect(t *testing.T) {
	lib := testLiberty(t)
	dir := testshared.Dir(t, "evoapprox", "v2022")
	sl, err := gen.EvoApproxLibrary(dir, "power", gen.EvoApproxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	gl := sl.(*gen.Library)
	if err := gl.EnableLayerPower(gen.LayerPowerOptions{Liberty: lib, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	layers := selection.DemoModel()
	for _, c := range evoCircuits(t, 9) {
		for j := range layers {
			want, err := gl.LayerMetric(&layers[j], c.name)
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := ExactLayerPower(c.netlist, false, lib, &layers[j], selection.PortA)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s on %s: ExactLayerPower %v, select's layer_power %v", c.name, layers[j].Name, got, want)
			}
		}
	}
	// gen --liberty on a few built-in circuits.
	out := filepath.Join(t.TempDir(), "lib")
	if _, err := gen.Build(context.Background(), gen.BuildOptions{Builtin: true, Out: out, Filter: "mul8u_t", Liberty: lib}); err != nil {
		t.Fatal(err)
	}
	b, err := gen.OpenBundle(out)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range b.Entries() {
		c := loadTestCircuit(t, filepath.Join(out, b.Source().Root, e.File), gen.Unsigned)
		p, area, err := ExactPower(c.netlist, lib)
		if err != nil {
			t.Fatal(err)
		}
		if e.Estimated == nil || p != e.Estimated.PowerMW || area != e.Estimated.AreaUm2 {
			t.Errorf("%s: ExactPower %v mW %v um², gen --liberty %+v", e.Name, p, area, e.Estimated)
		}
		n++
	}
	if n == 0 {
		t.Fatalf("no built-in circuit matched the filter in %s", out)
	}
}

// BenchmarkPowerCost measures the power objective on an exact 8x8 array
// multiplier on the demo conv2 domain: cold (every plane weighed) and warm
// (every plane found in the cache, as for an offspring's unchanged nodes).
func BenchmarkPowerCost(b *testing.B) {
	lib, err := liberty.ParseFile(filepath.Join(testshared.Dir(b, "cells"), "gscl45nm.lib"))
	if err != nil {
		b.Fatal(err)
	}
	pm, err := NewPowerModel(lib)
	if err != nil {
		b.Fatal(err)
	}
	l := &selection.DemoModel()[1]
	d, err := LayerDomain(l, false, selection.PortA)
	if err != nil {
		b.Fatal(err)
	}
	s, err := param.NewArray(8, 8, false)
	if err != nil {
		b.Fatal(err)
	}
	v, err := s.Generate()
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(b.TempDir(), s.Name+".v")
	if err := os.WriteFile(p, v, 0o666); err != nil {
		b.Fatal(err)
	}
	c, err := gen.Load(p, gen.LoadOptions{Sign: gen.Unsigned})
	if err != nil {
		b.Fatal(err)
	}
	cand := candidateOn(netlistGenome(b, c.Netlist, false), d)
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			pm.Objective(d).Cost(cand)
		}
	})
	b.Run("warm", func(b *testing.B) {
		o := pm.Objective(d)
		o.Cost(cand)
		for b.Loop() {
			o.Cost(cand)
		}
	})
}

// TestLayerRunResimulates evolves for a few hundred generations on the
// demo model's fc layer with the layer constraint and the power objective
// and checks that the result, written out as a netlist and simulated
// again, has the constraint value and (within rounding) the cost it was
// reported with, and fits the layer.
func TestLayerRunResimulates(t *testing.T) {
	lib := testLiberty(t)
	pm, err := NewPowerModel(lib)
	if err != nil {
		t.Fatal(err)
	}
	l := &selection.DemoModel()[2]
	lc, err := NewLayerConstraint(l, LayerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	obj := pm.Objective(lc.Domain())
	seed, err := DefaultSeed(16)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), seed, lc, obj, Options{Seed: 3, Generations: 300})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Feasible || res.Value > lc.Max() {
		t.Fatalf("result infeasible: %v > %v", res.Value, lc.Max())
	}
	n, err := res.Best.Netlist("evolved")
	if err != nil {
		t.Fatal(err)
	}
	c, err := gen.FromNetlist("evolved", "evolved.v", n, gen.Unsigned)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := gen.Characterise(context.Background(), c, gen.CharOptions{KeepProducts: true})
	if err != nil {
		t.Fatal(err)
	}
	if v := lc.Value(outsOnDomain(lc.Domain(), ch.Products)); v != res.Value {
		t.Errorf("re-simulated Value %v, reported %v", v, res.Value)
	}
	uniform, _, err := ExactPower(n, lib)
	if err != nil {
		t.Fatal(err)
	}
	cost := obj.Cost(candidateOn(netlistGenome(t, c.Netlist, false), lc.Domain()))
	// Tolerance: the same terms summed in another node order.
	if !scalar.EqualWithinAbsOrRel(cost, res.Cost, 1e-15, 1e-12) {
		t.Errorf("re-simulated cost %v, reported %v", cost, res.Cost)
	}
	t.Logf("after %d generations: std %.4g <= %.4g, est. power %.4g mW (uniform exact %.4g mW), %.0f evals/s",
		res.Generations, res.Value, lc.Max(), res.Cost, uniform, res.EvalsPerSec)
}

// BenchmarkLayerRun measures evaluations per second of a (1+4) run on the
// demo model's ReLU layer conv2 with the layer constraint and the power
// objective, seeded with the exact array multiplier, one worker.
func BenchmarkLayerRun(b *testing.B) {
	lib, err := liberty.ParseFile(filepath.Join(testshared.Dir(b, "cells"), "gscl45nm.lib"))
	if err != nil {
		b.Fatal(err)
	}
	pm, err := NewPowerModel(lib)
	if err != nil {
		b.Fatal(err)
	}
	lc, err := NewLayerConstraint(&selection.DemoModel()[1], LayerOptions{})
	if err != nil {
		b.Fatal(err)
	}
	seed, err := DefaultSeed(32)
	if err != nil {
		b.Fatal(err)
	}
	evals := uint64(0)
	for b.Loop() {
		res, err := Run(context.Background(), seed, lc, pm.Objective(lc.Domain()), Options{Seed: 1, Generations: 500, Workers: 1})
		if err != nil {
			b.Fatal(err)
		}
		evals += res.Evaluations
	}
	b.ReportMetric(float64(evals)/b.Elapsed().Seconds(), "evals/s")
}

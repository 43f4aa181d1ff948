package evolve

import (
	"context"
	"math"
	"testing"
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

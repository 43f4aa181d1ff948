package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/gen/evolve"
	"github.com/axmul/axmul/internal/outfile"
	"github.com/axmul/axmul/selection"
)

// evoEngine binds the flags of a run to package evolve: the seed genome,
// the constraint of each target and the objective.
type evoEngine struct {
	f         *evoFlags
	seed      *evolve.Genome
	objective evolve.Objective
	// metric and domain of a --metric constraint; layer, port and
	// samples of a --model/--layer one.
	metric  evolve.Metric
	domain  *evolve.Domain
	layer   *selection.Layer
	port    selection.Port
	samples int
	cells   *liberty.Library
	// base is the constraint at the flags' bound; seedValue its value on
	// the seed, the lower end of a --pareto sweep.
	base      evolve.Constraint
	seedValue float64
}

// loadLayer reads --model (empty: the built-in demo model, as select)
// and finds --layer in it, with the errors of 'axmul hw --activity'.
func loadLayer(model, name string) (*selection.Layer, error) {
	layers := selection.DemoModel()
	if model != "" {
		var err error
		if layers, err = selection.LoadModel(model); err != nil {
			return nil, err
		}
	} else {
		model = "the built-in demo model"
	}
	var names []string
	for j := range layers {
		if layers[j].Name == name {
			return &layers[j], nil
		}
		names = append(names, layers[j].Name)
	}
	return nil, fmt.Errorf("%s: no layer %q (layers: %s)", model, name, strings.Join(names, ", "))
}

// newEvoEngine builds the seed genome, the objective and the constraint
// at the flags' bound, and checks that the seed meets it.
func newEvoEngine(ctx context.Context, f *evoFlags, seedC *gen.Circuit, cells *liberty.Library) (*evoEngine, error) {
	en := &evoEngine{f: f, cells: cells}
	var err error
	if en.seed, err = evolve.Seed(seedC.Netlist, seedC.Signed, f.spare); err != nil {
		return nil, fmt.Errorf("%s: %w", seedC.File, err)
	}
	var dom *evolve.Domain
	if f.metric != "" {
		m, err := evolve.ParseMetric(f.metric)
		if err != nil {
			return nil, usagef("--metric: %v", err)
		}
		en.metric = m
		if en.domain, err = evolve.ExhaustiveDomain(seedC.ABits, seedC.BBits, seedC.Signed); err != nil {
			return nil, fmt.Errorf("%s: %w", seedC.File, err)
		}
	} else {
		n, err := selection.ParseSamples(f.samples)
		if err != nil || f.samples == "" {
			return nil, usagef("--samples %q: want an integer in 1..%d, or all", f.samples, selection.MaxSamples)
		}
		if en.port, err = parsePortFlag(f.port); err != nil {
			return nil, err
		}
		en.samples = n
		if seedC.ABits != 8 || seedC.BBits != 8 {
			return nil, fmt.Errorf("--model/--layer: a layer's operands are int8: the seed must be an 8x8 multiplier, %s is %dx%d", seedC.Name, seedC.ABits, seedC.BBits)
		}
		if en.layer, err = loadLayer(f.model, f.layer); err != nil {
			return nil, err
		}
	}
	if en.base, err = en.constraintAt(f.max); err != nil {
		return nil, err
	}
	dom = en.base.Domain()
	switch f.objective {
	case "gates":
		en.objective = evolve.Gates()
	case "area", "power":
		pm, err := evolve.NewPowerModel(cells)
		if err != nil {
			return nil, fmt.Errorf("--liberty %s: %w", f.liberty, err)
		}
		if f.objective == "area" {
			en.objective = pm.AreaObjective()
		} else {
			en.objective = pm.Objective(dom)
		}
	}
	res, err := gen.Characterise(ctx, seedC, gen.CharOptions{Workers: 1, Exhaustive: true, KeepProducts: true})
	if err != nil {
		return nil, err
	}
	en.seedValue = en.base.Value(domainPlanes(dom, res.Products, seedC.ABits, seedC.OBits))
	if !(en.seedValue <= en.base.Max()) {
		return nil, fmt.Errorf("the seed %s does not meet the constraint: %s, but it has %.6g; give a larger bound or another seed", seedC.Name, en.base.Name(), en.seedValue)
	}
	return en, nil
}

// constraintAt returns the run's constraint with the bound max (for a
// layer, 0 means its max_std, or --target-std).
func (en *evoEngine) constraintAt(bound float64) (evolve.Constraint, error) {
	if en.layer == nil {
		return evolve.MetricConstraint(en.domain, en.metric, bound)
	}
	if bound == 0 {
		bound = en.f.targetStd
	}
	return evolve.NewLayerConstraint(en.layer, evolve.LayerOptions{
		Signed: en.seed.Signed, Port: en.port, Samples: en.samples, Seed: en.f.sampleSeed, TargetStd: bound,
	})
}

// constraint returns the constraint of target k of K: the run's own for
// K = 1, else the bound seed + (max - seed)·(k+1)/K, from the seed's own
// value up to the run's bound.
func (en *evoEngine) constraint(k, K int) (evolve.Constraint, error) {
	if K == 1 {
		return en.base, nil
	}
	hi := en.base.Max()
	b := en.seedValue + (hi-en.seedValue)*float64(k+1)/float64(K)
	if k == K-1 {
		b = hi
	}
	return en.constraintAt(b)
}

// estimate returns the power (mW) and area of a reported circuit by the
// exact hw flow: under the layer's operands with --layer (as 'axmul
// select --metric layer_power'), else under uniform operands (as 'axmul
// gen --liberty').
func (en *evoEngine) estimate(c *gen.Circuit) (power, area float64, err error) {
	if en.layer != nil {
		return evolve.ExactLayerPower(c.Netlist, c.Signed, en.cells, en.layer, en.port)
	}
	return evolve.ExactPower(c.Netlist, en.cells)
}

// checkpointPath is the checkpoint file of target k of K: --checkpoint F
// itself for one target, F.p1 ... F.pK with --pareto K.
func checkpointPath(f string, k, K int) string {
	if f == "" || K == 1 {
		return f
	}
	return fmt.Sprintf("%s.p%d", f, k+1)
}

// run evolves target t with workers goroutines, resuming from its
// checkpoint when the file exists (evolve.Resume refuses one written
// under other settings), and reports progress to p.
func (en *evoEngine) run(ctx context.Context, t *evoTarget, workers, K int, p func(evoStatus)) (*evoOutcome, error) {
	f := en.f
	opts := evolve.Options{
		Lambda: f.lambda, Mutations: f.mutations, Seed: f.seed, Generations: uint64(f.generations), Time: f.timeLimit,
		Workers: workers, ProgressInterval: 200 * time.Millisecond,
		Progress: func(s evolve.Status) {
			p(evoStatus{generation: s.Generation, evaluations: s.Evaluations, cost: s.Cost, slack: s.Max - s.Value, rate: s.EvalsPerSec})
		},
	}
	ck := checkpointPath(f.checkpoint, t.index, K)
	var res *evolve.Result
	var err error
	if ck != "" {
		opts.Checkpoint, opts.CheckpointInterval = ck, 10*time.Second
		if _, serr := os.Stat(ck); serr == nil {
			res, err = evolve.Resume(ctx, ck, en.seed, t.constraint, en.objective, opts)
		} else {
			res, err = evolve.Run(ctx, en.seed, t.constraint, en.objective, opts)
		}
	} else {
		res, err = evolve.Run(ctx, en.seed, t.constraint, en.objective, opts)
	}
	if err != nil {
		return nil, err
	}
	if !res.Feasible {
		return nil, fmt.Errorf("no feasible circuit: the best has %s = %.6g", t.constraint.Name(), res.Value)
	}
	return &evoOutcome{genome: res.Best, value: res.Value, cost: res.Cost, generations: res.Generations,
		evaluations: res.Evaluations, seconds: res.Elapsed.Seconds()}, nil
}

// checkpointOptions returns the settings a checkpoint is bound to: all
// that decide the course of the run besides what the engine's own
// fingerprint checks (the stopping conditions and the output names may
// change between a run and its resumption).
func checkpointOptions(s evoSettings) evoSettings {
	s.SeedNetlist, s.Generations, s.Time, s.Name = "", 0, "", ""
	return s
}

// bindCheckpoint checks, before a run with --checkpoint F, that F's
// options file F.options.json (written when the run began) names the
// same settings as this run, and writes it when there is no checkpoint
// to resume. The engine checks the seed genome, PCG seed, λ,
// mutation count, constraint and objective by name; this file adds what
// those names do not show (the Liberty file's digest, the layer's row
// sample, the activation port, the model file, --pareto).
func bindCheckpoint(f *evoFlags, set evoSettings, K int) error {
	side := f.checkpoint + ".options.json"
	want := checkpointOptions(set)
	resuming := false
	for k := range K {
		if _, err := os.Stat(checkpointPath(f.checkpoint, k, K)); err == nil {
			resuming = true
		}
	}
	if !resuming {
		return outfile.WriteAtomic(side, func(w io.Writer) error { return writeJSON(w, want) })
	}
	data, err := os.ReadFile(side)
	if err != nil {
		return nil // a checkpoint without options file: the engine's check only
	}
	var had evoSettings
	if err := json.Unmarshal(data, &had); err != nil {
		return fmt.Errorf("--checkpoint %s: %s: %w", f.checkpoint, side, err)
	}
	if d := settingsDiff(had, want); d != "" {
		return fmt.Errorf("--checkpoint %s: written by a run with other options (%s): %s; remove the checkpoint or run with its options", f.checkpoint, side, d)
	}
	return nil
}

// settingsDiff names the fields in which a and b differ, as JSON.
func settingsDiff(a, b evoSettings) string {
	var ma, mb map[string]any
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	json.Unmarshal(ja, &ma)
	json.Unmarshal(jb, &mb)
	keys := map[string]bool{}
	for k := range ma {
		keys[k] = true
	}
	for k := range mb {
		keys[k] = true
	}
	var diffs []string
	for k := range keys {
		x, _ := json.Marshal(ma[k])
		y, _ := json.Marshal(mb[k])
		if string(x) != string(y) {
			diffs = append(diffs, fmt.Sprintf("%s was %s, now %s", k, x, y))
		}
	}
	sort.Strings(diffs)
	return strings.Join(diffs, "; ")
}

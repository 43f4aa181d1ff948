package evolve

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/internal/safego"
)

// DefaultFunctions is the function set of node mutations when
// Options.Functions is nil: the 2-input gates, NOT, BUF (a wire: the node
// costs nothing and passes its first input on) and CONST0 (lets an output
// or a gate input become 0 at no cost, as truncation does). MUX and CONST1
// are left out: a MUX is larger than one gate, and CONST1 is reachable
// through NOT of CONST0 or NAND. Seeds may hold any kind; a function
// mutation only ever picks from the set.
var DefaultFunctions = []circuits.Kind{
	circuits.And, circuits.Or, circuits.Xor, circuits.Nand, circuits.Nor, circuits.Xnor,
	circuits.Not, circuits.Buf, circuits.Const0,
}

// Options control Run.
type Options struct {
	// Lambda is the number of offspring per generation (default 4).
	Lambda int
	// Mutations is H: each offspring changes 1..H genes, the number
	// uniform, each gene uniform among the function, connection and
	// output genes (default 5).
	Mutations int
	// Seed seeds the PCG stream all mutations come from.
	Seed uint64
	// Functions is the function set of node mutations (nil:
	// DefaultFunctions).
	Functions []circuits.Kind
	// Generations stops the run after this many generations in total
	// (counting those of a resumed checkpoint); Time after this much
	// wall time of this call. With both 0 the run ends when ctx is done.
	Generations uint64
	Time        time.Duration
	// Workers is the number of goroutines evaluating offspring (default
	// min(GOMAXPROCS, Lambda)). Results do not depend on it.
	Workers int
	// Checkpoint, when set, is the file the run state is written to
	// (atomically) every CheckpointEvery generations, every
	// CheckpointInterval of wall time (either may be 0: not used) and at
	// the end of the run.
	Checkpoint         string
	CheckpointEvery    uint64
	CheckpointInterval time.Duration
	// Progress, when set, is called from Run's goroutine about every
	// ProgressInterval (default 1s) and once at the end.
	Progress         func(Status)
	ProgressInterval time.Duration
}

// Status is a snapshot of a run for progress reports.
type Status struct {
	Generation  uint64
	Evaluations uint64
	// Value and Cost are the parent's constraint value and cost; Cost is
	// +Inf while the parent is infeasible.
	Value, Cost float64
	Feasible    bool
	// Max is the constraint's bound (slack = Max - Value).
	Max     float64
	Elapsed time.Duration
	// EvalsPerSec is evaluations per second of this call's wall time.
	EvalsPerSec float64
}

// Result is the outcome of Run: the final parent, which in a (1+λ) ES is
// the best candidate found (feasible ones first, then lowest cost).
type Result struct {
	Best *Genome
	// Value is Best's constraint value, Cost its objective cost
	// (computed even when Best is infeasible).
	Value, Cost float64
	Feasible    bool
	// Generations and Evaluations count the whole run (a resumed run
	// includes the checkpoint's); Evaluations is 1 (the seed) plus Lambda
	// per generation; Simulated counts the offspring that were simulated
	// (the others had the parent's active circuit unchanged and inherited
	// its score).
	Generations, Evaluations, Simulated uint64
	// Elapsed is this call's wall time, EvalsPerSec this call's
	// evaluations per second.
	Elapsed     time.Duration
	EvalsPerSec float64
}

func (o *Options) withDefaults() (Options, error) {
	r := *o
	if r.Lambda == 0 {
		r.Lambda = 4
	}
	if r.Mutations == 0 {
		r.Mutations = 5
	}
	if r.Functions == nil {
		r.Functions = DefaultFunctions
	}
	if r.Workers == 0 {
		r.Workers = min(runtime.GOMAXPROCS(0), r.Lambda)
	}
	if r.ProgressInterval == 0 {
		r.ProgressInterval = time.Second
	}
	switch {
	case r.Lambda < 1:
		return r, fmt.Errorf("evolve: lambda %d, want >= 1", r.Lambda)
	case r.Mutations < 1:
		return r, fmt.Errorf("evolve: mutations %d, want >= 1", r.Mutations)
	case len(r.Functions) == 0:
		return r, fmt.Errorf("evolve: empty function set")
	case r.Workers < 1:
		return r, fmt.Errorf("evolve: workers %d, want >= 1", r.Workers)
	case r.Time < 0:
		return r, fmt.Errorf("evolve: time %v, want >= 0", r.Time)
	}
	for _, k := range r.Functions {
		if int(k) >= len(circuits.Kinds()) {
			return r, fmt.Errorf("evolve: function set: invalid kind %v", k)
		}
	}
	r.Workers = min(r.Workers, r.Lambda)
	return r, nil
}

// Run evolves seed under constraint c and objective o with a (1+λ)
// evolution strategy and neutral drift, and returns the final parent. Each
// generation makes Lambda offspring from the parent by point mutations
// drawn in a fixed order from one PCG stream seeded with opts.Seed,
// evaluates them on opts.Workers goroutines, and then, in offspring order,
// an offspring replaces the current best when it is not worse: feasible
// (Value <= Max) beats infeasible, among feasible ones the lower cost
// wins, among infeasible ones the lower Value; ties go to the later
// offspring, so that neutral mutations drift. The result is the same for
// any number of workers and any simulation kernel.
//
// Objective.Cost must depend only on the candidate's active nodes and
// outputs and be safe for concurrent calls. When ctx is done Run stops
// after the current generation and returns the result so far together
// with ctx's error.
func Run(ctx context.Context, seed *Genome, c Constraint, o Objective, opts Options) (*Result, error) {
	r, err := newRunner(seed, c, o, opts)
	if err != nil {
		return nil, err
	}
	if err := r.ev.setParent(seed); err != nil {
		return nil, err
	}
	r.evals = 1
	r.simulated = 1
	return r.loop(ctx)
}

// runner is the state of one Run or Resume call.
type runner struct {
	opts      Options
	seedHash  string
	c         Constraint
	o         Objective
	ev        *evaluator
	rng       *rand.PCG
	gen       uint64
	evals     uint64
	simulated uint64
	genes     int
}

func newRunner(seed *Genome, c Constraint, o Objective, opts Options) (*runner, error) {
	if seed == nil || c == nil || o == nil {
		return nil, fmt.Errorf("evolve: run: nil seed, constraint or objective")
	}
	if err := seed.Check(); err != nil {
		return nil, fmt.Errorf("evolve: run: seed %w", err)
	}
	op, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	ev, err := newEvaluator(seed, c, o, op.Lambda)
	if err != nil {
		return nil, err
	}
	return &runner{
		opts: op, seedHash: seed.hash(), c: c, o: o, ev: ev,
		rng:   rand.NewPCG(op.Seed, 0x9e3779b97f4a7c15),
		genes: 4*len(seed.Nodes) + len(seed.Outs),
	}, nil
}

// mutate makes f a copy of the parent with 1..H point mutations.
func (r *runner) mutate(f *offspring, rng *rand.Rand) {
	p := r.ev.parent
	g := f.g
	g.Nodes = append(g.Nodes[:0], p.Nodes...)
	g.Outs = append(g.Outs[:0], p.Outs...)
	clear(f.mutated)
	ni := p.NumInputs()
	fs := r.opts.Functions
	m := 1 + rng.IntN(r.opts.Mutations)
	for range m {
		gene := rng.IntN(r.genes)
		if gene >= 4*len(g.Nodes) {
			k := gene - 4*len(g.Nodes)
			g.Outs[k] = int32(rng.IntN(ni + len(g.Nodes)))
			continue
		}
		i, part := gene/4, gene%4
		nd := &g.Nodes[i]
		f.mutated[i] = true
		if part == 0 {
			idx := rng.IntN(len(fs))
			if fs[idx] == nd.Fn && len(fs) > 1 {
				idx = (idx + 1 + rng.IntN(len(fs)-1)) % len(fs)
			}
			nd.Fn = fs[idx]
			continue
		}
		back := min(i, p.LevelsBack)
		s := rng.IntN(ni + back)
		if s >= ni {
			s = ni + i - back + (s - ni)
		}
		nd.In[part-1] = int32(s)
	}
}

// better reports whether f is not worse than the current best (value,
// cost, feasible).
func better(f *offspring, value, cost float64, feasible bool) bool {
	switch {
	case f.feasible != feasible:
		return f.feasible
	case f.feasible:
		return f.cost <= cost
	default:
		return f.value <= value
	}
}

// generation runs one generation.
func (r *runner) generation() error {
	ev := r.ev
	rng := rand.New(r.rng)
	for _, f := range ev.offs {
		r.mutate(f, rng)
	}
	if w := r.opts.Workers; w == 1 {
		for _, f := range ev.offs {
			ev.evaluate(f)
		}
	} else {
		var wg sync.WaitGroup
		panics := make([]error, w)
		for k := range w {
			wg.Go(func() {
				panics[k] = safego.Do(func() {
					for i := k; i < len(ev.offs); i += w {
						ev.evaluate(ev.offs[i])
					}
				})
			})
		}
		wg.Wait()
		for _, err := range panics {
			if err != nil {
				return err // a *safego.PanicError (an Objective's, say)
			}
		}
	}
	var best *offspring
	value, cost, feasible := ev.pvalue, ev.pcost, ev.pfeasible
	for _, f := range ev.offs {
		if f.err != nil {
			return f.err
		}
		r.evals++
		if f.simulated {
			r.simulated++
		}
		if better(f, value, cost, feasible) {
			best, value, cost, feasible = f, f.value, f.cost, f.feasible
		}
	}
	if best != nil {
		ev.accept(best)
	}
	r.gen++
	return nil
}

// loop runs generations until a stop condition, with checkpoints and
// progress reports.
func (r *runner) loop(ctx context.Context) (*Result, error) {
	start := time.Now()
	evals0 := r.evals
	var deadline time.Time
	if r.opts.Time > 0 {
		deadline = start.Add(r.opts.Time)
	}
	lastCk, lastProg := start, start
	genCk := r.gen
	status := func(now time.Time) Status {
		el := now.Sub(start)
		s := Status{Generation: r.gen, Evaluations: r.evals, Value: r.ev.pvalue, Cost: r.ev.pcost, Feasible: r.ev.pfeasible, Max: r.c.Max(), Elapsed: el}
		if el > 0 {
			s.EvalsPerSec = float64(r.evals-evals0) / el.Seconds()
		}
		return s
	}
	var stopErr error
	for {
		if r.opts.Generations > 0 && r.gen >= r.opts.Generations {
			break
		}
		if err := ctx.Err(); err != nil {
			stopErr = err
			break
		}
		if err := r.generation(); err != nil {
			return nil, err
		}
		if r.opts.Checkpoint == "" && r.opts.Progress == nil && deadline.IsZero() {
			continue
		}
		now := time.Now()
		if !deadline.IsZero() && !now.Before(deadline) {
			break
		}
		if r.opts.Checkpoint != "" && ((r.opts.CheckpointEvery > 0 && r.gen-genCk >= r.opts.CheckpointEvery) ||
			(r.opts.CheckpointInterval > 0 && now.Sub(lastCk) >= r.opts.CheckpointInterval)) {
			if err := r.writeCheckpoint(); err != nil {
				return nil, err
			}
			lastCk, genCk = now, r.gen
		}
		if r.opts.Progress != nil && now.Sub(lastProg) >= r.opts.ProgressInterval {
			r.opts.Progress(status(now))
			lastProg = now
		}
	}
	if r.opts.Checkpoint != "" {
		if err := r.writeCheckpoint(); err != nil {
			return nil, err
		}
	}
	now := time.Now()
	if r.opts.Progress != nil {
		r.opts.Progress(status(now))
	}
	st := status(now)
	res := &Result{
		Best: r.ev.parent.Clone(), Value: r.ev.pvalue, Cost: r.ev.pcost, Feasible: r.ev.pfeasible,
		Generations: r.gen, Evaluations: r.evals, Simulated: r.simulated,
		Elapsed: st.Elapsed, EvalsPerSec: st.EvalsPerSec,
	}
	if math.IsInf(res.Cost, 1) {
		res.Cost = r.o.Cost(r.ev.parentCandidate())
	}
	return res, stopErr
}

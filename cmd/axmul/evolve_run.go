package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/gen/evolve"
	"github.com/axmul/axmul/internal/safego"
)

// evoTarget is one evolution of a run: the seed, its constraint (bound
// Max) and objective.
type evoTarget struct {
	index      int // 0-based
	name       string
	constraint evolve.Constraint
}

// evoOutcome is what one evolution reports: the best genome, its
// constraint value and cost, when it was found and how many candidates
// were evaluated in all.
type evoOutcome struct {
	genome                   *evolve.Genome
	value, cost              float64
	generations, evaluations uint64
	seconds                  float64
}

// evoStatus is the progress of one target, for the progress line.
type evoStatus struct {
	generation, evaluations uint64
	cost, slack, rate       float64
}

// evoProgress draws the progress line of a run on a terminal: the
// generation, best cost and constraint slack of the target last updated,
// and the evaluations per second of all targets together.
type evoProgress struct {
	mu      sync.Mutex
	bar     *progressBar
	targets []evoStatus
	done    int
	unit    string
}

func newEvoProgress(e *env, targets int, unit string) *evoProgress {
	return &evoProgress{bar: newProgressBar(e.stderr), targets: make([]evoStatus, targets), unit: unit}
}

// update records target i's status and redraws the line (at most every
// 100 ms, after the bar's initial delay; nothing off a terminal).
func (p *evoProgress) update(i int, s evoStatus) {
	if !p.bar.enabled {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.targets[i] = s
	var rate float64
	for _, t := range p.targets {
		rate += t.rate
	}
	line := fmt.Sprintf("gen %d  best %.6g %s  slack %.4g  %.0f eval/s", s.generation, s.cost, p.unit, s.slack, rate)
	if len(p.targets) > 1 {
		line = fmt.Sprintf("[%d/%d done] target %d: %s", p.done, len(p.targets), i+1, line)
	}
	p.bar.status(line)
}

// finished counts a finished target.
func (p *evoProgress) finished() {
	p.mu.Lock()
	p.done++
	p.mu.Unlock()
}

// status draws a free-form line in place of the bar, with the same rules
// (after the initial delay, at most every 100 ms).
func (p *progressBar) status(line string) {
	if !p.enabled {
		return
	}
	now := p.now()
	if now.Sub(p.start) < p.delay || (p.shown && now.Sub(p.last) < 100*time.Millisecond) {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprintf(p.w, "\r\033[K%s", line)
}

// runEvolve runs axmul evolve with checked flags.
func runEvolve(ctx context.Context, e *env, f *evoFlags, formats []string) error {
	seedC, seedSrc, err := f.loadSeed(e)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(seedSrc)
	set := evoSettings{
		SeedNetlist: f.seedNetlist, SeedSHA256: hex.EncodeToString(sum[:]), Seed: f.seed, Lambda: f.lambda, Mutations: f.mutations,
		Generations: f.generations, Metric: f.metric, Max: f.max, Model: f.model, Layer: f.layer, TargetStd: f.targetStd,
		Objective: f.objective, Pareto: f.pareto, Name: f.name, Spare: f.spare,
	}
	if f.layer != "" {
		set.Samples, set.SampleSeed, set.Port = f.samples, f.sampleSeed, f.port
	}
	if f.timeLimit > 0 {
		set.Time = f.timeLimit.String()
	}
	if f.liberty != "" {
		if set.LibertySHA256, err = fileDigest(f.liberty); err != nil {
			return err
		}
	}
	var cells *liberty.Library
	if f.liberty != "" {
		if cells, err = liberty.ParseFile(f.liberty); err != nil {
			return err
		}
	}
	eng, err := newEvoEngine(ctx, f, seedC, cells)
	if err != nil {
		return err
	}
	K := max(f.pareto, 1)
	targets := make([]*evoTarget, K)
	for k := range targets {
		con, err := eng.constraint(k, K)
		if err != nil {
			return err
		}
		targets[k] = &evoTarget{index: k, name: circuitName(seedC.ABits, seedC.BBits, seedC.Signed, f.name, k+1, f.pareto), constraint: con}
	}
	if f.checkpoint != "" {
		if err := bindCheckpoint(f, set, K); err != nil {
			return err
		}
	}
	prog := newEvoProgress(e, K, eng.objective.Name())
	jobs := f.jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	// Targets run concurrently, up to jobs at a time; the workers left
	// over go to the offspring of each (a single target gets them all).
	par := min(jobs, K)
	inner := max(1, jobs/par)
	outcomes := make([]*evoOutcome, K)
	errs := make([]error, K)
	// A panic in one target stops the others (through wctx) and is
	// reported once all have stopped.
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	next := make(chan int)
	for range par {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				// A panic becomes the target's error (a *safego.PanicError).
				errs[k] = safego.Call(func() (err error) {
					outcomes[k], err = eng.run(wctx, targets[k], inner, K, func(s evoStatus) { prog.update(k, s) })
					prog.finished()
					return err
				})
				if pe := (*safego.PanicError)(nil); errors.As(errs[k], &pe) {
					stop()
				}
			}
		}()
	}
	for k := range targets {
		next <- k
	}
	close(next)
	wg.Wait()
	prog.bar.done()
	for k, err := range errs {
		if pe := (*safego.PanicError)(nil); errors.As(err, &pe) {
			return fmt.Errorf("evolving %s: %w", targets[k].name, err)
		}
	}
	if err := ctx.Err(); err != nil {
		if f.checkpoint != "" {
			names := checkpointPath(f.checkpoint, 0, K)
			if K > 1 {
				names = fmt.Sprintf("%s ... %s", names, checkpointPath(f.checkpoint, K-1, K))
			}
			fmt.Fprintf(e.stderr, "axmul: checkpoint %s saved: the same command resumes from it\n", names)
		}
		return err
	}
	for k, err := range errs {
		if err != nil {
			return fmt.Errorf("evolving %s: %w", targets[k].name, err)
		}
	}

	tmp, err := makeOutputFolder(f.out)
	if err != nil {
		return err
	}
	finished := false
	defer func() {
		if !finished {
			os.RemoveAll(tmp)
		}
	}()
	seedStats, err := seedC.Netlist.Stats()
	if err != nil {
		return err
	}
	s := &evoSummary{Seed: f.seedNetlist, SeedGates: seedStats.Logic, Options: set}
	for k, o := range outcomes {
		t := targets[k]
		r := evoRecord{
			Name: t.name, Constraint: t.constraint.Name(), Max: t.constraint.Max(), Value: o.value, Slack: t.constraint.Max() - o.value,
			Objective: eng.objective.Name(), Cost: o.cost, Generations: o.generations, Evaluations: o.evaluations,
		}
		c, err := writeNetlists(ctx, tmp, formats, o.genome, t.constraint, &r)
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		if f.objective == "gates" && r.Cost != float64(r.Gates) {
			return fmt.Errorf("%s: the evolution reported %v gates, the written circuit has %d", t.name, r.Cost, r.Gates)
		}
		if cells != nil {
			p, a, err := eng.estimate(c)
			if err != nil {
				return fmt.Errorf("%s: estimating area and power: %w", t.name, err)
			}
			r.AreaUm2, r.PowerMW = &a, &p
		}
		s.Multipliers = append(s.Multipliers, r)
	}
	if err := writeSummary(tmp, s); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := finishOutputFolder(tmp, f.out); err != nil {
		return err
	}
	finished = true
	for _, r := range s.Multipliers {
		cost := ""
		if f.objective != "gates" {
			cost = fmt.Sprintf(", %s %.4g", r.Objective, r.Cost)
		}
		if r.PowerMW != nil {
			cost += fmt.Sprintf(", exact flow %.4g mW, %.4g um2", *r.PowerMW, *r.AreaUm2)
		}
		fmt.Fprintf(e.stdout, "%s: %s = %.6g (slack %.4g), %d gates (seed %d)%s, %d generations, %d evaluations\n",
			r.Name, r.Constraint, r.Value, r.Slack, r.Gates, seedStats.Logic, cost, r.Generations, r.Evaluations)
	}
	var total uint64
	var secs float64
	for _, o := range outcomes {
		total += o.evaluations
		secs = max(secs, o.seconds)
	}
	fmt.Fprintf(e.stdout, "wrote %s: %d circuits, %d evaluations, %.2f s\n", f.out, len(outcomes), total, secs)
	if f.outLib != "" {
		bsum, err := gen.Build(ctx, gen.BuildOptions{Source: filepath.Join(f.out, formats[0]), Out: f.outLib, Jobs: jobs, Liberty: cells})
		if bsum != nil {
			for _, w := range bsum.Warnings {
				fmt.Fprintf(e.stderr, "axmul: warning: %s\n", w)
			}
		}
		if err != nil {
			return fmt.Errorf("--out-lib: %w", err)
		}
		fmt.Fprintf(e.stdout, "wrote %s: %d circuits, %.2f s\n", bsum.Dir, bsum.Circuits, bsum.Seconds)
	}
	return nil
}

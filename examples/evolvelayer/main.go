package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/gen/evolve"
	"github.com/axmul/axmul/internal/outfile"
	"github.com/axmul/axmul/internal/plots"
	"github.com/axmul/axmul/internal/safego"
	"github.com/axmul/axmul/selection"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "evolvelayer:", err)
		os.Exit(1)
	}
}

// Config is what one comparison needs.
type Config struct {
	Model     string        // model.json, "" for selection.DemoModel
	Layers    []string      // layer names; nil: every ReLU-like layer
	EvoApprox string        // folder of mul8u_*.v netlists
	Liberty   string        // Liberty file
	Time      time.Duration // per run (0: no limit)
	// Generations bounds each run (0: no limit); with it the circuits are
	// the same on every machine and run.
	Generations uint64
	Runs        int // independent runs per layer, in parallel
	Seed        uint64
	Spare       int // spare nodes appended to the seeds
	// Front lists extra targets, as fractions of max_std, evolved once
	// each for the plot's front.
	Front []float64
	Out   string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("evolvelayer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c Config
	var layers string
	fs.StringVar(&c.Model, "model", "", "model.json (default: the built-in demo model)")
	fs.StringVar(&layers, "layers", "", "comma-separated layer names (default: every layer whose features are all >= 0)")
	fs.StringVar(&c.EvoApprox, "evoapprox", "../shared/evoapprox/v2022/8x8_unsigned", "folder of EvoApproxLib mul8u netlists")
	fs.StringVar(&c.Liberty, "liberty", "../shared/cells/gscl45nm.lib", "Liberty cell library")
	fs.DurationVar(&c.Time, "time", 5*time.Minute, "wall time of each run (0: none)")
	fs.Uint64Var(&c.Generations, "generations", 0, "generations of each run (0: none; reproducible, unlike -time)")
	fs.IntVar(&c.Runs, "runs", 2, "independent runs per layer (run 0 seeded with the cheapest fitting EvoApprox circuit, the others with the exact array multiplier), all in parallel")
	fs.Uint64Var(&c.Seed, "seed", 1, "seed of run 0 (run i: seed+i)")
	fs.IntVar(&c.Spare, "spare", 64, "spare nodes appended to each seed genome")
	fs.StringVar(&c.Out, "out", "", "output folder (required)")
	var front string
	var replot bool
	fs.BoolVar(&replot, "replot", false, "only draw the plots again from -out's report.json")
	fs.StringVar(&front, "front", "", "extra targets as fractions of max_std (e.g. 0.25,0.5), one run each, for the Pareto plot")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if replot {
		return replotDir(c.Out)
	}
	if c.Out == "" || fs.NArg() > 0 {
		return errors.New("usage: evolvelayer [-model M] [-layers L1,L2] [-time 5m] [-runs 2] -out DIR")
	}
	if layers != "" {
		c.Layers = strings.Split(layers, ",")
	}
	if front != "" {
		for _, f := range strings.Split(front, ",") {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil || !(v > 0) || math.IsInf(v, 0) {
				return fmt.Errorf("-front %q: want positive fractions of max_std", front)
			}
			c.Front = append(c.Front, v)
		}
	}
	if c.Time == 0 && c.Generations == 0 {
		return errors.New("-time 0 needs -generations")
	}
	if c.Runs < 1 {
		return fmt.Errorf("-runs %d, want >= 1", c.Runs)
	}
	rep, err := Compare(ctx, c, stderr)
	if err != nil {
		return err
	}
	if err := outfile.WriteAtomic(filepath.Join(c.Out, "report.json"), func(w io.Writer) error {
		e := json.NewEncoder(w)
		e.SetIndent("", "  ")
		return e.Encode(rep)
	}); err != nil {
		return err
	}
	WriteTable(stdout, rep)
	return nil
}

// Circuit is one multiplier's figures on one layer.
type Circuit struct {
	Name string `json:"name"`
	// PredictedStd is select's prediction, MeasuredStd selection.Validate's
	// measured output error std.
	PredictedStd float64 `json:"predicted_std"`
	MeasuredStd  float64 `json:"measured_std"`
	// PowerMW is the exact layer power (hw flow, as select's layer_power),
	// AreaUm2 the mapped area; EstPowerMW the fast estimate the evolution
	// minimised (evolved circuits only).
	PowerMW    float64 `json:"power_mw"`
	AreaUm2    float64 `json:"area_um2"`
	EstPowerMW float64 `json:"est_power_mw,omitempty"`
	// Evolved circuits: the target std, the seed, the run's figures and
	// the Verilog file.
	Target      float64 `json:"target_std,omitempty"`
	Seed        string  `json:"seed,omitempty"`
	Generations uint64  `json:"generations,omitempty"`
	Evaluations uint64  `json:"evaluations,omitempty"`
	EvalsPerSec float64 `json:"evals_per_sec,omitempty"`
	Seconds     float64 `json:"seconds,omitempty"`
	File        string  `json:"file,omitempty"`
}

// LayerReport is the comparison on one layer.
type LayerReport struct {
	Layer  string  `json:"layer"`
	MaxStd float64 `json:"max_std"`
	// Baseline is select's choice among the EvoApprox circuits by layer
	// power; Evolved the runs' best circuits; EvoApprox every candidate.
	Baseline  Circuit   `json:"baseline"`
	Evolved   []Circuit `json:"evolved"`
	EvoApprox []Circuit `json:"evoapprox"`
	Plot      string    `json:"plot"`
}

// Report is the whole comparison.
type Report struct {
	Model       string        `json:"model"`
	Liberty     string        `json:"liberty"`
	Time        string        `json:"time_per_run"`
	Generations uint64        `json:"generations_per_run,omitempty"`
	Runs        int           `json:"runs"`
	Layers      []LayerReport `json:"layers"`
}

// candidate is a loaded netlist with its error map.
type candidate struct {
	name    string
	netlist *circuits.Netlist
	em      *errmap.ErrorMap
}

func loadCandidate(path string) (*candidate, error) {
	c, err := gen.Load(path, gen.LoadOptions{Sign: gen.Unsigned})
	if err != nil {
		return nil, err
	}
	if c.ABits != 8 || c.BBits != 8 || c.Signed {
		return nil, fmt.Errorf("%s: want an unsigned 8x8 multiplier", path)
	}
	res, err := gen.Characterise(context.Background(), c, gen.CharOptions{KeepProducts: true, ZeroExact: gen.DefaultZeroExact(c.Name)})
	if err != nil {
		return nil, err
	}
	em, err := errmap.FromProducts(8, 8, false, res.Products)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &candidate{name: c.Name, netlist: c.Netlist, em: em}, nil
}

// reluLike reports whether a layer's features are all >= 0.
func reluLike(l *selection.Layer) bool {
	for _, v := range l.Features {
		if v < 0 {
			return false
		}
	}
	return true
}

// Compare runs the comparison described by c, logging progress to log.
func Compare(ctx context.Context, c Config, log io.Writer) (*Report, error) {
	layers := selection.DemoModel()
	desc := "built-in demo model (synthetic)"
	if c.Model != "" {
		var err error
		if layers, err = selection.LoadModel(c.Model); err != nil {
			return nil, err
		}
		desc = c.Model
	}
	cells, err := liberty.ParseFile(c.Liberty)
	if err != nil {
		return nil, err
	}
	pm, err := evolve.NewPowerModel(cells)
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(c.EvoApprox, "mul8u_*.v"))
	if err != nil {
		return nil, err
	}
	var evo []*candidate
	for _, f := range files {
		if strings.HasSuffix(f, "_pdk45.v") {
			continue
		}
		cd, err := loadCandidate(f)
		if err != nil {
			return nil, err
		}
		evo = append(evo, cd)
	}
	if len(evo) == 0 {
		return nil, fmt.Errorf("no mul8u_*.v netlist in %s", c.EvoApprox)
	}
	if err := os.MkdirAll(c.Out, 0o777); err != nil {
		return nil, err
	}
	rep := &Report{Model: desc, Liberty: cells.Name, Time: c.Time.String(), Generations: c.Generations, Runs: c.Runs}
	for i := range layers {
		l := &layers[i]
		if c.Layers != nil && !slices.Contains(c.Layers, l.Name) || c.Layers == nil && !reluLike(l) {
			continue
		}
		lr, err := compareLayer(ctx, c, l, cells, pm, evo, log)
		if err != nil {
			return nil, fmt.Errorf("layer %s: %w", l.Name, err)
		}
		rep.Layers = append(rep.Layers, *lr)
	}
	if len(rep.Layers) == 0 {
		return nil, errors.New("no layer chosen")
	}
	return rep, nil
}

func compareLayer(ctx context.Context, c Config, l *selection.Layer, cells *liberty.Library, pm *evolve.PowerModel, evo []*candidate, log io.Writer) (*LayerReport, error) {
	lc, err := evolve.NewLayerConstraint(l, evolve.LayerOptions{})
	if err != nil {
		return nil, err
	}
	lr := &LayerReport{Layer: l.Name, MaxStd: lc.MaxStd()}
	// Every EvoApprox circuit: prediction and exact layer power.
	var lib selection.MapLibrary
	power := map[string]float64{}
	byName := map[string]*candidate{}
	for _, cd := range evo {
		pred, err := lc.PredictedStd(cd.em)
		if err != nil {
			return nil, err
		}
		p, area, err := evolve.ExactLayerPower(cd.netlist, false, cells, l, selection.PortA)
		if err != nil {
			return nil, err
		}
		power[cd.name] = p
		byName[cd.name] = cd
		lr.EvoApprox = append(lr.EvoApprox, Circuit{Name: cd.name, PredictedStd: pred, PowerMW: p, AreaUm2: area})
		if err := lib.Add(cd.name, 1, cd.em); err != nil {
			return nil, err
		}
	}
	// select's choice by layer power (agnapprox's rule).
	sl := selection.WithLayerMetric(&lib, func(_ *selection.Layer, name string) (float64, error) { return power[name], nil })
	info, err := selection.SelectLayerMultiplier(l, sl, selection.Options{LayerMetric: true})
	if err != nil {
		return nil, err
	}
	base := byName[info.MultiplierName]
	for _, e := range lr.EvoApprox {
		if e.Name == base.name {
			lr.Baseline = e
		}
	}
	fmt.Fprintf(log, "layer %s: max_std %.4g; cheapest fitting EvoApprox circuit %s (%.4g mW, predicted std %.4g)\n",
		l.Name, lr.MaxStd, base.name, lr.Baseline.PowerMW, lr.Baseline.PredictedStd)
	// The jobs: c.Runs runs at max_std (run 0 seeded with the baseline,
	// the others with the exact array multiplier), then one run per front
	// target f·max_std seeded with the cheapest EvoApprox circuit that
	// fits it (the exact array when none does); c.Runs at a time.
	type job struct {
		name, seedName string
		seed           *evolve.Genome
		lc             *evolve.LayerConstraint
		target         float64
		res            *evolve.Result
		err            error
	}
	var jobs []*job
	for r := range c.Runs {
		j := &job{name: fmt.Sprintf("evo_%s_run%d", l.Name, r), lc: lc, target: lr.MaxStd}
		if r == 0 {
			j.seedName = base.name
			j.seed, err = evolve.Seed(base.netlist, false, c.Spare)
		} else {
			j.seedName = "exact array"
			j.seed, err = evolve.DefaultSeed(c.Spare)
		}
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, j)
	}
	for _, f := range c.Front {
		flc, err := evolve.NewLayerConstraint(l, evolve.LayerOptions{TargetStd: f * lr.MaxStd})
		if err != nil {
			return nil, err
		}
		j := &job{name: fmt.Sprintf("evo_%s_front%g", l.Name, f), lc: flc, target: flc.Max(), seedName: "exact array"}
		best := -1
		for i, e := range lr.EvoApprox {
			if e.PredictedStd <= j.target && (best < 0 || e.PowerMW < lr.EvoApprox[best].PowerMW) {
				best = i
			}
		}
		if best >= 0 {
			j.seedName = lr.EvoApprox[best].Name
			j.seed, err = evolve.Seed(byName[j.seedName].netlist, false, c.Spare)
		} else {
			j.seed, err = evolve.DefaultSeed(c.Spare)
		}
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, j)
	}
	obj := pm.Objective(lc.Domain()) // the same domain for every target
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(c.Runs, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				j := jobs[k]
				opts := evolve.Options{Seed: c.Seed + uint64(k), Time: c.Time, Generations: c.Generations, Workers: 1,
					ProgressInterval: 30 * time.Second,
					Progress: func(s evolve.Status) {
						fmt.Fprintf(log, "  %s: gen %d, est. power %.4g mW, slack %.4g, %.0f evals/s\n",
							j.name, s.Generation, s.Cost, s.Max-s.Value, s.EvalsPerSec)
					}}
				j.err = safego.Call(func() (err error) {
					j.res, err = evolve.Run(ctx, j.seed, j.lc, obj, opts)
					return err
				})
			}
		}()
	}
	for k := range jobs {
		next <- k
	}
	close(next)
	wg.Wait()
	for _, j := range jobs {
		if j.err != nil {
			return nil, j.err
		}
		res, name := j.res, j.name
		if !res.Feasible {
			fmt.Fprintf(log, "  %s: no feasible circuit\n", name)
			continue
		}
		n, err := res.Best.Netlist(name)
		if err != nil {
			return nil, err
		}
		file := filepath.Join(c.Out, name+".v")
		if err := outfile.WriteAtomic(file, func(w io.Writer) error { return verilog.Write(w, n) }); err != nil {
			return nil, err
		}
		// Re-read and re-simulate the written file.
		cd, err := loadCandidate(file)
		if err != nil {
			return nil, err
		}
		pred, err := j.lc.PredictedStd(cd.em)
		if err != nil {
			return nil, err
		}
		if pred != res.Value {
			return nil, fmt.Errorf("%s: re-simulated predicted std %v, the run reported %v", file, pred, res.Value)
		}
		p, area, err := evolve.ExactLayerPower(cd.netlist, false, cells, l, selection.PortA)
		if err != nil {
			return nil, err
		}
		if err := lib.Add(name, 1, cd.em); err != nil {
			return nil, err
		}
		lr.Evolved = append(lr.Evolved, Circuit{Name: name, PredictedStd: pred, PowerMW: p, AreaUm2: area, EstPowerMW: res.Cost,
			Target: j.target, Seed: j.seedName, Generations: res.Generations, Evaluations: res.Evaluations, EvalsPerSec: res.EvalsPerSec,
			Seconds: res.Elapsed.Seconds(), File: filepath.Base(file)})
	}
	// Measured output error std of the baseline and the evolved circuits.
	checks := []selection.Check{{Layer: l.Name, Multiplier: base.name}}
	for _, e := range lr.Evolved {
		checks = append(checks, selection.Check{Layer: l.Name, Multiplier: e.Name})
	}
	vs, err := selection.Validate([]selection.Layer{*l}, &lib, checks, selection.ValidateOptions{})
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if v.Multiplier == base.name {
			lr.Baseline.MeasuredStd = v.MeasuredStd
		}
		for i := range lr.Evolved {
			if lr.Evolved[i].Name == v.Multiplier {
				lr.Evolved[i].MeasuredStd = v.MeasuredStd
			}
		}
	}
	lr.Plot = "pareto_" + l.Name + ".png"
	if err := plotLayer(filepath.Join(c.Out, lr.Plot), l.Name, lr); err != nil {
		return nil, err
	}
	return lr, nil
}

func plotLayer(path, layer string, lr *LayerReport) error {
	var evo, evolved plots.Series
	evo.Label = "EvoApproxLib v2022 mul8u"
	evolved.Label = "evolved for this layer"
	for _, e := range lr.EvoApprox {
		evo.X, evo.Y, evo.Names = append(evo.X, e.PredictedStd), append(evo.Y, e.PowerMW), append(evo.Names, e.Name)
	}
	for _, e := range lr.Evolved {
		evolved.X, evolved.Y, evolved.Names = append(evolved.X, e.PredictedStd), append(evolved.Y, e.PowerMW), append(evolved.Names, e.Name)
	}
	return plots.Evolved(path, "layer "+layer+": power under the layer's operands vs predicted output error std",
		"predicted output error std (select's population model)", "power (mW, gscl45nm, layer activity)",
		[]plots.Series{evo, evolved}, lr.MaxStd, "max_std")
}

// WriteTable prints the comparison as a Markdown table.
func WriteTable(w io.Writer, rep *Report) {
	limit := rep.Time
	if rep.Generations > 0 {
		limit = fmt.Sprintf("%d generations", rep.Generations)
		if rep.Time != "0s" {
			limit += " or " + rep.Time
		}
	}
	fmt.Fprintf(w, "model: %s; Liberty %s; %d parallel runs of %s per layer\n\n", rep.Model, rep.Liberty, rep.Runs, limit)
	fmt.Fprintln(w, "| layer | max_std | circuit | seed | power mW | vs EvoApprox | area um² | predicted std | measured std | evaluations |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|")
	for _, lr := range rep.Layers {
		b := lr.Baseline
		fmt.Fprintf(w, "| %s | %.4g | %s (cheapest fitting EvoApprox) | | %.4f | | %.1f | %.4g | %.4g | |\n",
			lr.Layer, lr.MaxStd, b.Name, b.PowerMW, b.AreaUm2, b.PredictedStd, b.MeasuredStd)
		for _, e := range lr.Evolved {
			if e.Target != lr.MaxStd {
				continue // a front point
			}
			fmt.Fprintf(w, "| %s | %.4g | %s | %s | %.4f | %+.1f %% | %.1f | %.4g | %.4g | %d (%.0f/s) |\n",
				lr.Layer, lr.MaxStd, e.Name, e.Seed, e.PowerMW, 100*(e.PowerMW/b.PowerMW-1), e.AreaUm2, e.PredictedStd, e.MeasuredStd,
				e.Evaluations, e.EvalsPerSec)
		}
	}
}

// replotDir draws the plots of dir/report.json again.
func replotDir(dir string) error {
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		return err
	}
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, "report.json"), err)
	}
	for i := range rep.Layers {
		lr := &rep.Layers[i]
		if err := plotLayer(filepath.Join(dir, lr.Plot), lr.Layer, lr); err != nil {
			return err
		}
	}
	return nil
}

package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/gen/param"
)

// evoSettings are the options of one axmul evolve run that decide its
// result: they are recorded in summary.json and a checkpoint is resumed
// only under the same settings.
type evoSettings struct {
	SeedNetlist string `json:"seed_netlist"`
	// SeedSHA256 is the digest of the seed netlist's bytes (of the
	// generated Verilog for a built-in seed).
	SeedSHA256  string  `json:"seed_sha256"`
	Seed        uint64  `json:"seed"`
	Lambda      int     `json:"lambda"`
	Mutations   int     `json:"mutations"`
	Generations int     `json:"generations,omitempty"`
	Time        string  `json:"time,omitempty"`
	Metric      string  `json:"metric,omitempty"`
	Max         float64 `json:"max,omitempty"`
	Model       string  `json:"model,omitempty"`
	Layer       string  `json:"layer,omitempty"`
	TargetStd   float64 `json:"target_std,omitempty"`
	Samples     string  `json:"samples,omitempty"`
	SampleSeed  uint64  `json:"sample_seed,omitempty"`
	Port        string  `json:"activation_port,omitempty"`
	Spare       int     `json:"spare"`
	Objective   string  `json:"objective"`
	// LibertySHA256 is the digest of the --liberty file.
	LibertySHA256 string `json:"liberty_sha256,omitempty"`
	Pareto        int    `json:"pareto"`
	Name          string `json:"name"`
}

// evoFlags are the flags of axmul evolve.
type evoFlags struct {
	netlistFlags
	seedNetlist string
	seed        uint64
	lambda      int
	mutations   int
	generations int
	timeLimit   time.Duration
	jobs        int
	metric      string
	max         float64
	model       string
	layer       string
	targetStd   float64
	samples     string
	sampleSeed  uint64
	port        string
	spare       int
	objective   string
	pareto      int
	out         string
	outLib      string
	checkpoint  string
	format      string
	name        string
}

// Limits of the numeric flags of evolve.
const (
	maxLambda      = 1 << 10
	maxMutations   = 1 << 10
	maxGenerations = 1 << 40
	maxPareto      = 64
	maxSpare       = 1 << 16
)

// evoMetrics are the generic error metrics --metric takes (uniform
// operands), with their units.
var evoMetrics = map[string]string{
	"mae": "mean |e|",
	"wce": "max |e|",
	"mre": "mean |e|/|exact| over the pairs with exact != 0, in percent",
	"ep":  "share of pairs with e != 0 in percent",
}

var evoNameRE = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)

func cmdEvolve() *command {
	var f evoFlags
	return &command{
		name: "evolve",
		usage: "[--seed-netlist FILE|builtin:NAME] (--metric mae|wce|mre|ep --max X | [--model M] --layer L [--target-std X]) " +
			"[--objective gates|area|power --liberty FILE] [--generations N] [--time D] [--seed N] [--lambda N] [--mutations N] " +
			"[--pareto K] [--jobs N] [--checkpoint FILE] [--format v,blif,aag] [--out-lib LIBDIR] -o DIR",
		short: "design approximate multipliers by Cartesian Genetic Programming",
		long: `Evolve designs new approximate multipliers: it seeds a Cartesian Genetic
Programming genome (one row of gates over the project's gate set, levels-back
connectivity) from a netlist and runs a (1+λ) evolution strategy with neutral
drift, as used for EvoApproxLib: every generation makes λ offspring by point
mutations of gate functions, connections and output genes; the best feasible
offspring not costlier than the parent replaces it.

Seed: --seed-netlist FILE (any format axmul reads; --ports, --tie, --top,
--signed/--unsigned and --liberty as for 'axmul sim'), or builtin:NAME for a
circuit of the built-in library (axmul gen --builtin); default the built-in
exact 8x8 array multiplier (builtin:mul8u_exact).

Constraint (one of):
  --metric mae|wce|mre|ep --max X   a generic error bound under uniformly
                                    distributed operands (every pair):
                                    mae and wce in product units, mre and
                                    ep in percent (mre over the pairs
                                    whose exact product is not 0)
  [--model M] --layer L             the predicted error std of layer L of
                                    the model (the population model 'axmul
                                    select' uses, with the layer's operand
                                    histograms) at most the layer's max_std,
                                    or --target-std X; without --model the
                                    built-in demo model, as for select

Objective: --objective gates (default: logic gates of the active nodes), or
area or power (need --liberty FILE: the cell library the candidates are
estimated with; power under the layer's operand distribution with --layer,
else uniform operands).

--pareto K evolves K circuits for the bounds s + (max - s)·k/K, k = 1..K,
from the seed's own error s (0 for an exact seed) up to the bound, each
from the seed, up to --jobs at a time, and reports the front. With
--checkpoint F the targets checkpoint to F.p1 ... F.pK.

The run lasts --generations N generations or --time D (e.g. 5m) of wall
time, whichever ends first (at least one is required; with --pareto each
target gets them). With --generations
the result depends only on the seed netlist, the flags and --seed, not on
--jobs; --time stops at a point that depends on the machine. --checkpoint
FILE saves the state every 10 s, at the end and on Ctrl-C, and the run's
options to FILE.options.json; a later run with the same options resumes
from it (--generations and --time may change; a checkpoint written under
other options is an error naming them).

Output: -o DIR (must not exist or be empty; it appears whole or not at all)
holds the circuits in each --format (default v; v, blif and aag are written
to DIR/v/NAME.v, DIR/blif/NAME.blif, DIR/aag/NAME.aag), summary.json and
summary.csv (constraint value and slack, cost, gates, depth, area and power
of the exact hw flow with --liberty, generations, evaluations, the
uniform-operand error metrics).
Every circuit is re-read from each written file and simulated again; its
constraint value must equal what the evolution reported, else the run fails.
--out-lib LIBDIR also builds a library bundle of the circuits (as 'axmul
gen --from DIR/FORMAT'), which 'axmul select --library' and 'axmul deploy'
use directly.

Names: mulNu_evo (mulNs_ when signed, mulNxMu_ when the widths differ),
with --pareto mulNu_evo_p1 ... mulNu_evo_pK; --name replaces evo.`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			f.netlistFlags.register(fs)
			fs.StringVar(&f.seedNetlist, "seed-netlist", "builtin:mul8u_exact", "netlist `FILE` to seed the evolution with, or builtin:NAME")
			uint64Var(fs, &f.seed, "seed", 1, 0, math.MaxUint64, "random `seed` of the evolution")
			intVar(fs, &f.lambda, "lambda", 4, 1, maxLambda, "`N` offspring per generation, λ (1..1024)")
			intVar(fs, &f.mutations, "mutations", 5, 1, maxMutations, "at most `N` point mutations per offspring (1..1024)")
			intVar(fs, &f.generations, "generations", 0, 0, maxGenerations, "stop after `N` generations (0: only --time)")
			fs.DurationVar(&f.timeLimit, "time", 0, "stop after this wall `duration`, e.g. 5m (0: only --generations)")
			jobsVar(fs, &f.jobs, "parallel workers (0: all cores)")
			fs.StringVar(&f.metric, "metric", "", "generic error constraint under uniform operands: mae, wce, mre or ep (with --max)")
			floatVar(fs, &f.max, "max", 0, 0, math.MaxFloat64, false, "bound `X` of --metric")
			fs.StringVar(&f.model, "model", "", "model manifest `model.json` for a layer constraint (with --layer; default: the built-in demo model, as select)")
			fs.StringVar(&f.layer, "layer", "", "layer `name` of --model whose tolerance the circuit must meet")
			floatVar(fs, &f.targetStd, "target-std", 0, 0, math.MaxFloat64, false, "predicted error std bound `X` of the layer (default: its max_std)")
			fs.StringVar(&f.samples, "samples", "512", "with --layer: feature rows sampled per layer (1..2^24), or all (as select --samples)")
			uint64Var(fs, &f.sampleSeed, "sample-seed", 0, 0, math.MaxUint64, "with --layer: `seed` of the row sample (as select --seed)")
			fs.StringVar(&f.port, "activation-port", "A", "with --layer: multiplier port that receives the activations, A or B")
			intVar(fs, &f.spare, "spare", 20, 0, maxSpare, "`N` extra inactive nodes appended to the seed genome as room to grow (0..65536)")
			fs.StringVar(&f.objective, "objective", "gates", "cost to minimise: gates, area or power (area and power need --liberty)")
			intVar(fs, &f.pareto, "pareto", 0, 0, maxPareto, "evolve `K` circuits for K bounds up to the constraint's and write the front (0: one circuit)")
			fs.StringVar(&f.out, "o", "", "output `folder` (must not exist or be empty)")
			fs.StringVar(&f.outLib, "out-lib", "", "also build a library bundle of the circuits in `LIBDIR`")
			fs.StringVar(&f.checkpoint, "checkpoint", "", "checkpoint `file`: resumed when it exists, written while running")
			fs.StringVar(&f.format, "format", "v", "netlist formats to write, comma-separated: v, blif, aag")
			fs.StringVar(&f.name, "name", "evo", "name part of the circuits (mul8u_NAME...)")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q", args)
				}
				formats, err := f.check(fs)
				if err != nil {
					return err
				}
				return runEvolve(ctx, e, &f, formats)
			}
		},
	}
}

// check validates the flags that need no file and returns the formats.
func (f *evoFlags) check(fs *flag.FlagSet) ([]string, error) {
	if f.out == "" {
		return nil, usagef("-o DIR is required")
	}
	if f.generations == 0 && f.timeLimit == 0 {
		return nil, usagef("give --generations N or --time D (or both): the run needs an end")
	}
	if f.timeLimit < 0 {
		return nil, usagef("--time %v: want a positive duration", f.timeLimit)
	}
	layerMode := f.model != "" || f.layer != "" || flagSet(fs, "target-std")
	switch {
	case f.metric != "" && layerMode:
		return nil, usagef("--metric and --model/--layer/--target-std are exclusive: give one constraint")
	case f.metric == "" && !layerMode:
		return nil, usagef("no constraint: give --metric mae|wce|mre|ep --max X, or [--model M] --layer L")
	case f.metric != "":
		if _, ok := evoMetrics[f.metric]; !ok {
			return nil, usagef("--metric %q: want mae, wce, mre or ep", f.metric)
		}
		if !flagSet(fs, "max") {
			return nil, usagef("--metric %s needs --max X, the bound", f.metric)
		}
	default:
		if f.layer == "" {
			return nil, usagef("a layer constraint needs --layer L (of --model M, default the built-in demo model)")
		}
		if flagSet(fs, "target-std") && f.targetStd <= 0 {
			return nil, usagef("--target-std %g: want a number > 0", f.targetStd)
		}
	}
	if flagSet(fs, "max") && f.metric == "" {
		return nil, usagef("--max needs --metric")
	}
	switch f.objective {
	case "gates":
	case "area", "power":
		if f.liberty == "" {
			return nil, usagef("--objective %s needs --liberty FILE, the cell library to estimate it with (e.g. ../shared/cells/gscl45nm.lib)", f.objective)
		}
	default:
		return nil, usagef("--objective %q: want gates, area or power", f.objective)
	}
	if !evoNameRE.MatchString(f.name) {
		return nil, usagef("--name %q: want 1 to 64 letters, digits or _", f.name)
	}
	var formats []string
	seen := map[string]bool{}
	for _, s := range strings.Split(f.format, ",") {
		s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), ".")
		if _, ok := evoFormats[s]; !ok {
			return nil, usagef("--format %q: want a comma-separated list of v, blif and aag", f.format)
		}
		if !seen[s] {
			seen[s] = true
			formats = append(formats, s)
		}
	}
	// The outputs are checked before the evolution, which may run for
	// minutes: -o must be new or empty, --out-lib new or a bundle (which
	// gen.Build replaces).
	if err := checkOutputFolder("-o", f.out); err != nil {
		return nil, err
	}
	if entries, err := os.ReadDir(f.out); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("-o %s: exists and is not empty", f.out)
	}
	if f.outLib != "" {
		if filepath.Clean(f.outLib) == filepath.Clean(f.out) {
			return nil, usagef("-o and --out-lib name the same folder %s: give the bundle its own", f.out)
		}
		if err := checkOutputFolder("--out-lib", f.outLib); err != nil {
			return nil, err
		}
		if _, err := os.Stat(f.outLib); err == nil {
			if _, err := os.Stat(filepath.Join(f.outLib, gen.IndexFile)); err != nil {
				return nil, fmt.Errorf("--out-lib %s: exists and is not a library bundle (no %s); refusing to replace it", f.outLib, gen.IndexFile)
			}
		}
	}
	if f.checkpoint != "" {
		if err := checkOutputFile("--checkpoint", f.checkpoint); err != nil {
			return nil, err
		}
	}
	return formats, nil
}

// loadSeed reads the seed netlist: a file, or builtin:NAME generated by
// gen/param. It returns the circuit and the bytes it was read from.
func (f *evoFlags) loadSeed(e *env) (*gen.Circuit, []byte, error) {
	lo, err := f.loadOptions(e)
	if err != nil {
		return nil, nil, err
	}
	if name, ok := strings.CutPrefix(f.seedNetlist, "builtin:"); ok {
		s, ok := param.Lookup(name)
		if !ok {
			return nil, nil, usagef("--seed-netlist %s: no built-in circuit %q (see axmul gen --builtin)", f.seedNetlist, name)
		}
		src := s.Verilog()
		n, err := verilog.Parse("built-in "+name+".v", src, verilog.Options{})
		if err != nil {
			return nil, nil, err
		}
		c, err := gen.FromNetlistOptions(name, "built-in "+name+".v", n, lo)
		return c, src, err
	}
	if f.seedNetlist == "" {
		return nil, nil, usagef("--seed-netlist: empty file name")
	}
	src, err := os.ReadFile(f.seedNetlist)
	if err != nil {
		return nil, nil, fmt.Errorf("--seed-netlist: %w", err)
	}
	c, err := loadCircuit(f.seedNetlist, lo)
	if err != nil {
		return nil, nil, err
	}
	warn(e, c)
	return c, src, nil
}

// circuitName is the name of circuit k (1-based) of K (0: no --pareto)
// evolved from a seed of the given shape.
func circuitName(aBits, bBits int, signed bool, name string, k, K int) string {
	s := "u"
	if signed {
		s = "s"
	}
	shape := fmt.Sprint(aBits)
	if aBits != bBits {
		shape = fmt.Sprintf("%dx%d", aBits, bBits)
	}
	n := fmt.Sprintf("mul%s%s_%s", shape, s, name)
	if K > 0 {
		n += fmt.Sprintf("_p%d", k)
	}
	return n
}

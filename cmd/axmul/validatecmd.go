package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/axmul/axmul/internal/outfile"
	"github.com/axmul/axmul/selection"
)

// validationReport is the JSON written by validate --format json / -o.
type validationReport struct {
	Model          string                 `json:"model"`
	Library        string                 `json:"library"`
	Samples        string                 `json:"samples"`
	Seed           uint64                 `json:"seed"`
	RatioThreshold float64                `json:"ratio_threshold"`
	Validations    []selection.Validation `json:"validations"`
}

// modelFlags are the flags that choose the model and the population model's
// sample, shared by select and validate.
type modelFlags struct {
	model, samples string
	seed           uint64
}

func (m *modelFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&m.model, "model", "", "model manifest `model.json` (default: built-in synthetic demo model)")
	fs.StringVar(&m.samples, "samples", "512", "feature rows sampled per layer (1..2^24), or all")
	uint64Var(fs, &m.seed, "seed", 0, 0, math.MaxUint64, "seed of the row sample")
}

// options returns the selection options of the flags.
func (m *modelFlags) options() (selection.Options, error) {
	opts := selection.Options{Seed: m.seed}
	n, err := selection.ParseSamples(m.samples)
	if err != nil || m.samples == "" {
		return opts, usagef("--samples %q: want an integer in 1..%d, or all", m.samples, selection.MaxSamples)
	}
	opts.Samples = n
	return opts, nil
}

// load returns the layers and a description of the model.
func (m *modelFlags) load() ([]selection.Layer, string, error) {
	if m.model == "" {
		return selection.DemoModel(), "built-in demo model (SYNTHETIC layers, not a trained network)", nil
	}
	layers, err := selection.LoadModel(m.model)
	return layers, m.model, err
}

// parsePortFlag checks an --activation-port value.
func parsePortFlag(s string) (selection.Port, error) {
	p, err := selection.ParsePort(s)
	if err != nil || s == "" {
		return "", usagef("--activation-port %q: want A or B", s)
	}
	return p, nil
}

func cmdValidate() *command {
	var f netlistFlags
	var m modelFlags
	var library, result, mults, port, format, out string
	var threshold float64
	return &command{
		name:  "validate",
		usage: "[--model model.json] [--library LIBDIR|EVOAPPROX_DIR] [--result result.json | --multipliers NAME,...|all] [--activation-port A|B] [--samples N|all] [--seed S] [--threshold R] [--format table|json] [-o report.json]",
		short: "measure each layer's real output error with the chosen multipliers",
		long: `Validate runs each layer's reference features through an approximate
multiplier exactly: the output error e[i,c] = Σ_k E(x_ik, w_kc) of every row
and channel (int64 sums, LUT-GEMM kernels). Per layer and multiplier it
reports the measured mean and population std of e (as np.std), the std the
population model predicts (what select compares with max_std), their ratio,
and measured std / max_std (<= 1: the multiplier really fits).

With --result the chosen multiplier of every layer is validated in the
orientation the result records; with --multipliers the named candidates (or
all) on every layer, with the activation at --activation-port (default: the
bundle's port, B for a bundle built with gen --activation-port B, else A). With both,
the named candidates, the result's choices marked (*) and every candidate in
the orientation the result rated it in. Without either, all candidates.
Use the --samples and --seed of the selection to compare with its
predictions.

Flags: ratio (measured/predicted std above --threshold, default 1.25),
constant (channels whose approximate output is the same on every row
although the exact one is not: a circuit that zeroes the channel's small
weights), noisy (channels whose rms error exceeds their own output std).

--format json or -o FILE write the report as JSON ({"validations": [...]}
with the fields of the table) for scripts.`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			f.register(fs)
			m.register(fs)
			fs.StringVar(&library, "library", "", "library bundle or EvoApprox checkout (default: built-in generated library)")
			fs.StringVar(&result, "result", "", "validate the choices of this select result `file`")
			fs.StringVar(&mults, "multipliers", "", "comma-separated candidate `names`, or all")
			fs.StringVar(&port, "activation-port", "A", "port that receives the activations for --multipliers: A or B (default: the bundle's)")
			floatVar(fs, &threshold, "threshold", selection.DefaultRatioThreshold, 0, math.MaxFloat64, true, "flag layers whose measured/predicted std ratio exceeds this")
			fs.StringVar(&format, "format", "table", "output format: table or json")
			fs.StringVar(&out, "o", "", "also write the JSON report to this `file`")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q", args)
				}
				if format != "table" && format != "json" {
					return usagef("--format %q: want table or json", format)
				}
				if flagSet(fs, "o") {
					if err := checkOutputFile("-o", out); err != nil {
						return err
					}
				}
				p, err := parsePortFlag(port)
				if err != nil {
					return err
				}
				opts, err := m.options()
				if err != nil {
					return err
				}
				layers, modelDesc, err := m.load()
				if err != nil {
					return err
				}
				lib, libDesc, cleanup, err := openLibrary(ctx, library, "", &f, e)
				if err != nil {
					return err
				}
				defer cleanup()
				if !flagSet(fs, "activation-port") {
					p = libraryPort(lib)
				}
				checks, err := validateChecks(layers, lib, result, mults, p)
				if err != nil {
					return err
				}
				bar := newProgressBar(e.stderr)
				opts.Progress = func(stage string, done, total int) { bar.update(done, total, stage) }
				vs, err := selection.ValidateContext(ctx, layers, lib, checks, selection.ValidateOptions{Options: opts, RatioThreshold: threshold})
				bar.done()
				if err != nil {
					return err
				}
				rep := validationReport{Model: modelDesc, Library: libDesc, Samples: m.samples, Seed: m.seed, RatioThreshold: threshold, Validations: vs}
				if out != "" {
					if err := outfile.WriteAtomic(out, func(w io.Writer) error { return writeJSON(w, &rep) }); err != nil {
						return err
					}
				}
				if format == "json" {
					return writeJSON(e.stdout, &rep)
				}
				fmt.Fprintf(e.stdout, "model: %s\nlibrary: %s\n\n", modelDesc, libDesc)
				writeValidationTable(e.stdout, vs, threshold)
				if out != "" {
					fmt.Fprintf(e.stdout, "wrote %s\n", out)
				}
				return nil
			}
		},
	}
}

// validateChecks returns the checks of validate's --result and
// --multipliers flags.
func validateChecks(layers []selection.Layer, lib selection.Library, result, mults string, p selection.Port) ([]selection.Check, error) {
	if result == "" {
		return checksFor(layers, lib, mults, p)
	}
	res, err := selection.ReadResult(result)
	if err != nil {
		return nil, err
	}
	chosen := selection.ChecksFromResult(res)
	if mults == "" {
		return chosen, nil
	}
	checks, err := checksFor(layers, lib, mults, p)
	if err != nil {
		return nil, err
	}
	byLayer := map[string]selection.LayerInfo{}
	for _, l := range res.Layers {
		byLayer[l.Name] = l
	}
	seen := map[string]bool{}
	for i, c := range checks {
		l, ok := byLayer[c.Layer]
		if !ok {
			continue
		}
		if mp, ok := l.MulPorts[c.Multiplier]; ok {
			checks[i].ActivationPort = mp
		} else if l.ActivationPort != "" {
			checks[i].ActivationPort = l.Port()
		}
		if c.Multiplier == l.MultiplierName {
			checks[i].ActivationPort, checks[i].Chosen = l.Port(), true
			seen[c.Layer] = true
		}
	}
	// Choices that the list leaves out are added.
	for _, c := range chosen {
		if !seen[c.Layer] {
			checks = append(checks, c)
		}
	}
	return checks, nil
}

// checksFor returns the checks of the named candidates (comma-separated,
// "all" or "" for every candidate) on every layer.
func checksFor(layers []selection.Layer, lib selection.Library, names string, port selection.Port) ([]selection.Check, error) {
	cands, err := lib.Candidates()
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	var all []string
	for _, c := range cands {
		known[c.Name] = true
		all = append(all, c.Name)
	}
	slices.Sort(all)
	list := all
	if names != "" && names != "all" {
		list = nil
		for _, n := range strings.Split(names, ",") {
			n = strings.TrimSpace(n)
			if !known[n] {
				return nil, usagef("--multipliers: %q is not in the library", n)
			}
			list = append(list, n)
		}
	}
	var checks []selection.Check
	for _, l := range layers {
		for _, n := range list {
			checks = append(checks, selection.Check{Layer: l.Name, Multiplier: n, ActivationPort: port})
		}
	}
	return checks, nil
}

// writeValidationTable prints one line per validation and a summary of
// the flags.
func writeValidationTable(w io.Writer, vs []selection.Validation, threshold float64) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "layer\tmultiplier\tport\tmeasured_mean\tmeasured_std\tpredicted_std\tratio\tmax_std\tmeasured/max_std\tflags")
	flagged := 0
	for _, v := range vs {
		name := v.Multiplier
		if v.Chosen {
			name += " *"
		}
		var flags []string
		if v.RatioFlag {
			flags = append(flags, fmt.Sprintf("ratio>%g", threshold))
		}
		if len(v.ConstantChannels) > 0 {
			flags = append(flags, "constant:"+channelList(v.ConstantChannels))
		}
		if len(v.NoisyChannels) > 0 {
			flags = append(flags, "noisy:"+channelList(v.NoisyChannels))
		}
		if len(flags) > 0 {
			flagged++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.4g\t%.4g\t%.4g\t%s\t%.4g\t%s\t%s\n", v.Layer, name, v.ActivationPort, v.MeasuredMean, v.MeasuredStd,
			v.PredictedStd, ratioText(v.Ratio), v.MaxStd, ratioText(v.FitRatio), strings.Join(flags, " "))
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d of %d flagged (ratio = measured/predicted std; * = chosen by the result)\n", flagged, len(vs))
}

// ratioText prints a ratio, "inf" for the largest float64 (a zero
// denominator).
func ratioText(r float64) string {
	if r == math.MaxFloat64 {
		return "inf"
	}
	return fmt.Sprintf("%.3f", r)
}

// channelList prints up to 8 channel numbers.
func channelList(cs []int) string {
	var parts []string
	for i, c := range cs {
		if i == 8 {
			parts = append(parts, fmt.Sprintf("…(%d)", len(cs)))
			break
		}
		parts = append(parts, fmt.Sprint(c))
	}
	return strings.Join(parts, ",")
}

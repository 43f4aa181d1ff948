package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/internal/outfile"
	"github.com/axmul/axmul/selection"
)

func cmdSelect() *command {
	var f netlistFlags
	var m modelFlags
	var library, metric, out, port, orientation, criterion string
	var validate bool
	var threshold float64
	return &command{
		name:  "select",
		usage: "[--model model.json] [--library LIBDIR|EVOAPPROX_DIR] [--metric power|area|...] [--samples N|all] [--seed S] [--activation-port A|B] [--orientation A|B|best] [--criterion std|channel] [--validate] [-o result.json]",
		short: "choose per layer the cheapest approximate multiplier the network tolerates",
		long: `Select follows agnapprox (Trommer et al., ICCAD 2022): each layer tolerates an
error std at its output of max_std = std(outputs) · max_noise; the population
error model predicts, from the layer's operand distributions and a
multiplier's int8-domain error map, the error std fan_in · std_pop; the
multiplier with the lowest performance metric whose prediction is <= max_std
wins (search space scanned in name order, so of equal metrics the later name
wins).

Without --model a small built-in demo model of synthetic layers is used;
without --library the built-in generated library. --library takes a bundle
written by 'axmul gen' or an EvoApprox checkout (simulated on demand). The
metric defaults to the published power where the library has it, else the
power estimated at build time (gen --liberty), else the gate count.

--metric layer_power --liberty FILE rates every candidate per layer: its
netlist is mapped onto the Liberty cell library and its power estimated
(mW, 1 GHz, nominal voltage, 65536 operand pairs, as 'axmul hw --activity
MODEL.json:LAYER') under that layer's own activation and weight
histograms, so a layer of small operands can make a multiplier cheap that
is expensive elsewhere. The result JSON then records every candidate's
power per layer (mul_metrics) and metric_max is the largest of them.

--activation-port B feeds the activations to the multipliers' port B (the
weights to A); --orientation best rates every candidate on every layer in
the orientation with the lower prediction (A on ties) and then selects as
usual, so the model's relative energy is never higher than with A. The
result records activation_port per layer (and mul_ports under best); deploy
lays the LUT out for it. The default is the library's port: B for a bundle
built with 'axmul gen --activation-port B', else A.

--criterion channel (beyond agnapprox): per output channel, the error's mean
and std are predicted from that channel's own weights and the activation
histogram of every input position; a candidate fits when every channel's
predicted rms error is at most that channel's output std times max_noise.
It catches circuits that zero a channel with small weights, which the
pooled-histogram population model cannot see.

--validate then measures the chosen multipliers' real output error (as
'axmul validate --result') and prints it beside the prediction.`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			f.register(fs)
			m.register(fs)
			fs.StringVar(&library, "library", "", "library bundle or EvoApprox checkout (default: built-in generated library)")
			fs.StringVar(&metric, "metric", "", "performance metric: power, area, delay, gates, est_power_mw, layer_power (needs --liberty), or any bundle key (default: published power, else est_power_mw, else gates)")
			fs.StringVar(&port, "activation-port", "A", "multiplier port that receives the activations: A or B (default: the bundle's, A unless built with gen --activation-port B)")
			fs.StringVar(&orientation, "orientation", "", "A, B, or best (per candidate and layer the orientation with the lower prediction); default: --activation-port")
			fs.StringVar(&criterion, "criterion", "std", "std (agnapprox: population model vs max_std) or channel (every channel's predicted rms error vs its own output std · max_noise)")
			fs.BoolVar(&validate, "validate", false, "measure the chosen multipliers' real output error and print it beside the prediction")
			floatVar(fs, &threshold, "threshold", selection.DefaultRatioThreshold, 0, math.MaxFloat64, true, "with --validate: flag layers whose measured/predicted std ratio exceeds this")
			fs.StringVar(&out, "o", "", "write the result JSON to this `file`")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q", args)
				}
				if flagSet(fs, "o") {
					if err := checkOutputFile("-o", out); err != nil {
						return err
					}
				}
				opts, err := m.options()
				if err != nil {
					return err
				}
				p, err := parsePortFlag(port)
				if err != nil {
					return err
				}
				switch orientation {
				case "":
					// --activation-port, or the library's port (below).
				case selection.OrientationA, selection.OrientationB, selection.OrientationBest:
					if port != "A" && orientation != port {
						return usagef("--activation-port %s and --orientation %s disagree", port, orientation)
					}
					opts.Orientation = orientation
				default:
					return usagef("--orientation %q: want A, B or best", orientation)
				}
				if criterion != selection.CriterionStd && criterion != selection.CriterionChannel {
					return usagef("--criterion %q: want std or channel", criterion)
				}
				opts.Criterion = criterion
				layers, modelDesc, err := m.load()
				if err != nil {
					return err
				}
				libMetric := metric
				if metric == "layer_power" {
					if f.liberty == "" {
						return usagef("--metric layer_power needs --liberty FILE, the cell library to estimate power with (e.g. ../shared/cells/gscl45nm.lib)")
					}
					libMetric, opts.LayerMetric = "", true
				}
				lib, libDesc, cleanup, err := openLibrary(ctx, library, libMetric, &f, e)
				if err != nil {
					return err
				}
				defer cleanup()
				if orientation == "" {
					if !flagSet(fs, "activation-port") {
						p = libraryPort(lib)
					}
					opts.Orientation = string(p)
				}
				if opts.LayerMetric {
					if libDesc, err = enableLayerPower(lib, f.liberty, libDesc); err != nil {
						return err
					}
				}
				// On a terminal, a bar over the candidates of each stage
				// (a 505-circuit EvoApprox library is simulated on demand;
				// layer_power estimates every candidate per layer).
				bar := newProgressBar(e.stderr)
				opts.Progress = func(stage string, done, total int) { bar.update(done, total, stage) }
				res, err := selection.SelectMultipliersContext(ctx, layers, lib, opts)
				bar.done()
				opts.Progress = nil
				if err != nil {
					return err
				}
				if err := ctx.Err(); err != nil {
					return err // interrupted while selecting: no result
				}
				fmt.Fprintf(e.stdout, "model: %s\nlibrary: %s\n\n", modelDesc, libDesc)
				tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
				showPort := opts.Orientation != selection.OrientationA
				head := "layer\tfan_in\tmax_std\tmultiplier\tpredicted_std\trelative_metric\topcount_share"
				if showPort {
					head += "\tport"
				}
				if opts.Criterion == selection.CriterionChannel {
					head += "\tchannel_score"
				}
				fmt.Fprintln(tw, head)
				for i, l := range res.Layers {
					fmt.Fprintf(tw, "%s\t%d\t%.4g\t%s\t%.4g\t%.3f\t%.3f", l.Name, layers[i].FanIn, l.MaxStd, l.MultiplierName,
						l.MulStds[l.MultiplierName], l.RelativeEnergyConsumption(res.MetricMax), l.RelativeOpCount(res.OpCount))
					if showPort {
						fmt.Fprintf(tw, "\t%s", l.Port())
					}
					if opts.Criterion == selection.CriterionChannel {
						fmt.Fprintf(tw, "\t%.3g (max_noise %.3g)", l.MulChannelScores[l.MultiplierName], layers[i].MaxNoise)
					}
					fmt.Fprintln(tw)
				}
				tw.Flush()
				ref := "the most expensive multiplier in every layer"
				if opts.LayerMetric {
					ref = "metric_max, the largest per-layer power, in every layer"
				}
				fmt.Fprintf(e.stdout, "\nrelative energy of the model: %.4f (1 = %s)\n", res.RelativeEnergyConsumption(), ref)
				if validate {
					vbar := newProgressBar(e.stderr)
					opts.Progress = func(stage string, done, total int) { vbar.update(done, total, stage) }
					vs, err := selection.ValidateContext(ctx, layers, lib, selection.ChecksFromResult(res), selection.ValidateOptions{Options: opts, RatioThreshold: threshold})
					vbar.done()
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "\nvalidation: the chosen multipliers' measured output error (features through the multiplier exactly)\n\n")
					writeValidationTable(e.stdout, vs, threshold)
				}
				if out != "" {
					if err := outfile.WriteAtomic(out, func(w io.Writer) error { return writeJSON(w, res) }); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "wrote %s\n", out)
				}
				return nil
			}
		},
	}
}

func cmdDeploy() *command {
	var f netlistFlags
	var result, library, out, port string
	return &command{
		name:  "deploy",
		usage: "--result result.json --library LIBDIR [--activation-port A|B] -o OUTDIR",
		short: "write the chosen LUT of every layer for deployment",
		long: `Deploy reads a result written by 'axmul select -o' and writes OUTDIR with, per
layer, the chosen multiplier's LUT (int32 [256, 256] .npy, TorchApprox layout)
and assignment.json mapping layers to multipliers and LUT files. A result
naming a multiplier that the library does not hold is refused and nothing is
written. OUTDIR must not exist or be empty; it appears whole or not at all.

Each LUT is laid out for the layer's activation port (the result's
activation_port; --activation-port for results that do not record one,
default the bundle's port, A unless built with gen --activation-port B): it
is always indexed [activation, weight], so for port B it is the multiplier's
table transposed. assignment.json records the port of every layer.`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			f.register(fs)
			fs.StringVar(&result, "result", "", "result `file` of axmul select -o")
			fs.StringVar(&library, "library", "", "library bundle or EvoApprox checkout the result was computed with (default: built-in)")
			fs.StringVar(&out, "o", "", "output `folder`")
			fs.StringVar(&port, "activation-port", "", "activation port (A or B) for layers whose result records none (default: the bundle's, A unless built with gen --activation-port B)")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q", args)
				}
				if result == "" || out == "" {
					return usagef("--result and -o are required")
				}
				if err := checkOutputFolder("-o", out); err != nil {
					return err
				}
				var p selection.Port
				if port != "" {
					var err error
					if p, err = parsePortFlag(port); err != nil {
						return err
					}
				}
				res, err := selection.ReadResult(result)
				if err != nil {
					return err
				}
				lib, _, cleanup, err := openLibrary(ctx, library, "", &f, e)
				if err != nil {
					return err
				}
				defer cleanup()
				for i, l := range res.Layers {
					switch {
					case p == "" && l.ActivationPort == "":
						res.Layers[i].ActivationPort = libraryPort(lib)
					case p == "":
					case l.ActivationPort == "":
						res.Layers[i].ActivationPort = p
					case l.ActivationPort != p:
						return fmt.Errorf("%s: layer %s: activation_port %s, but --activation-port %s", result, l.Name, l.ActivationPort, p)
					}
				}
				if err := selection.Deploy(out, res, lib); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "wrote %s: %d layers\n", out, len(res.Layers))
				return nil
			}
		},
	}
}

// enableLayerPower gives lib per-layer power estimates with the Liberty
// library at path and returns the library description to print.
func enableLayerPower(lib selection.Library, path, desc string) (string, error) {
	gl, ok := lib.(*gen.Library)
	if !ok {
		return "", fmt.Errorf("--metric layer_power: library %T has no netlists to estimate", lib)
	}
	cells, err := liberty.ParseFile(path)
	if err != nil {
		return "", err
	}
	if err := gl.EnableLayerPower(gen.LayerPowerOptions{Liberty: cells, Seed: 1}); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s; chosen by layer_power: power estimated with %s under each layer's operands, mW", desc, cells.Name), nil
}

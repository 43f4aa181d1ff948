package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/selection"
)

func cmdSelect() *command {
	var f netlistFlags
	var model, library, metric, samples, out string
	var seed uint64
	return &command{
		name:  "select",
		usage: "[--model model.json] [--library LIBDIR|EVOAPPROX_DIR] [--metric power|area|...] [--samples N|all] [--seed S] [-o result.json]",
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
power per layer (mul_metrics) and metric_max is the largest of them.`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			f.register(fs)
			fs.StringVar(&model, "model", "", "model manifest `model.json` (default: built-in synthetic demo model)")
			fs.StringVar(&library, "library", "", "library bundle or EvoApprox checkout (default: built-in generated library)")
			fs.StringVar(&metric, "metric", "", "performance metric: power, area, delay, gates, est_power_mw, layer_power (needs --liberty), or any bundle key (default: published power, else est_power_mw, else gates)")
			fs.StringVar(&samples, "samples", "512", "feature rows sampled per layer (1..2^24), or all")
			fs.Uint64Var(&seed, "seed", 0, "seed of the row sample")
			fs.StringVar(&out, "o", "", "write the result JSON to this `file`")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q", args)
				}
				opts := selection.Options{Seed: seed}
				n, err := selection.ParseSamples(samples)
				if err != nil || samples == "" {
					return usagef("--samples %q: want an integer in 1..%d, or all", samples, selection.MaxSamples)
				}
				opts.Samples = n
				var layers []selection.Layer
				modelDesc := model
				if model == "" {
					layers = selection.DemoModel()
					modelDesc = "built-in demo model (SYNTHETIC layers, not a trained network)"
				} else {
					var err error
					if layers, err = selection.LoadModel(model); err != nil {
						return err
					}
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
				if opts.LayerMetric {
					if libDesc, err = enableLayerPower(lib, f.liberty, libDesc); err != nil {
						return err
					}
				}
				res, err := selection.SelectMultipliers(layers, lib, opts)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "model: %s\nlibrary: %s\n\n", modelDesc, libDesc)
				tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "layer\tfan_in\tmax_std\tmultiplier\tpredicted_std\trelative_metric\topcount_share")
				for i, l := range res.Layers {
					fmt.Fprintf(tw, "%s\t%d\t%.4g\t%s\t%.4g\t%.3f\t%.3f\n", l.Name, layers[i].FanIn, l.MaxStd, l.MultiplierName,
						l.MulStds[l.MultiplierName], l.RelativeEnergyConsumption(res.MetricMax), l.RelativeOpCount(res.OpCount))
				}
				tw.Flush()
				ref := "the most expensive multiplier in every layer"
				if opts.LayerMetric {
					ref = "metric_max, the largest per-layer power, in every layer"
				}
				fmt.Fprintf(e.stdout, "\nrelative energy of the model: %.4f (1 = %s)\n", res.RelativeEnergyConsumption(), ref)
				if out != "" {
					if err := writeFileAtomic(out, func(f *os.File) error { return writeJSON(f, res) }); err != nil {
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
	var result, library, out string
	return &command{
		name:  "deploy",
		usage: "--result result.json --library LIBDIR -o OUTDIR",
		short: "write the chosen LUT of every layer for deployment",
		long: `Deploy reads a result written by 'axmul select -o' and writes OUTDIR with, per
layer, the chosen multiplier's LUT (int32 [256, 256] .npy, TorchApprox layout)
and assignment.json mapping layers to multipliers and LUT files. A result
naming a multiplier that the library does not hold is refused and nothing is
written. OUTDIR must not exist or be empty; it appears whole or not at all.`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			f.register(fs)
			fs.StringVar(&result, "result", "", "result `file` of axmul select -o")
			fs.StringVar(&library, "library", "", "library bundle or EvoApprox checkout the result was computed with (default: built-in)")
			fs.StringVar(&out, "o", "", "output `folder`")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q", args)
				}
				if result == "" || out == "" {
					return usagef("--result and -o are required")
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

// writeFileAtomic writes path through a temporary file in the same folder
// that is renamed into place only when write succeeded.
func writeFileAtomic(path string, write func(*os.File) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

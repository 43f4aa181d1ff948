package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/internal/jsonfile"
	"github.com/axmul/axmul/internal/plots"
	"github.com/axmul/axmul/selection"
)

func cmdPlot() *command {
	var f netlistFlags
	var m modelFlags
	var out, title, metric, layer string
	return &command{
		name:  "plot",
		usage: "validate REPORT.json -o FIG.svg|png | library [LIBDIR] [--metric M] [[--model model.json] --layer NAME] -o FIG.svg|png",
		short: "draw a validation report or a library's Pareto front (SVG or PNG)",
		long: `Plot draws a figure; the format follows -o's extension (.svg or .png).

plot validate REPORT.json: the report of 'axmul validate -o' (run it with
--result R --multipliers all to see every candidate with the choices
marked): per layer the measured output error std of every candidate against
the population model's prediction, log-log, chosen ones ringed, y = x and
each layer's max_std as dashed lines.

plot library [LIBDIR] (default: the built-in library): the library's trade-off, every candidate's performance
metric against its MAE (log scale), the Pareto front as a step line. With
--layer L (of --model M, default the built-in demo model) the error axis is
instead the predicted output error std on that layer (as select computes it,
--samples/--seed), with the layer's max_std as a dashed vertical line.`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			f.register(fs)
			m.register(fs)
			fs.StringVar(&out, "o", "", "output `file` (.svg or .png)")
			fs.StringVar(&title, "title", "", "figure title (default: from the inputs)")
			fs.StringVar(&metric, "metric", "", "plot library: performance metric (as select's --metric)")
			fs.StringVar(&layer, "layer", "", "plot library: layer of --model whose predicted std is the error axis")
			return func(ctx context.Context, e *env, args []string) error {
				switch {
				case len(args) == 2 && (args[0] == "validate" || args[0] == "library"):
				case len(args) == 1 && args[0] == "library":
					args = append(args, "") // the built-in library
				default:
					return usagef("want 'validate REPORT.json' or 'library [LIBDIR]'")
				}
				if out == "" {
					return usagef("-o FIG.svg|png is required")
				}
				if err := checkOutputFile("-o", out); err != nil {
					return err
				}
				if args[0] == "validate" {
					if layer != "" || metric != "" || m.model != "" {
						return usagef("--layer, --metric and --model belong to plot library")
					}
					data, err := os.ReadFile(args[1])
					if err != nil {
						return err
					}
					var rep validationReport
					if err := jsonfile.Decode(args[1], data, &rep); err != nil {
						return err
					}
					if title == "" {
						title = fmt.Sprintf("measured vs predicted output error std\nmodel %s", rep.Model)
					}
					if err := plots.Validation(out, title, rep.Validations); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "wrote %s (%d validations)\n", out, len(rep.Validations))
					return nil
				}
				if m.model != "" && layer == "" {
					return usagef("--model needs --layer, the layer whose predicted std is the error axis")
				}
				lib, libDesc, cleanup, err := openLibrary(ctx, args[1], metric, &f, e)
				if err != nil {
					return err
				}
				defer cleanup()
				pts, xLabel, vLine, err := libraryPoints(lib, &m, layer)
				if err != nil {
					return err
				}
				if title == "" {
					title = libDesc
					if args[1] == "" {
						title = "built-in library, " + libDesc[len("built-in generated library, "):]
					}
				}
				if err := plots.Library(out, title, xLabel, "performance metric", pts, vLine, "layer max_std"); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "wrote %s (%d candidates, %d on the Pareto front)\n", out, len(pts), len(plots.ParetoFront(pts)))
				return nil
			}
		},
	}
}

// libraryPoints returns every candidate's error figure and metric: MAE of
// its error map, or its predicted std on the named layer of the model.
func libraryPoints(lib selection.Library, m *modelFlags, layer string) ([]plots.Point, string, float64, error) {
	cands, err := lib.Candidates()
	if err != nil {
		return nil, "", 0, err
	}
	pts := make([]plots.Point, len(cands))
	if layer == "" {
		for i, c := range cands {
			em, err := lib.ErrorMap(c.Name)
			if err != nil {
				return nil, "", 0, err
			}
			pts[i] = plots.Point{Name: c.Name, X: em.Metrics(errmap.Options{}).MAE, Metric: c.Metric}
		}
		return pts, "MAE", 0, nil
	}
	opts, err := m.options()
	if err != nil {
		return nil, "", 0, err
	}
	layers, _, err := m.load()
	if err != nil {
		return nil, "", 0, err
	}
	for i := range layers {
		if layers[i].Name != layer {
			continue
		}
		l := layers[i]
		maxStd := 0.0
		if std, err := l.OutputStd(); err == nil {
			maxStd = std * l.MaxNoise
		}
		// Every candidate's prediction, whatever fits: a tolerance so large
		// that every candidate fits (std(outputs) is below 2^60, so
		// max_std stays finite).
		l.MaxNoise = 1e200
		info, err := selection.SelectLayerMultiplier(&l, lib, opts)
		if err != nil {
			return nil, "", 0, err
		}
		for i, c := range cands {
			pts[i] = plots.Point{Name: c.Name, X: info.MulStds[c.Name], Metric: c.Metric}
		}
		return pts, "predicted output error std on layer " + layer, maxStd, nil
	}
	return nil, "", 0, fmt.Errorf("%s: no layer %q", m.model, layer)
}

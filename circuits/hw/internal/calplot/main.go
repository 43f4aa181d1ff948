// Command calplot writes scatter plots (SVG, drawn with gonum.org/v1/plot
// through internal/plots) of circuits/hw estimates
// against published figures: docs/calibration-{area,delay,power}.svg for
// the EvoApprox v2022 8x8 multipliers (PDK45), and
// docs/calibration-8b-{area,delay,power}.svg for the EvoApprox8b ones
// (45 nm and 180 nm).
//
// Usage, from the module root:
//
//	go run ./circuits/hw/internal/calplot [-shared $AXMUL_SHARED] [-out docs] [-format svg|png]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/axmul/axmul/circuits/hw/internal/calib"
	"github.com/axmul/axmul/internal/plots"
)

func main() {
	shared := flag.String("shared", os.Getenv("AXMUL_SHARED"), "shared data directory (evoapprox/, cells/)")
	out := flag.String("out", "docs", "output directory")
	format := flag.String("format", "svg", "image format: svg or png")
	flag.Parse()
	if err := run(*shared, *out, *format); err != nil {
		fmt.Fprintln(os.Stderr, "calplot:", err)
		os.Exit(1)
	}
}

func run(shared, out, format string) error {
	if shared == "" {
		return fmt.Errorf("set -shared or AXMUL_SHARED")
	}
	plain, pdk, err := calib.Run(shared, calib.Vectors)
	if err != nil {
		return err
	}
	b45, err := calib.Run8b(shared, "gscl45nm.lib", "45", 1, 4096)
	if err != nil {
		return err
	}
	b180, err := calib.Run8b(shared, "osu018_stdcells.lib", "180", 1, 4096)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	units := map[string]string{"area": "um²", "delay": "ns", "power": "mW"}
	v2022 := []series{
		{"behavioural netlist mapped by circuits/hw", plain},
		{"_pdk45 cell netlist", pdk},
	}
	b8 := []series{
		{"gscl45nm vs published 45 nm", b45},
		{"osu018 vs published 180 nm", b180},
	}
	for _, metric := range []string{"area", "delay", "power"} {
		for _, fig := range []struct {
			file, title string
			ss          []series
		}{
			{"calibration-" + metric + "." + format, "EvoApprox v2022 8x8 (gscl45nm): estimated vs published PDK45 " + metric, v2022},
			{"calibration-8b-" + metric + "." + format, "EvoApprox8b (505 circuits): estimated vs published " + metric, b8},
		} {
			p := filepath.Join(out, fig.file)
			if err := plot(p, fig.title, metric, units[metric], fig.ss); err != nil {
				return err
			}
			fmt.Println("wrote", p)
		}
	}
	return nil
}

// series is one set of points of a plot.
type series struct {
	label string
	rows  []calib.Row
}

// plot writes one log-log scatter plot (published on x, estimated on y)
// with the y = x diagonal; the caption gives each series' Spearman rank
// correlation and median estimated/published ratio.
func plot(path, title, metric, unit string, ss []series) error {
	var caption []string
	var ps []plots.Series
	for _, s := range ss {
		est, pub := calib.Columns(s.rows, metric)
		st := calib.Compare(est, pub)
		caption = append(caption, fmt.Sprintf("%s: Spearman %.3f, median estimated/published %.2f", s.label, st.Spearman, st.MedianRatio))
		names := make([]string, len(s.rows))
		for i, r := range s.rows {
			names[i] = r.Name
		}
		ps = append(ps, plots.Series{Label: s.label, X: pub, Y: est, Names: names})
	}
	return plots.Calibration(path, title, fmt.Sprintf("published %s (%s)", metric, unit), fmt.Sprintf("estimated %s (%s)", metric, unit), caption, ps)
}

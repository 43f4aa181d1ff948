// Command calplot writes scatter plots (SVG) of circuits/hw estimates
// against published figures: docs/calibration-{area,delay,power}.svg for
// the EvoApprox v2022 8x8 multipliers (PDK45), and
// docs/calibration-8b-{area,delay,power}.svg for the EvoApprox8b ones
// (45 nm and 180 nm).
//
// Usage, from the module root:
//
//	go run ./circuits/hw/internal/calplot [-shared $AXMUL_SHARED] [-out docs]
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/axmul/axmul/circuits/hw/internal/calib"
)

func main() {
	shared := flag.String("shared", os.Getenv("AXMUL_SHARED"), "shared data directory (evoapprox/, cells/)")
	out := flag.String("out", "docs", "output directory")
	flag.Parse()
	if err := run(*shared, *out); err != nil {
		fmt.Fprintln(os.Stderr, "calplot:", err)
		os.Exit(1)
	}
}

func run(shared, out string) error {
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
		{"behavioural netlist mapped by circuits/hw", plain, "circle", "#1f77b4"},
		{"_pdk45 cell netlist", pdk, "square", "#d62728"},
	}
	b8 := []series{
		{"gscl45nm vs published 45 nm", b45, "circle", "#1f77b4"},
		{"osu018 vs published 180 nm", b180, "square", "#2ca02c"},
	}
	for _, metric := range []string{"area", "delay", "power"} {
		for _, fig := range []struct {
			file, title string
			ss          []series
		}{
			{"calibration-" + metric + ".svg", "EvoApprox v2022 8x8 (gscl45nm): estimated vs published PDK45 " + metric, v2022},
			{"calibration-8b-" + metric + ".svg", "EvoApprox8b (505 circuits): estimated vs published " + metric, b8},
		} {
			var sb strings.Builder
			plot(&sb, fig.title, metric, units[metric], fig.ss)
			p := filepath.Join(out, fig.file)
			if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
				return err
			}
			fmt.Println("wrote", p)
		}
	}
	return nil
}

// series is one set of points of a plot.
type series struct {
	label  string
	rows   []calib.Row
	marker string // "circle" or "square"
	color  string
}

// Plot geometry, in SVG user units.
const (
	width, height = 560.0, 460.0
	left, right   = 70.0, 20.0
	top, bottom   = 64.0, 60.0
)

// plot writes one log-log scatter plot with the y = x diagonal.
func plot(w io.Writer, title, metric, unit string, ss []series) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range ss {
		est, pub := calib.Columns(s.rows, metric)
		for _, v := range append(est, pub...) {
			if v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	lo, hi = math.Pow(10, math.Floor(math.Log10(lo))), math.Pow(10, math.Ceil(math.Log10(hi)))
	sx := func(v float64) float64 {
		return left + (math.Log10(v)-math.Log10(lo))/(math.Log10(hi)-math.Log10(lo))*(width-left-right)
	}
	sy := func(v float64) float64 {
		return height - bottom - (math.Log10(v)-math.Log10(lo))/(math.Log10(hi)-math.Log10(lo))*(height-top-bottom)
	}
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g" font-family="sans-serif" font-size="11">`+"\n", width, height, width, height)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(w, `<text x="%g" y="18" text-anchor="middle" font-size="13">%s</text>`+"\n", width/2, title)
	for i, s := range ss {
		st := calib.Compare(calib.Columns(s.rows, metric))
		fmt.Fprintf(w, `<text x="%g" y="%d" text-anchor="middle" fill="%s">%s: Spearman %.3f, median estimated/published %.2f</text>`+"\n",
			width/2, 34+14*i, s.color, s.label, st.Spearman, st.MedianRatio)
	}
	// Axes with decade ticks.
	fmt.Fprintf(w, `<rect x="%g" y="%g" width="%g" height="%g" fill="none" stroke="black"/>`+"\n", left, top, width-left-right, height-top-bottom)
	for d := lo; d <= hi*1.0001; d *= 10 {
		fmt.Fprintf(w, `<line x1="%.1f" y1="%g" x2="%.1f" y2="%g" stroke="#ddd"/>`+"\n", sx(d), top, sx(d), height-bottom)
		fmt.Fprintf(w, `<line x1="%g" y1="%.1f" x2="%g" y2="%.1f" stroke="#ddd"/>`+"\n", left, sy(d), width-right, sy(d))
		fmt.Fprintf(w, `<text x="%.1f" y="%g" text-anchor="middle">%g</text>`+"\n", sx(d), height-bottom+15, d)
		fmt.Fprintf(w, `<text x="%g" y="%.1f" text-anchor="end" dominant-baseline="middle">%g</text>`+"\n", left-5, sy(d), d)
	}
	fmt.Fprintf(w, `<text x="%g" y="%g" text-anchor="middle">published %s (%s)</text>`+"\n", left+(width-left-right)/2, height-bottom+35, metric, unit)
	fmt.Fprintf(w, `<text transform="translate(18 %g) rotate(-90)" text-anchor="middle">estimated %s (%s)</text>`+"\n", top+(height-top-bottom)/2, metric, unit)
	fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="gray" stroke-dasharray="4 3"/>`+"\n", sx(lo), sy(lo), sx(hi), sy(hi))
	// Points: published on x, estimated on y; zeros cannot be shown on
	// log axes and are left out.
	for _, s := range ss {
		est, pub := calib.Columns(s.rows, metric)
		for i := range est {
			if est[i] > 0 && pub[i] > 0 {
				marker(w, s, sx(pub[i]), sy(est[i]), s.rows[i].Name)
			}
		}
	}
	// Legend, bottom right: far from the diagonal where the points are.
	lx, ly := width-right-250, height-bottom-50
	for i, s := range ss {
		y := ly + 14*float64(i)
		marker(w, s, lx, y, "")
		fmt.Fprintf(w, `<text x="%g" y="%g" dominant-baseline="middle">%s (%d)</text>`+"\n", lx+8, y, s.label, len(s.rows))
	}
	fmt.Fprintf(w, `<text x="%g" y="%g" fill="gray">dashed: estimated = published</text>`+"\n", lx-3, ly+14*float64(len(ss))+6)
	fmt.Fprintln(w, "</svg>")
}

func marker(w io.Writer, s series, x, y float64, name string) {
	tip := ""
	if name != "" {
		tip = "<title>" + name + "</title>"
	}
	if s.marker == "square" {
		fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="5" height="5" fill="%s" fill-opacity="0.6">%s</rect>`+"\n", x-2.5, y-2.5, s.color, tip)
		return
	}
	fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="none" stroke="%s">%s</circle>`+"\n", x, y, s.color, tip)
}

// Command calplot writes scatter plots (SVG) of circuits/hw estimates
// against the published PDK45 figures of the EvoApprox v2022 8x8
// multipliers: docs/calibration-{area,delay,power}.svg.
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
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	units := map[string]string{"area": "um²", "delay": "ns", "power": "mW"}
	for _, metric := range []string{"area", "delay", "power"} {
		var sb strings.Builder
		plot(&sb, metric, units[metric], plain, pdk)
		p := filepath.Join(out, "calibration-"+metric+".svg")
		if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
			return err
		}
		fmt.Println("wrote", p)
	}
	return nil
}

// Plot geometry, in SVG user units.
const (
	width, height = 560.0, 460.0
	left, right   = 70.0, 20.0
	top, bottom   = 50.0, 60.0
)

// plot writes one log-log scatter plot with the y = x diagonal.
func plot(w io.Writer, metric, unit string, plain, pdk []calib.Row) {
	ep, pp := calib.Columns(plain, metric)
	ek, pk := calib.Columns(pdk, metric)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range [][]float64{ep, pp, ek, pk} {
		for _, v := range s {
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
	sp, sk := calib.Compare(ep, pp), calib.Compare(ek, pk)
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g" font-family="sans-serif" font-size="11">`+"\n", width, height, width, height)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(w, `<text x="%g" y="18" text-anchor="middle" font-size="13">EvoApprox v2022 8x8: estimated vs published PDK45 %s</text>`+"\n", width/2, metric)
	fmt.Fprintf(w, `<text x="%g" y="34" text-anchor="middle">plain (mapped): Spearman %.3f, median est/pub %.2f; pdk45: Spearman %.3f, median est/pub %.2f</text>`+"\n",
		width/2, sp.Spearman, sp.MedianRatio, sk.Spearman, sk.MedianRatio)
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
	// y = x.
	fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="gray" stroke-dasharray="4 3"/>`+"\n", sx(lo), sy(lo), sx(hi), sy(hi))
	// Points: published on x, estimated on y; zeros cannot be shown on
	// log axes and are left out.
	for i := range ep {
		if ep[i] > 0 && pp[i] > 0 {
			fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="none" stroke="#1f77b4"><title>%s</title></circle>`+"\n", sx(pp[i]), sy(ep[i]), plain[i].Name)
		}
	}
	for i := range ek {
		if ek[i] > 0 && pk[i] > 0 {
			fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="5" height="5" fill="#d62728" fill-opacity="0.6"><title>%s_pdk45</title></rect>`+"\n", sx(pk[i])-2.5, sy(ek[i])-2.5, pdk[i].Name)
		}
	}
	// Legend.
	// Bottom right: far from the diagonal where the points are.
	lx, ly := width-right-250, height-bottom-50
	fmt.Fprintf(w, `<circle cx="%g" cy="%g" r="3.5" fill="none" stroke="#1f77b4"/><text x="%g" y="%g" dominant-baseline="middle">behavioural netlist mapped by circuits/hw (%d)</text>`+"\n", lx, ly, lx+8, ly, len(ep))
	fmt.Fprintf(w, `<rect x="%g" y="%g" width="5" height="5" fill="#d62728" fill-opacity="0.6"/><text x="%g" y="%g" dominant-baseline="middle">_pdk45 cell netlist (%d)</text>`+"\n", lx-2.5, ly+14, lx+8, ly+16.5, len(ek))
	fmt.Fprintf(w, `<text x="%g" y="%g" fill="gray">dashed: estimated = published</text>`+"\n", lx-3, ly+34)
	fmt.Fprintln(w, "</svg>")
}

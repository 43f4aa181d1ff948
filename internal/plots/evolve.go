package plots

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Evolved writes the trade-off of several sets of circuits on one layer:
// every circuit's cost (Y, linear, e.g. power) against its error figure
// (X, log scale, e.g. predicted std), one series per set (e.g. a library
// and the circuits evolved for the layer), each with its Pareto front as a
// step line, and, when vLine > 0, a dashed vertical line labelled vLabel
// (the layer's max_std). Points with X = 0 cannot be shown on the log
// axis; the title counts them.
func Evolved(path, title, xLabel, yLabel string, ss []Series, vLine float64, vLabel string) error {
	if len(ss) == 0 {
		return errors.New("plots: evolved: no series")
	}
	p := plot.New()
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	logAxes(p, true, false)
	p.Add(plotter.NewGrid())
	dropped := 0
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for i, s := range ss {
		d, err := scatter(p, s, i, true, false, vg.Points(3))
		if err != nil {
			return err
		}
		dropped += d
		var pts []Point
		for k := range s.X {
			pts = append(pts, Point{X: s.X[k], Metric: s.Y[k]})
			ylo, yhi = math.Min(ylo, s.Y[k]), math.Max(yhi, s.Y[k])
		}
		var front plotter.XYs
		for _, pt := range ParetoFront(pts) {
			if pt.X > 0 {
				front = append(front, plotter.XY{X: pt.X, Y: pt.Metric})
			}
		}
		if len(front) > 1 {
			l, err := plotter.NewLine(front)
			if err != nil {
				return fmt.Errorf("plots: %w", err)
			}
			l.StepStyle = plotter.PostStep
			l.LineStyle.Color = Colour(i)
			l.LineStyle.Width = vg.Points(1)
			p.Add(l)
		}
	}
	if vLine > 0 && ylo <= yhi {
		if err := markX(p, vLine, ylo, yhi, Colour(len(ss)), vLabel); err != nil {
			return err
		}
	}
	p.Title.Text = title
	if dropped > 0 {
		p.Title.Text += fmt.Sprintf("\nnot shown on the log axis: %d circuit(s) with an error of 0 (exact)", dropped)
	}
	p.Legend.Top = true
	return save(p, path)
}

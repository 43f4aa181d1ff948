package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/axmul/axmul/selection"
)

// Validation writes the figure of a validation report: per layer (one
// colour each) the measured output error std of every validated candidate
// against the population model's prediction, log-log, with the chosen
// candidates ringed, the y = x diagonal (prediction exact) and each
// layer's max_std as a dashed horizontal line (points below it really
// fit).
func Validation(path, title string, vs []selection.Validation) error {
	if len(vs) == 0 {
		return errors.New("plots: validation: no validations")
	}
	var layers []string
	for _, v := range vs {
		if !slices.Contains(layers, v.Layer) {
			layers = append(layers, v.Layer)
		}
	}
	p := plot.New()
	p.X.Label.Text = "predicted output error std (population model)"
	p.Y.Label.Text = "measured output error std"
	logAxes(p, true, true)
	p.Add(plotter.NewGrid())
	var xs, ys []float64
	for _, v := range vs {
		xs, ys = append(xs, v.PredictedStd), append(ys, v.MeasuredStd, v.MaxStd)
	}
	lo, hi := bounds(xs, ys)
	if lo > hi {
		return errors.New("plots: validation: no positive stds to plot")
	}
	lo, hi = math.Pow(10, math.Floor(math.Log10(lo))), math.Pow(10, math.Ceil(math.Log10(hi)))
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, lo, hi
	diag, err := line(plotter.XYs{{X: lo, Y: lo}, {X: hi, Y: hi}}, color.Gray{Y: 0x80}, true)
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	p.Add(diag)
	p.Legend.Add("measured = predicted", diag)
	dropped := 0
	var chosen plotter.XYs
	for i, name := range layers {
		var s Series
		s.Label = name
		maxStd := 0.0
		for _, v := range vs {
			if v.Layer != name {
				continue
			}
			s.X, s.Y = append(s.X, v.PredictedStd), append(s.Y, v.MeasuredStd)
			maxStd = v.MaxStd
			if v.Chosen && v.PredictedStd > 0 && v.MeasuredStd > 0 {
				chosen = append(chosen, plotter.XY{X: v.PredictedStd, Y: v.MeasuredStd})
			}
		}
		d, err := scatter(p, s, i, true, true, vg.Points(2.5))
		if err != nil {
			return err
		}
		dropped += d
		if maxStd > 0 {
			l, err := line(plotter.XYs{{X: lo, Y: maxStd}, {X: hi, Y: maxStd}}, Colour(i), true)
			if err != nil {
				return fmt.Errorf("plots: %w", err)
			}
			p.Add(l)
		}
	}
	if len(chosen) > 0 {
		sc, err := plotter.NewScatter(chosen)
		if err != nil {
			return fmt.Errorf("plots: %w", err)
		}
		sc.GlyphStyle.Shape = draw.RingGlyph{}
		sc.GlyphStyle.Radius = vg.Points(6)
		sc.GlyphStyle.Color = color.Black
		p.Add(sc)
		p.Legend.Add("chosen", sc)
	}
	p.Title.Text = title + "\ndashed lines: y = x and each layer's max_std (in its colour)"
	if dropped > 0 {
		p.Title.Text += fmt.Sprintf("; %d points with a zero std not shown", dropped)
	}
	p.Legend.Top, p.Legend.Left = true, true
	return save(p, path)
}

// Point is one candidate of a library plot.
type Point struct {
	Name   string
	X      float64 // error figure (MAE, predicted std, ...)
	Metric float64 // performance metric (lower is better)
}

// ParetoFront returns the points that no other point beats in both X and
// Metric (lower is better in both), by increasing X; of equal points the
// first in name order is kept.
func ParetoFront(pts []Point) []Point {
	s := slices.Clone(pts)
	slices.SortFunc(s, func(a, b Point) int {
		switch {
		case a.X != b.X:
			return cmpFloat(a.X, b.X)
		case a.Metric != b.Metric:
			return cmpFloat(a.Metric, b.Metric)
		}
		return cmpString(a.Name, b.Name)
	})
	var front []Point
	best := math.Inf(1)
	for _, pt := range s {
		if pt.Metric < best {
			front = append(front, pt)
			best = pt.Metric
		}
	}
	return front
}

func cmpFloat(a, b float64) int {
	if a < b {
		return -1
	}
	return 1
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Library writes a library's trade-off: every candidate's metric (Y)
// against its error figure (X, log scale; candidates at 0, the exact ones,
// are counted in the title), with the Pareto front as a step line. vLine,
// when > 0, draws a dashed vertical line (e.g. the layer's max_std) with
// the label vLabel.
func Library(path, title, xLabel, yLabel string, pts []Point, vLine float64, vLabel string) error {
	if len(pts) == 0 {
		return errors.New("plots: library: no candidates")
	}
	p := plot.New()
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	logAxes(p, true, false)
	p.Add(plotter.NewGrid())
	s := Series{Label: "candidates"}
	for _, pt := range pts {
		s.X, s.Y, s.Names = append(s.X, pt.X), append(s.Y, pt.Metric), append(s.Names, pt.Name)
	}
	dropped, err := scatter(p, s, 7, true, false, vg.Points(2.5))
	if err != nil {
		return err
	}
	var front plotter.XYs
	var fx []float64
	for _, pt := range ParetoFront(pts) {
		if pt.X > 0 {
			front = append(front, plotter.XY{X: pt.X, Y: pt.Metric})
			fx = append(fx, pt.X)
		}
	}
	if len(front) > 0 {
		l, err := plotter.NewLine(front)
		if err != nil {
			return fmt.Errorf("plots: %w", err)
		}
		l.StepStyle = plotter.PostStep
		l.LineStyle.Color = Colour(0)
		l.LineStyle.Width = vg.Points(1.2)
		sc, err := plotter.NewScatter(front)
		if err != nil {
			return fmt.Errorf("plots: %w", err)
		}
		sc.GlyphStyle.Color = Colour(0)
		sc.GlyphStyle.Radius = vg.Points(3)
		p.Add(l, sc)
		p.Legend.Add(fmt.Sprintf("Pareto front (%d)", len(ParetoFront(pts))), l, sc)
	}
	if vLine > 0 {
		var ys []float64
		for _, pt := range pts {
			ys = append(ys, pt.Metric)
		}
		ylo, yhi := slices.Min(ys), slices.Max(ys)
		if err := markX(p, vLine, ylo, yhi, Colour(1), vLabel); err != nil {
			return err
		}
	}
	p.Title.Text = title
	if dropped > 0 {
		p.Title.Text += fmt.Sprintf("\n%d candidates with an error of 0 (exact) not shown on the log axis", dropped)
	}
	p.Legend.Top = true
	return save(p, path)
}

package plots

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/axmul/axmul/internal/outfile"
)

// Size of every figure.
const (
	Width  = 7 * vg.Inch
	Height = 5 * vg.Inch
)

// palette holds the series colours (Tableau 10).
var palette = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xd6, 0x27, 0x28, 0xff}, {0x2c, 0xa0, 0x2c, 0xff}, {0xff, 0x7f, 0x0e, 0xff},
	{0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff}, {0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff},
	{0xbc, 0xbd, 0x22, 0xff}, {0x17, 0xbe, 0xcf, 0xff},
}

// Colour returns the colour of series i.
func Colour(i int) color.Color { return palette[i%len(palette)] }

var glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PlusGlyph{}, draw.CrossGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{}, draw.BoxGlyph{}}

// Series is one set of (X, Y) points with a legend label.
type Series struct {
	Label string
	X, Y  []float64
	// Names label the points in SVG tooltips (optional; unused by PNG).
	Names []string
}

// positive returns the points of s with both coordinates > 0 (and
// finite) as plotter.XYs, and how many were left out.
func positive(x, y []float64, logX, logY bool) (plotter.XYs, int) {
	var xys plotter.XYs
	dropped := 0
	for i := range x {
		ok := !math.IsNaN(x[i]) && !math.IsInf(x[i], 0) && !math.IsNaN(y[i]) && !math.IsInf(y[i], 0)
		if (logX && x[i] <= 0) || (logY && y[i] <= 0) {
			ok = false
		}
		if !ok {
			dropped++
			continue
		}
		xys = append(xys, plotter.XY{X: x[i], Y: y[i]})
	}
	return xys, dropped
}

// bounds returns the smallest and largest of the values > 0.
func bounds(vs ...[]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		for _, x := range v {
			if x > 0 && !math.IsInf(x, 0) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	return lo, hi
}

// logAxes sets decade ticks and a log scale on the chosen axes.
func logAxes(p *plot.Plot, x, y bool) {
	if x {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	if y {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	}
}

// save writes p to path in the format of its extension, atomically.
func save(p *plot.Plot, path string) error {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	switch ext {
	case "svg", "png", "pdf", "eps", "jpg", "jpeg", "tif", "tiff":
	default:
		return fmt.Errorf("plots: %s: unknown image format %q (want .svg or .png)", path, ext)
	}
	wt, err := p.WriterTo(Width, Height, ext)
	if err != nil {
		return fmt.Errorf("plots: %s: %w", path, err)
	}
	// outfile.WriteAtomic: a temporary renamed over path, mode 0666 minus
	// the umask, errors naming path rather than the temporary.
	if err := outfile.WriteAtomic(path, func(w io.Writer) error {
		_, err := wt.WriteTo(w)
		return err
	}); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	return nil
}

// scatter adds s as series i (colour and glyph of i) and returns the
// number of points left out.
func scatter(p *plot.Plot, s Series, i int, logX, logY bool, radius vg.Length) (int, error) {
	xys, dropped := positive(s.X, s.Y, logX, logY)
	if len(xys) == 0 {
		return dropped, nil
	}
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return dropped, fmt.Errorf("plots: %s: %w", s.Label, err)
	}
	sc.GlyphStyle.Color = Colour(i)
	sc.GlyphStyle.Shape = glyphs[i%len(glyphs)]
	sc.GlyphStyle.Radius = radius
	p.Add(sc)
	p.Legend.Add(fmt.Sprintf("%s (%d)", s.Label, len(xys)), sc)
	return dropped, nil
}

// line returns a straight line through the given points.
// markX adds a dashed vertical line at x from ylo to yhi, with label in
// the legend.
func markX(p *plot.Plot, x, ylo, yhi float64, c color.Color, label string) error {
	l, err := line(plotter.XYs{{X: x, Y: ylo}, {X: x, Y: yhi}}, c, true)
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	p.Add(l)
	p.Legend.Add(label, l)
	return nil
}

func line(xys plotter.XYs, c color.Color, dashed bool) (*plotter.Line, error) {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return nil, err
	}
	l.LineStyle.Color = c
	l.LineStyle.Width = vg.Points(1)
	if dashed {
		l.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	return l, nil
}

// Calibration writes a log-log scatter plot of estimated (Y) against
// published (X) figures, one series per group, with the y = x diagonal.
// caption lines go under the title (e.g. Spearman correlations).
func Calibration(path, title, xLabel, yLabel string, caption []string, ss []Series) error {
	if len(ss) == 0 {
		return errors.New("plots: calibration: no series")
	}
	p := plot.New()
	p.Title.Text = strings.Join(append([]string{title}, caption...), "\n")
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	logAxes(p, true, true)
	p.Add(plotter.NewGrid())
	var all []float64
	for _, s := range ss {
		all = append(append(all, s.X...), s.Y...)
	}
	lo, hi := bounds(all)
	if lo > hi {
		return errors.New("plots: calibration: no positive values")
	}
	lo, hi = math.Pow(10, math.Floor(math.Log10(lo))), math.Pow(10, math.Ceil(math.Log10(hi)))
	diag, err := line(plotter.XYs{{X: lo, Y: lo}, {X: hi, Y: hi}}, color.Gray{Y: 0x80}, true)
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	p.Add(diag)
	p.Legend.Add("estimated = published", diag)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, lo, hi
	for i, s := range ss {
		if _, err := scatter(p, s, i, true, true, vg.Points(2.5)); err != nil {
			return err
		}
	}
	p.Legend.Top, p.Legend.Left = true, true
	return save(p, path)
}

package plots

import (
	"bytes"
	"image"
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/selection"
)

// checkImage checks that path exists and decodes (PNG) or is SVG.
func checkImage(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".png") {
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if b := img.Bounds(); b.Dx() < 200 || b.Dy() < 200 {
			t.Fatalf("%s: %v image", path, b)
		}
		return
	}
	if !bytes.Contains(data, []byte("<svg")) || !bytes.Contains(data, []byte("</svg>")) {
		t.Fatalf("%s: not an SVG document", path)
	}
}

func sampleValidations() []selection.Validation {
	return []selection.Validation{
		{Layer: "conv1", Multiplier: "a", PredictedStd: 10, MeasuredStd: 11, MaxStd: 40},
		{Layer: "conv1", Multiplier: "b", PredictedStd: 30, MeasuredStd: 38, MaxStd: 40, Chosen: true},
		{Layer: "conv1", Multiplier: "exact", PredictedStd: 0, MeasuredStd: 0, MaxStd: 40},
		{Layer: "fc", Multiplier: "a", PredictedStd: 100, MeasuredStd: 250, MaxStd: 300, Chosen: true},
		{Layer: "fc", Multiplier: "b", PredictedStd: 400, MeasuredStd: 390, MaxStd: 300},
	}
}

func TestFigures(t *testing.T) {
	dir := t.TempDir()
	pts := []Point{{"exact", 0, 10}, {"a", 5, 6}, {"b", 7, 7}, {"c", 20, 3}, {"d", 50, 3}, {"e", 80, 1}}
	for _, ext := range []string{"svg", "png"} {
		v := filepath.Join(dir, "validate."+ext)
		if err := Validation(v, "test", sampleValidations()); err != nil {
			t.Fatal(err)
		}
		checkImage(t, v)
		l := filepath.Join(dir, "library."+ext)
		if err := Library(l, "test library", "MAE", "power (mW)", pts, 30, "max_std"); err != nil {
			t.Fatal(err)
		}
		checkImage(t, l)
		c := filepath.Join(dir, "cal."+ext)
		if err := Calibration(c, "cal", "published", "estimated", []string{"Spearman 1"}, []Series{{Label: "s", X: []float64{1, 2, 3}, Y: []float64{1.1, 2.2, 2.9}}}); err != nil {
			t.Fatal(err)
		}
		checkImage(t, c)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 6 {
		t.Errorf("%d files in the folder, want 6 (no temporary files left)", len(entries))
	}
	if err := Library(filepath.Join(dir, "x.gif"), "t", "x", "y", pts, 0, ""); err == nil {
		t.Error("unknown extension: no error")
	}
	if err := Validation(filepath.Join(dir, "y.svg"), "t", nil); err == nil {
		t.Error("no validations: no error")
	}
}

func TestParetoFront(t *testing.T) {
	pts := []Point{{"exact", 0, 10}, {"a", 5, 6}, {"b", 7, 7}, {"c", 20, 3}, {"d", 50, 3}, {"e", 80, 1}, {"c2", 20, 3}}
	var names []string
	for _, p := range ParetoFront(pts) {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, ","); got != "exact,a,c,e" {
		t.Errorf("front %s, want exact,a,c,e", got)
	}
}

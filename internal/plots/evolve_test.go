package plots

import (
	"path/filepath"
	"testing"
)

func TestEvolved(t *testing.T) {
	ss := []Series{
		{Label: "library", X: []float64{0, 3, 10, 40}, Y: []float64{0.4, 0.3, 0.2, 0.25}},
		{Label: "evolved", X: []float64{20, 35}, Y: []float64{0.1, 0.08}},
	}
	for _, name := range []string{"e.png", "e.svg"} {
		path := filepath.Join(t.TempDir(), name)
		if err := Evolved(path, "t", "std", "mW", ss, 38, "max_std"); err != nil {
			t.Fatal(err)
		}
		checkImage(t, path)
	}
	if err := Evolved(filepath.Join(t.TempDir(), "x.png"), "t", "x", "y", nil, 0, ""); err == nil {
		t.Error("no series accepted")
	}
}

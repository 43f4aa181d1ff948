package liberty

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestLookup2x2(t *testing.T) {
	// Index1 {1, 3}, Index2 {10, 20}, values v(1,10)=1, v(1,20)=2,
	// v(3,10)=3, v(3,20)=4: the table is exactly v = x1 + 0.1*x2 - 1
	// (checked: 1+1-1=1, 1+2-1=2, 3+1-1=3, 3+2-1=4), so every lookup,
	// inside or outside the grid, has the hand-computed value below.
	tb := &Table{Index1: []float64{1, 3}, Index2: []float64{10, 20}, Values: [][]float64{{1, 2}, {3, 4}}}
	tests := []struct {
		name         string
		x1, x2, want float64
	}{
		{"grid 1,10", 1, 10, 1},
		{"grid 1,20", 1, 20, 2},
		{"grid 3,10", 3, 10, 3},
		{"grid 3,20", 3, 20, 4},
		{"center", 2, 15, 2.5},
		{"edge x1=1", 1, 15, 1.5},
		{"edge x2=20", 2, 20, 3},
		{"extrapolate x1 below", 0, 10, 0},
		{"extrapolate x1 above", 5, 10, 5},
		{"extrapolate x2 above", 1, 40, 4},
		{"extrapolate x2 below", 3, 0, 2},
		{"extrapolate both", -1, 30, 1},
	}
	for _, tc := range tests {
		// Tolerance: Lookup does a handful of operations on numbers below
		// 100, so its rounding error is far below 1e-12.
		if got := tb.Lookup(tc.x1, tc.x2); !scalar.EqualWithinAbsOrRel(got, tc.want, 1e-12, 1e-12) {
			t.Errorf("%s: Lookup(%g, %g) = %g, want %g", tc.name, tc.x1, tc.x2, got, tc.want)
		}
	}
}

func TestLookupBilinearProduct(t *testing.T) {
	// A non-uniform 3x4 grid of f(x,y) = 2 + 3x - y + 0.5xy, a bilinear
	// function: bilinear interpolation and extrapolation from any cell
	// reproduce it everywhere, so f is an independent reference. Grid
	// values must come back exactly.
	f := func(x, y float64) float64 { return 2 + 3*x - y + 0.5*x*y }
	i1 := []float64{0.1, 0.5, 1.2}
	i2 := []float64{0.06, 0.24, 0.48, 0.9}
	vals := make([][]float64, len(i1))
	for i, x := range i1 {
		for _, y := range i2 {
			vals[i] = append(vals[i], f(x, y))
		}
	}
	tb := &Table{Index1: i1, Index2: i2, Values: vals}
	for i, x := range i1 {
		for j, y := range i2 {
			if got := tb.Lookup(x, y); got != vals[i][j] {
				t.Errorf("grid point (%g,%g) = %g, want exactly %g", x, y, got, vals[i][j])
			}
		}
	}
	for _, x := range []float64{-1, 0.1, 0.3, 0.5, 0.77, 1.2, 3} {
		for _, y := range []float64{-0.5, 0.06, 0.1, 0.3, 0.9, 2} {
			// Tolerance: a few roundings of values of size ~10, i.e.
			// about 1e-14 absolute; 1e-12 leaves margin.
			if got, want := tb.Lookup(x, y), f(x, y); !scalar.EqualWithinAbsOrRel(got, want, 1e-12, 1e-12) {
				t.Errorf("Lookup(%g, %g) = %.15g, want %.15g", x, y, got, want)
			}
		}
	}
}

func TestLookupShapes(t *testing.T) {
	tests := []struct {
		name         string
		tb           *Table
		x1, x2, want float64
	}{
		{"scalar", &Table{Values: [][]float64{{7}}}, 100, -3, 7},
		{"1-D inside", &Table{Index1: []float64{0, 2, 6}, Values: [][]float64{{1, 5, 7}}}, 4, 99, 6},
		{"1-D grid", &Table{Index1: []float64{0, 2, 6}, Values: [][]float64{{1, 5, 7}}}, 6, 0, 7},
		{"1-D extrapolate below", &Table{Index1: []float64{0, 2, 6}, Values: [][]float64{{1, 5, 7}}}, -1, 0, -1},
		{"1-D extrapolate above", &Table{Index1: []float64{0, 2, 6}, Values: [][]float64{{1, 5, 7}}}, 10, 0, 9},
		{"single index point", &Table{Index1: []float64{1}, Index2: []float64{1, 2}, Values: [][]float64{{3, 5}}}, 9, 1.5, 4},
		{"1x1", &Table{Index1: []float64{1}, Index2: []float64{2}, Values: [][]float64{{3}}}, 0, 0, 3},
	}
	for _, tc := range tests {
		if got := tc.tb.Lookup(tc.x1, tc.x2); got != tc.want {
			t.Errorf("%s: Lookup(%g, %g) = %g, want %g", tc.name, tc.x1, tc.x2, got, tc.want)
		}
	}
}

func TestLookupMalformed(t *testing.T) {
	tests := []struct {
		name string
		tb   *Table
	}{
		{"nil", nil},
		{"no values", &Table{Index1: []float64{1, 2}}},
		{"scalar with two values", &Table{Values: [][]float64{{1, 2}}}},
		{"1-D wrong length", &Table{Index1: []float64{1, 2}, Values: [][]float64{{1}}}},
		{"index2 only", &Table{Index2: []float64{1, 2}, Values: [][]float64{{1, 2}}}},
		{"2-D wrong rows", &Table{Index1: []float64{1, 2}, Index2: []float64{1, 2}, Values: [][]float64{{1, 2}}}},
		{"2-D ragged", &Table{Index1: []float64{1, 2}, Index2: []float64{1, 2}, Values: [][]float64{{1, 2}, {3}}}},
	}
	for _, tc := range tests {
		if got := tc.tb.Lookup(1, 1); !math.IsNaN(got) {
			t.Errorf("%s: Lookup = %g, want NaN", tc.name, got)
		}
	}
}

func BenchmarkLookup6x6(b *testing.B) {
	idx := []float64{0.1, 0.5, 1.2, 3, 4, 5}
	vals := make([][]float64, 6)
	for i := range vals {
		vals[i] = []float64{1, 2, 3, 4, 5, 6}
	}
	tb := &Table{Index1: idx, Index2: idx, Values: vals}
	s := 0.0
	for b.Loop() {
		s += tb.Lookup(2.2, 0.7)
	}
	_ = s
}

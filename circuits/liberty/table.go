package liberty

import "math"

// Table is a Liberty lookup table (NLDM delay, transition, constraint or
// internal power).
//
// Shapes: a 2-D table has Values[len(Index1)][len(Index2)], Values[i][j]
// belonging to (Index1[i], Index2[j]); a 1-D table has Index2 == nil and a
// single row, Values[0][i] belonging to Index1[i]; a scalar table has no
// indices and Values == [][]float64{{v}}. Index1 and Index2 follow the
// variable_1 and variable_2 of the template named by Template and are
// strictly increasing.
type Table struct {
	Template       string
	Index1, Index2 []float64
	Values         [][]float64
}

// Lookup returns the table value at (x1, x2), x1 on Index1 and x2 on Index2:
// bilinear interpolation inside the grid, linear extrapolation from the
// outermost two grid lines outside it. A 1-D table ignores x2 and a scalar
// table returns its value. An index of length one makes the table constant
// along that variable. Lookup returns NaN for a nil or malformed table.
func (t *Table) Lookup(x1, x2 float64) float64 {
	if t == nil || len(t.Values) == 0 {
		return math.NaN()
	}
	switch {
	case len(t.Index1) == 0 && len(t.Index2) == 0:
		if len(t.Values) != 1 || len(t.Values[0]) != 1 {
			return math.NaN()
		}
		return t.Values[0][0]
	case len(t.Index2) == 0:
		if len(t.Values) != 1 || len(t.Values[0]) != len(t.Index1) {
			return math.NaN()
		}
		i, u := segment(t.Index1, x1)
		row := t.Values[0]
		if u == 0 {
			return row[i]
		}
		return row[i] + u*(row[i+1]-row[i])
	case len(t.Index1) == 0:
		return math.NaN()
	}
	if len(t.Values) != len(t.Index1) {
		return math.NaN()
	}
	for _, r := range t.Values {
		if len(r) != len(t.Index2) {
			return math.NaN()
		}
	}
	i, u := segment(t.Index1, x1)
	j, v := segment(t.Index2, x2)
	at := func(a, b int) float64 { return t.Values[a][b] }
	i1, j1 := i, j
	if u != 0 {
		i1 = i + 1
	}
	if v != 0 {
		j1 = j + 1
	}
	// Interpolate along Index2 on rows i and i1, then along Index1.
	r0 := at(i, j) + v*(at(i, j1)-at(i, j))
	r1 := at(i1, j) + v*(at(i1, j1)-at(i1, j))
	return r0 + u*(r1-r0)
}

// segment returns i and u such that x = idx[i] + u*(idx[i+1]-idx[i]), with
// i clamped to the first or last segment (u < 0 or u > 1 then extrapolates).
// u is exactly 0 at grid points and for a single-point index.
func segment(idx []float64, x float64) (int, float64) {
	n := len(idx)
	if n == 1 {
		return 0, 0
	}
	i := 0
	for i < n-2 && x >= idx[i+1] {
		i++
	}
	if x == idx[i] {
		return i, 0
	}
	if x == idx[i+1] { // the last grid point
		return i + 1, 0
	}
	return i, (x - idx[i]) / (idx[i+1] - idx[i])
}

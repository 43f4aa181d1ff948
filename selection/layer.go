package selection

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// Layer is the reference data of one layer, recorded in a run of the model
// with exact multiplication.
type Layer struct {
	// Name identifies the layer (for example "features.0").
	Name string
	// FanIn is the number of multiplications that feed one output.
	FanIn int
	// OpCount is the layer's number of multiplications per inference; it
	// weights the layer in MatchingInfo.RelativeEnergyConsumption.
	OpCount float64
	// MaxNoise is the learned noise tolerance sigma_l: the largest error
	// standard deviation relative to std(Outputs) that the layer tolerates.
	MaxNoise float64
	// Features holds Rows()·FanIn operands in -128..127, row-major: row r is
	// the receptive field of one output position.
	Features []int8
	// Weights holds FanIn·Out operands in -128..127, row-major [FanIn, Out].
	Weights []int8
	// Out is the number of output channels (columns of Weights).
	Out int
	// Outputs are the exact layer outputs (Rows()·Out values in any order).
	// Nil means Features @ Weights, which ComputeOutputs fills in.
	Outputs []float64
}

// Rows returns the number of feature rows (receptive fields).
func (l *Layer) Rows() int {
	if l.FanIn <= 0 {
		return 0
	}
	return len(l.Features) / l.FanIn
}

// maxExactFanIn bounds FanIn so that every dot product of int8 operands,
// |sum| <= FanIn·128·128, is exact in float64 (below 2^53) and in int64.
const maxExactFanIn int64 = 1 << 38

// Validate checks the layer's shapes and parameters. Errors name the layer
// and the offending field.
func (l *Layer) Validate() error {
	switch {
	case l.Name == "":
		return errors.New("selection: layer: missing name")
	case l.FanIn <= 0 || int64(l.FanIn) > maxExactFanIn:
		return fmt.Errorf("selection: layer %s: fan_in must be in 1..%d, got %d", l.Name, maxExactFanIn, l.FanIn)
	case math.IsNaN(l.MaxNoise) || math.IsInf(l.MaxNoise, 0) || l.MaxNoise < 0:
		return fmt.Errorf("selection: layer %s: max_noise must be non-negative and finite, got %v", l.Name, l.MaxNoise)
	case math.IsNaN(l.OpCount) || math.IsInf(l.OpCount, 0) || l.OpCount < 0:
		return fmt.Errorf("selection: layer %s: opcount must be non-negative and finite, got %v", l.Name, l.OpCount)
	case len(l.Features) == 0 || len(l.Features)%l.FanIn != 0:
		return fmt.Errorf("selection: layer %s: features: %d values are not a positive multiple of fan_in %d", l.Name, len(l.Features), l.FanIn)
	case l.Out <= 0 || len(l.Weights) != l.FanIn*l.Out:
		return fmt.Errorf("selection: layer %s: weights: %d values do not form [fan_in=%d, out=%d]", l.Name, len(l.Weights), l.FanIn, l.Out)
	case l.Outputs != nil && len(l.Outputs) != l.Rows()*l.Out:
		return fmt.Errorf("selection: layer %s: outputs: %d values, want rows·out = %d·%d = %d", l.Name, len(l.Outputs), l.Rows(), l.Out, l.Rows()*l.Out)
	}
	for i, v := range l.Outputs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("selection: layer %s: outputs[%d] is %v", l.Name, i, v)
		}
	}
	return nil
}

// ComputeOutputs sets l.Outputs to Features @ Weights if it is nil. The
// products are computed with gonum's BLAS in blocks of rows, in float32 when
// FanIn <= 1024 and in float64 otherwise; both are exact, because every
// partial sum is an integer of magnitude at most FanIn·2^14, which is at most
// 2^24 (float32's exact-integer bound) in the first case and below 2^53 in
// the second (FanIn <= 2^38).
func (l *Layer) ComputeOutputs() error {
	if l.Outputs != nil {
		return nil
	}
	if err := l.Validate(); err != nil {
		return err
	}
	if l.FanIn <= maxFloat32FanIn {
		l.Outputs = matmulFloat32(l.Features, l.Weights, l.Rows(), l.FanIn, l.Out)
	} else {
		l.Outputs = matmulFloat64(l.Features, l.Weights, l.Rows(), l.FanIn, l.Out)
	}
	return nil
}

// maxFloat32FanIn is the largest fan-in whose int8 dot products are exact in
// float32: 1024·2^14 = 2^24.
const maxFloat32FanIn = 1024

// matmulRowBlock bounds the float copy of the features made at a time.
const matmulRowBlock = 2048

// matmulFloat32 returns f @ w for f [rows, k] and w [k, out] (row-major
// int8) as float64, computed by blas32.Gemm on row blocks.
func matmulFloat32(f, w []int8, rows, k, out int) []float64 {
	wf := make([]float32, len(w))
	for i, v := range w {
		wf[i] = float32(v)
	}
	res := make([]float64, rows*out)
	nb := min(rows, matmulRowBlock)
	fb := make([]float32, nb*k)
	cb := make([]float32, nb*out)
	for lo := 0; lo < rows; lo += nb {
		n := min(nb, rows-lo)
		for i, v := range f[lo*k : (lo+n)*k] {
			fb[i] = float32(v)
		}
		blas32.Gemm(blas.NoTrans, blas.NoTrans, 1,
			blas32.General{Rows: n, Cols: k, Stride: k, Data: fb[:n*k]},
			blas32.General{Rows: k, Cols: out, Stride: out, Data: wf}, 0,
			blas32.General{Rows: n, Cols: out, Stride: out, Data: cb[:n*out]})
		for i, v := range cb[:n*out] {
			res[lo*out+i] = float64(v)
		}
	}
	return res
}

// matmulFloat64 is matmulFloat32 in float64 (for fan-ins above 1024).
func matmulFloat64(f, w []int8, rows, k, out int) []float64 {
	wf := make([]float64, len(w))
	for i, v := range w {
		wf[i] = float64(v)
	}
	res := make([]float64, rows*out)
	nb := min(rows, matmulRowBlock)
	fb := make([]float64, nb*k)
	for lo := 0; lo < rows; lo += nb {
		n := min(nb, rows-lo)
		for i, v := range f[lo*k : (lo+n)*k] {
			fb[i] = float64(v)
		}
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1,
			blas64.General{Rows: n, Cols: k, Stride: k, Data: fb[:n*k]},
			blas64.General{Rows: k, Cols: out, Stride: out, Data: wf}, 0,
			blas64.General{Rows: n, Cols: out, Stride: out, Data: res[lo*out : (lo+n)*out]})
	}
	return res
}

// OutputStd returns the population standard deviation (ddof = 0, as numpy's
// np.std) of all output values, computing the outputs first if needed.
func (l *Layer) OutputStd() (float64, error) {
	if err := l.ComputeOutputs(); err != nil {
		return 0, err
	}
	return popStd(l.Outputs), nil
}

// popStd returns sqrt(mean((x - mean(x))^2)) by the two-pass algorithm,
// with the first pass compensated (Kahan-Babuska) so that large integer
// outputs keep their precision.
func popStd(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var sum, c float64
	for _, x := range xs {
		t := sum + x
		if math.Abs(sum) >= math.Abs(x) {
			c += (sum - t) + x
		} else {
			c += (x - t) + sum
		}
		sum = t
	}
	mean := (sum + c) / float64(len(xs))
	var ss, corr float64
	for _, x := range xs {
		d := x - mean
		ss += d * d
		corr += d
	}
	n := float64(len(xs))
	return math.Sqrt((ss - corr*corr/n) / n)
}

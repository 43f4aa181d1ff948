package selection

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
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
const maxExactFanIn = 1 << 38

// Validate checks the layer's shapes and parameters. Errors name the layer
// and the offending field.
func (l *Layer) Validate() error {
	switch {
	case l.Name == "":
		return errors.New("selection: layer: missing name")
	case l.FanIn <= 0 || l.FanIn > maxExactFanIn:
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

// ComputeOutputs sets l.Outputs to Features @ Weights, computed exactly in
// int64 and stored as float64 (exact: |value| <= FanIn·2^14 < 2^53). It
// uses up to GOMAXPROCS goroutines.
func (l *Layer) ComputeOutputs() error {
	if l.Outputs != nil {
		return nil
	}
	if err := l.Validate(); err != nil {
		return err
	}
	rows, k, out := l.Rows(), l.FanIn, l.Out
	// Transpose the weights so that each output is a contiguous dot product.
	wt := make([]int32, out*k)
	for i := range k {
		for j := range out {
			wt[j*k+i] = int32(l.Weights[i*out+j])
		}
	}
	res := make([]float64, rows*out)
	workers := min(runtime.GOMAXPROCS(0), rows)
	chunk := (rows + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < rows; lo += chunk {
		hi := min(lo+chunk, rows)
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := make([]int32, k)
			for r := lo; r < hi; r++ {
				for i, v := range l.Features[r*k : (r+1)*k] {
					f[i] = int32(v)
				}
				for j := range out {
					res[r*out+j] = float64(dotInt32(f, wt[j*k:(j+1)*k]))
				}
			}
		}()
	}
	wg.Wait()
	l.Outputs = res
	return nil
}

// dotInt32 returns sum_i a[i]·b[i] in int64; len(b) must be >= len(a).
// Products of int8 operands fit int32 (|p| <= 2^14), so groups of four are
// summed in int32 before widening.
func dotInt32(a, b []int32) int64 {
	b = b[:len(a)]
	var s0, s1 int64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += int64(a[i]*b[i] + a[i+1]*b[i+1])
		s1 += int64(a[i+2]*b[i+2] + a[i+3]*b[i+3])
	}
	for ; i < len(a); i++ {
		s0 += int64(a[i] * b[i])
	}
	return s0 + s1
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

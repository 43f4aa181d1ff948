package selection

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"math/bits"

	"github.com/axmul/axmul/errmap/lutgemm"
)

// DefaultRatioThreshold is the measured/predicted std ratio above which
// Validate flags a layer (ValidateOptions.RatioThreshold 0).
const DefaultRatioThreshold = 1.25

// Check names one multiplier to validate on one layer, in one orientation.
type Check struct {
	// Layer is the layer's name.
	Layer string
	// Multiplier is the candidate's name in the library.
	Multiplier string
	// ActivationPort is the port that receives the activations ("" = A).
	ActivationPort Port
	// Chosen marks the multiplier a selection result assigned to the
	// layer (for reports and plots).
	Chosen bool
}

// ChecksFromResult returns one check per layer of res: its chosen
// multiplier in its recorded orientation.
func ChecksFromResult(res *MatchingInfo) []Check {
	cs := make([]Check, len(res.Layers))
	for i, l := range res.Layers {
		cs[i] = Check{Layer: l.Name, Multiplier: l.MultiplierName, ActivationPort: l.Port(), Chosen: true}
	}
	return cs
}

// ValidateOptions parameterises Validate.
type ValidateOptions struct {
	// Options are the selection's options: Samples and Seed fix the
	// population model whose prediction is compared (use the selection's
	// to compare with its result), Workers bounds the goroutines.
	Options
	// RatioThreshold flags layers whose measured/predicted std ratio
	// exceeds it; 0 means DefaultRatioThreshold.
	RatioThreshold float64
}

// Validation is the measured output error of one multiplier on one layer,
// beside the population model's prediction.
type Validation struct {
	Layer          string `json:"layer"`
	Multiplier     string `json:"multiplier"`
	ActivationPort Port   `json:"activation_port"`
	Chosen         bool   `json:"chosen"`
	// Outputs is the number of output elements (rows · channels).
	Outputs int `json:"outputs"`
	// MeasuredMean and MeasuredStd are the mean and the population std
	// (ddof 0, np.std) of e[i, c] = Σ_k E(x_ik, w_kc) over all output
	// elements, computed exactly (int64 and 128-bit sums) and rounded once.
	MeasuredMean float64 `json:"measured_mean"`
	MeasuredStd  float64 `json:"measured_std"`
	// PredictedStd is the selection's prediction (fan_in · population std).
	PredictedStd float64 `json:"predicted_std"`
	// Ratio is MeasuredStd / PredictedStd (0 when both are 0, the largest
	// float64 when only the prediction is 0).
	Ratio float64 `json:"ratio"`
	// MaxStd is std(outputs) · max_noise, and FitRatio MeasuredStd /
	// MaxStd: <= 1 when the multiplier really fits the layer.
	MaxStd   float64 `json:"max_std"`
	FitRatio float64 `json:"fit_ratio"`
	// RatioFlag reports Ratio > the threshold.
	RatioFlag bool `json:"ratio_flag"`
	// ConstantChannels lists the channels whose approximate output is the
	// same on every row although their exact output is not.
	ConstantChannels []int `json:"constant_channels"`
	// NoisyChannels lists the channels whose measured rms error
	// sqrt(mean(e²)) exceeds their own exact output std.
	NoisyChannels []int `json:"noisy_channels"`
}

// Flagged reports whether Validate flagged anything.
func (v *Validation) Flagged() bool {
	return v.RatioFlag || len(v.ConstantChannels) > 0 || len(v.NoisyChannels) > 0
}

// Validate runs every check: the layer's reference features go through the
// multiplier exactly (LUT-GEMM, package lutgemm), the output error
// e[i, c] = Σ_k E(x_ik, w_kc) is measured over every row and channel, and
// compared with the population model's prediction and with max_std. The
// results come in the order of checks; they do not depend on the kernel or
// Workers. The layers are not modified.
func Validate(layers []Layer, lib Library, checks []Check, opts ValidateOptions) ([]Validation, error) {
	return ValidateContext(context.Background(), layers, lib, checks, opts)
}

// ValidateContext is Validate stopping with ctx's error soon after ctx is
// cancelled: ctx is checked between layers and between checks.
func ValidateContext(ctx context.Context, layers []Layer, lib Library, checks []Check, opts ValidateOptions) ([]Validation, error) {
	thr := opts.RatioThreshold
	if thr == 0 {
		thr = DefaultRatioThreshold
	}
	if !(thr > 0) || math.IsInf(thr, 0) {
		return nil, fmt.Errorf("selection: validate: ratio threshold %v, want positive and finite", thr)
	}
	byName := make(map[string]int, len(layers))
	for i := range layers {
		if _, dup := byName[layers[i].Name]; dup {
			return nil, fmt.Errorf("selection: duplicate layer name %q", layers[i].Name)
		}
		byName[layers[i].Name] = i
	}
	for i, c := range checks {
		if _, ok := byName[c.Layer]; !ok {
			return nil, fmt.Errorf("selection: validate: check %d: unknown layer %q", i, c.Layer)
		}
		if c.ActivationPort != "" && c.ActivationPort != PortA && c.ActivationPort != PortB {
			return nil, fmt.Errorf("selection: validate: check %d: activation port %q, want A or B", i, c.ActivationPort)
		}
	}
	popOpts := opts.Options
	popOpts.Criterion = ""
	out := make([]Validation, len(checks))
	tick := opts.tick(StageValidation, len(checks))
	// One layer at a time: its exact outputs and prepared weights are
	// shared by its checks.
	for li := range layers {
		var idx []int
		for i, c := range checks {
			if c.Layer == layers[li].Name {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pl, err := prepare(&layers[li], popOpts)
		if err != nil {
			return nil, err
		}
		lv, err := newLayerValidator(pl, opts.Workers)
		if err != nil {
			return nil, err
		}
		for _, i := range idx {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if out[i], err = lv.check(lib, checks[i], thr); err != nil {
				return nil, err
			}
			tick()
		}
	}
	return out, nil
}

// layerValidator holds one layer's data for validation.
type layerValidator struct {
	pl      preparedLayer
	w       *lutgemm.Weights
	exact   []int64   // exact outputs [rows, out]
	outStd  []float64 // per channel
	exactCV []bool    // per channel: exact output constant
	workers int
}

var exactTable = func() *[lutgemm.TableSize]int32 {
	t := new([lutgemm.TableSize]int32)
	for i := range 256 {
		for j := range 256 {
			t[i<<8|j] = int32(int8(uint8(i))) * int32(int8(uint8(j)))
		}
	}
	return t
}()

func newLayerValidator(pl preparedLayer, workers int) (*layerValidator, error) {
	l := pl.layer
	w, err := lutgemm.NewWeights(l.Weights, l.FanIn, l.Out)
	if err != nil {
		return nil, fmt.Errorf("selection: layer %s: %w", l.Name, err)
	}
	lv := &layerValidator{pl: pl, w: w, exact: make([]int64, l.Rows()*l.Out), workers: workers}
	lutgemm.MatMul(lv.exact, exactTable, l.Features, w, workers)
	lv.outStd = make([]float64, l.Out)
	lv.exactCV = make([]bool, l.Out)
	col := make([]float64, l.Rows())
	for c := range l.Out {
		lv.exactCV[c] = true
		for i := range col {
			col[i] = float64(lv.exact[i*l.Out+c])
			if lv.exact[i*l.Out+c] != lv.exact[c] {
				lv.exactCV[c] = false
			}
		}
		lv.outStd[c] = popStd(col)
	}
	return lv, nil
}

// check validates one multiplier on the layer.
func (lv *layerValidator) check(lib Library, c Check, thr float64) (Validation, error) {
	l := lv.pl.layer
	port := c.ActivationPort
	if port == "" {
		port = PortA
	}
	em, err := lib.ErrorMap(c.Multiplier)
	if err != nil {
		return Validation{}, err
	}
	if em == nil {
		return Validation{}, fmt.Errorf("selection: multiplier %s: library returned no error map", c.Multiplier)
	}
	em8, err := em.Int8()
	if err != nil {
		return Validation{}, fmt.Errorf("selection: multiplier %s: %w", c.Multiplier, err)
	}
	if port == PortB {
		em8 = em8.Transpose()
	}
	_, pred, err := lv.pl.pop.Predict(em8)
	if err != nil {
		return Validation{}, fmt.Errorf("selection: layer %s: multiplier %s: %w", l.Name, c.Multiplier, err)
	}
	pred *= float64(l.FanIn)
	tab, err := em8.ErrorTable()
	if err != nil {
		return Validation{}, fmt.Errorf("selection: multiplier %s: %w", c.Multiplier, err)
	}
	e := make([]int64, len(lv.exact))
	lutgemm.MatMul(e, (*[lutgemm.TableSize]int32)(tab), l.Features, lv.w, lv.workers)

	v := Validation{Layer: l.Name, Multiplier: c.Multiplier, ActivationPort: port, Chosen: c.Chosen,
		Outputs: len(e), PredictedStd: pred, MaxStd: lv.pl.maxStd,
		ConstantChannels: []int{}, NoisyChannels: []int{}}
	v.MeasuredMean, v.MeasuredStd = exactMeanStd(e)
	v.Ratio = safeRatio(v.MeasuredStd, v.PredictedStd)
	v.FitRatio = safeRatio(v.MeasuredStd, v.MaxStd)
	v.RatioFlag = v.Ratio > thr
	rows, out := l.Rows(), l.Out
	for ch := range out {
		constant := true
		first := lv.exact[ch] + e[ch]
		var ss float64
		for i := range rows {
			k := i*out + ch
			if lv.exact[k]+e[k] != first {
				constant = false
			}
			ss += float64(e[k]) * float64(e[k])
		}
		if constant && !lv.exactCV[ch] {
			v.ConstantChannels = append(v.ConstantChannels, ch)
		}
		if math.Sqrt(ss/float64(rows)) > lv.outStd[ch] {
			v.NoisyChannels = append(v.NoisyChannels, ch)
		}
	}
	return v, nil
}

// safeRatio returns a/b, 0 for 0/0 and the largest float64 for a/0.
func safeRatio(a, b float64) float64 {
	switch {
	case b > 0:
		return a / b
	case a == 0:
		return 0
	}
	return math.MaxFloat64
}

// exactMeanStd returns the mean and the population std of e computed from
// the exact sums (Σe in int64, Σe² in 128 bits; |Σe| < 2^63) and rounded
// once each (the std: the variance rounded, then its square root).
func exactMeanStd(e []int64) (mean, std float64) {
	n := len(e)
	if n == 0 {
		return 0, 0
	}
	var s1 big.Int
	var hi, lo uint64
	var sum int64
	for _, v := range e {
		sum += v
		a := uint64(v)
		if v < 0 {
			a = uint64(-v)
		}
		h, l := bits.Mul64(a, a)
		var carry uint64
		lo, carry = bits.Add64(lo, l, 0)
		hi += h + carry
	}
	s1.SetInt64(sum)
	var s2 big.Int
	s2.SetUint64(hi)
	s2.Lsh(&s2, 64)
	s2.Or(&s2, new(big.Int).SetUint64(lo))
	nn := big.NewInt(int64(n))
	// var = (n·Σe² - (Σe)²) / n²
	num := new(big.Int).Mul(nn, &s2)
	num.Sub(num, new(big.Int).Mul(&s1, &s1))
	den := new(big.Int).Mul(nn, nn)
	vr, _ := new(big.Rat).SetFrac(num, den).Float64()
	mr, _ := new(big.Rat).SetFrac(&s1, nn).Float64()
	return mr, math.Sqrt(vr)
}

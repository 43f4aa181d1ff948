package hw

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// Stimulus supplies the input vectors of a power simulation, one per
// clock cycle.
type Stimulus interface {
	// Next stores in vals[i] the next value of input port i (ports in
	// declaration order; bit j of the value drives port bit j, bits beyond
	// the port's width are ignored).
	Next(vals []uint64)
}

// uniform draws every input bit as an independent fair coin.
type uniform struct{ r *rand.Rand }

// UniformStimulus returns uniformly random input vectors from a PCG
// seeded with seed: every operand value is equally likely. Activity draws
// its bits a word (64 vectors) at a time per input bit, a different order
// from calling Next once per vector, with the same distribution.
func UniformStimulus(seed uint64) Stimulus {
	return &uniform{rand.New(rand.NewPCG(seed, 0x68772d756e69))}
}

func (u *uniform) Next(vals []uint64) {
	for i := range vals {
		vals[i] = u.r.Uint64()
	}
}

// Encoding says how an operand value is put on a port.
type Encoding uint8

// Encodings of operand values.
const (
	// Unsigned: the value itself, 0..2^w-1.
	Unsigned Encoding = iota
	// TwosComplement: a signed value -2^(w-1)..2^(w-1)-1 in two's
	// complement (the encoding of signed multipliers).
	TwosComplement
	// SignMagnitude: the port gets |v| (0..2^w-1) and the sign is handled
	// outside the circuit; this is how an unsigned multiplier serves the
	// int8 domain (errmap's Int8: |-128| = 128).
	SignMagnitude
)

// String names the encoding.
func (e Encoding) String() string {
	switch e {
	case Unsigned:
		return "unsigned"
	case TwosComplement:
		return "twos-complement"
	case SignMagnitude:
		return "sign-magnitude"
	}
	return fmt.Sprintf("Encoding(%d)", uint8(e))
}

// Histogram is a distribution of operand values: the value Lo+i has
// weight Weights[i] (weights need not sum to 1).
type Histogram struct {
	Lo      int
	Weights []float64
}

// Int8Histogram returns the histogram over -128..127 of an int8
// distribution indexed by value+128, such as an errmap.Dist.
func Int8Histogram(d [256]float64) Histogram {
	return Histogram{Lo: -128, Weights: append([]float64(nil), d[:]...)}
}

// histStim draws each port's value from its histogram.
type histStim struct {
	r     *rand.Rand
	cdf   [][]float64
	lo    []int
	enc   Encoding
	width []int
}

// HistogramStimulus returns vectors whose input port i takes values drawn
// independently from hists[i], put on the port with encoding enc (for a
// multiplier, port A gets hists[0] and port B hists[1]); seed seeds the
// PCG. Every value of positive weight must be representable on its port:
// widths[i] is the width of input port i, as the circuit declares it.
func HistogramStimulus(hists []Histogram, widths []int, enc Encoding, seed uint64) (Stimulus, error) {
	if len(hists) != len(widths) {
		return nil, fmt.Errorf("hw: %d histograms for %d input ports", len(hists), len(widths))
	}
	if enc > SignMagnitude {
		return nil, fmt.Errorf("hw: unknown encoding %v", enc)
	}
	s := &histStim{r: rand.New(rand.NewPCG(seed, 0x68772d68697374)), enc: enc, width: widths}
	for i, h := range hists {
		w := widths[i]
		if w <= 0 || w > 63 {
			return nil, fmt.Errorf("hw: input port %d: width %d not supported (1..63)", i, w)
		}
		var lo, hi int64
		switch enc {
		case Unsigned:
			lo, hi = 0, 1<<w-1
		case TwosComplement:
			lo, hi = -(1 << (w - 1)), 1<<(w-1)-1
		case SignMagnitude:
			lo, hi = -(1<<w - 1), 1<<w-1
		}
		cdf := make([]float64, len(h.Weights))
		sum := 0.0
		for j, p := range h.Weights {
			if math.IsNaN(p) || math.IsInf(p, 0) || p < 0 {
				return nil, fmt.Errorf("hw: histogram %d: weight of value %d is %g", i, h.Lo+j, p)
			}
			if v := int64(h.Lo + j); p > 0 && (v < lo || v > hi) {
				return nil, fmt.Errorf("hw: histogram %d: value %d has weight %g but does not fit a %d-bit port as %v", i, v, p, w, enc)
			}
			sum += p
			cdf[j] = sum
		}
		if !(sum > 0) {
			return nil, fmt.Errorf("hw: histogram %d has no positive weight", i)
		}
		for j := range cdf {
			cdf[j] /= sum
		}
		s.cdf = append(s.cdf, cdf)
		s.lo = append(s.lo, h.Lo)
	}
	return s, nil
}

func (s *histStim) Next(vals []uint64) {
	for i := range vals {
		if i >= len(s.cdf) {
			vals[i] = 0
			continue
		}
		cdf := s.cdf[i]
		u := s.r.Float64()
		// The first value whose cumulative weight exceeds u: values of
		// zero weight are never drawn.
		j := sort.Search(len(cdf), func(k int) bool { return cdf[k] > u })
		if j == len(cdf) { // unreachable: cdf ends at 1 > u
			j--
		}
		v := int64(s.lo[i] + j)
		if s.enc == SignMagnitude && v < 0 {
			v = -v
		}
		vals[i] = uint64(v) & (1<<s.width[i] - 1)
	}
}

package evolve

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sync"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/selection"
)

// LayerOptions configure NewLayerConstraint.
type LayerOptions struct {
	// Signed is the signedness of the circuits to evolve: a signed 8x8
	// circuit gets the int8 operands in two's complement, an unsigned one
	// their magnitudes (sign-magnitude, errmap.ErrorMap.Int8).
	Signed bool
	// Port is the multiplier port that receives the activations ("" or
	// selection.PortA: A, as select and deploy assume by default).
	Port selection.Port
	// Samples and Seed choose the feature rows of the population model, as
	// selection.Options.Samples and Seed (0: selection.DefaultSamples).
	Samples int
	Seed    uint64
	// TargetStd is the bound on the predicted output error std; 0 means
	// the layer's max_std = std(outputs)·max_noise, as select computes it.
	TargetStd float64
}

// LayerConstraint bounds the error std that the population model of
// `axmul select` predicts for a layer's output (fan_in times the std of
// one multiplication, package errmap's Population.Predict), computed from
// a candidate's outputs on the layer's weighted Domain. Its Value is the
// number select prints as predicted_std for the same circuit (the same
// bits).
type LayerConstraint struct {
	name   string
	layer  string
	dom    *Domain
	max    float64
	maxStd float64
	fanIn  float64
	pop    *errmap.Population
	signed bool
	port   selection.Port
	// entry[a*len(w)+b] says how to get the error at activation act[a]
	// and weight w[b] (Population.Support).
	entry []supportEntry
	// need lists the domain pairs the support reads, ascending.
	need    []int32
	scratch sync.Pool
}

// supportEntry locates the error at one (activation, weight) value pair:
// p = 2·pair + neg, where pair is the domain pair that computes the
// product and neg says the circuit's product is negated (sign-magnitude),
// or p = -1 for a weight of probability 0 (the model multiplies its error
// by 0); exact is the exact product.
type supportEntry struct {
	p, exact int32
}

type layerScratch struct {
	prod []int32
	e    []int32
}

// rawOperand returns the bit pattern a circuit gets for the int8 value v:
// two's complement for signed circuits, the magnitude for unsigned ones.
func rawOperand(v int, signed bool) uint32 {
	if signed {
		return uint32(uint8(int8(v)))
	}
	if v < 0 {
		v = -v
	}
	return uint32(v)
}

// LayerDomain returns the weighted domain of a layer: the raw operand
// pairs (A, B) the circuit sees when it multiplies the layer's activations
// (every value that occurs in the features) by its weights (every value of
// non-zero probability), the activations on port, with the probability of
// each pair under the product of the two histograms (errmap.NewDist of all
// features and of all weights: the distributions `axmul hw --activity
// MODEL.json:LAYER` and select's layer power draw operands from). Pairs are
// ordered by raw pattern, p = B<<8 | A ascending.
func LayerDomain(l *selection.Layer, signed bool, port selection.Port) (*Domain, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	px, err := errmap.NewDist(l.Features)
	if err != nil {
		return nil, fmt.Errorf("evolve: layer %s: features: %w", l.Name, err)
	}
	pw, err := errmap.NewDist(l.Weights)
	if err != nil {
		return nil, fmt.Errorf("evolve: layer %s: weights: %w", l.Name, err)
	}
	if port != "" && port != selection.PortA && port != selection.PortB {
		return nil, fmt.Errorf("evolve: layer %s: activation port %q: want A or B", l.Name, port)
	}
	var prob [1 << 16]float64
	var used [1 << 16]bool
	for i, p := range px {
		if p == 0 {
			continue
		}
		for j, q := range pw {
			if q == 0 {
				continue
			}
			a, b := rawOperand(i-128, signed), rawOperand(j-128, signed)
			if port == selection.PortB {
				a, b = b, a
			}
			k := b<<8 | a
			prob[k] += p * q
			used[k] = true
		}
	}
	d := &Domain{ABits: 8, BBits: 8, Signed: signed}
	for k := range used {
		if used[k] {
			d.A = append(d.A, uint32(k&0xff))
			d.B = append(d.B, uint32(k>>8))
			d.Weight = append(d.Weight, prob[k])
		}
	}
	d.Pairs = len(d.A)
	d.Words = (d.Pairs + 63) / 64
	return d, nil
}

// NewLayerConstraint returns the layer constraint of l: its Domain is
// LayerDomain(l, opts.Signed, opts.Port), its Value the predicted output
// error std of a candidate (fan_in · std of errmap's population model on
// the same sampled rows as select with opts.Samples and opts.Seed) and its
// Max opts.TargetStd, or the layer's max_std when that is 0.
func NewLayerConstraint(l *selection.Layer, opts LayerOptions) (*LayerConstraint, error) {
	if opts.Port == "" {
		opts.Port = selection.PortA
	}
	if !(opts.TargetStd >= 0) || math.IsInf(opts.TargetStd, 0) {
		return nil, fmt.Errorf("evolve: layer %s: target std %v, want a finite value >= 0 (0: max_std)", l.Name, opts.TargetStd)
	}
	samples := opts.Samples
	switch {
	case samples == 0:
		samples = selection.DefaultSamples
	case samples != selection.AllSamples && (samples < 1 || samples > selection.MaxSamples):
		return nil, fmt.Errorf("evolve: layer %s: samples %d, want 1..%d or AllSamples", l.Name, samples, selection.MaxSamples)
	}
	dom, err := LayerDomain(l, opts.Signed, opts.Port)
	if err != nil {
		return nil, err
	}
	lc := *l // OutputStd fills in the copy's outputs
	std, err := lc.OutputStd()
	if err != nil {
		return nil, err
	}
	maxStd := std * l.MaxNoise
	if math.IsNaN(maxStd) || math.IsInf(maxStd, 0) {
		return nil, fmt.Errorf("evolve: layer %s: max_std = std(outputs)·max_noise is %v", l.Name, maxStd)
	}
	wd, err := errmap.NewDist(l.Weights)
	if err != nil {
		return nil, fmt.Errorf("evolve: layer %s: weights: %w", l.Name, err)
	}
	pop, err := errmap.NewPopulation(l.Features, l.FanIn, wd, samples, opts.Seed)
	if err != nil {
		return nil, fmt.Errorf("evolve: layer %s: %w", l.Name, err)
	}
	c := &LayerConstraint{
		layer: l.Name, dom: dom, maxStd: maxStd, max: opts.TargetStd,
		fanIn: float64(l.FanIn), pop: pop, signed: opts.Signed, port: opts.Port,
	}
	if c.max == 0 {
		c.max = maxStd
	}
	index := make(map[uint32]int32, dom.Pairs)
	for p := range dom.Pairs {
		index[dom.B[p]<<8|dom.A[p]] = int32(p)
	}
	act, wts := pop.Support()
	needed := make(map[int32]bool)
	for _, x := range act {
		for _, w := range wts {
			a, b := rawOperand(int(x), opts.Signed), rawOperand(int(w), opts.Signed)
			if opts.Port == selection.PortB {
				a, b = b, a
			}
			p, ok := index[b<<8|a]
			switch {
			case ok:
				needed[p] = true
			case wd[int(w)+128] != 0:
				return nil, fmt.Errorf("evolve: layer %s: sampled operands (%d, %d) missing from the layer's domain", l.Name, x, w)
			default:
				p = -1 // a weight of probability 0: its error is not used
			}
			ent := supportEntry{p: -1, exact: int32(x) * int32(w)}
			if p >= 0 {
				ent.p = 2 * p
				if !opts.Signed && (x < 0) != (w < 0) {
					ent.p++
				}
			}
			c.entry = append(c.entry, ent)
		}
	}
	for p := range needed {
		c.need = append(c.need, p)
	}
	slices.Sort(c.need)
	c.name = fmt.Sprintf("layer %s std <= %.4g", l.Name, c.max)
	c.scratch.New = func() any {
		return &layerScratch{prod: make([]int32, dom.Pairs), e: make([]int32, len(c.entry))}
	}
	return c, nil
}

// Name describes the constraint, e.g. "layer conv2 std <= 215.4".
func (c *LayerConstraint) Name() string { return c.name }

// Domain returns the layer's weighted domain (LayerDomain).
func (c *LayerConstraint) Domain() *Domain { return c.dom }

// Max returns the bound on Value.
func (c *LayerConstraint) Max() float64 { return c.max }

// MaxStd returns the layer's max_std, std(outputs)·max_noise.
func (c *LayerConstraint) MaxStd() float64 { return c.maxStd }

// Layer returns the layer's name.
func (c *LayerConstraint) Layer() string { return c.layer }

// Signed reports the signedness of the circuits the constraint is for.
func (c *LayerConstraint) Signed() bool { return c.signed }

// Port returns the port that receives the activations.
func (c *LayerConstraint) Port() selection.Port { return c.port }

// Value returns the predicted output error std of the candidate whose
// 16 output bit-planes on the Domain are outs.
func (c *LayerConstraint) Value(outs [][]uint64) float64 {
	s := c.scratch.Get().(*layerScratch)
	defer c.scratch.Put(s)
	decodeProducts(s.prod, outs, c.need, c.signed)
	e := s.e[:len(c.entry)]
	for k, ent := range c.entry {
		if ent.p < 0 {
			e[k] = 0
			continue
		}
		neg := -(ent.p & 1) // 0 or -1
		v := s.prod[ent.p>>1]
		e[k] = (v ^ neg) - neg - ent.exact
	}
	_, std := c.pop.PredictSupport(s.e)
	return std * c.fanIn
}

// decodeProducts sets prod[p] for every pair p of the planes (at least
// those in need) to the product held by the output planes (two's
// complement when signed). Up to 16 planes are decoded 8 pairs at a time
// by 8x8 bit-matrix transposes; more planes go bit by bit.
func decodeProducts(prod []int32, outs [][]uint64, need []int32, signed bool) {
	if len(outs) <= 16 {
		decodeTranspose(prod, outs)
	} else {
		decodeBits(prod, outs)
	}
	if signed {
		top := len(outs) - 1
		for _, p := range need {
			if prod[p]>>top&1 != 0 {
				prod[p] -= 1 << len(outs)
			}
		}
	}
}

// transpose8 transposes the 8x8 bit matrix x whose row i is byte i and
// column b bit b of each byte (Hacker's Delight, 7-3).
func transpose8(x uint64) uint64 {
	t := (x ^ x>>7) & 0x00AA00AA00AA00AA
	x ^= t ^ t<<7
	t = (x ^ x>>14) & 0x0000CCCC0000CCCC
	x ^= t ^ t<<14
	t = (x ^ x>>28) & 0x00000000F0F0F0F0
	return x ^ t ^ t<<28
}

// decodeTranspose decodes up to 16 planes: for each group of 8 pairs, the
// bytes of planes 0..7 (and 8..15) form an 8x8 bit matrix whose transpose
// holds one product byte per pair.
func decodeTranspose(prod []int32, outs [][]uint64) {
	var w [16]uint64
	n := len(prod)
	for j := 0; j<<6 < n; j++ {
		for k := range w {
			w[k] = 0
			if k < len(outs) {
				w[k] = outs[k][j]
			}
		}
		for q := range 8 {
			base := j<<6 + q<<3
			if base >= n {
				break
			}
			sh := uint(q << 3)
			var lo, hi uint64
			for i := range 8 {
				lo |= (w[i] >> sh & 0xff) << (i << 3)
				hi |= (w[8+i] >> sh & 0xff) << (i << 3)
			}
			lo, hi = transpose8(lo), transpose8(hi)
			for b := range min(8, n-base) {
				prod[base+b] = int32(lo>>(b<<3)&0xff | (hi>>(b<<3)&0xff)<<8)
			}
		}
	}
}

// decodeBits decodes any number of planes bit by bit.
func decodeBits(prod []int32, outs [][]uint64) {
	clear(prod)
	n := len(prod)
	for k, plane := range outs {
		bit := int32(1) << k
		for j, w := range plane {
			base := j << 6
			for w != 0 {
				t := base + bits.TrailingZeros64(w)
				w &= w - 1
				if t < n {
					prod[t] |= bit
				}
			}
		}
	}
}

// PredictedStd returns the predicted output error std of a circuit given
// by its error map (native widths, 8x8), in the constraint's orientation:
// what select predicts for it on the layer (fan_in · Population.Predict).
func (c *LayerConstraint) PredictedStd(em *errmap.ErrorMap) (float64, error) {
	if em.Signed() != c.signed {
		return 0, errors.New("evolve: PredictedStd: error map signedness differs from the constraint's")
	}
	m, err := em.Int8()
	if err != nil {
		return 0, err
	}
	if c.port == selection.PortB {
		m = m.Transpose()
	}
	_, std, err := c.pop.Predict(m)
	if err != nil {
		return 0, err
	}
	return std * c.fanIn, nil
}

// domainPlanes returns the input bit-planes of a domain: planes[i] is
// primary input i (A bits LSB first, then B bits), pair p at bit p%64 of
// word p/64.
func domainPlanes(d *Domain) [][]uint64 {
	planes := make([][]uint64, d.ABits+d.BBits)
	for i := range planes {
		planes[i] = make([]uint64, d.Words)
	}
	for p := range d.Pairs {
		var a, b uint32
		if d.A != nil {
			a, b = d.A[p], d.B[p]
		} else {
			a, b = uint32(p)&(1<<d.ABits-1), uint32(p)>>d.ABits
		}
		for i := range d.ABits {
			planes[i][p>>6] |= uint64(a>>i&1) << (p & 63)
		}
		for i := range d.BBits {
			planes[d.ABits+i][p>>6] |= uint64(b>>i&1) << (p & 63)
		}
	}
	return planes
}

// weightedOnes returns Σ weight[p] over the set bits p < len(weight) of
// plane (bits past the domain's pairs are ignored).
func weightedOnes(plane []uint64, weight []float64) float64 {
	s := 0.0
	for j, w := range plane {
		if j == len(plane)-1 && len(weight)&63 != 0 {
			w &= 1<<(len(weight)&63) - 1
		}
		for w != 0 {
			t := bits.TrailingZeros64(w)
			s += weight[j<<6|t]
			w &= w - 1
		}
	}
	return s
}

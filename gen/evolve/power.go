package evolve

import (
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"
	"sync"
	"unsafe"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/hw"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/selection"
)

// kindCost is what one gate of a kind costs once mapped alone onto the
// cell library (package hw): the area and leakage of its cells, the
// energy per toggle of its output (internal energy of the cell output and
// the charge of one reading pin's load) and per toggle of one of its
// inputs (input-pin internal energy and the pin's share of the load of
// the net driving it).
type kindCost struct {
	area, leak, eOut, eIn float64
}

// PowerModel estimates the area and power of a genome from a Liberty cell
// library without mapping it: every active node costs what its gate kind
// costs when mapped alone by package hw (the cheapest cells implementing
// it), and its dynamic energy is weighted by its switching activity,
// 2p(1-p) toggles per cycle for a net that is 1 with probability p on the
// domain (consecutive operand pairs drawn independently, as the power
// simulation of package hw draws them). Buffers and constants are free.
// It ranks circuits as the exact flow (hw.Map and Mapped.Power) does, but
// ignores what the mapper merges (AOI cells, adder cells, inverters pushed
// into cells), so the figures are estimates; ExactLayerPower and
// ExactPower give the exact figures of a netlist. Power is in mW at 1 GHz
// and the library's nominal voltage, area in the library's unit (um²).
type PowerModel struct {
	lib  *liberty.Library
	cost []kindCost
}

// NewPowerModel characterises every gate kind of package circuits on lib.
func NewPowerModel(lib *liberty.Library) (*PowerModel, error) {
	pm := &PowerModel{lib: lib, cost: make([]kindCost, len(circuits.Kinds()))}
	for _, k := range circuits.Kinds() {
		if k.Arity() == 0 || k == circuits.Buf {
			continue
		}
		c, err := characteriseKind(lib, k)
		if err != nil {
			return nil, err
		}
		pm.cost[k] = c
	}
	return pm, nil
}

// characteriseKind maps a netlist of one gate of kind k onto lib and
// reads its costs from hw's power model: the energy of a toggle of the
// output alone and of the inputs alone (pJ at 1 GHz, from PowerFrom on a
// chosen activity).
func characteriseKind(lib *liberty.Library, k circuits.Kind) (kindCost, error) {
	n := &circuits.Netlist{Name: "kind_" + k.String()}
	in := n.AddPort("A", circuits.Input, k.Arity())
	out := n.AddPort("O", circuits.Output, 1)
	n.AddGate(k, out.Bits[0], in.Bits...)
	m, err := hw.Map(n, lib)
	if err != nil {
		return kindCost{}, fmt.Errorf("evolve: %s gate on %s: %w", k, lib.Name, err)
	}
	o := m.DefaultPowerOptions()
	energy := func(nets []circuits.Net) (float64, float64, error) {
		act := &hw.Activity{Vectors: 2, Toggles: make([]uint64, m.NumNets)}
		for _, x := range nets {
			if w, c, _ := m.Wire(x); !c && w >= 0 {
				act.Toggles[w] = 1
			}
		}
		p, err := m.PowerFrom(act, o)
		if err != nil {
			return 0, 0, fmt.Errorf("evolve: %s gate on %s: %w", k, lib.Name, err)
		}
		return p.Dynamic() / o.FrequencyGHz, p.Leakage, nil
	}
	eOut, leak, err := energy(out.Bits)
	if err != nil {
		return kindCost{}, err
	}
	eIn, _, err := energy(in.Bits)
	if err != nil {
		return kindCost{}, err
	}
	return kindCost{area: m.Area(), leak: leak, eOut: eOut, eIn: eIn / float64(k.Arity())}, nil
}

// Area returns the estimated area of the candidate's active nodes.
func (pm *PowerModel) Area(c Candidate) float64 {
	a := 0.0
	for _, i := range c.Active {
		a += pm.cost[c.Genome.Nodes[i].Fn].area
	}
	return a
}

// Power returns the estimated power (mW at 1 GHz) of the candidate with
// operand pairs drawn from d's weights (uniform when nil), and the
// activity of source s given by rate(s).
func (pm *PowerModel) power(c Candidate, rate func(src int) float64) float64 {
	nIn := c.Genome.NumInputs()
	dyn, leak := 0.0, 0.0
	for _, i := range c.Active {
		nd := &c.Genome.Nodes[i]
		kc := &pm.cost[nd.Fn]
		if kc.eOut == 0 && kc.eIn == 0 && kc.leak == 0 {
			continue
		}
		leak += kc.leak
		dyn += kc.eOut * rate(nIn+i)
		for _, s := range nd.In[:nd.Fn.Arity()] {
			dyn += kc.eIn * rate(int(s))
		}
	}
	return dyn + leak
}

// Objective returns the power objective on domain d (the constraint's
// Domain): the estimated power in mW.
func (pm *PowerModel) Objective(d *Domain) Objective {
	return &powerObjective{pm: pm, d: d, seed: maphash.MakeSeed(), total: weightTotal(d)}
}

// AreaObjective returns the estimated area as an Objective.
func (pm *PowerModel) AreaObjective() Objective { return areaObjective{pm} }

type areaObjective struct{ pm *PowerModel }

func (o areaObjective) Name() string             { return "area (" + o.pm.lib.Name + ", est.)" }
func (o areaObjective) Cost(c Candidate) float64 { return o.pm.Area(c) }

func weightTotal(d *Domain) float64 {
	if d.Weight == nil {
		return float64(d.Pairs)
	}
	s := 0.0
	for _, w := range d.Weight {
		s += w
	}
	return s
}

// powerObjective caches the probability of 1 of every plane it has seen,
// keyed by a hash of the plane's words and its popcount, so that an
// offspring's cost only weighs the planes its mutation changed.
type powerObjective struct {
	pm    *PowerModel
	d     *Domain
	seed  maphash.Seed
	total float64

	mu    sync.Mutex
	cache map[planeKey]float64
}

type planeKey struct {
	h    uint64
	ones int
}

// maxPlaneCache bounds the plane cache; it is emptied when full.
const maxPlaneCache = 1 << 18

func (o *powerObjective) Name() string { return "power (" + o.pm.lib.Name + ", est. mW)" }

// Cost returns the estimated power in mW. Each source's plane is fetched
// and weighed once per call (a node's output is read by its fan-out).
func (o *powerObjective) Cost(c Candidate) float64 {
	rates := make([]float64, c.Genome.NumInputs()+len(c.Genome.Nodes))
	done := make([]bool, len(rates))
	return o.pm.power(c, func(src int) float64 {
		if !done[src] {
			p := o.prob(c.Plane(src))
			rates[src], done[src] = 2*p*(1-p), true
		}
		return rates[src]
	})
}

// prob returns the probability that the net of plane is 1.
func (o *powerObjective) prob(plane []uint64) float64 {
	if o.d.Weight == nil {
		ones := 0
		for j, w := range plane {
			if j == len(plane)-1 && o.d.Pairs&63 != 0 {
				w &= 1<<(o.d.Pairs&63) - 1
			}
			ones += popcount(w)
		}
		return float64(ones) / o.total
	}
	key := planeKey{h: maphash.Bytes(o.seed, wordsBytes(plane))}
	for _, w := range plane {
		key.ones += popcount(w)
	}
	o.mu.Lock()
	p, ok := o.cache[key]
	o.mu.Unlock()
	if ok {
		return p
	}
	p = weightedOnes(plane, o.d.Weight) / o.total
	o.mu.Lock()
	if o.cache == nil || len(o.cache) >= maxPlaneCache {
		o.cache = make(map[planeKey]float64)
	}
	o.cache[key] = p
	o.mu.Unlock()
	return p
}

// exactSeed seeds the operand stream of ExactLayerPower, as `axmul select
// --metric layer_power` seeds it (gen.LayerPowerOptions.Seed 1).
const exactSeed = 1

// ExactLayerPower maps the 8x8 multiplier n (ports A, B, O) onto lib and
// returns its area and its power (mW) under the layer's operands as
// `axmul select --liberty FILE --metric layer_power` estimates it
// (gen.Library.EnableLayerPower with Seed 1): 65536 int8 operand pairs
// drawn from the histograms of all the layer's features and weights, in
// two's complement for a signed circuit and as magnitudes for an unsigned
// one; with port B the activations go to port B.
func ExactLayerPower(n *circuits.Netlist, signed bool, lib *liberty.Library, l *selection.Layer, port selection.Port) (powerMW, area float64, err error) {
	act, err := errmap.NewDist(l.Features)
	if err != nil {
		return 0, 0, fmt.Errorf("evolve: layer %s: features: %w", l.Name, err)
	}
	wts, err := errmap.NewDist(l.Weights)
	if err != nil {
		return 0, 0, fmt.Errorf("evolve: layer %s: weights: %w", l.Name, err)
	}
	if port == selection.PortB {
		act, wts = wts, act
	}
	m, err := hw.Map(n, lib)
	if err != nil {
		return 0, 0, fmt.Errorf("evolve: %s: %w", n.Name, err)
	}
	stim, err := hw.Int8Stimulus(n, act, wts, signed, exactSeed)
	if err != nil {
		return 0, 0, err
	}
	o := m.DefaultPowerOptions()
	o.Seed = exactSeed
	o.Stimulus = stim
	p, err := m.Power(o)
	if err != nil {
		return 0, 0, fmt.Errorf("evolve: %s: %w", n.Name, err)
	}
	return p.Total, m.Area(), nil
}

// ExactPower maps n onto lib and returns its area and its power (mW)
// under uniform random operands, as `axmul gen --liberty` and `axmul hw`
// report est_power_mw (hw.EstimateCost with its defaults).
func ExactPower(n *circuits.Netlist, lib *liberty.Library) (powerMW, area float64, err error) {
	c, err := hw.EstimateCost(n, lib, nil)
	if err != nil {
		return 0, 0, err
	}
	if math.IsNaN(c.PowerMW) {
		return 0, 0, fmt.Errorf("evolve: %s: power is NaN", n.Name)
	}
	return c.PowerMW, c.AreaUm2, nil
}

func popcount(w uint64) int { return bits.OnesCount64(w) }

// wordsBytes views words as bytes (for hashing; not modified).
func wordsBytes(words []uint64) []byte {
	if len(words) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(words))), len(words)*8)
}

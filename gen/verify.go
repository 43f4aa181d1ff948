package gen

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim"
)

// Counterexample is an operand pair on which a circuit differs from its
// reference; values are decoded with the circuit's signedness.
type Counterexample struct {
	A, B          int64
	Expected, Got int64
}

// Equivalence is the outcome of an equivalence check.
type Equivalence struct {
	// Pairs is the number of operand pairs compared; Exhaustive says
	// whether that is all of them.
	Pairs      uint64
	Exhaustive bool
	// Mismatches counts the pairs that differ.
	Mismatches uint64
	// First holds up to MaxCounterexamples differing pairs with the
	// smallest combined index b<<ABits | a (exhaustive) or sample number.
	First []Counterexample
}

// MaxCounterexamples bounds Equivalence.First.
const MaxCounterexamples = 5

// VerifyOptions control the equivalence checks.
type VerifyOptions struct {
	Workers int
	// Exhaustive forces all pairs even above SampleAbove operand bits.
	Exhaustive  bool
	SampleAbove int    // 0 means 24
	Samples     uint64 // 0 means 1<<24
	Seed        uint64
}

func (o VerifyOptions) exhaustive(bits int) bool {
	limit := o.SampleAbove
	if limit == 0 {
		limit = 24
	}
	return o.Exhaustive || bits <= limit
}

// firstN keeps the counterexamples with the smallest keys.
type firstN struct {
	keys []uint64
	ces  []Counterexample
}

func (f *firstN) add(key uint64, ce Counterexample) {
	if len(f.keys) == MaxCounterexamples && key >= f.keys[len(f.keys)-1] {
		return
	}
	i := sort.Search(len(f.keys), func(i int) bool { return f.keys[i] > key })
	f.keys = append(f.keys, 0)
	f.ces = append(f.ces, Counterexample{})
	copy(f.keys[i+1:], f.keys[i:])
	copy(f.ces[i+1:], f.ces[i:])
	f.keys[i], f.ces[i] = key, ce
	if len(f.keys) > MaxCounterexamples {
		f.keys, f.ces = f.keys[:MaxCounterexamples], f.ces[:MaxCounterexamples]
	}
}

// run drives mu exhaustively or on a sample and merges per-worker results
// of check, which reports the mismatches of one block.
func run(ctx context.Context, mu *sim.Multiplier, bits int, opts VerifyOptions,
	check func(b *sim.Block, i int) (Counterexample, bool)) (*Equivalence, error) {
	eq := &Equivalence{Exhaustive: opts.exhaustive(bits)}
	var (
		mu2  sync.Mutex
		all  firstN
		sink = func(int) func(*sim.Block) {
			var local firstN
			var bad uint64
			return func(b *sim.Block) {
				for i := range b.Out {
					if ce, diff := check(b, i); diff {
						bad++
						local.add(b.Start+uint64(i), ce)
					}
				}
				mu2.Lock()
				eq.Pairs += uint64(len(b.Out))
				eq.Mismatches += bad
				for k := range local.keys {
					all.add(local.keys[k], local.ces[k])
				}
				mu2.Unlock()
				local, bad = firstN{}, 0
			}
		}
	)
	var err error
	if eq.Exhaustive {
		err = mu.Exhaustive(ctx, opts.Workers, sink)
	} else {
		n := opts.Samples
		if n == 0 {
			n = 1 << 24
		}
		err = mu.Sample(ctx, opts.Workers, n, opts.Seed, sink)
	}
	if err != nil {
		return nil, err
	}
	eq.First = all.ces
	return eq, nil
}

// VerifyExact checks the circuit against exact multiplication of its
// operands (two's complement when signed).
func VerifyExact(ctx context.Context, c *Circuit, opts VerifyOptions) (*Equivalence, error) {
	na, nb, no, signed := c.ABits, c.BBits, c.OBits, c.Signed
	return run(ctx, c.mult, na+nb, opts, func(b *sim.Block, i int) (Counterexample, bool) {
		x := Decode(b.A[i], na, signed)
		y := Decode(b.B[i], nb, signed)
		got := Decode(b.Out[i], no, signed)
		if got == x*y {
			return Counterexample{}, false
		}
		return Counterexample{A: x, B: y, Expected: x * y, Got: got}, true
	})
}

// VerifyEquivalent checks that c computes the same output bits as ref for
// every operand pair, by simulating a miter of the two netlists (shared
// inputs, both outputs side by side). Port widths must agree.
func VerifyEquivalent(ctx context.Context, c, ref *Circuit, opts VerifyOptions) (*Equivalence, error) {
	if c.ABits != ref.ABits || c.BBits != ref.BBits || c.OBits != ref.OBits {
		return nil, fmt.Errorf("%s is %dx%d->%d bits but reference %s is %dx%d->%d", c.File, c.ABits, c.BBits, c.OBits,
			ref.File, ref.ABits, ref.BBits, ref.OBits)
	}
	if 2*c.OBits > 64 {
		return nil, fmt.Errorf("%s: outputs of %d bits are too wide to compare side by side", c.File, c.OBits)
	}
	m, err := miter(c.Netlist, ref.Netlist)
	if err != nil {
		return nil, err
	}
	mm, err := sim.NewMultiplier(m)
	if err != nil {
		return nil, err
	}
	na, nb, no, signed := c.ABits, c.BBits, c.OBits, c.Signed
	mask := uint64(1)<<no - 1
	return run(ctx, mm, na+nb, opts, func(b *sim.Block, i int) (Counterexample, bool) {
		got, want := b.Out[i]&mask, b.Out[i]>>no
		if got == want {
			return Counterexample{}, false
		}
		return Counterexample{A: Decode(b.A[i], na, signed), B: Decode(b.B[i], nb, signed),
			Expected: Decode(want, no, signed), Got: Decode(got, no, signed)}, true
	})
}

// miter builds a netlist with inputs A and B feeding copies of x and y and
// output O = {y.O, x.O} (x's output in the low bits).
func miter(x, y *circuits.Netlist) (*circuits.Netlist, error) {
	m := &circuits.Netlist{Name: "miter_" + x.Name + "_" + y.Name}
	xa, _ := x.Port("A")
	xb, _ := x.Port("B")
	a := m.AddPort("A", circuits.Input, xa.Width())
	b := m.AddPort("B", circuits.Input, xb.Width())
	var outs []circuits.Net
	for _, src := range []*circuits.Netlist{x, y} {
		remap := make([]circuits.Net, src.NumNets)
		for i := range remap {
			remap[i] = circuits.NoNet
		}
		for _, p := range src.Ports {
			if p.Dir != circuits.Input {
				continue
			}
			var to circuits.Port
			switch p.Name {
			case "A":
				to = a
			case "B":
				to = b
			default:
				return nil, fmt.Errorf("miter: %s has extra input port %s", src.Name, p.Name)
			}
			if p.Width() != to.Width() {
				return nil, fmt.Errorf("miter: port %s of %s has %d bits, want %d", p.Name, src.Name, p.Width(), to.Width())
			}
			for i, n := range p.Bits {
				remap[n] = to.Bits[i]
			}
		}
		for i := range remap {
			if remap[i] == circuits.NoNet {
				remap[i] = m.NewNet("")
			}
		}
		for _, g := range src.Gates {
			ng := g
			ng.Cell = -1
			ng.Out = remap[g.Out]
			for j := 0; j < g.Kind.Arity(); j++ {
				ng.In[j] = remap[g.In[j]]
			}
			m.Gates = append(m.Gates, ng)
		}
		o := src.OutputPorts()
		if len(o) != 1 {
			return nil, fmt.Errorf("miter: %s needs one output port, has %d", src.Name, len(o))
		}
		for _, n := range o[0].Bits {
			outs = append(outs, remap[n])
		}
	}
	m.Ports = append(m.Ports, circuits.Port{Name: "O", Dir: circuits.Output, Bits: outs})
	return m, nil
}

package evolve

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// ExhaustiveDomain returns the domain of every operand pair of an aBits x
// bBits multiplier: 2^(aBits+bBits) pairs, pair p = b<<aBits | a (raw bit
// patterns), uniform weights.
func ExhaustiveDomain(aBits, bBits int, signed bool) (*Domain, error) {
	if aBits < 1 || bBits < 1 || aBits+bBits > MaxOperandBits {
		return nil, fmt.Errorf("evolve: exhaustive domain %dx%d: want 1 <= widths and aBits+bBits <= %d", aBits, bBits, MaxOperandBits)
	}
	pairs := 1 << (aBits + bBits)
	return &Domain{ABits: aBits, BBits: bBits, Signed: signed, Pairs: pairs, Words: (pairs + 63) / 64}, nil
}

// operands returns the raw operand patterns of pair p.
func (d *Domain) operands(p int) (a, b uint32) {
	if d.A != nil {
		return d.A[p], d.B[p]
	}
	return uint32(p) & (1<<d.ABits - 1), uint32(p >> d.ABits)
}

// value interprets a raw pattern of w bits as an operand value.
func value(raw uint64, w int, signed bool) int64 {
	if signed && raw>>(w-1)&1 != 0 {
		return int64(raw) - int64(1)<<w
	}
	return int64(raw)
}

// check reports whether d is consistent.
func (d *Domain) check() error {
	if d.ABits < 1 || d.BBits < 1 || d.ABits+d.BBits > MaxOperandBits {
		return fmt.Errorf("domain: operands %dx%d: want 1 <= widths and ABits+BBits <= %d", d.ABits, d.BBits, MaxOperandBits)
	}
	if d.Pairs < 1 || d.Words != (d.Pairs+63)/64 {
		return fmt.Errorf("domain: %d pairs in %d words, want at least 1 pair and ceil(pairs/64) words", d.Pairs, d.Words)
	}
	if d.A == nil {
		if d.Pairs != 1<<(d.ABits+d.BBits) {
			return fmt.Errorf("domain: exhaustive %dx%d domain with %d pairs, want %d", d.ABits, d.BBits, d.Pairs, 1<<(d.ABits+d.BBits))
		}
	} else if len(d.A) != d.Pairs || len(d.B) != d.Pairs {
		return fmt.Errorf("domain: %d pairs but %d A and %d B operands", d.Pairs, len(d.A), len(d.B))
	}
	if d.Weight != nil && len(d.Weight) != d.Pairs {
		return fmt.Errorf("domain: %d pairs but %d weights", d.Pairs, len(d.Weight))
	}
	return nil
}

// inputPlanes returns the bit-planes of the primary inputs on d: plane i
// < ABits is bit i of A, then the bits of B; bits past Pairs are zero.
func (d *Domain) inputPlanes() [][]uint64 {
	planes := make([][]uint64, d.ABits+d.BBits)
	for i := range planes {
		planes[i] = make([]uint64, d.Words)
	}
	for p := range d.Pairs {
		a, b := d.operands(p)
		v := uint64(a) | uint64(b)<<d.ABits
		for i := range planes {
			planes[i][p/64] |= (v >> i & 1) << (p % 64)
		}
	}
	return planes
}

// Metric is a generic error metric of a MetricConstraint.
type Metric int

// Metrics, as errmap.Metrics defines them with e = approx - exact over
// the domain's pairs: MAE mean |e|, WCE max |e| (both in units of the
// product), MRE 100·mean |e|/|exact| over the pairs whose exact product is
// not 0 (errmap.ExcludeZero, errmap's default) and EP 100·(pairs with e !=
// 0)/pairs; MRE and EP are in percent, as errmap reports them.
const (
	MAE Metric = iota
	WCE
	MRE
	EP
)

var metricNames = []string{"mae", "wce", "mre", "ep"}

// String returns the metric's lower-case name, e.g. "mae".
func (m Metric) String() string {
	if m >= 0 && int(m) < len(metricNames) {
		return metricNames[m]
	}
	return "Metric(" + strconv.Itoa(int(m)) + ")"
}

// ParseMetric parses "mae", "wce", "mre" or "ep" (any case).
func ParseMetric(s string) (Metric, error) {
	for i, n := range metricNames {
		if strings.EqualFold(s, n) {
			return Metric(i), nil
		}
	}
	return 0, fmt.Errorf("unknown metric %q (want one of %s)", s, strings.Join(metricNames, ", "))
}

// metricConstraint is the Constraint of MetricConstraint.
type metricConstraint struct {
	d      *Domain
	metric Metric
	max    float64
	// exact holds the planes of the exact products, two's complement in
	// eBits = ABits+BBits+1 bits (plane eBits-1 is the sign).
	exact [][]uint64
	eBits int
	// invExact is 1/|exact product| of every pair, 0 where the product
	// is 0 (MRE: those pairs are excluded); nonZero is the number of
	// pairs with a non-zero exact product.
	invExact []float64
	nonZero  int
	// MRE on an exhaustive domain whose 64-lane words each hold one B
	// operand and a run of 64 A operands (6 <= ABits <= maxTableABits):
	// 1/|exact| = invB[b]·invA[a], and relTab[(c·8+q)·256+v] is the sum
	// of invA over the lanes set in byte value v at byte q of a word of
	// A chunk c (A operands 64c..64c+63), summed in lane order. nil
	// otherwise (the per-bit loop over invExact is used).
	relTab []float64
	invB   []float64
}

// maxTableABits bounds the A width of MRE's byte tables: 2^ABits·2 KiB of
// float64 (64 KiB for an 8x8, 256 KiB at 10 bits), within L2.
const maxTableABits = 10

// MetricConstraint returns the constraint metric <= max under uniform
// weights on d (an exhaustive domain, or a listed one with nil weights).
// Value reads the candidate's output bits as a product of len(outs) bits
// (two's complement when d is signed) and computes the metric exactly as
// errmap.Accumulator does on the same pairs: MAE, WCE and EP bit-sliced
// (the exact products' planes subtracted, popcounts), MRE as Σ_k 2^k·Σ
// 1/|exact| over the lanes with bit k of |e| (per-bit sums, or on
// exhaustive domains of 6..10 A bits per-word byte tables of 1/|a| times
// 1/|b|: the same figure up to the last bits of a float64 sum).
func MetricConstraint(d *Domain, metric Metric, max float64) (Constraint, error) {
	if d == nil {
		return nil, fmt.Errorf("evolve: metric constraint: nil domain")
	}
	if err := d.check(); err != nil {
		return nil, fmt.Errorf("evolve: metric constraint: %w", err)
	}
	if d.Weight != nil {
		return nil, fmt.Errorf("evolve: metric constraint %v: the domain has weights; generic metrics are defined under uniform operands", metric)
	}
	if metric < MAE || metric > EP {
		return nil, fmt.Errorf("evolve: metric constraint: invalid metric %v", metric)
	}
	if math.IsNaN(max) {
		return nil, fmt.Errorf("evolve: metric constraint %v: max is NaN", metric)
	}
	c := &metricConstraint{d: d, metric: metric, max: max, eBits: d.ABits + d.BBits + 1}
	c.exact = make([][]uint64, c.eBits)
	for i := range c.exact {
		c.exact[i] = make([]uint64, d.Words)
	}
	if metric == MRE {
		c.invExact = make([]float64, 64*d.Words) // 0 past Pairs
	}
	for p := range d.Pairs {
		a, b := d.operands(p)
		e := value(uint64(a), d.ABits, d.Signed) * value(uint64(b), d.BBits, d.Signed)
		u := uint64(e)
		for i := range c.exact {
			c.exact[i][p/64] |= (u >> i & 1) << (p % 64)
		}
		if e != 0 {
			c.nonZero++
		}
		if c.invExact != nil && e != 0 {
			c.invExact[p] = 1 / math.Abs(float64(e))
		}
	}
	if metric == MRE && d.A == nil && d.ABits >= 6 && d.ABits <= maxTableABits {
		c.initRelTab()
	}
	return c, nil
}

// initRelTab builds relTab and invB (see metricConstraint).
func (c *metricConstraint) initRelTab() {
	d := c.d
	inv := func(raw uint64, w int) float64 {
		if v := value(raw, w, d.Signed); v != 0 {
			return 1 / math.Abs(float64(v))
		}
		return 0
	}
	invA := make([]float64, 1<<d.ABits)
	for a := range invA {
		invA[a] = inv(uint64(a), d.ABits)
	}
	c.invB = make([]float64, 1<<d.BBits)
	for b := range c.invB {
		c.invB[b] = inv(uint64(b), d.BBits)
	}
	chunks := 1 << (d.ABits - 6)
	c.relTab = make([]float64, chunks*8*256)
	for ch := range chunks {
		for q := range 8 {
			t := c.relTab[(ch*8+q)*256:][:256]
			base := invA[ch*64+q*8:][:8]
			for v := range 256 {
				s := 0.0
				for i := range 8 {
					if v>>i&1 != 0 {
						s += base[i]
					}
				}
				t[v] = s
			}
		}
	}
}

func (c *metricConstraint) Name() string {
	return fmt.Sprintf("%v <= %s", c.metric, strconv.FormatFloat(c.max, 'g', -1, 64))
}

func (c *metricConstraint) Domain() *Domain { return c.d }

func (c *metricConstraint) Max() float64 { return c.max }

// maxPlanes bounds the width of the error planes: products of up to 62
// bits plus sign and headroom.
const maxPlanes = 64

// errBits returns L, the number of bits that hold every e = approx -
// exact of p output bits in two's complement: |approx|, |exact| <
// 2^max(p, ABits+BBits), so |e| < 2^(L-1).
func (c *metricConstraint) errBits(p int) int { return max(p, c.d.ABits+c.d.BBits) + 2 }

// Value computes the metric of the outputs outs (len(outs) product bits,
// bits past Pairs zero). It is the reference of the evaluator's fast path,
// which computes the same |e| planes with the simulator kernels and shares
// fromAbs.
func (c *metricConstraint) Value(outs [][]uint64) float64 {
	d := c.d
	P := len(outs)
	L := c.errBits(P)
	if L > maxPlanes {
		panic(fmt.Sprintf("evolve: metric constraint: %d output bits", P))
	}
	abs := make([][]uint64, L-1)
	for k := range abs {
		abs[k] = make([]uint64, d.Words)
	}
	nzp := make([]uint64, d.Words)
	var diff [maxPlanes]uint64
	for j := range d.Words {
		// diff = approx - exact, L bits, ripple borrow.
		var borrow, nz, xs uint64
		if d.Signed {
			xs = outs[P-1][j]
		}
		ys := c.exact[c.eBits-1][j]
		for k := range L {
			x, y := xs, ys
			if k < P {
				x = outs[k][j]
			}
			if k < c.eBits {
				y = c.exact[k][j]
			}
			t := x ^ y
			diff[k] = t ^ borrow
			borrow = (^x & y) | (^t & borrow)
			nz |= diff[k]
		}
		// |e| = (diff ^ s) + s with s the sign plane.
		s := diff[L-1]
		carry := s
		for k := range L - 1 {
			t := diff[k] ^ s
			abs[k][j] = t ^ carry
			carry &= t
		}
		nzp[j] = nz
	}
	return c.fromAbs(func(k, _ int) []uint64 { return abs[k] }, func(int) []uint64 { return nzp }, L-1, 1, ^uint64(0), nil, math.Inf(1))
}

// fromAbs computes the metric from the planes of |e| and of e != 0 held
// in nb blocks of equal length that together cover at least the domain's
// Words words: abs(k, b) is block b of the plane of bit k of |e| (k <
// nbits), nz(b) block b of the plane of e != 0. Words past Words are
// ignored and tail masks the last word (bits past Pairs may hold garbage
// there). scratch, when not nil, has 2·Words words for WCE. nz is read
// only for EP and MRE.
//
// For WCE, once the maximum is known to exceed stop, fromAbs returns the
// bits found so far (a lower bound above stop) without reading the lower
// planes; pass +Inf for the exact figure. The other metrics ignore stop
// (MRE's byte-table path is mreTable).
func (c *metricConstraint) fromAbs(abs func(k, b int) []uint64, nz func(b int) []uint64, nbits, nb int, tail uint64, scratch []uint64, stop float64) float64 {
	d := c.d
	words := d.Words
	// clip returns the words of block p (starting at word off) that lie
	// in the domain, and the mask of its last word.
	clip := func(p []uint64, off int) ([]uint64, uint64) {
		n := min(len(p), words-off)
		if n <= 0 {
			return nil, 0
		}
		if off+n == words {
			return p[:n], tail
		}
		return p[:n], ^uint64(0)
	}
	// count returns the set bits of the domain's words of the blocks
	// block(0..nb-1).
	count := func(block func(b int) []uint64) uint64 {
		var n uint64
		for b, off := 0, 0; b < nb; b++ {
			blk := block(b)
			p, m := clip(blk, off)
			off += len(blk)
			if len(p) == 0 {
				continue
			}
			for _, w := range p[:len(p)-1] {
				n += uint64(bits.OnesCount64(w))
			}
			n += uint64(bits.OnesCount64(p[len(p)-1] & m))
		}
		return n
	}
	switch c.metric {
	case MAE:
		// Σ|e| < 2^(L-1)·Pairs < 2^63: exact in uint64; its float64 and
		// the division round as errmap's big.Rat ratio does while the sum
		// is below 2^53 (every domain of at most 2^24 pairs of 24-bit
		// products).
		var sum uint64
		for k := range nbits {
			sum += count(func(b int) []uint64 { return abs(k, b) }) << k
		}
		return float64(sum) / float64(d.Pairs)
	case EP:
		return 100 * float64(count(nz)) / float64(d.Pairs)
	case WCE:
		// Bit-sliced maximum. The top bit K is the highest plane with a
		// set bit in the domain; the candidates are then the words whose
		// lanes have bit K, and from bit K-1 down only those words are
		// visited, keeping the lanes that have every bit chosen so far.
		K := -1
		for k := nbits - 1; k >= 0 && K < 0; k-- {
			for b, off := 0, 0; b < nb && K < 0; b++ {
				blk := abs(k, b)
				p, m := clip(blk, off)
				off += len(blk)
				if len(p) == 0 {
					continue
				}
				any := p[len(p)-1] & m
				for _, w := range p[:len(p)-1] {
					any |= w
				}
				if any != 0 {
					K = k
				}
			}
		}
		if K < 0 {
			return 0
		}
		if v := float64(uint64(1) << K); v > stop {
			return v
		}
		if len(scratch) < 2*words {
			scratch = make([]uint64, 2*words)
		}
		cand, idx := scratch[:0], scratch[words:words]
		for b, off := 0, 0; b < nb; b++ {
			blk := abs(K, b)
			p, m := clip(blk, off)
			for j, w := range p {
				if j == len(p)-1 {
					w &= m
				}
				if w != 0 {
					cand = append(cand, w)
					idx = append(idx, uint64(b)<<32|uint64(j))
				}
			}
			off += len(blk)
		}
		mx := uint64(1) << K
		bl := make([][]uint64, nb)
		for k := K - 1; k >= 0 && len(idx) > 0; k-- {
			for b := range bl {
				bl[b] = abs(k, b)
			}
			hit := uint64(0)
			for i, x := range idx {
				hit |= cand[i] & bl[x>>32][uint32(x)]
			}
			if hit == 0 {
				continue
			}
			mx |= 1 << k
			if float64(mx) > stop {
				return float64(mx)
			}
			n := 0
			for i, x := range idx {
				if w := cand[i] & bl[x>>32][uint32(x)]; w != 0 {
					cand[n], idx[n] = w, x
					n++
				}
			}
			cand, idx = cand[:n], idx[:n]
		}
		return float64(mx)
	default: // MRE
		if c.nonZero == 0 {
			return 0
		}
		if c.relTab != nil {
			return c.mreTable(abs, nz, nbits, nb, tail, nil, nil, nil, math.Inf(1))
		}
		// Σ |e|/|exact| = Σ_k 2^k · Σ_{lanes with bit k of |e|} 1/|exact|:
		// one sum per bit, no decoding of |e|.
		var relK [maxPlanes]float64
		var planes [maxPlanes][]uint64
		for b, off := 0, 0; b < nb; b++ {
			blk := nz(b)
			p, m := clip(blk, off)
			for k := range nbits {
				planes[k] = abs(k, b)
			}
			for j, w := range p {
				lanes := w
				if j == len(p)-1 {
					lanes &= m
				}
				if lanes == 0 {
					continue
				}
				inv := c.invExact[(off+j)*64:][:64]
				for k := range nbits {
					sum := 0.0
					for v := planes[k][j] & lanes; v != 0; v &= v - 1 {
						sum += inv[bits.TrailingZeros64(v)&63]
					}
					relK[k] += sum
				}
			}
			off += len(blk)
		}
		var rel float64
		for k := range nbits {
			rel += math.Ldexp(relK[k], k)
		}
		return 100 * rel / float64(c.nonZero)
	}
}

// mreTable is fromAbs's MRE with the byte tables (c.relTab != nil): per
// word of B operand b and A chunk ch, with e != 0 in some lane,
// invB[b]·Σ_k 2^k·Σ_q relTab[ch][q][byte q of plane k], and the words'
// figures summed in word order. It regroups the per-bit sum (a product
// 1/|a|·1/|b| instead of 1/|a·b|, sums per word): the same figure up to
// the last bits of a float64 sum, and the same for any kernel and worker
// count (the order depends only on the domain).
//
// When chg is not nil, block b of the plane chg(b) has a bit set in every
// lane where the outputs may differ from those whose word figures prev
// holds, and a word with no such lane takes its figure from prev instead
// of the planes: the same number, since a word's figure depends only on
// that word's outputs. out, when not nil, receives every word's figure.
//
// When the MRE of the words summed so far exceeds stop, mreTable returns
// that partial figure (> stop) without reading the other words, and out
// is incomplete: the terms are non-negative and float64 sums of them only
// grow, so the MRE exceeds stop too. Pass +Inf for the exact figure.
func (c *metricConstraint) mreTable(abs func(k, b int) []uint64, nz func(b int) []uint64, nbits, nb int, tail uint64,
	chg func(b int) []uint64, prev, out []float64, stop float64) float64 {
	nzf := float64(c.nonZero)
	d := c.d
	words := d.Words
	shift := d.ABits - 6
	chunkMask := 1<<shift - 1
	var planes [maxPlanes][]uint64
	var rel float64
	for b, off := 0, 0; b < nb && off < words; b++ {
		blk := nz(b)
		n := min(len(blk), words-off)
		for k := range nbits {
			planes[k] = abs(k, b)
		}
		var ch []uint64
		if chg != nil {
			ch = chg(b)
		}
		for j, lanes := range blk[:n] {
			w := off + j
			if ch != nil {
				m := ch[j]
				if w == words-1 {
					m &= tail
				}
				if m == 0 {
					rel += prev[w]
					if out != nil {
						out[w] = prev[w]
					}
					continue
				}
			}
			if w == words-1 {
				lanes &= tail
			}
			ib := c.invB[w>>shift]
			if lanes == 0 || ib == 0 {
				if out != nil {
					out[w] = 0
				}
				continue
			}
			tab := c.relTab[(w&chunkMask)*8*256:][:8*256]
			word := 0.0
			for k := range nbits {
				v := planes[k][j] & lanes
				if v == 0 {
					continue
				}
				// A sum tree of the 8 byte lookups (entry 0 is 0):
				// independent adds instead of one chain.
				s := ((tab[v&255] + tab[256+v>>8&255]) + (tab[2*256+v>>16&255] + tab[3*256+v>>24&255])) +
					((tab[4*256+v>>32&255] + tab[5*256+v>>40&255]) + (tab[6*256+v>>48&255] + tab[7*256+v>>56]))
				word += s * float64(uint64(1)<<k) // exact: a power of 2
			}
			fig := ib * word
			rel += fig
			if out != nil {
				out[w] = fig
			}
			if v := 100 * rel / nzf; v > stop {
				return v
			}
		}
		off += len(blk)
	}
	return 100 * rel / nzf
}

// gatesObjective is the Objective of Gates.
type gatesObjective struct{}

// Gates returns the objective "gates": the number of active logic nodes,
// constants and buffers not counted (as circuits.Stats.Logic counts the
// gates of Genome.Netlist).
func Gates() Objective { return gatesObjective{} }

func (gatesObjective) Name() string { return "gates" }

func (gatesObjective) Cost(c Candidate) float64 {
	n := 0
	for _, i := range c.Active {
		if isLogic(c.Genome.Nodes[i].Fn) {
			n++
		}
	}
	return float64(n)
}

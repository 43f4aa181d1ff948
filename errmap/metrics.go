package errmap

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
)

// ZeroExact selects how the relative metrics (MRE, WCRE) treat operand pairs
// whose exact product is 0.
type ZeroExact int

const (
	// ExcludeZero skips pairs with exact product 0 in MRE and WCRE; MRE is
	// the mean over the remaining pairs (the divisor is the number of pairs
	// with a non-zero exact product).
	ExcludeZero ZeroExact = iota
	// DivideByMaxOne uses |e| / max(1, |exact|) for every pair; MRE is the
	// mean over all pairs.
	DivideByMaxOne
)

// String returns the option's name.
func (z ZeroExact) String() string {
	switch z {
	case ExcludeZero:
		return "ExcludeZero"
	case DivideByMaxOne:
		return "DivideByMaxOne"
	}
	return fmt.Sprintf("ZeroExact(%d)", int(z))
}

// Options parameterises Accumulator.Result.
type Options struct {
	// ZeroExact is the treatment of pairs with exact product 0 in MRE and WCRE.
	ZeroExact ZeroExact
}

// Metrics are the error metrics of a set of (exact, approximate) product
// pairs, with e = approx - exact. Percentages are in percent (0..100+).
type Metrics struct {
	Count    uint64  // number of pairs
	ErrCount uint64  // number of pairs with e != 0
	MAE      float64 // mean |e|
	MSE      float64 // mean e²
	WCE      uint64  // max |e|
	EP       float64 // 100 · ErrCount / Count
	MRE      float64 // 100 · mean |e|/|exact| (see ZeroExact)
	WCRE     float64 // 100 · max |e|/|exact| (see ZeroExact)
	MAEPct   float64 // 100 · MAE / 2^(aBits+bBits)
	WCEPct   float64 // 100 · WCE / 2^(aBits+bBits)
	Mean     float64 // mean e
	Std      float64 // population standard deviation of e (ddof 0)
	MinErr   int64   // smallest e
	MaxErr   int64   // largest e
	// Saturated reports that a 128-bit sum wrapped around; the sums, and so
	// MAE, MSE, Mean and Std, are then invalid. It cannot happen while
	// Count·WCE² < 2^127 (e.g. every pair of a 16x16 multiplier).
	Saturated bool
}

// u128 is an unsigned 128-bit integer.
type u128 struct{ hi, lo uint64 }

func (x *u128) add64(v uint64) bool {
	var c uint64
	x.lo, c = bits.Add64(x.lo, v, 0)
	x.hi, c = bits.Add64(x.hi, 0, c)
	return c != 0
}

func (x *u128) add(v u128) bool {
	var c uint64
	x.lo, c = bits.Add64(x.lo, v.lo, 0)
	x.hi, c = bits.Add64(x.hi, v.hi, c)
	return c != 0
}

func (x u128) big() *big.Int {
	b := new(big.Int).SetUint64(x.hi)
	b.Lsh(b, 64)
	return b.Or(b, new(big.Int).SetUint64(x.lo))
}

// relBlock is the number of relative-error terms summed in a float64 block
// before the block is folded into the compensated total.
const relBlock = 1 << 12

// Accumulator collects error metrics of an aBits x bBits multiplier from a
// stream of (exact, approximate) products. The zero value is not usable; use
// NewAccumulator. An Accumulator is not safe for concurrent use: give each
// worker its own and Merge them.
type Accumulator struct {
	aBits, bBits int

	count    uint64
	errCount uint64
	zeroCnt  uint64 // pairs with exact == 0
	maxAbs   uint64
	minE     int64
	maxE     int64

	sumPos  u128 // Σ e over e > 0
	sumNeg  u128 // Σ -e over e < 0
	sumSq   u128 // Σ e²
	sumAbs0 u128 // Σ |e| over exact == 0
	sat     bool

	// Relative errors over exact != 0: block sum, block length, and the
	// Neumaier-compensated total of finished blocks.
	relBlk  float64
	relN    int
	relSum  float64
	relComp float64
	maxRel  float64 // max |e|/|exact| over exact != 0
	maxAbs0 uint64  // max |e| over exact == 0

	// planes carries the exact products' bit-planes between AddPlanes
	// calls; it is a cache, not part of the figures (Merge ignores it).
	planes *planeState
}

// MaxProductBits is the largest aBits+bBits an Accumulator accepts: products
// and errors then fit in an int64 without overflow.
const MaxProductBits = 62

// NewAccumulator returns an empty accumulator for an aBits x bBits
// multiplier; the widths set the denominator 2^(aBits+bBits) of MAE% and
// WCE%.
func NewAccumulator(aBits, bBits int) (*Accumulator, error) {
	if aBits < 1 || bBits < 1 || aBits+bBits > MaxProductBits {
		return nil, fmt.Errorf("errmap: operand widths %dx%d: want aBits, bBits >= 1 and aBits+bBits <= %d", aBits, bBits, MaxProductBits)
	}
	return &Accumulator{aBits: aBits, bBits: bBits, minE: math.MaxInt64, maxE: math.MinInt64}, nil
}

// Add records one pair. Both values must lie within ±2^MaxProductBits, which
// holds for the products of an accumulator's multiplier.
func (acc *Accumulator) Add(exact, approx int64) {
	e := approx - exact
	acc.count++
	if e < acc.minE {
		acc.minE = e
	}
	if e > acc.maxE {
		acc.maxE = e
	}
	if exact == 0 {
		acc.zeroCnt++
	}
	if e == 0 {
		return
	}
	acc.errCount++
	var ae uint64
	if e > 0 {
		ae = uint64(e)
		acc.sat = acc.sumPos.add64(ae) || acc.sat
	} else {
		ae = uint64(-e)
		acc.sat = acc.sumNeg.add64(ae) || acc.sat
	}
	if ae > acc.maxAbs {
		acc.maxAbs = ae
	}
	hi, lo := bits.Mul64(ae, ae)
	acc.sat = acc.sumSq.add(u128{hi, lo}) || acc.sat
	if exact == 0 {
		acc.sat = acc.sumAbs0.add64(ae) || acc.sat
		if ae > acc.maxAbs0 {
			acc.maxAbs0 = ae
		}
		return
	}
	ax := exact
	if ax < 0 {
		ax = -ax
	}
	r := float64(ae) / float64(ax)
	if r > acc.maxRel {
		acc.maxRel = r
	}
	acc.relBlk += r
	acc.relN++
	if acc.relN == relBlock {
		acc.flushRel()
	}
}

// flushRel folds the current block sum into the compensated total.
func (acc *Accumulator) flushRel() {
	acc.relSum, acc.relComp = neumaier(acc.relSum, acc.relComp, acc.relBlk)
	acc.relBlk, acc.relN = 0, 0
}

// neumaier adds v to the compensated sum (s, c).
func neumaier(s, c, v float64) (float64, float64) {
	t := s + v
	if math.Abs(s) >= math.Abs(v) {
		c += (s - t) + v
	} else {
		c += (v - t) + s
	}
	return t, c
}

// Merge adds the pairs recorded by other to acc, as if acc had seen them
// itself. The two accumulators must have the same operand widths.
func (acc *Accumulator) Merge(other *Accumulator) error {
	if other.aBits != acc.aBits || other.bBits != acc.bBits {
		return fmt.Errorf("errmap: merge %dx%d accumulator into %dx%d", other.aBits, other.bBits, acc.aBits, acc.bBits)
	}
	acc.count += other.count
	acc.errCount += other.errCount
	acc.zeroCnt += other.zeroCnt
	acc.maxAbs = max(acc.maxAbs, other.maxAbs)
	acc.minE = min(acc.minE, other.minE)
	acc.maxE = max(acc.maxE, other.maxE)
	acc.sat = acc.sat || other.sat
	acc.sat = acc.sumPos.add(other.sumPos) || acc.sat
	acc.sat = acc.sumNeg.add(other.sumNeg) || acc.sat
	acc.sat = acc.sumSq.add(other.sumSq) || acc.sat
	acc.sat = acc.sumAbs0.add(other.sumAbs0) || acc.sat
	acc.AddRelSum(RelSum{blk: other.relBlk, sum: other.relSum, comp: other.relComp})
	acc.maxRel = max(acc.maxRel, other.maxRel)
	acc.maxAbs0 = max(acc.maxAbs0, other.maxAbs0)
	return nil
}

// RelSum is the one part of an Accumulator whose value depends on the
// order in which pairs are added: the compensated float64 sum of the
// relative errors |e|/|exact| behind MRE. Every other field is an exact
// integer or a maximum. The zero value is an empty sum.
type RelSum struct {
	blk, sum, comp float64
}

// TakeRelSum returns the relative-error sum of the pairs recorded since
// the last TakeRelSum (or since the start) and resets it, so that the
// next pairs start a fresh sum with fresh block boundaries. A caller that
// splits a run into blocks, takes each block's RelSum and adds them with
// AddRelSum in block order gets a Result that does not depend on which
// accumulator saw which block (sim.Block.Index numbers the blocks).
func (acc *Accumulator) TakeRelSum() RelSum {
	r := RelSum{blk: acc.relBlk, sum: acc.relSum, comp: acc.relComp}
	acc.relBlk, acc.relN, acc.relSum, acc.relComp = 0, 0, 0, 0
	return r
}

// AddRelSum folds a relative-error sum taken with TakeRelSum into acc's
// (Neumaier-compensated), as Merge does for a whole accumulator.
func (acc *Accumulator) AddRelSum(r RelSum) {
	acc.flushRel()
	acc.relSum, acc.relComp = neumaier(acc.relSum, acc.relComp, r.blk)
	acc.relSum, acc.relComp = neumaier(acc.relSum, acc.relComp, r.sum)
	acc.relComp += r.comp
}

// Count returns the number of pairs recorded so far.
func (acc *Accumulator) Count() uint64 { return acc.count }

// ErrCount returns the number of pairs with e != 0 recorded so far.
func (acc *Accumulator) ErrCount() uint64 { return acc.errCount }

// ratio returns num/den rounded to the nearest float64.
func ratio(num, den *big.Int) float64 {
	f, _ := new(big.Rat).SetFrac(num, den).Float64()
	return f
}

// Result returns the metrics of the pairs recorded so far. With no pairs,
// every metric is 0.
func (acc *Accumulator) Result(opts Options) Metrics {
	m := Metrics{Count: acc.count, ErrCount: acc.errCount, WCE: acc.maxAbs, Saturated: acc.sat}
	if acc.count == 0 {
		return m
	}
	m.MinErr, m.MaxErr = acc.minE, acc.maxE
	n := new(big.Int).SetUint64(acc.count)
	pos, neg := acc.sumPos.big(), acc.sumNeg.big()
	sumAbs := new(big.Int).Add(pos, neg)
	sumE := new(big.Int).Sub(pos, neg)
	sumSq := acc.sumSq.big()
	m.MAE = ratio(sumAbs, n)
	m.MSE = ratio(sumSq, n)
	m.Mean = ratio(sumE, n)
	// Var = (N·Σe² - (Σe)²) / N², computed exactly.
	num := new(big.Int).Mul(n, sumSq)
	num.Sub(num, new(big.Int).Mul(sumE, sumE))
	m.Std = math.Sqrt(ratio(num, new(big.Int).Mul(n, n)))
	m.EP = 100 * float64(acc.errCount) / float64(acc.count)
	scale := math.Ldexp(1, acc.aBits+acc.bBits)
	m.MAEPct = 100 * m.MAE / scale
	m.WCEPct = 100 * float64(acc.maxAbs) / scale

	rel := acc.relSum + acc.relBlk + acc.relComp
	switch opts.ZeroExact {
	case DivideByMaxOne:
		abs0, _ := new(big.Float).SetInt(acc.sumAbs0.big()).Float64()
		m.MRE = 100 * (rel + abs0) / float64(acc.count)
		m.WCRE = 100 * max(acc.maxRel, float64(acc.maxAbs0))
	default:
		if nz := acc.count - acc.zeroCnt; nz > 0 {
			m.MRE = 100 * rel / float64(nz)
		}
		m.WCRE = 100 * acc.maxRel
	}
	return m
}

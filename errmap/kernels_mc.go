package errmap

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Monte Carlo draws (MonteCarlo) come from a counter-based generator: the
// random word of pair g (a 64-bit pair number, run k's pairs being
// k·fanIn ... k·fanIn+fanIn-1) for the activation operand is
//
//	mcHash(uint32(g), kx) = fmix32(fmix32(uint32(g) ^ kx.k0) ^ kx.k1)
//
// (fmix32 is the MurmurHash3 finaliser, a bijection of uint32), with the
// key kx derived from the seed and g>>32 by SplitMix64 (mcKeysFor), and
// likewise with kw for the weight operand. A word r draws an operand index
// from an alias table (aliasTable.draw). Every pair is independent of the
// others, so 8 lanes of an AVX2 register can draw 8 pairs at once, and the
// sum of their errors is exact integer arithmetic: every kernel gives the
// same sums.

// aliasBits is the number of low bits of a random word that choose
// between a bucket and its alias; the high 8 bits choose the bucket.
const aliasBits = 24

// aliasTable draws an operand index (value+128) from a Dist with one
// 32-bit random word r (Walker's alias method): bucket i = r >> 24 is kept
// when r & (1<<24 - 1) < thr[i], else alias[i] is drawn; thr[i] is
// t[i] and alias[i] is t[256+i]. The tables are
// built from integer weights W (Σ W = 2^32, W[v] = 0 exactly when the
// probability of v is 0) with exact integer arithmetic, so value v is
// drawn with probability W[v] / 2^32 exactly; W rounds the normalised
// probability to a multiple of 2^-32.
type aliasTable struct {
	// t holds thr (in [0, 2^24]) then alias (in [0, 255]).
	t [512]uint32
}

// draw returns the operand index drawn by the random word r.
func (t *aliasTable) draw(r uint32) uint32 {
	i := r >> aliasBits
	if r&(1<<aliasBits-1) < t.t[i] {
		return i
	}
	return t.t[256+i]
}

// aliasWeights returns the integer weights of d (see aliasTable): the
// normalised probabilities times 2^32, rounded down, with the shortfall
// given one unit at a time to the entries with the largest remainders
// (ties to the lower index) and any rounding excess taken from the
// largest entry. Entries of probability 0 get weight 0.
func aliasWeights(d *Dist) ([256]uint64, error) {
	var w [256]uint64
	s := 0.0
	for i, p := range d {
		if !(p >= 0) || math.IsInf(p, 0) {
			return w, fmt.Errorf("errmap: distribution entry %d (value %d) is %v", i, i-128, p)
		}
		s += p
	}
	if !(s > 0) || math.IsInf(s, 0) {
		return w, errors.New("errmap: distribution has zero or infinite total probability")
	}
	var rem [256]float64
	var total uint64
	big := 0
	for i, p := range d {
		x := p / s * (1 << 32)
		f := math.Floor(x)
		w[i] = uint64(f)
		rem[i] = x - f
		total += w[i]
		if w[i] > w[big] {
			big = i
		}
	}
	const full = 1 << 32
	if total > full {
		w[big] -= total - full
		total = full
	}
	if total < full {
		order := make([]int, 0, 256)
		for i := range rem {
			if rem[i] > 0 {
				order = append(order, i)
			}
		}
		sort.SliceStable(order, func(a, b int) bool { return rem[order[a]] > rem[order[b]] })
		for _, i := range order {
			if total == full {
				break
			}
			w[i]++
			total++
		}
		w[big] += full - total
	}
	return w, nil
}

// newAliasTable builds the alias table of d (Vose's construction on the
// integer weights of aliasWeights, one bucket holding 2^24 units).
func newAliasTable(d *Dist) (*aliasTable, error) {
	w, err := aliasWeights(d)
	if err != nil {
		return nil, err
	}
	const capacity = 1 << aliasBits
	t := new(aliasTable)
	var small, large []uint32
	for i := range w {
		if w[i] < capacity {
			small = append(small, uint32(i))
		} else {
			large = append(large, uint32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s := small[len(small)-1]
		small = small[:len(small)-1]
		l := large[len(large)-1]
		t.t[s] = uint32(w[s])
		t.t[256+s] = l
		w[l] -= capacity - w[s]
		if w[l] < capacity {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	// Σ w = 256·capacity exactly, so what is left holds exactly capacity
	// each and keeps its own bucket.
	for _, i := range append(small, large...) {
		t.t[i] = capacity
		t.t[256+i] = i
	}
	return t, nil
}

// fmix32 is the MurmurHash3 32-bit finaliser.
func fmix32(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// mcKey keys one operand's random words (see mcHash).
type mcKey struct{ k0, k1 uint32 }

// mcHash returns the random word of counter c under key k.
func mcHash(c uint32, k mcKey) uint32 { return fmix32(fmix32(c^k.k0) ^ k.k1) }

// splitMix64 returns the SplitMix64 output for state x (the state is
// advanced by the golden gamma before mixing).
func splitMix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// mcKeysFor returns the activation and weight keys of the pairs g with
// g>>32 == hi under seed.
func mcKeysFor(seed, hi uint64) (kx, kw mcKey) {
	a := splitMix64(seed ^ splitMix64(hi))
	b := splitMix64(a)
	return mcKey{uint32(a), uint32(a >> 32)}, mcKey{uint32(b), uint32(b >> 32)}
}

// mcSumGeneric returns the sum of e[x<<8|w] over the n pairs with counters
// c = g0, g0+1, ... (uint32, wrapping), where x = tx.draw(mcHash(c, kx)) and
// w = tw.draw(mcHash(c, kw)). e must hold 65536 entries.
func mcSumGeneric(e []int32, tx, tw *aliasTable, kx, kw mcKey, g0 uint32, n int) int64 {
	e = e[:1<<16]
	var s int64
	for k := range n {
		c := g0 + uint32(k)
		x := tx.draw(mcHash(c, kx))
		w := tw.draw(mcHash(c, kw))
		s += int64(e[x<<8|w])
	}
	return s
}

// mcRunSums sets sums[k] to the error sum of run k of the counter-based
// Monte Carlo stream under seed: run k draws the pairs g = first+k·fanIn
// ... first+k·fanIn+fanIn-1 (MonteCarlo's stream has first = 0), activation operands from tx and weight operands from
// tw, errors e[x<<8|w] (e holds the 65536 entries of an int8-domain map).
// Calls to the kernel are cut where g crosses a multiple of 2^32 (the keys
// change there). The sums are the same under every kernel.

func mcRunSums(kern statKernel, sums []float64, e []int32, tx, tw *aliasTable, fanIn int, seed, first uint64) {
	hi := ^uint64(0)
	var kx, kw mcKey
	for k := range sums {
		g := first + uint64(k)*uint64(fanIn)
		var s int64
		for left := fanIn; left > 0; {
			if g>>32 != hi {
				hi = g >> 32
				kx, kw = mcKeysFor(seed, hi)
			}
			n := int(min(uint64(left), 1<<32-g&(1<<32-1)))
			s += kern.mcSum(e, tx, tw, kx, kw, uint32(g), n)
			g += uint64(n)
			left -= n
		}
		sums[k] = float64(s)
	}
}

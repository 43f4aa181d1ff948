package errmap

import (
	"fmt"
	"sync"
)

// MaxMapBits is the largest aBits+bBits of an ErrorMap (2^24 operand pairs,
// 128 MiB of products and errors).
const MaxMapBits = 24

// ErrorMap holds the approximate product and the error e = approx - exact of
// every operand pair of an aBits x bBits multiplier.
//
// Entries are stored row-major: row = A operand, column = B operand, both in
// ascending numerical order (signed operands from -2^(bits-1)). In the int8
// domain used by the error models, A is the activation x and B the weight w.
type ErrorMap struct {
	aBits, bBits int
	signed       bool
	approx       []int32
	err          []int32

	// The int8-domain view of an unsigned 8x8 map, built on first use.
	int8Once sync.Once
	int8Map  *ErrorMap
}

// operandRange returns the smallest value and the count of a bits-wide
// operand.
func operandRange(bits int, signed bool) (lo int64, n int) {
	n = 1 << bits
	if signed {
		lo = -int64(n / 2)
	}
	return lo, n
}

func checkMapBits(aBits, bBits int) error {
	if aBits < 1 || bBits < 1 || aBits+bBits > MaxMapBits {
		return fmt.Errorf("errmap: operand widths %dx%d: want aBits, bBits >= 1 and aBits+bBits <= %d", aBits, bBits, MaxMapBits)
	}
	return nil
}

// FromProducts builds an error map from a truth table: raw[b<<aBits | a] is
// the raw output bit pattern (aBits+bBits bits wide) of the circuit for the
// operand bit patterns a and b, as the simulator produces it. With signed
// set, operands and outputs are two's complement.
func FromProducts(aBits, bBits int, signed bool, raw []uint64) (*ErrorMap, error) {
	if err := checkMapBits(aBits, bBits); err != nil {
		return nil, err
	}
	na, nb := 1<<aBits, 1<<bBits
	if len(raw) != na*nb {
		return nil, fmt.Errorf("errmap: raw truth table has %d entries, want %d for %dx%d", len(raw), na*nb, aBits, bBits)
	}
	ow := aBits + bBits
	omask := uint64(1)<<ow - 1
	em := newMap(aBits, bBits, signed)
	alo, _ := operandRange(aBits, signed)
	blo, _ := operandRange(bBits, signed)
	for i := range na {
		a := alo + int64(i)
		pa := uint64(a) & (uint64(na) - 1)
		for j := range nb {
			b := blo + int64(j)
			pb := uint64(b) & (uint64(nb) - 1)
			r := raw[pb<<aBits|pa]
			if r&^omask != 0 {
				return nil, fmt.Errorf("errmap: raw[%d] = %#x has bits above the %d-bit output", pb<<aBits|pa, r, ow)
			}
			v := int64(r)
			if signed && r>>(ow-1) != 0 {
				v -= 1 << ow
			}
			k := i*nb + j
			em.approx[k] = int32(v)
			em.err[k] = int32(v - a*b)
		}
	}
	return em, nil
}

func newMap(aBits, bBits int, signed bool) *ErrorMap {
	n := 1 << (aBits + bBits)
	return &ErrorMap{aBits: aBits, bBits: bBits, signed: signed, approx: make([]int32, n), err: make([]int32, n)}
}

// FromFunc builds an error map from a Go function giving the approximate
// product of the operand values a and b (as numbers, not bit patterns). The
// function's results must fit in an int32, and so must the errors.
func FromFunc(aBits, bBits int, signed bool, f func(a, b int64) int64) (*ErrorMap, error) {
	if err := checkMapBits(aBits, bBits); err != nil {
		return nil, err
	}
	em := newMap(aBits, bBits, signed)
	alo, na := operandRange(aBits, signed)
	blo, nb := operandRange(bBits, signed)
	for i := range na {
		a := alo + int64(i)
		for j := range nb {
			b := blo + int64(j)
			v := f(a, b)
			e := v - a*b
			if v != int64(int32(v)) || e != int64(int32(e)) {
				return nil, fmt.Errorf("errmap: product %d for a=%d, b=%d does not fit in int32", v, a, b)
			}
			em.approx[i*nb+j] = int32(v)
			em.err[i*nb+j] = int32(e)
		}
	}
	return em, nil
}

// fromErrors builds a map from row-major errors (layout of ErrorMap). The
// map keeps errs as its error table (the caller must not modify it).
func fromErrors(aBits, bBits int, signed bool, errs []int32) (*ErrorMap, error) {
	if err := checkMapBits(aBits, bBits); err != nil {
		return nil, err
	}
	alo, na := operandRange(aBits, signed)
	blo, nb := operandRange(bBits, signed)
	if len(errs) != na*nb {
		return nil, fmt.Errorf("errmap: %d errors, want %d for %dx%d", len(errs), na*nb, aBits, bBits)
	}
	em := &ErrorMap{aBits: aBits, bBits: bBits, signed: signed, approx: make([]int32, na*nb), err: errs}
	for i := range na {
		a := alo + int64(i)
		row := errs[i*nb : (i+1)*nb]
		out := em.approx[i*nb : (i+1)*nb : (i+1)*nb]
		exact := a * blo // exact product of a and blo + j, updated per column
		for j, e := range row {
			v := int64(e) + exact
			if v != int64(int32(v)) {
				return nil, fmt.Errorf("errmap: error %d at [%d, %d] gives a product outside int32", e, i, j)
			}
			out[j] = int32(v)
			exact += a
		}
	}
	return em, nil
}

// ABits returns the width of the A operand.
func (em *ErrorMap) ABits() int { return em.aBits }

// BBits returns the width of the B operand.
func (em *ErrorMap) BBits() int { return em.bBits }

// Signed reports whether operands are two's complement.
func (em *ErrorMap) Signed() bool { return em.signed }

// ARange returns the smallest and largest A operand value.
func (em *ErrorMap) ARange() (lo, hi int64) {
	lo, n := operandRange(em.aBits, em.signed)
	return lo, lo + int64(n) - 1
}

// BRange returns the smallest and largest B operand value.
func (em *ErrorMap) BRange() (lo, hi int64) {
	lo, n := operandRange(em.bBits, em.signed)
	return lo, lo + int64(n) - 1
}

// index returns the flat index of (a, b) and whether both are in range.
func (em *ErrorMap) index(a, b int64) (int, bool) {
	alo, ahi := em.ARange()
	blo, bhi := em.BRange()
	if a < alo || a > ahi || b < blo || b > bhi {
		return 0, false
	}
	return int(a-alo)<<em.bBits | int(b-blo), true
}

// Approx returns the approximate product of the operand values a and b; ok
// is false when an operand is out of range.
func (em *ErrorMap) Approx(a, b int64) (p int64, ok bool) {
	k, ok := em.index(a, b)
	if !ok {
		return 0, false
	}
	return int64(em.approx[k]), true
}

// Error returns approx - exact for the operand values a and b; ok is false
// when an operand is out of range.
func (em *ErrorMap) Error(a, b int64) (e int64, ok bool) {
	k, ok := em.index(a, b)
	if !ok {
		return 0, false
	}
	return int64(em.err[k]), true
}

// Products returns the approximate products, row-major (row = A ascending,
// column = B ascending). The slice is the map's own storage: do not modify.
func (em *ErrorMap) Products() []int32 { return em.approx }

// Errors returns the errors approx - exact in the layout of Products. The
// slice is the map's own storage: do not modify.
func (em *ErrorMap) Errors() []int32 { return em.err }

// Metrics returns the error metrics over all operand pairs.
func (em *ErrorMap) Metrics(opts Options) Metrics {
	acc, err := NewAccumulator(em.aBits, em.bBits)
	if err != nil { // unreachable: map widths are always valid
		return Metrics{}
	}
	alo, na := operandRange(em.aBits, em.signed)
	blo, nb := operandRange(em.bBits, em.signed)
	for i := range na {
		a := alo + int64(i)
		row := em.approx[i*nb : (i+1)*nb]
		for j, v := range row {
			acc.Add(a*(blo+int64(j)), int64(v))
		}
	}
	return acc.Result(opts)
}

// IsInt8 reports whether the map is in the int8 domain (signed 8x8), the
// domain of LUTs and of the error models.
func (em *ErrorMap) IsInt8() bool { return em.signed && em.aBits == 8 && em.bBits == 8 }

// Int8 returns the map in the int8 domain: operands x, w in -128..127. A
// signed 8x8 map is returned as it is. An unsigned 8x8 multiplier M is used
// sign-magnitude: approx(x, w) = s(x)·s(w)·M(|x|, |w|) with |-128| = 128 and
// s(v) = -1 for v < 0, +1 otherwise (so s(0) = +1). Other widths are an error.
// The converted map is built once and kept with em, so repeated calls (e.g.
// from Population.Predict for many layers) are cheap; it is safe for
// concurrent use.
func (em *ErrorMap) Int8() (*ErrorMap, error) {
	if em.aBits != 8 || em.bBits != 8 {
		return nil, fmt.Errorf("errmap: int8 domain needs an 8x8 multiplier, have %dx%d", em.aBits, em.bBits)
	}
	if em.signed {
		return em, nil
	}
	em.int8Once.Do(func() { em.int8Map = em.signMagnitude() })
	return em.int8Map, nil
}

// signMagnitude builds the int8-domain map of an unsigned 8x8 map.
func (em *ErrorMap) signMagnitude() *ErrorMap {
	out := newMap(8, 8, true)
	for i := range 256 {
		x := int64(i) - 128
		for j := range 256 {
			w := int64(j) - 128
			ax, sx := x, int64(1)
			if x < 0 {
				ax, sx = -x, -1
			}
			aw, sw := w, int64(1)
			if w < 0 {
				aw, sw = -w, -1
			}
			v := sx * sw * int64(em.approx[ax<<8|aw])
			out.approx[i<<8|j] = int32(v)
			out.err[i<<8|j] = int32(v - x*w)
		}
	}
	return out
}

package evolve

import "testing"

// exactMinGates returns the fewest logic gates (AND, OR, XOR, NAND, NOR,
// XNOR, NOT) of a circuit over nIn inputs in which every target truth
// table (bit p = the value on input pattern p) is computed, by exhaustive
// depth-first enumeration up to maxGates, or -1. Pruning that cannot lose
// a minimum circuit: no gate repeats an available table or computes a
// constant (a minimum circuit has neither), 2-input gates read two
// different sources, a gate independent of its predecessor comes after it
// in a fixed order of (inputs, function) (any circuit can be reordered so),
// and a branch stops when more targets are missing than gates are left.
func exactMinGates(nIn int, targets []uint64, maxGates int) int {
	pairs := 1 << nIn
	mask := uint64(1)<<pairs - 1
	srcs := make([]uint64, 0, nIn+maxGates)
	for i := range nIn {
		var t uint64
		for p := range pairs {
			t |= uint64(p>>i&1) << p
		}
		srcs = append(srcs, t)
	}
	type tuple struct{ fn, i, j int }
	fns := 7 // 0..5 two-input, 6 = NOT
	eval := func(fn int, x, y uint64) uint64 {
		switch fn {
		case 0:
			return x & y
		case 1:
			return x | y
		case 2:
			return x ^ y
		case 3:
			return ^(x & y) & mask
		case 4:
			return ^(x | y) & mask
		case 5:
			return ^(x ^ y) & mask
		}
		return ^x & mask
	}
	missing := func() int {
		n := 0
		for _, t := range targets {
			found := false
			for _, s := range srcs {
				if s == t {
					found = true
					break
				}
			}
			if !found {
				n++
			}
		}
		return n
	}
	var dfs func(left int, prev tuple, prevIdx int) bool
	dfs = func(left int, prev tuple, prevIdx int) bool {
		m := missing()
		if m == 0 {
			return true
		}
		if m > left {
			return false
		}
		n := len(srcs)
		for j := 0; j < n; j++ {
			for i := 0; i <= j; i++ {
				for fn := range fns {
					if (fn == 6) != (i == j) {
						continue
					}
					tp := tuple{fn, i, j}
					dep := prevIdx >= 0 && (i == prevIdx || j == prevIdx)
					if !dep && prevIdx >= 0 && (tp.j < prev.j || (tp.j == prev.j && (tp.i < prev.i || (tp.i == prev.i && tp.fn <= prev.fn)))) {
						continue
					}
					v := eval(fn, srcs[i], srcs[j])
					dup := v == 0 || v == mask
					for _, s := range srcs {
						if s == v {
							dup = true
							break
						}
					}
					if dup {
						continue
					}
					srcs = append(srcs, v)
					ok := dfs(left-1, tp, n)
					srcs = srcs[:n]
					if ok {
						return true
					}
				}
			}
		}
		return false
	}
	for k := 0; k <= maxGates; k++ {
		if dfs(k, tuple{}, -1) {
			return k
		}
	}
	return -1
}

// TestExactMinGates checks the enumeration on hand-counted functions of
// the 2x2 product bits: O0 = a0·b0 is one AND, O1 = a0·b1 ^ a1·b0 three
// gates, O3 = a0·a1·b0·b1 three ANDs.
func TestExactMinGates(t *testing.T) {
	var o [4]uint64
	for p := range 16 {
		v := (p & 3) * (p >> 2)
		for k := range o {
			o[k] |= uint64(v>>k&1) << p
		}
	}
	for _, tc := range []struct {
		name    string
		targets []uint64
		want    int
	}{{"O0", o[:1], 1}, {"O1", o[1:2], 3}, {"O3", o[3:], 3}, {"O0,O3", []uint64{o[0], o[3]}, 3}, {"input a0", []uint64{0xAAAA}, 0}} {
		if got := exactMinGates(4, tc.targets, 5); got != tc.want {
			t.Errorf("%s: %d gates, want %d", tc.name, got, tc.want)
		}
	}
}

package yosyscells

import (
	"fmt"

	"github.com/axmul/axmul/circuits"
)

// width returns parameter name as a width in [1, limit].
func (p Params) width(name string, limit int) (int, error) {
	v, ok := p[name]
	if !ok {
		return 0, fmt.Errorf("parameter %s missing", name)
	}
	if v < 1 || v > int64(limit) {
		return 0, fmt.Errorf("parameter %s = %d out of range 1..%d", name, v, limit)
	}
	return int(v), nil
}

// flag returns a 0/1 parameter, 0 when absent.
func (p Params) flag(name string) (bool, error) {
	v, ok := p[name]
	if !ok {
		return false, nil
	}
	if v != 0 && v != 1 {
		return false, fmt.Errorf("parameter %s = %d is not 0 or 1", name, v)
	}
	return v == 1, nil
}

// widths reads the named width parameters (at most 3) and validates the
// flags.
func (p Params) widths(limit int, names []string, flags ...string) ([3]int, error) {
	var ws [3]int
	for i, n := range names {
		w, err := p.width(n, limit)
		if err != nil {
			return ws, err
		}
		ws[i] = w
	}
	for _, fl := range flags {
		if _, err := p.flag(fl); err != nil {
			return ws, err
		}
	}
	return ws, nil
}

func (p Params) is(name string) bool { return p[name] == 1 }

// unary registers a cell with input A and output Y.
func unary(name string, f func(fl fold, a []circuits.Net, yw int, signed bool) []circuits.Net) {
	defs[name] = cellDef{
		ports: func(p Params) ([]Port, error) {
			ws, err := p.widths(MaxWidth, []string{"A_WIDTH", "Y_WIDTH"}, "A_SIGNED")
			if err != nil {
				return nil, err
			}
			return []Port{{Name: "A", Width: ws[0]}, {Name: "Y", Output: true, Width: ws[1]}}, nil
		},
		build: func(fl fold, p Params, in [][]circuits.Net) []circuits.Net {
			return f(fl, in[0], int(p["Y_WIDTH"]), p.is("A_SIGNED"))
		},
	}
}

// binary registers a cell with inputs A, B and output Y; f gets both
// signedness flags.
func binary(name string, limit int, f func(fl fold, a, b []circuits.Net, yw int, as, bs bool) []circuits.Net) {
	defs[name] = cellDef{
		ports: func(p Params) ([]Port, error) {
			ws, err := p.widths(MaxWidth, []string{"A_WIDTH", "B_WIDTH", "Y_WIDTH"}, "A_SIGNED", "B_SIGNED")
			if err != nil {
				return nil, err
			}
			if ws[2] > limit {
				return nil, fmt.Errorf("parameter Y_WIDTH = %d out of range 1..%d", ws[2], limit)
			}
			return []Port{{Name: "A", Width: ws[0]}, {Name: "B", Width: ws[1]}, {Name: "Y", Output: true, Width: ws[2]}}, nil
		},
		build: func(fl fold, p Params, in [][]circuits.Net) []circuits.Net {
			return f(fl, in[0], in[1], int(p["Y_WIDTH"]), p.is("A_SIGNED"), p.is("B_SIGNED"))
		},
	}
}

// bit returns r zero-extended to w bits.
func bit(r circuits.Net, w int) []circuits.Net { return ext([]circuits.Net{r}, w, false) }

func coarseInit() {
	unary("$not", func(fl fold, a []circuits.Net, yw int, s bool) []circuits.Net { return fl.notv(ext(a, yw, s)) })
	unary("$pos", func(fl fold, a []circuits.Net, yw int, s bool) []circuits.Net { return ext(a, yw, s) })
	unary("$neg", func(fl fold, a []circuits.Net, yw int, s bool) []circuits.Net {
		r, _ := fl.add(fl.notv(ext(a, yw, s)), ext(nil, yw, false), One)
		return r
	})
	for _, r := range []struct {
		name  string
		k     circuits.Kind
		empty circuits.Net
		inv   bool
	}{
		{"$reduce_and", circuits.And, One, false},
		{"$reduce_or", circuits.Or, Zero, false},
		{"$reduce_bool", circuits.Or, Zero, false},
		{"$reduce_xor", circuits.Xor, Zero, false},
		{"$reduce_xnor", circuits.Xor, Zero, true},
		{"$logic_not", circuits.Or, Zero, true},
	} {
		r := r
		unary(r.name, func(fl fold, a []circuits.Net, yw int, _ bool) []circuits.Net {
			v := fl.reduce(r.k, a, r.empty)
			if r.inv {
				v = fl.not(v)
			}
			return bit(v, yw)
		})
	}
	// Bitwise and arithmetic cells: both operands signed or both unsigned,
	// extended to Y_WIDTH; the low Y_WIDTH bits of the result.
	arith := func(op func(fl fold, a, b []circuits.Net) []circuits.Net) func(fl fold, a, b []circuits.Net, yw int, as, bs bool) []circuits.Net {
		return func(fl fold, a, b []circuits.Net, yw int, as, bs bool) []circuits.Net {
			s := as && bs
			return op(fl, ext(a, yw, s), ext(b, yw, s))
		}
	}
	bitwise := func(k circuits.Kind) func(fl fold, a, b []circuits.Net) []circuits.Net {
		return func(fl fold, a, b []circuits.Net) []circuits.Net {
			r := make([]circuits.Net, len(a))
			for i := range r {
				r[i] = fl.op(k, a[i], b[i])
			}
			return r
		}
	}
	binary("$and", MaxWidth, arith(bitwise(circuits.And)))
	binary("$or", MaxWidth, arith(bitwise(circuits.Or)))
	binary("$xor", MaxWidth, arith(bitwise(circuits.Xor)))
	binary("$xnor", MaxWidth, arith(bitwise(circuits.Xnor)))
	binary("$add", MaxWidth, arith(func(fl fold, a, b []circuits.Net) []circuits.Net {
		r, _ := fl.add(a, b, Zero)
		return r
	}))
	binary("$sub", MaxWidth, arith(func(fl fold, a, b []circuits.Net) []circuits.Net {
		r, _ := fl.add(a, fl.notv(b), One)
		return r
	}))
	binary("$mul", MaxMulWidth, arith(func(fl fold, a, b []circuits.Net) []circuits.Net { return fl.mul(a, b) }))
	// Comparisons at the wider operand width.
	cmp := func(op func(fl fold, a, b []circuits.Net, s bool) circuits.Net) func(fl fold, a, b []circuits.Net, yw int, as, bs bool) []circuits.Net {
		return func(fl fold, a, b []circuits.Net, yw int, as, bs bool) []circuits.Net {
			s := as && bs
			w := max(len(a), len(b))
			return bit(op(fl, ext(a, w, s), ext(b, w, s), s), yw)
		}
	}
	eq := func(fl fold, a, b []circuits.Net, _ bool) circuits.Net { return fl.equal(a, b) }
	ne := func(fl fold, a, b []circuits.Net, _ bool) circuits.Net { return fl.not(fl.equal(a, b)) }
	binary("$eq", MaxWidth, cmp(eq))
	binary("$eqx", MaxWidth, cmp(eq))
	binary("$ne", MaxWidth, cmp(ne))
	binary("$nex", MaxWidth, cmp(ne))
	binary("$lt", MaxWidth, cmp(func(fl fold, a, b []circuits.Net, s bool) circuits.Net { return fl.less(a, b, s) }))
	binary("$gt", MaxWidth, cmp(func(fl fold, a, b []circuits.Net, s bool) circuits.Net { return fl.less(b, a, s) }))
	binary("$le", MaxWidth, cmp(func(fl fold, a, b []circuits.Net, s bool) circuits.Net { return fl.not(fl.less(b, a, s)) }))
	binary("$ge", MaxWidth, cmp(func(fl fold, a, b []circuits.Net, s bool) circuits.Net { return fl.not(fl.less(a, b, s)) }))
	logic := func(k circuits.Kind) func(fl fold, a, b []circuits.Net, yw int, as, bs bool) []circuits.Net {
		return func(fl fold, a, b []circuits.Net, yw int, as, bs bool) []circuits.Net {
			return bit(fl.op(k, fl.reduce(circuits.Or, a, Zero), fl.reduce(circuits.Or, b, Zero)), yw)
		}
	}
	binary("$logic_and", MaxWidth, logic(circuits.And))
	binary("$logic_or", MaxWidth, logic(circuits.Or))
	// Shifts: A (extended by A_SIGNED) at max(A_WIDTH, Y_WIDTH) bits,
	// shifted by the unsigned B.
	shift := func(left, arith bool) func(fl fold, a, b []circuits.Net, yw int, as, bs bool) []circuits.Net {
		return func(fl fold, a, b []circuits.Net, yw int, as, _ bool) []circuits.Net {
			w := max(len(a), yw)
			x := ext(a, w, as)
			fill := Zero
			if arith && as {
				fill = x[w-1]
			}
			return ext(fl.shift(x, b, left, fill), yw, false)
		}
	}
	binary("$shl", MaxWidth, shift(true, false))
	binary("$sshl", MaxWidth, shift(true, false))
	binary("$shr", MaxWidth, shift(false, false))
	binary("$sshr", MaxWidth, shift(false, true))

	// $shift: A (extended by A_SIGNED) shifted right by B, or left by -B
	// when B is signed and negative, zero fill. $shiftx is A[B +: Y_WIDTH]:
	// the same with A unsigned, except that Yosys makes the bits outside A
	// x where these two-valued cells give 0.
	varShift := func(forceUnsigned bool) func(fl fold, a, b []circuits.Net, yw int, as, bs bool) []circuits.Net {
		return func(fl fold, a, b []circuits.Net, yw int, as, bs bool) []circuits.Net {
			if forceUnsigned {
				as = false
			}
			w := max(len(a), yw)
			x := ext(a, w, as)
			if !bs {
				return ext(fl.shift(x, b, false, Zero), yw, false)
			}
			neg := b[len(b)-1]
			// |B| in len(b)+1 bits (so that -(-2^(n-1)) fits).
			bx := ext(b, len(b)+1, true)
			nb, _ := fl.add(fl.notv(bx), ext(nil, len(bx), false), One)
			mag := make([]circuits.Net, len(bx))
			for i := range mag {
				mag[i] = fl.mux(neg, bx[i], nb[i])
			}
			right := fl.shift(x, mag, false, Zero)
			left := fl.shift(x, mag, true, Zero)
			r := make([]circuits.Net, w)
			for i := range r {
				r[i] = fl.mux(neg, right[i], left[i])
			}
			return ext(r, yw, false)
		}
	}
	binary("$shift", MaxWidth, varShift(false))
	binary("$shiftx", MaxWidth, varShift(true))
	selPorts := func(p Params) (w, sw int, err error) {
		ws, err := p.widths(MaxWidth, []string{"WIDTH", "S_WIDTH"})
		if err != nil {
			return 0, 0, err
		}
		if ws[1] > 12 || ws[0]<<ws[1] > MaxWidth*16 {
			return 0, 0, fmt.Errorf("WIDTH << S_WIDTH = %d<<%d too large", ws[0], ws[1])
		}
		return ws[0], ws[1], nil
	}
	defs["$bmux"] = cellDef{
		ports: func(p Params) ([]Port, error) {
			w, sw, err := selPorts(p)
			if err != nil {
				return nil, err
			}
			return []Port{{Name: "A", Width: w << sw}, {Name: "S", Width: sw}, {Name: "Y", Output: true, Width: w}}, nil
		},
		build: func(fl fold, p Params, in [][]circuits.Net) []circuits.Net {
			a, s := in[0], in[1]
			w := len(a) >> len(s)
			r := make([]circuits.Net, w)
			data := make([]circuits.Net, 1<<len(s))
			for i := range r {
				for k := range data {
					data[k] = a[k*w+i]
				}
				r[i] = muxTree(fl, data, s)
			}
			return r
		},
	}
	defs["$demux"] = cellDef{
		ports: func(p Params) ([]Port, error) {
			w, sw, err := selPorts(p)
			if err != nil {
				return nil, err
			}
			return []Port{{Name: "A", Width: w}, {Name: "S", Width: sw}, {Name: "Y", Output: true, Width: w << sw}}, nil
		},
		build: func(fl fold, p Params, in [][]circuits.Net) []circuits.Net {
			a, s := in[0], in[1]
			w := len(a)
			r := make([]circuits.Net, w<<len(s))
			for k := 0; k < 1<<len(s); k++ {
				hit := One
				for j, sj := range s {
					if k>>j&1 == 1 {
						hit = fl.and(hit, sj)
					} else {
						hit = fl.and(hit, fl.not(sj))
					}
				}
				for i := 0; i < w; i++ {
					r[k*w+i] = fl.and(hit, a[i])
				}
			}
			return r
		},
	}
	defs["$mux"] = cellDef{
		ports: func(p Params) ([]Port, error) {
			w, err := p.width("WIDTH", MaxWidth)
			if err != nil {
				return nil, err
			}
			return []Port{{Name: "A", Width: w}, {Name: "B", Width: w}, {Name: "S", Width: 1}, {Name: "Y", Output: true, Width: w}}, nil
		},
		build: func(fl fold, p Params, in [][]circuits.Net) []circuits.Net {
			r := make([]circuits.Net, len(in[0]))
			for i := range r {
				r[i] = fl.mux(in[2][0], in[0][i], in[1][i])
			}
			return r
		},
	}
	defs["$pmux"] = cellDef{
		ports: func(p Params) ([]Port, error) {
			ws, err := p.widths(MaxWidth, []string{"WIDTH", "S_WIDTH"})
			if err != nil {
				return nil, err
			}
			if ws[0]*ws[1] > MaxWidth*16 {
				return nil, fmt.Errorf("WIDTH*S_WIDTH = %d too large", ws[0]*ws[1])
			}
			return []Port{{Name: "A", Width: ws[0]}, {Name: "B", Width: ws[0] * ws[1]}, {Name: "S", Width: ws[1]}, {Name: "Y", Output: true, Width: ws[0]}}, nil
		},
		build: func(fl fold, p Params, in [][]circuits.Net) []circuits.Net {
			a, b, s := in[0], in[1], in[2]
			w := len(a)
			any := fl.reduce(circuits.Or, s, Zero)
			r := make([]circuits.Net, w)
			for i := range r {
				sel := Zero
				for j, sj := range s {
					sel = fl.or(sel, fl.and(sj, b[j*w+i]))
				}
				r[i] = fl.mux(any, a[i], sel)
			}
			return r
		},
	}
}

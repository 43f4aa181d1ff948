package blif

import "github.com/axmul/axmul/circuits"

// cover emits the gates of one .names cover driving out.
func (f *flattener) cover(cv *cover, ins []circuits.Net, out circuits.Net, pos string) {
	if len(cv.rows) == 0 {
		f.gate(circuits.Const0, pos, -1, out)
		return
	}
	onset := cv.vals[0] == '1'
	if len(ins) <= 3 && f.small(cv, ins, onset, out, pos) {
		return
	}
	// Sum of products; an OFF-set cover is the complement.
	inv := make([]circuits.Net, len(ins))
	for i := range inv {
		inv[i] = circuits.NoNet
	}
	lits := make([]circuits.Net, 0, len(ins))
	products := make([]circuits.Net, 0, len(cv.rows))
	for _, r := range cv.rows {
		lits = lits[:0]
		for i := 0; i < len(r.s); i++ {
			switch r.s[i] {
			case '1':
				lits = append(lits, ins[i])
			case '0':
				if inv[i] == circuits.NoNet {
					inv[i] = f.tmp()
					f.gate(circuits.Not, pos, -1, inv[i], ins[i])
				}
				lits = append(lits, inv[i])
			}
		}
		if len(lits) == 0 {
			// A row of don't-cares covers every input.
			k := circuits.Const1
			if !onset {
				k = circuits.Const0
			}
			f.gate(k, pos, -1, out)
			return
		}
		if len(cv.rows) == 1 {
			root := circuits.And
			if !onset {
				root = circuits.Nand
			}
			f.tree(circuits.And, root, lits, out, pos, -1)
			return
		}
		products = append(products, f.tree(circuits.And, circuits.And, append([]circuits.Net(nil), lits...), circuits.NoNet, pos, -1))
	}
	root := circuits.Or
	if !onset {
		root = circuits.Nor
	}
	f.tree(circuits.Or, root, products, out, pos, -1)
}

// small emits a cover of at most three inputs as one gate when its
// function, on the inputs it depends on, is a constant, BUF, NOT, AND, OR,
// XOR, NAND, NOR, XNOR or MUX. It reports whether it did.
func (f *flattener) small(cv *cover, ins []circuits.Net, onset bool, out circuits.Net, pos string) bool {
	k := len(ins)
	var tt uint8
	for idx := 0; idx < 1<<k; idx++ {
		hit := false
		for _, r := range cv.rows {
			match := true
			for i := 0; i < k; i++ {
				c := r.s[i]
				if c != '-' && (c == '1') != (idx>>i&1 == 1) {
					match = false
					break
				}
			}
			if match {
				hit = true
				break
			}
		}
		if hit == onset {
			tt |= 1 << idx
		}
	}
	// Drop the inputs the function does not depend on.
	var varBuf [3]circuits.Net
	vars := append(varBuf[:0], ins...)
	for i := len(vars) - 1; i >= 0; i-- {
		n := len(vars)
		dep := false
		for idx := 0; idx < 1<<n; idx++ {
			if idx>>i&1 == 0 && tt>>idx&1 != tt>>(idx|1<<i)&1 {
				dep = true
				break
			}
		}
		if dep {
			continue
		}
		var nt uint8
		j := 0
		for idx := 0; idx < 1<<n; idx++ {
			if idx>>i&1 == 0 {
				nt |= (tt >> idx & 1) << j
				j++
			}
		}
		tt = nt
		vars = append(vars[:i], vars[i+1:]...)
	}
	switch len(vars) {
	case 0:
		if tt&1 == 1 {
			f.gate(circuits.Const1, pos, -1, out)
		} else {
			f.gate(circuits.Const0, pos, -1, out)
		}
		return true
	case 1:
		if tt&3 == 2 {
			f.gate(circuits.Buf, pos, -1, out, vars[0])
		} else {
			f.gate(circuits.Not, pos, -1, out, vars[0])
		}
		return true
	case 2:
		var kd circuits.Kind
		switch tt & 0xF {
		case 0x8:
			kd = circuits.And
		case 0xE:
			kd = circuits.Or
		case 0x6:
			kd = circuits.Xor
		case 0x7:
			kd = circuits.Nand
		case 0x1:
			kd = circuits.Nor
		case 0x9:
			kd = circuits.Xnor
		default:
			return false
		}
		f.gate(kd, pos, -1, out, vars[0], vars[1])
		return true
	case 3:
		// MUX: select s, data x when s = 0, y when s = 1.
		for s := 0; s < 3; s++ {
			for x := 0; x < 3; x++ {
				y := 3 - s - x
				if x == s || y == s || y < 0 || y > 2 {
					continue
				}
				var mt uint8
				for idx := 0; idx < 8; idx++ {
					d := x
					if idx>>s&1 == 1 {
						d = y
					}
					mt |= uint8(idx>>d&1) << idx
				}
				if mt == tt {
					f.gate(circuits.Mux, pos, -1, out, vars[s], vars[x], vars[y])
					return true
				}
			}
		}
	}
	return false
}

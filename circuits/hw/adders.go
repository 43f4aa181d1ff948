package hw

import (
	"math"
	"sort"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
)

// Truth tables over the leaves of a cut (leaf i = bit i of the row).
const (
	ttXor2 = 0x6  // a ^ b
	ttAnd2 = 0x8  // a & b
	ttXor3 = 0x96 // a ^ b ^ c
	ttMaj3 = 0xE8 // majority of a, b, c
)

// adderCell is a two-output library cell computing a sum (XOR) and a carry
// (AND for a half adder, majority for a full adder) of its inputs.
type adderCell struct {
	cell       *liberty.Cell
	inputs     []string
	sum, carry string
}

// findAdderCells returns the smallest half-adder (2 inputs) and full-adder
// (3 inputs) cells of lib, found by the truth tables of their outputs; nil
// when the library has none.
func findAdderCells(lib *liberty.Library) (ha, fa *adderCell) {
	for _, c := range lib.Cells {
		if c.Sequential || c.DontUse || math.IsNaN(c.Area) {
			continue
		}
		outs, ins := c.Outputs(), c.Inputs()
		if len(outs) != 2 || len(ins) < 2 || len(ins) > 3 {
			continue
		}
		names := make([]string, len(ins))
		okIns := true
		for i, p := range ins {
			names[i] = p.Name
			okIns = okIns && p.Direction == "input"
		}
		if !okIns || outs[0].Function == nil || outs[1].Function == nil ||
			outs[0].ThreeState != "" || outs[1].ThreeState != "" {
			continue
		}
		t0, t1 := evalTT(outs[0].Function, names), evalTT(outs[1].Function, names)
		wantSum, wantCarry := uint64(ttXor2), uint64(ttAnd2)
		if len(ins) == 3 {
			wantSum, wantCarry = ttXor3, ttMaj3
		}
		a := &adderCell{cell: c, inputs: names}
		switch {
		case t0 == wantSum && t1 == wantCarry:
			a.sum, a.carry = outs[0].Name, outs[1].Name
		case t1 == wantSum && t0 == wantCarry:
			a.sum, a.carry = outs[1].Name, outs[0].Name
		default:
			continue
		}
		best := &ha
		if len(ins) == 3 {
			best = &fa
		}
		if *best == nil || c.Area < (*best).cell.Area {
			*best = a
		}
	}
	return ha, fa
}

// adderMatch is a half or full adder covering a sum node, a carry node and
// the nodes between them and their leaves.
type adderMatch struct {
	cell         *adderCell
	leaves       []circuits.Net
	sum, carry   circuits.Net
	firstGate    int
	emitted      bool
	absorbedSize int
}

// maxFreeCuts bounds the 3-leaf cut enumeration of adder extraction.
const maxFreeCuts = 32

// extractAdders finds pairs of expression nodes that compute the sum and
// the carry of the same two or three leaves and whose cones (the nodes
// between them and the leaves) are read only inside the pair, and assigns
// them to the library's half- and full-adder cells. Full adders are taken
// first, in source order; a node belongs to at most one adder.
func (mp *mapper) extractAdders(order []int) {
	ha, fa := findAdderCells(mp.ix.lib)
	if ha == nil && fa == nil {
		return
	}
	// Cuts of up to 3 leaves through any node (fan-out ignored).
	fcuts := map[circuits.Net][]cut{}
	readers := map[circuits.Net][]circuits.Net{}
	var nodeOrder []circuits.Net
	for _, gi := range order {
		out := mp.n.Gates[gi].Out
		nd, ok := mp.nodes[out]
		if !ok || nd.gate != gi {
			continue
		}
		nodeOrder = append(nodeOrder, out)
		var ops [3][]operand
		for j := 0; j < nd.kind.Arity(); j++ {
			x := nd.in[j]
			readers[x] = append(readers[x], out)
			ops[j] = []operand{mp.leafOperand(x)}
			for _, c := range fcuts[x] {
				ops[j] = append(ops[j], operand{leaves: c.leaves, tt: c.tt})
			}
		}
		var cs []cut
		for _, c := range combine(nd.kind, ops) {
			if len(c.leaves) <= 3 {
				cs = append(cs, c)
			}
		}
		if len(cs) > maxFreeCuts {
			sort.SliceStable(cs, func(i, j int) bool { return len(cs[i].leaves) < len(cs[j].leaves) })
			cs = cs[:maxFreeCuts]
		}
		fcuts[out] = cs
	}
	type key struct {
		n int
		l [3]circuits.Net
	}
	mk := func(ls []circuits.Net) key {
		k := key{n: len(ls)}
		copy(k.l[:], ls)
		return k
	}
	sums, carries := map[key][]circuits.Net{}, map[key][]circuits.Net{}
	var keys []key
	for _, x := range nodeOrder {
		for _, c := range fcuts[x] {
			k := mk(c.leaves)
			switch {
			case len(c.leaves) == 2 && c.tt == ttXor2, len(c.leaves) == 3 && c.tt == ttXor3:
				if len(sums[k]) == 0 && len(carries[k]) == 0 {
					keys = append(keys, k)
				}
				sums[k] = append(sums[k], x)
			case len(c.leaves) == 2 && c.tt == ttAnd2, len(c.leaves) == 3 && c.tt == ttMaj3:
				if len(sums[k]) == 0 && len(carries[k]) == 0 {
					keys = append(keys, k)
				}
				carries[k] = append(carries[k], x)
			}
		}
	}
	used := map[circuits.Net]bool{}
	// cone returns the nodes between x and the leaves (x included).
	cone := func(x circuits.Net, leaves []circuits.Net, into map[circuits.Net]bool) {
		isLeaf := func(y circuits.Net) bool {
			for _, l := range leaves {
				if l == y {
					return true
				}
			}
			return false
		}
		var walk func(y circuits.Net)
		walk = func(y circuits.Net) {
			if into[y] || isLeaf(y) {
				return
			}
			nd, ok := mp.nodes[y]
			if !ok {
				return
			}
			into[y] = true
			for j := 0; j < nd.kind.Arity(); j++ {
				walk(nd.in[j])
			}
		}
		walk(x)
	}
	for _, size := range []int{3, 2} {
		cell := fa
		if size == 2 {
			cell = ha
		}
		if cell == nil {
			continue
		}
		for _, k := range keys {
			if k.n != size {
				continue
			}
			leaves := append([]circuits.Net(nil), k.l[:k.n]...)
		pairs:
			for _, s := range sums[k] {
				for _, c := range carries[k] {
					if used[s] || used[c] {
						continue
					}
					in := map[circuits.Net]bool{}
					cone(s, leaves, in)
					cone(c, leaves, in)
					ok := true
					for y := range in {
						if used[y] {
							ok = false
							break
						}
						if y == s || y == c {
							continue
						}
						// An inner node must be read only inside the pair.
						if mp.root[y] || len(readers[y]) != mp.fanout[y] {
							ok = false
							break
						}
						for _, r := range readers[y] {
							if !in[r] {
								ok = false
								break
							}
						}
						if !ok {
							break
						}
					}
					if !ok {
						continue
					}
					am := &adderMatch{cell: cell, leaves: leaves, sum: s, carry: c, firstGate: mp.nodes[s].gate, absorbedSize: len(in)}
					for y := range in {
						used[y] = true
						if y != s && y != c {
							mp.absorbed[y] = true
						}
					}
					mp.adders[s], mp.adders[c] = am, am
					mp.root[s], mp.root[c] = true, true
					break pairs
				}
			}
		}
	}
}

package hw

import (
	"fmt"
	"math"
	"sort"

	"github.com/axmul/axmul/circuits/liberty"
)

// maxCutLeaves is the largest number of inputs of a library cell the mapper
// uses for expression logic, and so the largest number of leaves of a cut.
// Four covers AOI22/OAI22; truth tables then have at most 16 rows.
const maxCutLeaves = 4

// ttMask returns the mask of the rows of a truth table over k leaves.
func ttMask(k int) uint64 { return 1<<(1<<k) - 1 }

// match is a library cell implementing one truth table: input pin Pins[i]
// is driven by leaf i.
type match struct {
	cell *liberty.Cell
	out  string   // output pin name
	pins []string // input pin of each leaf
	area float64
}

// cellIndex finds single-output combinational cells by the truth table of
// their function.
type cellIndex struct {
	lib *liberty.Library
	// byTT[k] maps a truth table over k leaves to the smallest cell
	// implementing it.
	byTT [maxCutLeaves + 1]map[uint64]match
	inv  *match // the smallest inverter, nil when the library has none
}

// mappable reports why a cell cannot serve for expression logic, or "".
func mappable(c *liberty.Cell) string {
	switch {
	case c.Sequential:
		return "sequential"
	case c.DontUse:
		return "dont_use"
	case math.IsNaN(c.Area) || c.Area < 0:
		return "no area"
	}
	outs := c.Outputs()
	if len(outs) != 1 {
		return fmt.Sprintf("%d outputs", len(outs))
	}
	o := outs[0]
	if o.Function == nil {
		return "no function"
	}
	if o.ThreeState != "" || o.Direction != "output" {
		return "three-state or inout output"
	}
	ins := c.Inputs()
	if len(ins) == 0 || len(ins) > maxCutLeaves {
		return fmt.Sprintf("%d inputs", len(ins))
	}
	for _, p := range ins {
		if p.Direction != "input" {
			return "inout pin"
		}
	}
	names := map[string]bool{}
	for _, p := range ins {
		names[p.Name] = true
	}
	for _, v := range o.Function.Vars() {
		if !names[v] {
			return fmt.Sprintf("function reads %s, which is not an input pin", v)
		}
	}
	return ""
}

// evalTT returns the truth table of f over the ordered pins: row r assigns
// bit i of r to pins[i].
func evalTT(f *liberty.Expr, pins []string) uint64 {
	var tt uint64
	val := map[string]bool{}
	for r := 0; r < 1<<len(pins); r++ {
		for i, p := range pins {
			val[p] = r>>i&1 == 1
		}
		if f.Eval(func(pin string) bool { return val[pin] }) {
			tt |= 1 << r
		}
	}
	return tt
}

// permutations calls f with every permutation of s (in lexicographic order
// of positions, the identity first).
func permutations(s []string, f func([]string)) {
	p := append([]string(nil), s...)
	var rec func(k int)
	rec = func(k int) {
		if k == len(p) {
			f(p)
			return
		}
		for i := k; i < len(p); i++ {
			p[k], p[i] = p[i], p[k]
			rec(k + 1)
			p[k], p[i] = p[i], p[k]
		}
	}
	rec(0)
}

// newCellIndex indexes the mappable cells of lib by truth table under
// every assignment of leaves to input pins. Among cells with the same
// function the smallest area wins (ties: the name first in sort order), so
// that the smallest drive strength (X1) is chosen.
func newCellIndex(lib *liberty.Library) (*cellIndex, error) {
	if lib == nil {
		return nil, fmt.Errorf("hw: nil library")
	}
	ix := &cellIndex{lib: lib}
	for k := range ix.byTT {
		ix.byTT[k] = map[uint64]match{}
	}
	cells := append([]*liberty.Cell(nil), lib.Cells...)
	sort.SliceStable(cells, func(i, j int) bool {
		if cells[i].Area != cells[j].Area {
			return cells[i].Area < cells[j].Area
		}
		return cells[i].Name < cells[j].Name
	})
	for _, c := range cells {
		if mappable(c) != "" {
			continue
		}
		out := c.Outputs()[0]
		ins := c.Inputs()
		names := make([]string, len(ins))
		for i, p := range ins {
			names[i] = p.Name
		}
		k := len(names)
		permutations(names, func(perm []string) {
			tt := evalTT(out.Function, perm)
			if _, ok := ix.byTT[k][tt]; ok {
				return
			}
			ix.byTT[k][tt] = match{cell: c, out: out.Name, pins: append([]string(nil), perm...), area: c.Area}
		})
	}
	// The inverter: NOT over one leaf is 1 in row 0 only.
	if m, ok := ix.byTT[1][0b01]; ok {
		ix.inv = &m
	}
	return ix, nil
}

// flipInputs returns tt over k leaves with the leaves in mask inverted.
func flipInputs(tt uint64, k int, mask uint) uint64 {
	var out uint64
	for r := 0; r < 1<<k; r++ {
		if tt>>(r^int(mask))&1 == 1 {
			out |= 1 << r
		}
	}
	return out
}

// impl is a way to implement a truth table: a cell whose inputs in invIn
// are driven through inverters and whose output is inverted when
// invOut is set.
type impl struct {
	m      match
	invIn  uint // bit i: leaf i goes through an inverter
	invOut bool
	area   float64
	cells  int
}

// lookup returns the cheapest way to implement truth table tt over k
// leaves: a cell alone, or with inverters on some leaves and/or on its
// output. ok is false when there is none.
func (ix *cellIndex) lookup(k int, tt uint64) (best impl, ok bool) {
	tt &= ttMask(k)
	if ix.inv == nil {
		m, found := ix.byTT[k][tt]
		return impl{m: m, area: m.area, cells: 1}, found
	}
	for mask := uint(0); mask < 1<<k; mask++ {
		f := flipInputs(tt, k, mask)
		ninv := bitsOnes(mask)
		for _, out := range []bool{false, true} {
			g := f
			if out {
				g = ^f & ttMask(k)
			}
			m, found := ix.byTT[k][g]
			if !found {
				continue
			}
			c := impl{m: m, invIn: mask, invOut: out, cells: 1 + ninv}
			if out {
				c.cells++
			}
			c.area = m.area + float64(c.cells-1)*ix.inv.area
			if !ok || c.area < best.area || c.area == best.area && c.cells < best.cells {
				best, ok = c, true
			}
		}
	}
	return best, ok
}

func bitsOnes(x uint) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

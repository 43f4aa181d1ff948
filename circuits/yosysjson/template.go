package yosysjson

import (
	"strings"

	"github.com/axmul/axmul/circuits"
)

// A template records what flattening one instance of a module added to
// the netlist (nets, gates, cell records), relative to its input values,
// so that the module's other instances are copied instead of flattened
// again, as the Verilog reader does for standard cells. It is recorded
// and replayed only outside standard cells, for instances whose input
// bits are distinct nets (constants or a net on two inputs would fold
// differently), with the same outputs connected; TestTemplatesChangeNothing
// checks that the netlists are those flattening every instance gives.
type template struct {
	n0, n1    circuits.Net // nets added
	g0, g1    int          // gates added
	c0, c1    int          // cell records added
	inputs    map[circuits.Net]int
	outs      [][]circuits.Net // per output port (nil when unconnected)
	connected string           // which output ports were connected
	path      string           // the recorded instance's path
}

// instantiate flattens the cell cname of inst, an instance of module
// msub (node sub), connected by conns.
func (e *elab) instantiate(inst *instance, cname, path string, off int32, msub string, sub, conns *node) {
	conn := func(pin string) (*node, int32, bool) {
		for i, k := range conns.o.keys {
			if k == pin {
				return conns.arr[i], conns.o.koff[i], true
			}
		}
		return nil, 0, false
	}
	ports := e.ports(sub, msub)
	known := map[string]bool{}
	for _, p := range ports {
		known[p.name] = true
	}
	for i, k := range conns.o.keys {
		if !known[k] {
			e.errorf(conns.o.koff[i], "cell %s: module %s has no port %s", cname, msub, k)
		}
	}
	// Input values, from the parent.
	inVals := make([][]circuits.Net, len(ports))
	distinct := true
	seen := map[circuits.Net]bool{}
	var connected []byte
	for pi, p := range ports {
		cv, coff, ok := conn(p.name)
		if p.output {
			if ok {
				connected = append(connected, '1')
			} else {
				connected = append(connected, '0')
			}
			continue
		}
		if !ok {
			e.errorf(off, "cell %s: input port %s of module %s is not connected", cname, p.name, msub)
			distinct = false
			continue
		}
		pv := e.bitsOf(inst, cv, "cell", cname)
		if p.bits == nil || p.bits.k != jArr || p.bits.size() != len(pv) {
			e.errorf(coff, "cell %s: width mismatch on port %s of %s", cname, p.name, msub)
			distinct = false
			continue
		}
		inVals[pi] = pv
		for _, v := range pv {
			if v < 0 || seen[v] {
				distinct = false
			}
			seen[v] = true
		}
	}
	cellType := e.stdCell(msub)
	usable := distinct && e.curCell < 0 && !e.noTemplates
	t, have := e.templates[msub]
	var outVals [][]circuits.Net
	if usable && have && t != nil && t.connected == string(connected) && e.nl.NumNets+int(t.n1-t.n0) <= MaxNets {
		outVals = e.replay(t, path, ports, inVals)
	} else {
		n0, g0, c0 := circuits.Net(e.nl.NumNets), len(e.nl.Gates), len(e.nl.Cells)
		x0, errs0 := len(e.xGates), len(e.errs)
		outVals = e.flatten(inst, cname, path, off, msub, sub, ports, inVals, conn, cellType)
		if usable && !have {
			var rec *template
			if len(e.xGates) == x0 && len(e.errs) == errs0 && !e.fatal {
				rec = e.record(n0, g0, c0, path, ports, inVals, outVals, string(connected))
			}
			if e.templates == nil {
				e.templates = map[string]*template{}
			}
			e.templates[msub] = rec
		}
	}
	// Outputs drive the parent's nets.
	for pi, p := range ports {
		if !p.output || outVals[pi] == nil {
			continue
		}
		cv, _, _ := conn(p.name)
		for j := 0; j < cv.size(); j++ {
			if b := cv.at(j); b.k == jNum {
				e.drive(e.bit(inst, b), outVals[pi][j], b.off)
			}
		}
	}
}

// flatten elaborates the body of one module instance and returns its
// output values per port (nil for unconnected outputs).
func (e *elab) flatten(inst *instance, cname, path string, off int32, msub string, sub *node, ports []modPort,
	inVals [][]circuits.Net, conn func(string) (*node, int32, bool), cellType string) [][]circuits.Net {
	ci := e.beginCell(cellType, path)
	if ci >= 0 {
		defer func() { e.curCell = -1 }()
	}
	child := e.newInstance(path, msub, sub)
	for pi, p := range ports {
		pv := inVals[pi]
		if p.output || pv == nil {
			continue
		}
		if ci >= 0 && len(pv) == 1 {
			e.nl.Cells[ci].Pins[p.name] = pv[0]
		}
		for j := 0; j < p.bits.size(); j++ {
			b := p.bits.at(j)
			if !b.isInt() {
				continue // a constant in the child's port list: nothing to bind
			}
			if _, dup := child.bits.get(b.num); dup {
				continue // the same child net on two input bits
			}
			child.bits.set(b.num, pv[j])
		}
	}
	e.body(child)
	outVals := make([][]circuits.Net, len(ports))
	for pi, p := range ports {
		if !p.output {
			continue
		}
		cv, coff, ok := conn(p.name)
		if !ok {
			continue
		}
		if p.bits == nil || p.bits.k != jArr || cv.k != jArr || p.bits.size() != cv.size() {
			e.errorf(coff, "cell %s: width mismatch on port %s of %s", cname, p.name, msub)
			continue
		}
		inner := e.bitsOf(child, p.bits, "port of module", msub)
		if ci >= 0 && len(inner) == 1 {
			inner[0] = e.cellOutput(ci, inner[0], off)
			e.nl.Cells[ci].Pins[p.name] = inner[0]
			e.nl.Cells[ci].Outputs = append(e.nl.Cells[ci].Outputs, p.name)
		}
		outVals[pi] = inner
	}
	return outVals
}

// record makes the template of the instance just flattened, or returns
// nil when something in it refers to a net that is neither its own nor
// an input.
func (e *elab) record(n0 circuits.Net, g0, c0 int, path string, ports []modPort, inVals, outVals [][]circuits.Net, connected string) *template {
	t := &template{n0: n0, n1: circuits.Net(e.nl.NumNets), g0: g0, g1: len(e.nl.Gates), c0: c0, c1: len(e.nl.Cells),
		inputs: map[circuits.Net]int{}, path: path, connected: connected}
	k := 0
	for pi, p := range ports {
		if !p.output {
			for _, v := range inVals[pi] {
				t.inputs[v] = k
				k++
			}
		}
	}
	ok := func(v circuits.Net) bool {
		if v < 0 || (v >= t.n0 && v < t.n1) {
			return true
		}
		_, in := t.inputs[v]
		return in
	}
	for n := t.n0; n < t.n1; n++ {
		if e.slot[n] && !ok(e.drv[n]) {
			return nil
		}
	}
	for gi := t.g0; gi < t.g1; gi++ {
		g := e.nl.Gates[gi]
		for j := 0; j < g.Kind.Arity(); j++ {
			if !ok(g.In[j]) {
				return nil
			}
		}
		if g.Cell >= 0 && (int(g.Cell) < t.c0 || int(g.Cell) >= t.c1) {
			return nil
		}
	}
	for ci := t.c0; ci < t.c1; ci++ {
		for _, v := range e.nl.Cells[ci].Pins {
			if !ok(v) {
				return nil
			}
		}
	}
	for _, vs := range outVals {
		for _, v := range vs {
			if !ok(v) {
				return nil
			}
		}
	}
	t.outs = outVals
	return t
}

// replay copies template t for a new instance at path with input values
// inVals and returns its output values.
func (e *elab) replay(t *template, path string, ports []modPort, inVals [][]circuits.Net) [][]circuits.Net {
	newIn := make([]circuits.Net, len(t.inputs))
	k := 0
	for pi, p := range ports {
		if !p.output {
			for _, v := range inVals[pi] {
				newIn[k] = v
				k++
			}
		}
	}
	base := circuits.Net(e.nl.NumNets)
	c0 := len(e.nl.Cells)
	remap := func(v circuits.Net) circuits.Net {
		switch {
		case v < 0:
			return v
		case v >= t.n0 && v < t.n1:
			return base + (v - t.n0)
		}
		return newIn[t.inputs[v]]
	}
	insts := map[*instance]*instance{}
	for n := t.n0; n < t.n1; n++ {
		nn := e.nl.NewNet("")
		e.slot = append(e.slot, e.slot[n])
		e.drv = append(e.drv, remap(e.drv[n]))
		e.ref = append(e.ref, e.ref[n])
		if int(n) < len(e.slotOf) && e.slotOf[n].inst != nil {
			r := e.slotOf[n]
			ni, ok := insts[r.inst]
			if !ok {
				ni = &instance{path: path + strings.TrimPrefix(r.inst.path, t.path), name: r.inst.name, names: r.inst.names}
				insts[r.inst] = ni
			}
			for len(e.slotOf) < int(nn) {
				e.slotOf = append(e.slotOf, slotRef{})
			}
			e.slotOf = append(e.slotOf, slotRef{ni, r.id})
		}
	}
	for ci := t.c0; ci < t.c1; ci++ {
		old := e.nl.Cells[ci]
		c := circuits.CellInstance{Type: old.Type, Source: old.Source, Name: path + strings.TrimPrefix(old.Name, t.path),
			Pins: make(map[string]circuits.Net, len(old.Pins)), Outputs: append([]string(nil), old.Outputs...)}
		for pin, v := range old.Pins {
			c.Pins[pin] = remap(v)
		}
		e.nl.Cells = append(e.nl.Cells, c)
	}
	for gi := t.g0; gi < t.g1; gi++ {
		g := e.nl.Gates[gi]
		g.Out = remap(g.Out)
		for j := 0; j < g.Kind.Arity(); j++ {
			g.In[j] = remap(g.In[j])
		}
		if g.Cell >= 0 {
			g.Cell = int32(c0 + int(g.Cell) - t.c0)
		}
		e.nl.Gates = append(e.nl.Gates, g)
		for len(e.gateOf) <= int(g.Out) {
			e.gateOf = append(e.gateOf, -1)
		}
		e.gateOf[g.Out] = int32(len(e.nl.Gates) - 1)
	}
	outs := make([][]circuits.Net, len(t.outs))
	for pi, vs := range t.outs {
		if vs == nil {
			continue
		}
		outs[pi] = make([]circuits.Net, len(vs))
		for j, v := range vs {
			outs[pi][j] = remap(v)
		}
	}
	return outs
}

package verilog

import (
	"go/token"

	"github.com/axmul/axmul/circuits"
)

// A standard-cell module (PDKGEN<cell> in EvoApprox files) is elaborated
// the same way for every instance: the same nets, gates and drivers, only
// numbered from a different first net, gate and name source, with another
// instance path and cell index. The first instance is elaborated normally
// and recorded as a cellTemplate; later instances replay it. Only bodies
// of declarations and assignments without parameters are recorded, and
// only when their elaboration reported nothing.

// cellTemplate is a recorded cell body. Nets are numbered from 0 (the
// first net of the instance), gates and name sources likewise; negative
// values are constants or NoNet, kept as they are.
type cellTemplate struct {
	kind    []uint8
	drv     []val
	drvPos  []token.Pos
	gateOf  []int32
	names   []nameRef // src: index+1 into srcs, 0 for none
	srcs    []nameSrc // path replaced by the instance's
	gates   []circuits.Gate
	gatePos []token.Pos // unused when atPos
	atPos   bool        // every gate has the instance position
	ports   []port      // bits relative
}

// templatable reports whether module m may be recorded: declarations,
// assignments and instances of Yosys internal cells only (as in the
// standard-cell modules Yosys writes with write_verilog -noexpr).
func (e *elab) templatable(m *Module) bool {
	for _, it := range m.Items {
		switch it := it.(type) {
		case *Decl, *Assign:
		case *Instance:
			if it.Primitive != ILLEGAL || !e.isYosysCell(it.Module) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// record builds the template of the instance just elaborated into child:
// nets from base, gates from g0, name sources from s0, at path. It
// returns nil when the body reaches outside its own nets.
func (e *elab) record(child *scope, base val, g0, s0 int, path int32, at token.Pos) *cellTemplate {
	n := int(val(e.nl.NumNets) - base)
	rel := func(v val) (val, bool) {
		if v < 0 {
			return v, true
		}
		if v < base || int(v-base) >= n {
			return 0, false
		}
		return v - base, true
	}
	t := &cellTemplate{
		kind:   append([]uint8(nil), e.kind[base:]...),
		drvPos: append([]token.Pos(nil), e.drvPos[base:]...),
		drv:    make([]val, n),
		gateOf: make([]int32, n),
		names:  make([]nameRef, n),
		srcs:   append([]nameSrc(nil), e.srcs[s0:]...),
		gates:  append([]circuits.Gate(nil), e.nl.Gates[g0:]...),
		atPos:  at.IsValid(),
	}
	for i := range n {
		v, ok := rel(e.drv[int(base)+i])
		if !ok {
			return nil
		}
		t.drv[i] = v
		t.gateOf[i] = -1
		if gi := e.gateOf[int(base)+i]; gi >= 0 {
			t.gateOf[i] = gi - int32(g0)
		}
		r := e.names[int(base)+i]
		if r.src != 0 {
			if int(r.src) <= s0 {
				return nil
			}
			r.src -= int32(s0)
		}
		t.names[i] = r
	}
	for _, s := range t.srcs {
		if s.path != path {
			return nil
		}
	}
	for gi := range t.gates {
		g := &t.gates[gi]
		var ok bool
		if g.Out, ok = rel(g.Out); !ok {
			return nil
		}
		for j := range g.In {
			if g.In[j], ok = rel(g.In[j]); !ok {
				return nil
			}
		}
		p := e.gatePos[g0+gi]
		if t.atPos && p != at {
			return nil
		}
	}
	if !t.atPos {
		t.gatePos = append([]token.Pos(nil), e.gatePos[g0:]...)
	}
	for _, p := range child.mod.Ports {
		v, ok := child.nets[p.Name]
		if !ok {
			continue
		}
		bits := make([]val, len(v.bits))
		for k, b := range v.bits {
			if bits[k], ok = rel(b); !ok {
				return nil
			}
		}
		t.ports = append(t.ports, port{name: p.Name, dir: v.dir, pos: p.Pos, bits: bits})
	}
	return t
}

// replay adds the nets, gates and drivers of template t as a new
// instance at path, with gates of the given cell at position at, and
// appends its ports to ports. It returns false, changing nothing, when
// the nets would exceed MaxNets.
func (e *elab) replay(t *cellTemplate, path int32, cell int32, at token.Pos, ports []port) ([]port, bool) {
	n := len(t.kind)
	if e.nl.NumNets+n > MaxNets {
		return ports, false
	}
	base := val(e.nl.NumNets)
	g0 := int32(len(e.nl.Gates))
	s0 := int32(len(e.srcs))
	abs := func(v val) val {
		if v < 0 {
			return v
		}
		return v + base
	}
	e.nl.NumNets += n
	e.kind = append(e.kind, t.kind...)
	e.drvPos = append(e.drvPos, t.drvPos...)
	for i := range n {
		e.drv = append(e.drv, abs(t.drv[i]))
		gi := t.gateOf[i]
		if gi >= 0 {
			gi += g0
		}
		e.gateOf = append(e.gateOf, gi)
		r := t.names[i]
		if r.src != 0 {
			r.src += s0
		}
		e.names = append(e.names, r)
	}
	for _, s := range t.srcs {
		s.path = path
		e.srcs = append(e.srcs, s)
	}
	for gi, g := range t.gates {
		g.Out = abs(g.Out)
		for j := range g.In {
			g.In[j] = abs(g.In[j])
		}
		g.Cell = cell
		e.nl.Gates = append(e.nl.Gates, g)
		if t.atPos {
			e.gatePos = append(e.gatePos, at)
		} else {
			e.gatePos = append(e.gatePos, t.gatePos[gi])
		}
	}
	for _, p := range t.ports {
		bits := e.bits(len(p.bits))
		for k, b := range p.bits {
			bits[k] = abs(b)
		}
		p.bits = bits
		ports = append(ports, p)
	}
	return ports, true
}

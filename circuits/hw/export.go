package hw

import (
	"fmt"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
)

// Netlist returns the mapped circuit as a netlist: the ports of the source
// (output bits on the nets that carry them after mapping), one
// circuits.CellInstance per Instance, and gates computing each cell output
// from the structure of its Liberty function (AND/OR/XOR of several
// arguments become chains of two-input gates). Simulating it checks the
// mapping independently of the truth tables the mapper matched.
func (m *Mapped) Netlist() (*circuits.Netlist, error) {
	src := m.Source
	out := &circuits.Netlist{Name: src.Name, File: src.File, NumNets: m.NumNets}
	out.NetNames = make([]string, m.NumNets)
	for i := range out.NetNames {
		if i < src.NumNets {
			out.NetNames[i] = src.NetName(circuits.Net(i))
		} else {
			out.NetNames[i] = fmt.Sprintf("%s_n", src.NetName(m.complementOf[i-src.NumNets]))
		}
	}
	driven := make([]bool, m.NumNets)
	constNet := [2]circuits.Net{circuits.NoNet, circuits.NoNet}
	tie := func(v int8) circuits.Net {
		if constNet[v] == circuits.NoNet {
			constNet[v] = out.NewNet(fmt.Sprintf("tie%d", v))
			k := circuits.Const0
			if v == 1 {
				k = circuits.Const1
			}
			out.AddGate(k, constNet[v])
		}
		return constNet[v]
	}
	// wireNet maps a mapped net to the net to read in out.
	wireNet := func(x circuits.Net) circuits.Net {
		if v := m.constVal[x]; v >= 0 {
			return tie(v)
		}
		return x
	}
	for _, p := range src.Ports {
		q := circuits.Port{Name: p.Name, Dir: p.Dir, Bits: make([]circuits.Net, len(p.Bits))}
		for i, b := range p.Bits {
			if p.Dir == circuits.Input {
				q.Bits[i] = b
				driven[b] = true
			} else {
				q.Bits[i] = wireNet(m.wire[b])
			}
		}
		out.Ports = append(out.Ports, q)
	}
	for ii := range m.Instances {
		in := &m.Instances[ii]
		ci := circuits.CellInstance{Type: in.Cell.Name, Name: in.Name, Pins: map[string]circuits.Net{}}
		cellIdx := int32(len(out.Cells))
		pinNet := map[string]circuits.Net{}
		for _, pc := range in.Pins {
			if pc.Net < 0 {
				continue
			}
			ci.Pins[pc.Pin] = pc.Net
			if pc.Output {
				ci.Outputs = append(ci.Outputs, pc.Pin)
			} else {
				pinNet[pc.Pin] = wireNet(pc.Net)
			}
		}
		out.Cells = append(out.Cells, ci)
		for _, pc := range in.Pins {
			if !pc.Output || pc.Net < 0 {
				continue
			}
			pin := in.Cell.Pin(pc.Pin)
			if pin == nil || pin.Function == nil {
				return nil, fmt.Errorf("hw: instance %s: output pin %s of cell %s has no function", in.Name, pc.Pin, in.Cell.Name)
			}
			if driven[pc.Net] {
				return nil, fmt.Errorf("hw: instance %s: net %s has two drivers", in.Name, out.NetName(pc.Net))
			}
			driven[pc.Net] = true
			x := &exprBuilder{out: out, pins: pinNet, tie: tie, cell: cellIdx, pos: in.Pos, inst: in.Name}
			if err := x.build(pin.Function, pc.Net); err != nil {
				return nil, err
			}
		}
	}
	if err := out.Validate(); err != nil {
		return nil, fmt.Errorf("hw: mapped %s: %w", src.Name, err)
	}
	return out, nil
}

// exprBuilder expands a Liberty function into gates.
type exprBuilder struct {
	out  *circuits.Netlist
	pins map[string]circuits.Net
	tie  func(int8) circuits.Net
	cell int32
	pos  string
	inst string
}

func (x *exprBuilder) add(k circuits.Kind, dst circuits.Net, in ...circuits.Net) {
	gi := x.out.AddGate(k, dst, in...)
	x.out.Gates[gi].Cell = x.cell
	x.out.Gates[gi].Pos = x.pos
}

// value returns a net holding e, creating gates as needed.
func (x *exprBuilder) value(e *liberty.Expr) (circuits.Net, error) {
	switch e.Op {
	case liberty.OpVar:
		n, ok := x.pins[e.Name]
		if !ok {
			return circuits.NoNet, fmt.Errorf("hw: instance %s: function reads unconnected pin %s", x.inst, e.Name)
		}
		return n, nil
	case liberty.OpConst0:
		return x.tie(0), nil
	case liberty.OpConst1:
		return x.tie(1), nil
	}
	dst := x.out.NewNet("")
	if err := x.build(e, dst); err != nil {
		return circuits.NoNet, err
	}
	return dst, nil
}

// build makes gates driving dst with the value of e.
func (x *exprBuilder) build(e *liberty.Expr, dst circuits.Net) error {
	switch e.Op {
	case liberty.OpVar, liberty.OpConst0, liberty.OpConst1:
		v, err := x.value(e)
		if err != nil {
			return err
		}
		x.add(circuits.Buf, dst, v)
		return nil
	case liberty.OpNot:
		if len(e.Args) != 1 {
			return fmt.Errorf("hw: instance %s: malformed NOT", x.inst)
		}
		a, err := x.value(e.Args[0])
		if err != nil {
			return err
		}
		x.add(circuits.Not, dst, a)
		return nil
	case liberty.OpAnd, liberty.OpOr, liberty.OpXor:
		k := map[liberty.ExprOp]circuits.Kind{liberty.OpAnd: circuits.And, liberty.OpOr: circuits.Or, liberty.OpXor: circuits.Xor}[e.Op]
		if len(e.Args) < 2 {
			return fmt.Errorf("hw: instance %s: malformed %v with %d arguments", x.inst, e.Op, len(e.Args))
		}
		acc, err := x.value(e.Args[0])
		if err != nil {
			return err
		}
		for i := 1; i < len(e.Args); i++ {
			b, err := x.value(e.Args[i])
			if err != nil {
				return err
			}
			d := dst
			if i < len(e.Args)-1 {
				d = x.out.NewNet("")
			}
			x.add(k, d, acc, b)
			acc = d
		}
		return nil
	}
	return fmt.Errorf("hw: instance %s: unknown function operator %v", x.inst, e.Op)
}

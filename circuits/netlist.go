package circuits

import (
	"fmt"
	"strings"
)

// Net identifies a single-bit net of a Netlist: an index in [0, Netlist.NumNets).
type Net int32

// NoNet marks an unused gate input.
const NoNet Net = -1

// Kind is the function of a gate.
type Kind uint8

// Gate kinds. Const0 and Const1 have no inputs, Buf and Not one, Mux three
// (select, data0, data1), all others two.
const (
	Const0 Kind = iota
	Const1
	Buf
	Not
	And
	Or
	Xor
	Nand
	Nor
	Xnor
	Mux
	numKinds
)

var kindNames = [numKinds]string{"CONST0", "CONST1", "BUF", "NOT", "AND", "OR", "XOR", "NAND", "NOR", "XNOR", "MUX"}

// String returns the upper-case name of the kind, e.g. "XOR".
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Arity returns the number of inputs a gate of kind k reads.
func (k Kind) Arity() int {
	switch k {
	case Const0, Const1:
		return 0
	case Buf, Not:
		return 1
	case Mux:
		return 3
	default:
		return 2
	}
}

// Kinds lists every gate kind in declaration order.
func Kinds() []Kind {
	ks := make([]Kind, numKinds)
	for i := range ks {
		ks[i] = Kind(i)
	}
	return ks
}

// Eval computes the gate function bitwise on 64-bit words; unused inputs are ignored.
func (k Kind) Eval(a, b, c uint64) uint64 {
	switch k {
	case Const0:
		return 0
	case Const1:
		return ^uint64(0)
	case Buf:
		return a
	case Not:
		return ^a
	case And:
		return a & b
	case Or:
		return a | b
	case Xor:
		return a ^ b
	case Nand:
		return ^(a & b)
	case Nor:
		return ^(a | b)
	case Xnor:
		return ^(a ^ b)
	case Mux:
		return (b &^ a) | (c & a)
	}
	panic("circuits: invalid gate kind " + k.String())
}

// Gate is a single-output logic gate.
type Gate struct {
	Kind Kind
	// In holds the inputs; entries beyond Kind.Arity() are NoNet.
	In  [3]Net
	Out Net
	// Cell is the index in Netlist.Cells of the library-cell instance this
	// gate implements part of, or -1 when the gate came from an expression
	// or a gate primitive.
	Cell int32
	// Pos is the source position ("file:line:col") the gate came from, or "".
	Pos string
}

// Dir is a port direction.
type Dir uint8

// Port directions.
const (
	Input Dir = iota
	Output
)

// Port is a named module port; Bits[i] is the net of bit i (weight 2^i,
// or 2^(Lsb+i) for a port declared with a non-zero low index).
type Port struct {
	Name string
	Dir  Dir
	Bits []Net
	// Signed is true when the source declared the port signed
	// (input signed [7:0] A).
	Signed bool
	// Lsb is the declared index of Bits[0] when the source declared a
	// descending range with a non-zero low index (output [15:8] O: Lsb 8,
	// Bits[i] is declared bit 8+i of weight 2^(8+i)); 0 otherwise.
	// AssignRoles reads an output's Lsb as its bit weights.
	Lsb int
}

// Width returns the number of bits of the port.
func (p Port) Width() int { return len(p.Bits) }

// CellInstance records one instantiated library cell (e.g. FAX1) that was
// flattened into gates.
type CellInstance struct {
	// Type is the cell name as resolved (e.g. "FAX1"); Source is the name
	// written in the netlist when a compatibility rule rewrote it, else "".
	Type, Source string
	// Name is the hierarchical instance name.
	Name string
	// Pins maps pin names to nets, inputs and outputs alike.
	Pins map[string]Net
	// Outputs lists the output pin names in a fixed order.
	Outputs []string
}

// Netlist is a flattened combinational circuit.
type Netlist struct {
	// Name is the (top) module name.
	Name string
	// File is the source file, when known.
	File string
	// Ports in declaration order.
	Ports []Port
	// NumNets is the number of nets; valid nets are 0..NumNets-1.
	NumNets int
	// NetNames optionally names nets for messages (index = Net); may be
	// shorter than NumNets or nil.
	NetNames []string
	// Gates in any order; Validate checks that they form a DAG.
	Gates []Gate
	// Cells lists the library-cell instances referenced by Gate.Cell.
	Cells []CellInstance
}

// NewNet allocates a fresh net with an optional name and returns it.
func (n *Netlist) NewNet(name string) Net {
	id := Net(n.NumNets)
	n.NumNets++
	if name != "" || n.NetNames != nil {
		for len(n.NetNames) < int(id) {
			n.NetNames = append(n.NetNames, "")
		}
		n.NetNames = append(n.NetNames, name)
	}
	return id
}

// NetName returns a printable name for net id.
func (n *Netlist) NetName(id Net) string {
	if int(id) < len(n.NetNames) && n.NetNames[id] != "" {
		return n.NetNames[id]
	}
	return fmt.Sprintf("n%d", int(id))
}

// AddGate appends a gate of kind k driving out from the given inputs and
// returns its index. It panics if the number of inputs does not match k.
func (n *Netlist) AddGate(k Kind, out Net, in ...Net) int {
	if len(in) != k.Arity() {
		panic(fmt.Sprintf("circuits: %v takes %d inputs, got %d", k, k.Arity(), len(in)))
	}
	g := Gate{Kind: k, In: [3]Net{NoNet, NoNet, NoNet}, Out: out, Cell: -1}
	copy(g.In[:], in)
	n.Gates = append(n.Gates, g)
	return len(n.Gates) - 1
}

// AddPort declares a port of the given width with fresh nets named
// name[i] and returns it.
func (n *Netlist) AddPort(name string, dir Dir, width int) Port {
	p := Port{Name: name, Dir: dir, Bits: make([]Net, width)}
	for i := range p.Bits {
		p.Bits[i] = n.NewNet(fmt.Sprintf("%s[%d]", name, i))
	}
	n.Ports = append(n.Ports, p)
	return p
}

// Port returns the port with the given name.
func (n *Netlist) Port(name string) (Port, bool) {
	for _, p := range n.Ports {
		if p.Name == name {
			return p, true
		}
	}
	return Port{}, false
}

// InputPorts returns the input ports in declaration order.
func (n *Netlist) InputPorts() []Port { return n.portsDir(Input) }

// OutputPorts returns the output ports in declaration order.
func (n *Netlist) OutputPorts() []Port { return n.portsDir(Output) }

func (n *Netlist) portsDir(d Dir) []Port {
	var ps []Port
	for _, p := range n.Ports {
		if p.Dir == d {
			ps = append(ps, p)
		}
	}
	return ps
}

// String summarises the netlist on one line.
func (n *Netlist) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s(", n.Name)
	for i, p := range n.Ports {
		if i > 0 {
			sb.WriteString(", ")
		}
		d := "in"
		if p.Dir == Output {
			d = "out"
		}
		fmt.Fprintf(&sb, "%s %s[%d]", d, p.Name, p.Width())
	}
	fmt.Fprintf(&sb, "): %d nets, %d gates", n.NumNets, len(n.Gates))
	return sb.String()
}

package evolve

import (
	"fmt"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/gen/param"
)

// MaxOperandBits bounds ABits+BBits of a genome: the exhaustive domain
// holds 2^(ABits+BBits) pairs in memory for every node.
const MaxOperandBits = 24

// Seed turns a multiplier netlist with ports A, B and O (as gen.Load
// returns it after circuits.AssignRoles) into a genome: its gates in
// topological order become nodes (every circuits.Kind, MUX with its three
// inputs, constants and buffers included), each output bit an output gene,
// and spare extra nodes (BUF of primary input 0, inactive) are appended as
// room to grow. LevelsBack is the whole row (any node may read any earlier
// node). signed says whether the operands and the product are two's
// complement.
func Seed(n *circuits.Netlist, signed bool, spare int) (*Genome, error) {
	if n == nil {
		return nil, fmt.Errorf("evolve: seed: nil netlist")
	}
	if spare < 0 {
		return nil, fmt.Errorf("evolve: seed %s: spare = %d, want >= 0", n.Name, spare)
	}
	if err := n.Validate(); err != nil {
		return nil, fmt.Errorf("evolve: seed %s: %w", n.Name, err)
	}
	pa, okA := n.Port("A")
	pb, okB := n.Port("B")
	po, okO := n.Port("O")
	if !okA || !okB || !okO || pa.Dir != circuits.Input || pb.Dir != circuits.Input || po.Dir != circuits.Output || len(n.Ports) != 3 {
		return nil, fmt.Errorf("evolve: seed %s: want exactly the ports A, B (inputs) and O (output), got %s", n.Name, n)
	}
	if pa.Width() < 1 || pb.Width() < 1 || pa.Width()+pb.Width() > MaxOperandBits {
		return nil, fmt.Errorf("evolve: seed %s: operands %dx%d: want 1 <= widths and ABits+BBits <= %d", n.Name, pa.Width(), pb.Width(), MaxOperandBits)
	}
	if po.Width() < 1 || po.Width() > 62 {
		return nil, fmt.Errorf("evolve: seed %s: output O has %d bits, want 1..62", n.Name, po.Width())
	}
	order, err := n.TopoOrder()
	if err != nil {
		return nil, fmt.Errorf("evolve: seed %s: %w", n.Name, err)
	}
	g := &Genome{ABits: pa.Width(), BBits: pb.Width(), Signed: signed}
	src := make([]int32, n.NumNets)
	for i := range src {
		src[i] = -1
	}
	for i, b := range pa.Bits {
		src[b] = int32(i)
	}
	for i, b := range pb.Bits {
		src[b] = int32(g.ABits + i)
	}
	ni := int32(g.NumInputs())
	g.Nodes = make([]Node, 0, len(order)+spare)
	for _, gi := range order {
		gt := n.Gates[gi]
		nd := Node{Fn: gt.Kind}
		for k := range gt.Kind.Arity() {
			s := src[gt.In[k]]
			if s < 0 {
				return nil, fmt.Errorf("evolve: seed %s: gate %v reads net %s, which nothing drives", n.Name, gt.Kind, n.NetName(gt.In[k]))
			}
			nd.In[k] = s
		}
		src[gt.Out] = ni + int32(len(g.Nodes))
		g.Nodes = append(g.Nodes, nd)
	}
	for range spare {
		g.Nodes = append(g.Nodes, Node{Fn: circuits.Buf})
	}
	g.LevelsBack = len(g.Nodes)
	g.Outs = make([]int32, po.Width())
	for k, b := range po.Bits {
		s := src[b]
		if s < 0 {
			return nil, fmt.Errorf("evolve: seed %s: output bit O[%d] (net %s) is not driven", n.Name, k, n.NetName(b))
		}
		g.Outs[k] = s
	}
	if err := g.Check(); err != nil {
		return nil, fmt.Errorf("evolve: seed %s: %w", n.Name, err)
	}
	return g, nil
}

// DefaultSeed returns the genome of the built-in exact 8x8 unsigned array
// multiplier (gen/param.NewArray(8, 8, false), mul8u_exact) with spare
// extra nodes.
func DefaultSeed(spare int) (*Genome, error) {
	return SpecSeed(8, 8, false, spare)
}

// SpecSeed returns the genome of the built-in exact n x m array multiplier
// (gen/param.NewArray) with spare extra nodes.
func SpecSeed(n, m int, signed bool, spare int) (*Genome, error) {
	s, err := param.NewArray(n, m, signed)
	if err != nil {
		return nil, fmt.Errorf("evolve: seed: %w", err)
	}
	nl, err := verilog.Parse(s.Name+".v", s.Verilog(), verilog.Options{})
	if err != nil {
		return nil, fmt.Errorf("evolve: seed %s: %w", s.Name, err)
	}
	rn, _, err := circuits.AssignRoles(nl, circuits.RoleOptions{})
	if err != nil {
		return nil, fmt.Errorf("evolve: seed %s: %w", s.Name, err)
	}
	return Seed(rn, signed, spare)
}

// Check reports the first structural problem of g: widths, a node
// function outside circuits.Kinds, a source out of range or beyond
// LevelsBack, an output gene out of range.
func (g *Genome) Check() error {
	if g.ABits < 1 || g.BBits < 1 || g.ABits+g.BBits > MaxOperandBits {
		return fmt.Errorf("genome: operands %dx%d: want 1 <= widths and ABits+BBits <= %d", g.ABits, g.BBits, MaxOperandBits)
	}
	if len(g.Outs) < 1 || len(g.Outs) > 62 {
		return fmt.Errorf("genome: %d output genes, want 1..62", len(g.Outs))
	}
	if g.LevelsBack < 1 {
		return fmt.Errorf("genome: levels-back %d, want >= 1", g.LevelsBack)
	}
	ni := g.NumInputs()
	for i, nd := range g.Nodes {
		if int(nd.Fn) >= len(circuits.Kinds()) {
			return fmt.Errorf("genome: node %d: invalid function %v", i, nd.Fn)
		}
		for k := range nd.Fn.Arity() {
			s := int(nd.In[k])
			if s < 0 || s >= ni+i || (s >= ni && s < ni+i-g.LevelsBack) {
				return fmt.Errorf("genome: node %d (%v): input %d reads source %d, want an input (< %d) or one of nodes %d..%d", i, nd.Fn, k, s, ni, max(0, i-g.LevelsBack), i-1)
			}
		}
	}
	for k, s := range g.Outs {
		if s < 0 || int(s) >= ni+len(g.Nodes) {
			return fmt.Errorf("genome: output %d reads source %d, want 0..%d", k, s, ni+len(g.Nodes)-1)
		}
	}
	return nil
}

// Clone returns a deep copy of g.
func (g *Genome) Clone() *Genome {
	c := *g
	c.Nodes = append([]Node(nil), g.Nodes...)
	c.Outs = append([]int32(nil), g.Outs...)
	return &c
}

// Active returns the indices of the nodes the outputs depend on, in
// increasing (evaluation) order.
func (g *Genome) Active() []int {
	mark := make([]bool, len(g.Nodes))
	g.markActive(mark)
	var act []int
	for i, m := range mark {
		if m {
			act = append(act, i)
		}
	}
	return act
}

// markActive sets mark[i] for every active node i; mark must be all false
// and have len(g.Nodes) entries.
func (g *Genome) markActive(mark []bool) {
	ni := int32(g.NumInputs())
	for _, s := range g.Outs {
		if s >= ni {
			mark[s-ni] = true
		}
	}
	for i := len(g.Nodes) - 1; i >= 0; i-- {
		if !mark[i] {
			continue
		}
		nd := &g.Nodes[i]
		for k := range nd.Fn.Arity() {
			if s := nd.In[k]; s >= ni {
				mark[s-ni] = true
			}
		}
	}
}

// isLogic reports whether a node of kind k counts as a logic gate (not a
// constant or a buffer), as circuits.Stats.Logic counts them.
func isLogic(k circuits.Kind) bool {
	return k != circuits.Buf && k != circuits.Const0 && k != circuits.Const1
}

// Netlist builds the circuit of g's active nodes: ports A (ABits), B
// (BBits) and O (len(Outs) bits), signed when g is, one gate per active
// node (constants and buffers included) and one BUF per output bit from
// its source to O[k]. It can be written with circuits/netio and simulated
// with circuits/sim.
func (g *Genome) Netlist(name string) (*circuits.Netlist, error) {
	if err := g.Check(); err != nil {
		return nil, fmt.Errorf("evolve: netlist %s: %w", name, err)
	}
	n := &circuits.Netlist{Name: name}
	pa := n.AddPort("A", circuits.Input, g.ABits)
	pb := n.AddPort("B", circuits.Input, g.BBits)
	po := n.AddPort("O", circuits.Output, len(g.Outs))
	for i := range n.Ports {
		n.Ports[i].Signed = g.Signed
	}
	ni := g.NumInputs()
	net := make([]circuits.Net, ni+len(g.Nodes))
	copy(net, pa.Bits)
	copy(net[g.ABits:], pb.Bits)
	for _, i := range g.Active() {
		nd := g.Nodes[i]
		out := n.NewNet(fmt.Sprintf("n%d", i))
		in := make([]circuits.Net, nd.Fn.Arity())
		for k := range in {
			in[k] = net[nd.In[k]]
		}
		n.AddGate(nd.Fn, out, in...)
		net[ni+i] = out
	}
	for k, s := range g.Outs {
		n.AddGate(circuits.Buf, po.Bits[k], net[s])
	}
	if err := n.Validate(); err != nil {
		return nil, fmt.Errorf("evolve: netlist %s: %w", name, err)
	}
	return n, nil
}

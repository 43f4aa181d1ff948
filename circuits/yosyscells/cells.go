package yosyscells

import (
	"fmt"
	"sort"
	"strings"

	"github.com/axmul/axmul/circuits"
)

// The constant nets. They are not nets of any netlist: a front-end maps
// them to constant gates (or its own constants) where it needs a net.
const (
	Zero circuits.Net = -2
	One  circuits.Net = -3
)

// IsConst reports whether v is Zero or One.
func IsConst(v circuits.Net) bool { return v == Zero || v == One }

// MaxWidth bounds every width parameter of a coarse cell; MaxMulWidth
// bounds the Y_WIDTH of $mul (its gate count grows with the square).
const (
	MaxWidth    = 1 << 12
	MaxMulWidth = 512
)

// Builder adds the gates a cell needs to a netlist under construction.
type Builder interface {
	// Gate adds a gate of kind k (never Const0/Const1, never with a
	// constant input) and returns the net it drives.
	Gate(k circuits.Kind, in ...circuits.Net) circuits.Net
}

// BuilderFunc adapts a function to a Builder.
type BuilderFunc func(k circuits.Kind, in ...circuits.Net) circuits.Net

// Gate calls f.
func (f BuilderFunc) Gate(k circuits.Kind, in ...circuits.Net) circuits.Net { return f(k, in...) }

// Params holds a cell's parameter values by name (A_WIDTH, A_SIGNED, ...).
type Params map[string]int64

// Port is one port of a cell as instantiated with given parameters.
type Port struct {
	Name   string
	Output bool
	Width  int
}

type cellDef struct {
	// ports returns the ports for the parameters, or an error naming a
	// parameter.
	ports func(p Params) ([]Port, error)
	// build computes Y from the inputs (in port order, widths checked).
	build func(f fold, p Params, in [][]circuits.Net) []circuits.Net
}

var defs map[string]cellDef

// Known reports whether typ names a supported Yosys internal cell, e.g.
// "$_AND_" or "$add".
func Known(typ string) bool {
	_, ok := defs[typ]
	return ok
}

// Types lists the supported cell types, sorted.
func Types() []string {
	ts := make([]string, 0, len(defs))
	for t := range defs {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return ts
}

// Ports returns the ports of a cell of type typ with parameters p, inputs
// first in Yosys's order, then the output Y. The error names the cell type
// and the parameter at fault.
func Ports(typ string, p Params) ([]Port, error) {
	d, ok := defs[typ]
	if !ok {
		return nil, fmt.Errorf("unknown Yosys cell %s", typ)
	}
	ps, err := d.ports(p)
	if err != nil {
		return nil, fmt.Errorf("cell %s: %w", typ, err)
	}
	return ps, nil
}

// Build adds the gates of one cell of type typ with parameters p to b. in
// maps every input port name to its bits (bit 0 first, of the width Ports
// gives). It returns the bits of the output port Y; they may be inputs or
// the constants Zero and One when the cell folds away.
func Build(b Builder, typ string, p Params, in map[string][]circuits.Net) ([]circuits.Net, error) {
	d, ok := defs[typ]
	if !ok {
		return nil, fmt.Errorf("unknown Yosys cell %s", typ)
	}
	ports, err := d.ports(p)
	if err != nil {
		return nil, fmt.Errorf("cell %s: %w", typ, err)
	}
	var args [][]circuits.Net
	for _, pt := range ports {
		if pt.Output {
			continue
		}
		bits, ok := in[pt.Name]
		if !ok {
			return nil, fmt.Errorf("cell %s: input %s is not connected", typ, pt.Name)
		}
		if len(bits) != pt.Width {
			return nil, fmt.Errorf("cell %s: input %s has %d bits, want %d", typ, pt.Name, len(bits), pt.Width)
		}
		args = append(args, bits)
	}
	return d.build(fold{b}, p, args), nil
}

func bitPorts(names string, out string) []Port {
	var ps []Port
	for _, c := range names {
		ps = append(ps, Port{Name: string(c), Width: 1})
	}
	return append(ps, Port{Name: out, Output: true, Width: 1})
}

// gate registers a one-bit gate cell with inputs named by the letters of
// ins and the function f.
func gate(name, ins string, f func(f fold, x []circuits.Net) circuits.Net) {
	ports := bitPorts(ins, "Y")
	defs[name] = cellDef{
		ports: func(Params) ([]Port, error) { return ports, nil },
		build: func(fl fold, _ Params, in [][]circuits.Net) []circuits.Net {
			x := make([]circuits.Net, len(in))
			for i, b := range in {
				x[i] = b[0]
			}
			return []circuits.Net{f(fl, x)}
		},
	}
}

// muxTree selects data[sel value] with sel[0] the least significant select.
func muxTree(f fold, data, sel []circuits.Net) circuits.Net {
	for _, s := range sel {
		next := make([]circuits.Net, len(data)/2)
		for i := range next {
			next[i] = f.mux(s, data[2*i], data[2*i+1])
		}
		data = next
	}
	return data[0]
}

func init() {
	defs = map[string]cellDef{}
	gate("$_BUF_", "A", func(f fold, x []circuits.Net) circuits.Net { return x[0] })
	gate("$_NOT_", "A", func(f fold, x []circuits.Net) circuits.Net { return f.not(x[0]) })
	for _, g := range []struct {
		name string
		k    circuits.Kind
	}{{"$_AND_", circuits.And}, {"$_NAND_", circuits.Nand}, {"$_OR_", circuits.Or}, {"$_NOR_", circuits.Nor},
		{"$_XOR_", circuits.Xor}, {"$_XNOR_", circuits.Xnor}} {
		k := g.k
		gate(g.name, "AB", func(f fold, x []circuits.Net) circuits.Net { return f.op(k, x[0], x[1]) })
	}
	gate("$_ANDNOT_", "AB", func(f fold, x []circuits.Net) circuits.Net { return f.and(x[0], f.not(x[1])) })
	gate("$_ORNOT_", "AB", func(f fold, x []circuits.Net) circuits.Net { return f.or(x[0], f.not(x[1])) })
	gate("$_MUX_", "ABS", func(f fold, x []circuits.Net) circuits.Net { return f.mux(x[2], x[0], x[1]) })
	gate("$_NMUX_", "ABS", func(f fold, x []circuits.Net) circuits.Net { return f.not(f.mux(x[2], x[0], x[1])) })
	gate("$_AOI3_", "ABC", func(f fold, x []circuits.Net) circuits.Net { return f.nor(f.and(x[0], x[1]), x[2]) })
	gate("$_OAI3_", "ABC", func(f fold, x []circuits.Net) circuits.Net { return f.nand(f.or(x[0], x[1]), x[2]) })
	gate("$_AOI4_", "ABCD", func(f fold, x []circuits.Net) circuits.Net {
		return f.nor(f.and(x[0], x[1]), f.and(x[2], x[3]))
	})
	gate("$_OAI4_", "ABCD", func(f fold, x []circuits.Net) circuits.Net {
		return f.nand(f.or(x[0], x[1]), f.or(x[2], x[3]))
	})
	gate("$_MUX4_", "ABCDST", func(f fold, x []circuits.Net) circuits.Net { return muxTree(f, x[:4], x[4:]) })
	gate("$_MUX8_", "ABCDEFGHSTU", func(f fold, x []circuits.Net) circuits.Net { return muxTree(f, x[:8], x[8:]) })
	gate("$_MUX16_", "ABCDEFGHIJKLMNOPSTUV", func(f fold, x []circuits.Net) circuits.Net { return muxTree(f, x[:16], x[16:]) })
	coarseInit()
}

// Unsupported explains why a name that starts with "$" is not a cell this
// package builds: a sequential or memory cell of Yosys, another internal
// cell, or no Yosys cell at all.
func Unsupported(typ string) string {
	seq := []string{"$_DFF", "$_SDFF", "$_DFFE", "$_SDFFE", "$_SDFFCE", "$_ALDFF", "$_DFFSR", "$_DLATCH", "$_SR_", "$_FF_",
		"$dff", "$sdff", "$adff", "$aldff", "$dffsr", "$dffe", "$adffe", "$sdffe", "$sdffce", "$aldffe", "$dffsre",
		"$dlatch", "$adlatch", "$dlatchsr", "$sr", "$ff", "$mem", "$memrd", "$memwr", "$meminit"}
	for _, p := range seq {
		if strings.HasPrefix(typ, p) {
			return fmt.Sprintf("Yosys cell %s is sequential or a memory: only combinational netlists are read", typ)
		}
	}
	return fmt.Sprintf("Yosys cell %s is not supported (supported: the gate cells $_AND_ ... $_MUX16_ and the coarse cells %s)",
		typ, strings.Join(coarseTypes(), " "))
}

// coarseTypes lists the supported coarse cells, sorted.
func coarseTypes() []string {
	var ts []string
	for _, t := range Types() {
		if !strings.HasPrefix(t, "$_") {
			ts = append(ts, t)
		}
	}
	return ts
}

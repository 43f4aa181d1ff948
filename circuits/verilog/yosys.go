package verilog

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/yosyscells"
)

// The constants of elaboration are those of yosyscells, so that cell
// outputs need no translation (compile-time check).
var _ = [1]struct{}{}[c0-yosyscells.Zero+c1-yosyscells.One]

// isYosysCell reports whether an instance refers to one of Yosys's
// internal cells ($_AND_, $add, ...) that the file does not define.
func (e *elab) isYosysCell(name string) bool {
	if _, ok := e.mods[name]; ok {
		return false
	}
	return yosyscells.Known(name)
}

// yosysCell elaborates an instance of a Yosys internal cell: named
// parameters, named or positional connections in the order Ports gives.
func (sc *scope) yosysCell(in *Instance) {
	e := sc.e
	// The parameter and input maps and the connection list are reused
	// from cell to cell (yosyscells keeps none of them).
	if e.cellParams == nil {
		e.cellParams, e.cellInputs = yosyscells.Params{}, map[string][]val{}
	}
	params, inputs := e.cellParams, e.cellInputs
	clear(params)
	clear(inputs)
	for _, c := range in.Params {
		if c.Name == "" {
			e.errorf(c.Pos, "parameters of Yosys cell %s must be named (#(.WIDTH(8)))", in.Module)
			return
		}
		if c.Expr == nil {
			continue
		}
		v, ok := sc.constInt(c.Expr)
		if !ok {
			return
		}
		params[c.Name] = v
	}
	ports, err := yosyscells.Ports(in.Module, params)
	if err != nil {
		e.errorf(in.Pos, "%v", err)
		return
	}
	conn := e.cellConns[:0]
	for range ports {
		conn = append(conn, nil)
	}
	e.cellConns = conn
	named := false
	for i, c := range in.Conns {
		j := i
		if c.Name != "" {
			named = true
			j = -1
			for k, p := range ports {
				if p.Name == c.Name {
					j = k
				}
			}
			if j < 0 {
				e.errorf(c.Pos, "%s has no port %s", in.Module, c.Name)
				continue
			}
		} else if named {
			e.errorf(c.Pos, "positional and named port connections mixed")
			continue
		}
		if j >= len(ports) {
			e.errorf(c.Pos, "too many port connections for %s (%d ports)", in.Module, len(ports))
			break
		}
		if conn[j] != nil {
			e.errorf(c.Pos, "port %s connected twice", ports[j].Name)
			continue
		}
		conn[j] = c
	}
	for i, p := range ports {
		c := conn[i]
		if p.Output {
			continue
		}
		if c == nil || c.Expr == nil {
			e.errorf(in.Pos, "input port %s of instance %s is not connected", p.Name, in.Name.Name)
			return
		}
		t := sc.typeOf(c.Expr)
		if num, ok := c.Expr.(*Number); !(ok && num.Width == 0) && t.w != p.Width {
			e.errorf(c.Expr.Pos(), "width mismatch on port %s of %s: port has %d bits, connection has %d", p.Name, in.Module, p.Width, t.w)
			return
		}
		inputs[p.Name] = sc.eval(c.Expr, max(t.w, p.Width), t.s)[:p.Width]
	}
	b := sc.bld(in.Pos)
	y, err := yosyscells.Build(yosyscells.BuilderFunc(func(k circuits.Kind, x ...val) val { return b.gate(k, x...) }), in.Module, params, inputs)
	if err != nil {
		e.errorf(in.Pos, "%v", err)
		return
	}
	for i, p := range ports {
		c := conn[i]
		if !p.Output || c == nil || c.Expr == nil {
			continue
		}
		lhs := sc.lvalue(c.Expr)
		if lhs == nil {
			continue
		}
		if len(lhs) != len(y) {
			e.errorf(c.Expr.Pos(), "width mismatch on port %s of %s: port has %d bits, connection has %d", p.Name, in.Module, len(y), len(lhs))
			continue
		}
		for k, n := range lhs {
			e.drive(n, y[k], c.Expr.Pos())
		}
	}
}

// unknownDigits handles the x, z and ? digits of a based literal: it sets
// n.XMask and returns the digits with 0 for every unknown one. A decimal
// literal may only be one x or z digit. When the most significant digit
// is unknown, so are the bits above it up to the literal's width (32 when
// unsized), as in Verilog.
func (p *parser) unknownDigits(n *Number, base byte, digits string) (string, bool) {
	width := n.Width
	if width == 0 {
		width = 32
	}
	isX := func(c byte) bool { return c == 'x' || c == 'X' || c == 'z' || c == 'Z' || c == '?' }
	mask := new(big.Int)
	if base == 'd' {
		if len(digits) != 1 {
			return digits, false
		}
		mask.Sub(mask.Lsh(big.NewInt(1), uint(width)), big.NewInt(1))
		n.XMask = mask
		return "0", true
	}
	bitsPer := map[byte]uint{'b': 1, 'o': 3, 'h': 4}[base]
	if bitsPer == 0 || len(digits) > maxLiteralBits {
		return digits, false
	}
	val := []byte(digits)
	for i := range val {
		mask.Lsh(mask, bitsPer)
		if isX(val[i]) {
			mask.Or(mask, big.NewInt(1<<bitsPer-1))
			val[i] = '0'
		}
	}
	if isX(digits[0]) {
		for i := len(digits) * int(bitsPer); i < width; i++ {
			mask.SetBit(mask, i, 1)
		}
	}
	if len(digits)*int(bitsPer) > width {
		mask.And(mask, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(width)), big.NewInt(1)))
	}
	n.XMask = mask
	return string(val), true
}

// unknownBits evaluates a literal with x or z bits at width w: each
// unknown bit becomes a Const0 gate at the literal's position, listed in
// e.xGates for the reachability check after elaboration.
func (sc *scope) unknownBits(x *Number, w int) []val {
	e := sc.e
	bits := bigToBits(x.Value, w)
	for i := range bits {
		if x.XMask.Bit(i) == 1 {
			g := e.addGate(circuits.Const0, x.At, -1)
			if g >= 0 {
				e.xGates = append(e.xGates, int(e.gateOf[g]))
			}
			bits[i] = g
		}
	}
	return bits
}

// noTopMessage explains why no module of f can be the top: a cycle of
// instantiations (found by walking from the first module to a module that
// instantiates it, and on, until a module repeats), or only standard-cell
// modules left uninstantiated.
func noTopMessage(f *SourceFile, mods map[string]*Module, cellCands []*Module) string {
	if len(cellCands) > 0 {
		names := make([]string, len(cellCands))
		for i, m := range cellCands {
			names[i] = m.Name
		}
		return fmt.Sprintf("no top module: only standard-cell modules (%s) are instantiated by no other module; use --top NAME", strings.Join(names, ", "))
	}
	parent := map[string]string{} // a module -> the first module instantiating it
	for _, m := range f.Modules {
		for _, it := range m.Items {
			if in, ok := it.(*Instance); ok && in.Primitive == ILLEGAL {
				if _, seen := parent[in.Module]; !seen {
					parent[in.Module] = m.Name
				}
			}
		}
	}
	at := map[string]int{}
	var walk []string
	cur := f.Modules[0].Name
	for {
		if i, ok := at[cur]; ok {
			cyc := walk[i:]
			// walk goes from a module to its instantiator: reverse it.
			out := []string{cur}
			for j := len(cyc) - 1; j >= 0; j-- {
				out = append(out, cyc[j])
			}
			return fmt.Sprintf("no top module: every module is instantiated by another (cycle %s; use --top NAME)", strings.Join(out, " instantiates "))
		}
		p, ok := parent[cur]
		if !ok {
			return "no top module: every module is instantiated by another; use --top NAME"
		}
		at[cur] = len(walk)
		walk = append(walk, cur)
		cur = p
	}
}

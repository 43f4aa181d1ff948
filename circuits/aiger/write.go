package aiger

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/axmul/axmul/circuits"
)

// Write writes n as a binary AIGER 1.9 file (.aig) with a symbol table.
func Write(w io.Writer, n *circuits.Netlist) error { return write(w, n, true) }

// WriteASCII writes n as an ASCII AIGER 1.9 file (.aag) with a symbol
// table.
func WriteASCII(w io.Writer, n *circuits.Netlist) error { return write(w, n, false) }

// aig is an and-inverter graph under construction: variables 1..nin are
// inputs, the ANDs follow in creation order.
type aig struct {
	nin  uint32
	ands [][2]uint32 // rhs0 >= rhs1
	hash map[[2]uint32]uint32
}

// and returns a literal for a AND b, folding constants and reusing an
// existing AND of the same inputs.
func (g *aig) and(a, b uint32) uint32 {
	if a < b {
		a, b = b, a
	}
	switch {
	case b == 0:
		return 0
	case b == 1:
		return a
	case a == b:
		return a
	case a == b^1:
		return 0
	}
	k := [2]uint32{a, b}
	if l, ok := g.hash[k]; ok {
		return l
	}
	l := 2 * (g.nin + uint32(len(g.ands)) + 1)
	g.ands = append(g.ands, k)
	g.hash[k] = l
	return l
}

func (g *aig) or(a, b uint32) uint32  { return g.and(a^1, b^1) ^ 1 }
func (g *aig) xor(a, b uint32) uint32 { return g.or(g.and(a, b^1), g.and(a^1, b)) }

// mux is s ? d1 : d0.
func (g *aig) mux(s, d0, d1 uint32) uint32 { return g.or(g.and(s, d1), g.and(s^1, d0)) }

// build maps the netlist to an AIG and returns the output literals in port
// bit order.
func build(n *circuits.Netlist) (*aig, []uint32, error) {
	if err := n.Validate(); err != nil {
		return nil, nil, fmt.Errorf("aiger: %w", err)
	}
	order, err := n.TopoOrder()
	if err != nil {
		return nil, nil, fmt.Errorf("aiger: %w", err)
	}
	g := &aig{hash: map[[2]uint32]uint32{}}
	lit := make([]uint32, n.NumNets)
	for _, p := range n.Ports {
		if p.Dir == circuits.Input {
			for _, b := range p.Bits {
				g.nin++
				lit[b] = 2 * g.nin
			}
		}
	}
	for _, gi := range order {
		gt := n.Gates[gi]
		var a, b, c uint32
		ar := gt.Kind.Arity()
		if ar > 0 {
			a = lit[gt.In[0]]
		}
		if ar > 1 {
			b = lit[gt.In[1]]
		}
		if ar > 2 {
			c = lit[gt.In[2]]
		}
		var v uint32
		switch gt.Kind {
		case circuits.Const0:
			v = 0
		case circuits.Const1:
			v = 1
		case circuits.Buf:
			v = a
		case circuits.Not:
			v = a ^ 1
		case circuits.And:
			v = g.and(a, b)
		case circuits.Nand:
			v = g.and(a, b) ^ 1
		case circuits.Or:
			v = g.or(a, b)
		case circuits.Nor:
			v = g.or(a, b) ^ 1
		case circuits.Xor:
			v = g.xor(a, b)
		case circuits.Xnor:
			v = g.xor(a, b) ^ 1
		case circuits.Mux:
			v = g.mux(a, b, c)
		default:
			return nil, nil, fmt.Errorf("aiger: gate kind %v cannot be written", gt.Kind)
		}
		lit[gt.Out] = v
	}
	var outs []uint32
	for _, p := range n.Ports {
		if p.Dir == circuits.Output {
			for _, b := range p.Bits {
				outs = append(outs, lit[b])
			}
		}
	}
	return g, outs, nil
}

func write(w io.Writer, n *circuits.Netlist, binary bool) error {
	g, outs, err := build(n)
	if err != nil {
		return err
	}
	var syms []string
	for _, d := range []circuits.Dir{circuits.Input, circuits.Output} {
		k, c := 0, "i"
		if d == circuits.Output {
			c = "o"
		}
		for _, p := range n.Ports {
			if p.Dir != d {
				continue
			}
			for i := range p.Bits {
				name := p.Name
				if len(p.Bits) > 1 || p.Lsb != 0 {
					name = fmt.Sprintf("%s[%d]", p.Name, p.Lsb+i)
				}
				if strings.ContainsAny(name, "\n\r") || name == "" {
					return fmt.Errorf("aiger: port bit name %q cannot be written", name)
				}
				syms = append(syms, fmt.Sprintf("%s%d %s", c, k, name))
				k++
			}
		}
	}
	bw := bufio.NewWriter(w)
	m := g.nin + uint32(len(g.ands))
	kw := "aag"
	if binary {
		kw = "aig"
	}
	fmt.Fprintf(bw, "%s %d %d 0 %d %d\n", kw, m, g.nin, len(outs), len(g.ands))
	if !binary {
		for i := uint32(1); i <= g.nin; i++ {
			fmt.Fprintf(bw, "%d\n", 2*i)
		}
	}
	for _, o := range outs {
		fmt.Fprintf(bw, "%d\n", o)
	}
	var buf [10]byte
	for i, a := range g.ands {
		lhs := 2 * (g.nin + uint32(i) + 1)
		if !binary {
			fmt.Fprintf(bw, "%d %d %d\n", lhs, a[0], a[1])
			continue
		}
		for _, d := range [2]uint32{lhs - a[0], a[0] - a[1]} {
			k := 0
			for d >= 0x80 {
				buf[k] = byte(d) | 0x80
				d >>= 7
				k++
			}
			buf[k] = byte(d)
			bw.Write(buf[:k+1])
		}
	}
	for _, s := range syms {
		bw.WriteString(s)
		bw.WriteByte('\n')
	}
	if n.Name != "" {
		fmt.Fprintf(bw, "c\nwritten by axmul from %s\n", n.Name)
	} else {
		bw.WriteString("c\nwritten by axmul\n")
	}
	return bw.Flush()
}

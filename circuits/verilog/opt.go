package verilog

import (
	"go/token"

	"github.com/axmul/axmul/circuits"
)

// Behavioural designs are elaborated with two simple optimisations that
// structural netlists do not get (their gate counts stay as written):
// structural hashing (a gate with the kind and inputs of an earlier one
// is that gate; NOT of a NOT is its input) and, at the end, the removal of
// gates that no output port or standard cell depends on.

// gateKey identifies a gate by kind and inputs (sorted for commutative
// kinds).
type gateKey struct {
	k  circuits.Kind
	in [3]val
}

// usesBehav reports whether a source file holds behavioural constructs.
func usesBehav(f *SourceFile) bool {
	for _, m := range f.Modules {
		for _, it := range m.Items {
			switch it := it.(type) {
			case *Always, *GenFor, *GenIf, *GenCase, *GenBlock, *Genvar, *Function:
				return true
			case *Decl:
				if it.Var || it.Integer || len(it.Packed) > 0 || len(it.Dims) > 0 {
					return true
				}
			}
		}
	}
	return false
}

// hashGate returns the output of a gate of kind k on in, sharing an
// existing identical gate.
func (e *elab) hashGate(k circuits.Kind, pos token.Pos, in ...val) val {
	key := gateKey{k: k, in: [3]val{circuits.NoNet, circuits.NoNet, circuits.NoNet}}
	copy(key.in[:], in)
	switch k {
	case circuits.And, circuits.Or, circuits.Xor, circuits.Nand, circuits.Nor, circuits.Xnor:
		if key.in[0] > key.in[1] {
			key.in[0], key.in[1] = key.in[1], key.in[0]
		}
	case circuits.Not:
		// NOT of a NOT is its input.
		if a := in[0]; a >= 0 && e.kind[a] == netGate {
			if g := &e.nl.Gates[e.gateOf[a]]; g.Kind == circuits.Not && g.Cell < 0 {
				return g.In[0]
			}
		}
	}
	if v, ok := e.strash[key]; ok {
		return v
	}
	v := e.addGate(k, pos, -1, in...)
	e.strash[key] = v
	return v
}

// sweep removes the gates that neither an output port nor a standard cell
// depends on.
func (e *elab) sweep() {
	nl := e.nl
	live := make([]bool, len(nl.Gates))
	var stack []int32
	mark := func(v val) {
		if v < 0 || int(v) >= len(e.gateOf) {
			return
		}
		if gi := e.gateOf[v]; gi >= 0 && !live[gi] {
			live[gi] = true
			stack = append(stack, gi)
		}
	}
	for gi := range nl.Gates {
		if nl.Gates[gi].Cell >= 0 {
			live[gi] = true
			stack = append(stack, int32(gi))
		}
	}
	for _, p := range nl.Ports {
		if p.Dir == circuits.Output {
			for _, b := range p.Bits {
				mark(b)
			}
		}
	}
	for len(stack) > 0 {
		g := nl.Gates[stack[len(stack)-1]]
		stack = stack[:len(stack)-1]
		for j := 0; j < g.Kind.Arity(); j++ {
			mark(g.In[j])
		}
	}
	k := 0
	for gi := range nl.Gates {
		if live[gi] {
			nl.Gates[k] = nl.Gates[gi]
			e.gatePos[k] = e.gatePos[gi]
			e.gateOf[nl.Gates[k].Out] = int32(k)
			k++
		}
	}
	nl.Gates = nl.Gates[:k]
	e.gatePos = e.gatePos[:k]
}

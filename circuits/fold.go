package circuits

// foldConstants simplifies n in place after inputs were tied to constants:
// in topological order, a gate whose output is the same for every value of
// its non-constant inputs becomes a constant gate, and one whose output is
// one of those inputs (or its inverse) for every value becomes a BUF (or
// NOT) of it; then the logic gates that no output port reads any more are
// removed (constant gates stay, so every net keeps its driver or is read
// by nobody). The function of every output bit is unchanged. n must be
// valid and have no standard-cell instances (their gates are not touched
// there: the caller skips such netlists).
func foldConstants(n *Netlist) error {
	order, err := n.TopoOrder()
	if err != nil {
		return err
	}
	const unknown = 2
	val := make([]uint8, n.NumNets) // 0, 1 or unknown
	for i := range val {
		val[i] = unknown
	}
	for _, gi := range order {
		g := &n.Gates[gi]
		switch g.Kind {
		case Const0:
			val[g.Out] = 0
			continue
		case Const1:
			val[g.Out] = 1
			continue
		}
		ar := g.Kind.Arity()
		var free []int // input positions with unknown values
		var in [3]uint64
		for j := 0; j < ar; j++ {
			switch val[g.In[j]] {
			case unknown:
				free = append(free, j)
			case 1:
				in[j] = 1
			}
		}
		if len(free) == ar {
			continue // no constant input: nothing to fold
		}
		// out[m] is the output for assignment m of the free inputs (bit i
		// of m drives free[i]).
		var out [8]uint64
		m := 1 << len(free)
		for a := 0; a < m; a++ {
			x := in
			for i, j := range free {
				x[j] = uint64(a >> i & 1)
			}
			out[a] = g.Kind.Eval(x[0], x[1], x[2]) & 1
		}
		same, pass, inv := true, -1, -1
		for a := 1; a < m; a++ {
			same = same && out[a] == out[0]
		}
		for i := range free {
			p, q := true, true
			for a := 0; a < m; a++ {
				bit := uint64(a >> i & 1)
				p = p && out[a] == bit
				q = q && out[a] != bit
			}
			if p && pass < 0 {
				pass = free[i]
			}
			if q && inv < 0 {
				inv = free[i]
			}
		}
		switch {
		case same:
			val[g.Out] = uint8(out[0])
			g.Kind, g.In = Const0, [3]Net{NoNet, NoNet, NoNet}
			if out[0] == 1 {
				g.Kind = Const1
			}
		case pass >= 0 && g.Kind != Buf:
			g.Kind, g.In = Buf, [3]Net{g.In[pass], NoNet, NoNet}
		case inv >= 0 && g.Kind != Not:
			g.Kind, g.In = Not, [3]Net{g.In[inv], NoNet, NoNet}
		}
	}
	// Keep the logic gates that an output port still reads.
	live := make([]bool, n.NumNets)
	for _, p := range n.Ports {
		if p.Dir == Output {
			for _, b := range p.Bits {
				live[b] = true
			}
		}
	}
	keep := make([]bool, len(n.Gates))
	for i := len(order) - 1; i >= 0; i-- {
		g := n.Gates[order[i]]
		if !live[g.Out] && g.Kind != Const0 && g.Kind != Const1 {
			continue
		}
		keep[order[i]] = true
		for j := 0; j < g.Kind.Arity(); j++ {
			live[g.In[j]] = true
		}
	}
	gates := n.Gates[:0]
	for i, g := range n.Gates {
		if keep[i] {
			gates = append(gates, g)
		}
	}
	n.Gates = gates
	return nil
}

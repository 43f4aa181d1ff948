package circuits

import "fmt"

// UnknownReach checks the gates xs of n, which stand for literal x or z
// bits (front-ends build them as Const0 gates carrying the literal's
// position), against the outputs: simulation is two-valued, so an x or z
// bit is accepted only when it cannot reach any output port bit. It
// returns one Problem per literal position that reaches an output, naming
// one output bit it reaches, or nil.
func (n *Netlist) UnknownReach(xs []int) Problems {
	if len(xs) == 0 {
		return nil
	}
	// Readers of every net, as a CSR.
	start := make([]int32, n.NumNets+1)
	for _, g := range n.Gates {
		for j := 0; j < g.Kind.Arity(); j++ {
			if in := g.In[j]; in >= 0 && int(in) < n.NumNets {
				start[in+1]++
			}
		}
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	readers := make([]int32, start[n.NumNets])
	fill := append([]int32(nil), start[:n.NumNets]...)
	for gi, g := range n.Gates {
		for j := 0; j < g.Kind.Arity(); j++ {
			if in := g.In[j]; in >= 0 && int(in) < n.NumNets {
				readers[fill[in]] = int32(gi)
				fill[in]++
			}
		}
	}
	origin := make([]int32, n.NumNets) // 1 + index in xs, 0 unreached
	var queue []Net
	for k, gi := range xs {
		if gi < 0 || gi >= len(n.Gates) {
			continue
		}
		out := n.Gates[gi].Out
		if out < 0 || int(out) >= n.NumNets || origin[out] != 0 {
			continue
		}
		origin[out] = int32(k + 1)
		queue = append(queue[:0], out)
		for len(queue) > 0 {
			v := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			for _, r := range readers[start[v]:start[v+1]] {
				o := n.Gates[r].Out
				if o >= 0 && int(o) < n.NumNets && origin[o] == 0 {
					origin[o] = int32(k + 1)
					queue = append(queue, o)
				}
			}
		}
	}
	var ps Problems
	reported := map[string]bool{}
	for _, p := range n.Ports {
		if p.Dir != Output {
			continue
		}
		for i, b := range p.Bits {
			if b < 0 || int(b) >= n.NumNets || origin[b] == 0 {
				continue
			}
			pos := n.Gates[xs[origin[b]-1]].Pos
			if reported[pos] {
				continue
			}
			reported[pos] = true
			ps = append(ps, Problem{Pos: pos, Msg: fmt.Sprintf("x or z literal bit reaches output %s[%d] (simulation is two-valued; only x/z bits that reach no output are accepted)", p.Name, i)})
		}
	}
	return ps
}

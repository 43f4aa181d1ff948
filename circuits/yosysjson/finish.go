package yosysjson

import (
	"errors"
	"sort"
	"strconv"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/yosyscells"
)

// finish resolves the slot aliases, builds the output ports, checks x/z
// reachability, renumbers the nets densely and validates.
func (e *elab) finish(outBits map[string][]circuits.Net) {
	nl := e.nl
	for len(nl.NetNames) < nl.NumNets {
		nl.NetNames = append(nl.NetNames, "")
	}
	const undriven = circuits.Net(-100)
	res := make([]circuits.Net, nl.NumNets)
	state := make([]uint8, nl.NumNets) // 0 new, 1 visiting, 2 done
	var path []circuits.Net
	resolve := func(v circuits.Net) circuits.Net {
		if v < 0 {
			return v
		}
		path = path[:0]
		cur := v
		var r circuits.Net
		for {
			if cur < 0 {
				r = cur
				break
			}
			if state[cur] == 2 {
				r = res[cur]
				break
			}
			if !e.slot[cur] {
				r = cur
				break
			}
			if state[cur] == 1 {
				e.errorf(e.ref[cur], "combinational loop of connections through %s", e.netName(cur))
				r = undriven
				break
			}
			if e.drv[cur] == circuits.NoNet {
				r = undriven
				break
			}
			state[cur] = 1
			path = append(path, cur)
			cur = e.drv[cur]
		}
		for _, p := range path {
			state[p], res[p] = 2, r
		}
		return r
	}
	var k0, k1 circuits.Net = -1, -1
	constNet := func(v circuits.Net) circuits.Net {
		if v == yosyscells.Zero {
			if k0 < 0 {
				k0 = nl.NewNet("1'b0")
				e.slot = append(e.slot, false)
				nl.AddGate(circuits.Const0, k0)
			}
			return k0
		}
		if k1 < 0 {
			k1 = nl.NewNet("1'b1")
			e.slot = append(e.slot, false)
			nl.AddGate(circuits.Const1, k1)
		}
		return k1
	}
	reported := map[circuits.Net]bool{}
	ng := len(nl.Gates)
	for gi := 0; gi < ng; gi++ {
		g := &nl.Gates[gi]
		for j := 0; j < g.Kind.Arity(); j++ {
			in := g.In[j]
			r := resolve(in)
			switch {
			case r == undriven:
				if !reported[in] {
					reported[in] = true
					e.errorf(e.ref[in], "%s is read but never driven", e.netName(in))
				}
				r = constNet(yosyscells.Zero)
			case yosyscells.IsConst(r):
				r = constNet(r)
			}
			g.In[j] = r
		}
	}
	// Cell pins: resolved like gate inputs.
	for ci := range nl.Cells {
		pins := make([]string, 0, len(nl.Cells[ci].Pins))
		for pin := range nl.Cells[ci].Pins {
			pins = append(pins, pin)
		}
		sort.Strings(pins) // constant gates in a fixed order
		for _, pin := range pins {
			v := nl.Cells[ci].Pins[pin]
			r := resolve(v)
			switch {
			case r == undriven:
				r = constNet(yosyscells.Zero) // reported where it is read
			case yosyscells.IsConst(r):
				r = constNet(r)
			}
			nl.Cells[ci].Pins[pin] = r
		}
	}
	// Name gate outputs after the first visible slot aliasing them.
	for n := 0; n < len(e.slot) && n < len(res); n++ {
		if e.slot[n] && e.drv[n] != circuits.NoNet {
			resolve(circuits.Net(n))
		}
		if e.slot[n] && state[n] == 2 && res[n] >= 0 && nl.NetNames[res[n]] == "" {
			nl.NetNames[res[n]] = e.netName(circuits.Net(n))
		}
	}
	driver := map[circuits.Net]bool{}
	for _, g := range nl.Gates {
		driver[g.Out] = true
	}
	used := map[circuits.Net]bool{}
	for pi := range nl.Ports {
		p := &nl.Ports[pi]
		if p.Dir != circuits.Output {
			continue
		}
		bits := outBits[p.Name]
		p.Bits = make([]circuits.Net, len(bits))
		for i, b := range bits {
			name := p.Name
			if len(bits) > 1 {
				name = p.Name + "[" + strconv.Itoa(i) + "]"
			}
			r := resolve(b)
			var out circuits.Net
			switch {
			case r == undriven:
				e.errorf(e.ref[b], "output %s is never driven", name)
				continue
			case r >= 0 && driver[r] && !used[r]:
				used[r] = true
				out = r
			default:
				out = nl.NewNet("")
				e.slot = append(e.slot, false)
				switch r {
				case yosyscells.Zero:
					nl.AddGate(circuits.Const0, out)
				case yosyscells.One:
					nl.AddGate(circuits.Const1, out)
				default:
					nl.AddGate(circuits.Buf, out, r)
				}
			}
			nl.NetNames[out] = name
			p.Bits[i] = out
		}
	}
	if len(e.errs) > 0 {
		return
	}
	e.compact()
	for _, p := range nl.UnknownReach(e.xGates) {
		e.errs = append(e.errs, p)
	}
	if len(e.errs) > 0 {
		return
	}
	if err := nl.Validate(); err != nil {
		var ps circuits.Problems
		if errors.As(err, &ps) {
			e.errs = append(e.errs, ps...)
		} else {
			e.errs = append(e.errs, circuits.Problem{Pos: e.name, Msg: err.Error()})
		}
	}
}

// compact renumbers the nets that ports and gates use densely: input bits,
// gate outputs in gate order, then any other.
func (e *elab) compact() {
	nl := e.nl
	newID := make([]circuits.Net, nl.NumNets)
	for i := range newID {
		newID[i] = circuits.NoNet
	}
	var names []string
	ref := func(v circuits.Net) circuits.Net {
		if v < 0 {
			return v
		}
		if newID[v] < 0 {
			newID[v] = circuits.Net(len(names))
			names = append(names, nl.NetName(v))
		}
		return newID[v]
	}
	for _, p := range nl.Ports {
		if p.Dir == circuits.Input {
			for i, b := range p.Bits {
				p.Bits[i] = ref(b)
			}
		}
	}
	for gi := range nl.Gates {
		nl.Gates[gi].Out = ref(nl.Gates[gi].Out)
	}
	for gi := range nl.Gates {
		g := &nl.Gates[gi]
		for j := 0; j < g.Kind.Arity(); j++ {
			g.In[j] = ref(g.In[j])
		}
	}
	for _, p := range nl.Ports {
		if p.Dir == circuits.Output {
			for i, b := range p.Bits {
				p.Bits[i] = ref(b)
			}
		}
	}
	for ci := range nl.Cells {
		// Pins are gate outputs or input bits, all numbered by now.
		for pin, v := range nl.Cells[ci].Pins {
			nl.Cells[ci].Pins[pin] = ref(v)
		}
	}
	nl.NumNets = len(names)
	nl.NetNames = names
}

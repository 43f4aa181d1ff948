package circuits

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Problem is one defect found by Validate, with the source position of the
// construct that shows it when known.
type Problem struct {
	Pos string // "file:line:col" or ""
	Msg string
}

// Error formats the problem as "pos: msg".
func (p Problem) Error() string {
	if p.Pos == "" {
		return p.Msg
	}
	return p.Pos + ": " + p.Msg
}

// Problems is a list of defects; it implements error.
type Problems []Problem

// Error joins the problems one per line.
func (ps Problems) Error() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Error()
	}
	return strings.Join(s, "\n")
}

// ErrInvalid is wrapped by the error Validate returns.
var ErrInvalid = errors.New("invalid netlist")

// Validate checks that the netlist is a well-formed combinational circuit:
// gate arities and net indices in range, no empty or duplicate ports, every
// net driven at most once, every net read by a gate or an output port
// driven, and no combinational loop. It returns nil or a Problems list.
func (n *Netlist) Validate() error {
	var ps Problems
	add := func(pos, format string, args ...any) {
		ps = append(ps, Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
	}
	inRange := func(id Net) bool { return id >= 0 && int(id) < n.NumNets }
	// driver[net] = -2 undriven, -1 input port, >=0 gate index
	driver := make([]int32, n.NumNets)
	for i := range driver {
		driver[i] = -2
	}
	seen := map[string]bool{}
	for _, p := range n.Ports {
		if seen[p.Name] {
			add("", "port %s declared twice", p.Name)
		}
		seen[p.Name] = true
		if len(p.Bits) == 0 {
			add("", "port %s has width 0", p.Name)
		}
		if p.Dir != Input {
			continue
		}
		for i, b := range p.Bits {
			if !inRange(b) {
				add("", "port %s[%d]: net %d out of range", p.Name, i, b)
				continue
			}
			if driver[b] != -2 {
				add("", "net %s driven by two input port bits", n.NetName(b))
			}
			driver[b] = -1
		}
	}
	for gi, g := range n.Gates {
		if g.Kind >= numKinds {
			add(g.Pos, "gate %d has invalid kind %d", gi, g.Kind)
			continue
		}
		for j := 0; j < 3; j++ {
			if j < g.Kind.Arity() {
				if !inRange(g.In[j]) {
					add(g.Pos, "%v gate input %d: net %d out of range", g.Kind, j, g.In[j])
				}
			} else if g.In[j] != NoNet {
				add(g.Pos, "%v gate has extra input %d", g.Kind, j)
			}
		}
		if !inRange(g.Out) {
			add(g.Pos, "%v gate output: net %d out of range", g.Kind, g.Out)
			continue
		}
		switch d := driver[g.Out]; {
		case d == -1:
			add(g.Pos, "net %s has multiple drivers (input port and gate)", n.NetName(g.Out))
		case d >= 0:
			prev := n.Gates[d].Pos
			if prev != "" {
				add(g.Pos, "net %s has multiple drivers (also driven at %s)", n.NetName(g.Out), prev)
			} else {
				add(g.Pos, "net %s has multiple drivers", n.NetName(g.Out))
			}
		default:
			driver[g.Out] = int32(gi)
		}
	}
	if len(ps) > 0 {
		return fmt.Errorf("%w: %w", ErrInvalid, ps)
	}
	reported := map[Net]bool{}
	for _, g := range n.Gates {
		for j := 0; j < g.Kind.Arity(); j++ {
			if in := g.In[j]; driver[in] == -2 && !reported[in] {
				reported[in] = true
				add(g.Pos, "net %s is read but never driven", n.NetName(in))
			}
		}
	}
	for _, p := range n.Ports {
		if p.Dir != Output {
			continue
		}
		for i, b := range p.Bits {
			if !inRange(b) {
				add("", "port %s[%d]: net %d out of range", p.Name, i, b)
			} else if driver[b] == -2 && !reported[b] {
				reported[b] = true
				add("", "output %s[%d] (net %s) is never driven", p.Name, i, n.NetName(b))
			}
		}
	}
	if len(ps) > 0 {
		return fmt.Errorf("%w: %w", ErrInvalid, ps)
	}
	if _, err := n.TopoOrder(); err != nil {
		return err
	}
	return nil
}

// TopoOrder returns the gate indices in an order where every gate comes
// after the drivers of its inputs. It fails with a Problems error naming
// the nets of one combinational loop if there is one. It assumes the
// netlist passed the driver checks of Validate.
func (n *Netlist) TopoOrder() ([]int, error) {
	driver := make([]int32, n.NumNets)
	for i := range driver {
		driver[i] = -1
	}
	for gi, g := range n.Gates {
		if g.Out >= 0 && int(g.Out) < n.NumNets {
			driver[g.Out] = int32(gi)
		}
	}
	const (
		white = iota
		grey
		black
	)
	state := make([]uint8, len(n.Gates))
	order := make([]int, 0, len(n.Gates))
	type frame struct{ g, next int }
	var stack []frame
	for root := range n.Gates {
		if state[root] != white {
			continue
		}
		stack = append(stack[:0], frame{root, 0})
		state[root] = grey
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			g := n.Gates[top.g]
			if top.next < g.Kind.Arity() {
				in := g.In[top.next]
				top.next++
				if in < 0 || int(in) >= n.NumNets {
					continue
				}
				d := driver[in]
				if d < 0 {
					continue
				}
				switch state[d] {
				case white:
					state[d] = grey
					stack = append(stack, frame{int(d), 0})
				case grey:
					// Loop: the stack from d to top.
					var names []string
					start := 0
					for i, f := range stack {
						if f.g == int(d) {
							start = i
							break
						}
					}
					// Each frame's gate reads the output of the frame
					// above it, and the top reads d: in data-flow order
					// the loop is d, top, ..., stack[start+1], d.
					names = append(names, n.NetName(n.Gates[d].Out))
					for i := len(stack) - 1; i > start; i-- {
						names = append(names, n.NetName(n.Gates[stack[i].g].Out))
					}
					names = append(names, n.NetName(n.Gates[d].Out))
					p := Problem{Pos: n.Gates[d].Pos, Msg: "combinational loop: " + strings.Join(names, " -> ")}
					return nil, fmt.Errorf("%w: %w", ErrInvalid, Problems{p})
				}
				continue
			}
			state[top.g] = black
			order = append(order, top.g)
			stack = stack[:len(stack)-1]
		}
	}
	return order, nil
}

// Stats summarises a netlist.
type Stats struct {
	// Gates is the total number of gates, constants and buffers included.
	Gates int
	// ByKind counts gates per kind; kinds with no gate are absent.
	ByKind map[Kind]int
	// Logic is the number of gates other than constants and buffers.
	Logic int
	// Depth is the longest path, in gates other than constants and
	// buffers, from an input or constant to an output.
	Depth int
	// Cells is the number of library-cell instances.
	Cells int
}

// String formats the statistics as "N gates (AND 3, XOR 2), depth D".
func (s Stats) String() string {
	kinds := make([]Kind, 0, len(s.ByKind))
	for k := range s.ByKind {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%v %d", k, s.ByKind[k])
	}
	return fmt.Sprintf("%d gates (%s), depth %d", s.Gates, strings.Join(parts, ", "), s.Depth)
}

// Stats computes gate counts and logic depth. The netlist must be valid.
func (n *Netlist) Stats() (Stats, error) {
	order, err := n.TopoOrder()
	if err != nil {
		return Stats{}, err
	}
	st := Stats{Gates: len(n.Gates), ByKind: map[Kind]int{}, Cells: len(n.Cells)}
	level := make([]int, n.NumNets)
	for _, gi := range order {
		g := n.Gates[gi]
		st.ByKind[g.Kind]++
		l := 0
		for j := 0; j < g.Kind.Arity(); j++ {
			if v := level[g.In[j]]; v > l {
				l = v
			}
		}
		switch g.Kind {
		case Const0, Const1, Buf:
		default:
			l++
			st.Logic++
		}
		level[g.Out] = l
	}
	for _, p := range n.Ports {
		if p.Dir == Output {
			for _, b := range p.Bits {
				if level[b] > st.Depth {
					st.Depth = level[b]
				}
			}
		}
	}
	return st, nil
}

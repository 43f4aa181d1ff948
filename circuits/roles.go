package circuits

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// RoleOptions say which ports of a netlist are a multiplier's operands and
// product (the CLI's --ports and --tie). The zero value chooses
// automatically.
type RoleOptions struct {
	// A, B and O name the ports that play operand A, operand B and the
	// product (after bit-blasted ports are regrouped). Either all three
	// are set or none.
	A, B, O string
	// Ties drive inputs that play no role (enables, clocks of purely
	// combinational designs) with constants.
	Ties []Tie
}

// String formats the options as the CLI flags that give them
// ("--ports a,b,p --tie clk=0"), "" for the zero value; caches use it as
// part of their keys.
func (o RoleOptions) String() string {
	var f []string
	if o.A != "" || o.B != "" || o.O != "" {
		f = append(f, "--ports "+o.A+","+o.B+","+o.O)
	}
	for _, t := range o.Ties {
		f = append(f, "--tie "+t.String())
	}
	return strings.Join(f, " ")
}

// Tie drives every bit of the input port Name with Value.
type Tie struct {
	Name  string
	Value bool
}

// String formats the tie as NAME=0 or NAME=1.
func (t Tie) String() string {
	if t.Value {
		return t.Name + "=1"
	}
	return t.Name + "=0"
}

// ParsePorts parses the --ports value "A_NAME,B_NAME,O_NAME".
func ParsePorts(s string) (a, b, o string, err error) {
	f := strings.Split(s, ",")
	if len(f) != 3 {
		return "", "", "", fmt.Errorf("--ports %q: want three port names A_NAME,B_NAME,O_NAME", s)
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
		if f[i] == "" {
			return "", "", "", fmt.Errorf("--ports %q: empty port name", s)
		}
	}
	if f[0] == f[1] || f[0] == f[2] || f[1] == f[2] {
		return "", "", "", fmt.Errorf("--ports %q: the three names must differ", s)
	}
	return f[0], f[1], f[2], nil
}

// ParseTie parses a --tie value NAME=0 or NAME=1.
func ParseTie(s string) (Tie, error) {
	name, v, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" || (v != "0" && v != "1") {
		return Tie{}, fmt.Errorf("--tie %q: want NAME=0 or NAME=1", s)
	}
	return Tie{Name: name, Value: v == "1"}, nil
}

// Roles reports how AssignRoles read a netlist.
type Roles struct {
	// A, B and O are the source names of the ports that became A, B and O.
	A, B, O string
	// OLsb and OWidth give the product's declared bit range
	// [OLsb+OWidth-1:OLsb]; the multiplier's O has OLsb+OWidth bits, the
	// lowest OLsb of them constant 0.
	OLsb, OWidth int
	// Regrouped describes bit-blasted ports gathered into buses
	// ("A[0]..A[7] -> A[7:0]").
	Regrouped []string
	// Tied lists the inputs driven with constants.
	Tied []Tie
	// Dropped lists outputs that play no role (only with RoleOptions.A/B/O).
	Dropped []string
}

// ORange formats the product's declared bit range, e.g. "[15:8]".
func (r *Roles) ORange() string {
	return fmt.Sprintf("[%d:%d]", r.OLsb+r.OWidth-1, r.OLsb)
}

// AssignRoles reads n as a multiplier: it regroups bit-blasted ports
// (RegroupPorts), ties the inputs opts.Ties names to constants and picks the
// ports of operands A and B and of the product O: those opts names; else
// inputs named A and B and the only output; else, when exactly two inputs
// and one output are left, the inputs in declaration order (first = A).
// An output declared with a non-zero low index ([15:8]) keeps its declared
// bit weights: O is widened with constant-0 low bits.
//
// The result has exactly the ports A, B and O, in that order, and keeps
// their Signed flags. With ties (and no standard-cell instances) the
// logic the constants decide is folded: gates with a constant output
// become constants, gates that pass an input through become buffers, and
// logic no output reads any more is dropped, so that gate counts and
// hardware estimates are those of the circuit as used. n is not modified; when it already has that form
// (and opts is empty) it is returned as is.
func AssignRoles(n *Netlist, opts RoleOptions) (*Netlist, *Roles, error) {
	if n == nil {
		return nil, nil, fmt.Errorf("circuits: AssignRoles: nil netlist")
	}
	set := 0
	for _, s := range []string{opts.A, opts.B, opts.O} {
		if s != "" {
			set++
		}
	}
	if set != 0 && set != 3 {
		return nil, nil, fmt.Errorf("--ports needs all three names A_NAME,B_NAME,O_NAME")
	}
	if set == 0 && len(opts.Ties) == 0 && len(n.Ports) == 3 &&
		n.Ports[0].Name == "A" && n.Ports[0].Dir == Input &&
		n.Ports[1].Name == "B" && n.Ports[1].Dir == Input &&
		n.Ports[2].Name == "O" && n.Ports[2].Dir == Output && n.Ports[2].Lsb == 0 {
		return n, &Roles{A: "A", B: "B", O: "O", OWidth: n.Ports[2].Width()}, nil
	}
	name := n.Name
	if name == "" {
		name = "netlist" // AIGER names no module
	}
	ports, regrouped := RegroupPorts(n.Ports)
	r := &Roles{Regrouped: regrouped}
	cp := *n
	cp.Gates = slices.Clip(n.Gates)
	cp.NetNames = slices.Clip(n.NetNames)
	var ins, outs []int
	for i, p := range ports {
		if p.Dir == Input {
			ins = append(ins, i)
		} else {
			outs = append(outs, i)
		}
	}
	// Ties.
	tied := map[string]bool{}
	for _, t := range opts.Ties {
		k := slices.IndexFunc(ins, func(i int) bool { return ports[i].Name == t.Name })
		if k < 0 {
			return nil, nil, fmt.Errorf("--tie %s: %s has no input port %s (inputs: %s)", t, name, t.Name, portList(ports, ins))
		}
		if tied[t.Name] {
			return nil, nil, fmt.Errorf("--tie %s: input %s is tied twice", t, t.Name)
		}
		tied[t.Name] = true
		kind := Const0
		if t.Value {
			kind = Const1
		}
		for _, b := range ports[ins[k]].Bits {
			g := cp.AddGate(kind, b)
			cp.Gates[g].Pos = "--tie " + t.String()
		}
		r.Tied = append(r.Tied, t)
		ins = slices.Delete(ins, k, k+1)
	}
	find := func(name string, list []int) int {
		for _, i := range list {
			if ports[i].Name == name {
				return i
			}
		}
		return -1
	}
	var ia, ib, io int
	switch {
	case set == 3:
		ia, ib, io = find(opts.A, ins), find(opts.B, ins), find(opts.O, outs)
		for _, c := range []struct {
			name, role string
			idx        int
			list       []int
			dir        string
		}{{opts.A, "A", ia, ins, "input"}, {opts.B, "B", ib, ins, "input"}, {opts.O, "O", io, outs, "output"}} {
			if c.idx >= 0 {
				continue
			}
			if tied[c.name] {
				return nil, nil, fmt.Errorf("--ports: %s is tied with --tie and cannot be %s", c.name, c.role)
			}
			return nil, nil, fmt.Errorf("--ports: %s has no %s port %s for %s (%ss: %s)", name, c.dir, c.name, c.role, c.dir, portList(ports, c.list))
		}
	case find("A", ins) >= 0 && find("B", ins) >= 0 && len(outs) == 1:
		ia, ib, io = find("A", ins), find("B", ins), outs[0]
	case len(ins) == 2 && len(outs) == 1:
		ia, ib, io = ins[0], ins[1], outs[0]
	default:
		return nil, nil, fmt.Errorf("%s: cannot tell which ports are operand A, operand B and the product (inputs: %s; outputs: %s): use --ports A_NAME,B_NAME,O_NAME, and --tie NAME=0|1 for other inputs",
			name, portList(ports, ins), portList(ports, outs))
	}
	for _, i := range ins {
		if i != ia && i != ib {
			return nil, nil, fmt.Errorf("%s: input %s plays no role (A is %s, B is %s): tie it with --tie %s=0 or --tie %s=1", name, ports[i].Name, ports[ia].Name, ports[ib].Name, ports[i].Name, ports[i].Name)
		}
	}
	for _, i := range outs {
		if i != io {
			r.Dropped = append(r.Dropped, ports[i].Name)
		}
	}
	a, b, o := ports[ia], ports[ib], ports[io]
	r.A, r.B, r.O = a.Name, b.Name, o.Name
	if o.Lsb < 0 {
		return nil, nil, fmt.Errorf("%s: output %s declared [%d:%d]: negative bit indices are not supported", name, o.Name, o.Lsb+o.Width()-1, o.Lsb)
	}
	if o.Lsb+o.Width() > 64 {
		return nil, nil, fmt.Errorf("%s: output %s declared [%d:%d] spans more than 64 bits", name, o.Name, o.Lsb+o.Width()-1, o.Lsb)
	}
	r.OLsb, r.OWidth = o.Lsb, o.Width()
	if o.Lsb > 0 {
		bits := make([]Net, 0, o.Lsb+o.Width())
		for i := 0; i < o.Lsb; i++ {
			net := cp.NewNet(fmt.Sprintf("%s[%d]", o.Name, i))
			g := cp.AddGate(Const0, net)
			cp.Gates[g].Pos = fmt.Sprintf("%s[%d] (below the declared range)", o.Name, i)
			bits = append(bits, net)
		}
		o.Bits = append(bits, o.Bits...)
		o.Lsb = 0
	}
	a.Name, b.Name, o.Name = "A", "B", "O"
	cp.Ports = []Port{a, b, o}
	if len(r.Tied) > 0 && len(cp.Cells) == 0 {
		// The tied inputs' logic folds away (a standard-cell netlist keeps
		// its cells as mapped).
		cp.Gates = slices.Clone(cp.Gates)
		if err := foldConstants(&cp); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return &cp, r, nil
}

func portList(ports []Port, idx []int) string {
	if len(idx) == 0 {
		return "none"
	}
	var sb strings.Builder
	for k, i := range idx {
		if k > 0 {
			sb.WriteString(", ")
		}
		p := ports[i]
		sb.WriteString(p.Name)
		if p.Width() > 1 || p.Lsb != 0 {
			fmt.Fprintf(&sb, "[%d:%d]", p.Lsb+p.Width()-1, p.Lsb)
		}
	}
	return sb.String()
}

// splitBitName splits a bit-blasted port name: "A[3]" (bracket style) or
// "A_3_" (the style of tools that cannot write brackets).
// plainIndex reports whether s is an index as tools write it: decimal
// digits without a sign or a leading zero ("A[00]" is a name, not bit 0,
// which would collide with "A[0]").
func plainIndex(s string) bool {
	return s != "" && s[0] != '+' && s[0] != '-' && (len(s) == 1 || s[0] != '0')
}

func splitBitName(name string) (base string, idx int, bracket, ok bool) {
	if strings.HasSuffix(name, "]") {
		i := strings.LastIndexByte(name, '[')
		if i <= 0 {
			return "", 0, false, false
		}
		digits := name[i+1 : len(name)-1]
		v, err := strconv.Atoi(digits)
		if err != nil || v < 0 || !plainIndex(digits) {
			return "", 0, false, false
		}
		return name[:i], v, true, true
	}
	if len(name) >= 4 && strings.HasSuffix(name, "_") {
		s := name[:len(name)-1]
		i := strings.LastIndexByte(s, '_')
		if i <= 0 || i == len(s)-1 {
			return "", 0, false, false
		}
		v, err := strconv.Atoi(s[i+1:])
		if err != nil || v < 0 || !plainIndex(s[i+1:]) {
			return "", 0, false, false
		}
		return s[:i], v, false, true
	}
	return "", 0, false, false
}

// RegroupPorts gathers bit-blasted ports into buses: single-bit ports
// named NAME[i] (as Yosys splitnets -ports, ABC and BLIF/AIGER symbol
// tables write them) or NAME_i_ become one port NAME whose bit k is index
// lo+k, lo being the lowest index (Lsb = lo). A group is formed only when
// it is unambiguous: its bits have the same direction, their indices are
// distinct and contiguous, no other port is called NAME, and for the NAME_i_
// style no NAME[i] group exists. The bus takes the place of its first
// bit. It returns the new port list (ports itself when nothing changed)
// and one note per bus formed.
func RegroupPorts(ports []Port) ([]Port, []string) {
	type group struct {
		base    string
		bracket bool
		members []int // port indices
		idx     []int
		first   int
	}
	var groups []*group
	byKey := map[string]*group{}
	names := make(map[string]bool, len(ports))
	for _, p := range ports {
		names[p.Name] = true
	}
	for i, p := range ports {
		if p.Width() != 1 {
			continue
		}
		base, idx, bracket, ok := splitBitName(p.Name)
		if !ok {
			continue
		}
		key := base + "\x00" + strconv.FormatBool(bracket)
		g := byKey[key]
		if g == nil {
			g = &group{base: base, bracket: bracket, first: i}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.members = append(g.members, i)
		g.idx = append(g.idx, idx)
	}
	if len(groups) == 0 {
		return ports, nil
	}
	take := map[int]*group{} // member port index -> group it joins
	var notes []string
	for _, g := range groups {
		if names[g.base] {
			continue
		}
		if !g.bracket && byKey[g.base+"\x00true"] != nil {
			continue
		}
		dir := ports[g.members[0]].Dir
		lo, hi := g.idx[0], g.idx[0]
		okDir := true
		for k, m := range g.members {
			if ports[m].Dir != dir {
				okDir = false
			}
			lo, hi = min(lo, g.idx[k]), max(hi, g.idx[k])
		}
		if !okDir || hi-lo+1 != len(g.members) || hi-lo >= 1<<16 {
			continue
		}
		seen := make([]bool, hi-lo+1)
		dup := false
		for _, v := range g.idx {
			if seen[v-lo] {
				dup = true
			}
			seen[v-lo] = true
		}
		if dup {
			continue
		}
		for _, m := range g.members {
			take[m] = g
		}
		first, last := ports[g.members[0]].Name, ports[g.members[len(g.members)-1]].Name
		notes = append(notes, fmt.Sprintf("bit-blasted ports %s..%s -> %s[%d:%d]", first, last, g.base, hi, lo))
	}
	if len(take) == 0 {
		return ports, nil
	}
	out := make([]Port, 0, len(ports))
	for i, p := range ports {
		g := take[i]
		if g == nil {
			out = append(out, p)
			continue
		}
		if g.first != i {
			continue
		}
		lo := slices.Min(g.idx)
		bus := Port{Name: g.base, Dir: p.Dir, Bits: make([]Net, len(g.members)), Lsb: lo}
		for k, m := range g.members {
			bus.Bits[g.idx[k]-lo] = ports[m].Bits[0]
		}
		out = append(out, bus)
	}
	return out, notes
}

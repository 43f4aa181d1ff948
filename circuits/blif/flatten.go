package blif

import (
	"fmt"
	"strings"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/circuits/yosyscells"
)

// scope maps the net names of one model instance to nets.
type scope struct {
	prefix string // hierarchical instance path with a trailing "/", "" at the top
	nets   map[string]circuits.Net
}

// flattener builds the netlist of the top model.
type flattener struct {
	*parser
	n       *circuits.Netlist
	driver  []field // where each net is driven (line 0: undriven, -1: internal)
	firstRd []field // where each net is first read (line 0: not read)
	cells   map[string]*verilog.CellFunc
	stop    bool
	insBuf  []circuits.Net // the inputs of the cover being built
	// instances counts the .subckt instances flattened so far.
	instances int
}

func (p *parser) flatten() *circuits.Netlist {
	if len(p.order) == 0 {
		p.errs = append(p.errs, circuits.Problem{Pos: p.file, Msg: "no .model in file"})
		return nil
	}
	top := p.order[0]
	if p.opts.Top != "" {
		m, ok := p.models[p.opts.Top]
		if !ok {
			var names []string
			for _, m := range p.order {
				names = append(names, m.name.s)
			}
			p.errs = append(p.errs, circuits.Problem{Pos: p.file, Msg: fmt.Sprintf("no model %s (models: %v; use --top NAME)", p.opts.Top, names)})
			return nil
		}
		top = m
	}
	// Size the tables for a flat model (hierarchy grows them).
	est := len(top.inputs) + len(top.outputs) + len(top.covers) + 2*len(top.insts) + 16
	f := &flattener{parser: p, n: &circuits.Netlist{Name: top.name.s, File: p.file}, cells: map[string]*verilog.CellFunc{}}
	f.n.NetNames = make([]string, 0, est)
	f.n.Gates = make([]circuits.Gate, 0, est)
	f.driver = make([]field, 0, est)
	f.firstRd = make([]field, 0, est)
	sc := &scope{nets: make(map[string]circuits.Net, est)}
	seen := map[string]field{}
	for _, in := range top.inputs {
		if prev, dup := seen[in.s]; dup {
			f.errorf(in, "port %s declared twice (first at %d:%d)", in.s, prev.line, prev.col)
			continue
		}
		seen[in.s] = in
		id := f.net(sc, in.s)
		f.driver[id] = in
		f.n.Ports = append(f.n.Ports, circuits.Port{Name: in.s, Dir: circuits.Input, Bits: []circuits.Net{id}})
	}
	for _, out := range top.outputs {
		if prev, dup := seen[out.s]; dup {
			// A name on both .inputs and .outputs (a feed-through) would
			// give two ports one name.
			f.errorf(out, "port %s declared twice (first at %d:%d)", out.s, prev.line, prev.col)
			continue
		}
		seen[out.s] = out
		id := f.net(sc, out.s)
		f.use(id, out)
		f.n.Ports = append(f.n.Ports, circuits.Port{Name: out.s, Dir: circuits.Output, Bits: []circuits.Net{id}})
	}
	f.model(top, sc, 0, []string{top.name.s})
	if len(p.errs) > 0 {
		return nil
	}
	// Every net read must be driven. Yosys leaves undriven nets (x) that
	// feed only dead logic: those gates are dropped.
	undriven := false
	for id, rd := range f.firstRd {
		if rd.line == 0 || f.driver[id].line != 0 {
			continue
		}
		// write_blif -impltf leaves Yosys's constant nets undefined.
		switch name := f.n.NetName(circuits.Net(id)); {
		case name == "$false" || strings.HasSuffix(name, "/$false"):
			f.gate(circuits.Const0, f.pos(rd), -1, circuits.Net(id))
			f.driver[id] = rd
		case name == "$true" || strings.HasSuffix(name, "/$true"):
			f.gate(circuits.Const1, f.pos(rd), -1, circuits.Net(id))
			f.driver[id] = rd
		default:
			undriven = true
		}
	}
	if undriven {
		live := f.liveGates()
		var kept []circuits.Gate
		for gi, g := range f.n.Gates {
			if live[gi] {
				kept = append(kept, g)
			}
		}
		f.n.Gates = kept
		read := make([]bool, f.n.NumNets)
		for _, g := range kept {
			for j := 0; j < g.Kind.Arity(); j++ {
				read[g.In[j]] = true
			}
		}
		for _, pt := range f.n.Ports {
			if pt.Dir == circuits.Output {
				read[pt.Bits[0]] = true
			}
		}
		for id, rd := range f.firstRd {
			if rd.line != 0 && f.driver[id].line == 0 && read[id] {
				p.errs = append(p.errs, circuits.Problem{Pos: f.pos(rd), Msg: fmt.Sprintf("net %s is used but never driven", f.n.NetName(circuits.Net(id)))})
				if len(p.errs) >= MaxErrors {
					break
				}
			}
		}
	}
	if len(p.errs) > 0 {
		return nil
	}
	if err := f.n.Validate(); err != nil {
		p.errs = append(p.errs, circuits.Problem{Pos: p.file, Msg: err.Error()})
		return nil
	}
	return f.n
}

// net returns the net named name in sc, creating it when new.
func (f *flattener) net(sc *scope, name string) circuits.Net {
	if id, ok := sc.nets[name]; ok {
		return id
	}
	id := f.n.NewNet(sc.prefix + name)
	f.driver = append(f.driver, field{})
	f.firstRd = append(f.firstRd, field{})
	sc.nets[name] = id
	return id
}

// tmp returns a fresh unnamed internal net that counts as driven.
func (f *flattener) tmp() circuits.Net {
	id := f.n.NewNet("")
	f.driver = append(f.driver, field{line: -1})
	f.firstRd = append(f.firstRd, field{})
	return id
}

func (f *flattener) use(id circuits.Net, at field) {
	if f.firstRd[id].line == 0 {
		f.firstRd[id] = at
	}
}

// drive marks id as driven at the position of at; false (and an error)
// when it already has a driver.
func (f *flattener) drive(id circuits.Net, at field) bool {
	if prev := f.driver[id]; prev.line != 0 {
		f.errorf(at, "net %s has two drivers (also driven at %s)", f.n.NetName(id), f.pos(prev))
		return false
	}
	f.driver[id] = at
	return true
}

func (f *flattener) gate(k circuits.Kind, pos string, cell int32, out circuits.Net, in ...circuits.Net) {
	if len(f.n.Gates) >= MaxGates {
		if !f.stop {
			f.stop = true
			f.errs = append(f.errs, circuits.Problem{Pos: pos, Msg: fmt.Sprintf("flattened netlist exceeds %d gates", MaxGates)})
		}
		return
	}
	g := circuits.Gate{Kind: k, In: [3]circuits.Net{circuits.NoNet, circuits.NoNet, circuits.NoNet}, Out: out, Cell: cell, Pos: pos}
	copy(g.In[:], in)
	f.n.Gates = append(f.n.Gates, g)
}

// model emits the covers and instances of m in scope sc.
func (f *flattener) model(m *model, sc *scope, depth int, path []string) {
	for _, cv := range m.covers {
		if f.stop || len(f.errs) >= MaxErrors {
			return
		}
		out := f.net(sc, cv.out.s)
		if !f.drive(out, cv.out) {
			continue
		}
		ins := f.insBuf[:0]
		for _, in := range cv.ins {
			id := f.net(sc, in.s)
			f.use(id, in)
			ins = append(ins, id)
		}
		f.insBuf = ins
		f.cover(cv, ins, out, f.pos(cv.at))
	}
	for ii, in := range m.insts {
		if f.stop || len(f.errs) >= MaxErrors {
			return
		}
		if in.kind == ".conn" {
			src, dst := in.conns[0][0], in.conns[0][1]
			a, b := f.net(sc, src.s), f.net(sc, dst.s)
			f.use(a, src)
			if f.drive(b, dst) {
				f.gate(circuits.Buf, f.pos(in.at), -1, b, a)
			}
			continue
		}
		if sub, ok := f.models[in.model.s]; ok {
			f.subckt(in, sub, sc, depth, path, ii)
			continue
		}
		f.cell(in, sc, ii)
	}
}

// subckt instantiates model sub.
func (f *flattener) subckt(in *inst, sub *model, sc *scope, depth int, path []string, idx int) {
	for _, p := range path {
		if p == sub.name.s {
			f.errorf(in.model, "model %s instantiates itself (through %v)", sub.name.s, path)
			return
		}
	}
	if depth+1 > MaxDepth {
		f.errorf(in.at, "instances nested deeper than %d", MaxDepth)
		return
	}
	if f.instances++; f.instances > MaxInstances {
		if !f.stop {
			f.stop = true
			f.errorf(in.at, "flattening makes more than %d model instances", MaxInstances)
		}
		return
	}
	child := &scope{prefix: fmt.Sprintf("%s%s#%d/", sc.prefix, sub.name.s, idx), nets: map[string]circuits.Net{}}
	dir := map[string]circuits.Dir{}
	for _, x := range sub.inputs {
		dir[x.s] = circuits.Input
	}
	for _, x := range sub.outputs {
		dir[x.s] = circuits.Output
	}
	bound := map[string]bool{}
	for _, c := range in.conns {
		formal, actual := c[0], c[1]
		d, ok := dir[formal.s]
		if !ok {
			f.errorf(formal, "model %s has no port %s", sub.name.s, formal.s)
			continue
		}
		if bound[formal.s] {
			f.errorf(formal, "port %s of %s connected twice", formal.s, sub.name.s)
			continue
		}
		bound[formal.s] = true
		id := f.net(sc, actual.s)
		if d == circuits.Input {
			f.use(id, actual)
		}
		child.nets[formal.s] = id
	}
	for _, x := range sub.inputs {
		if !bound[x.s] {
			f.errorf(in.at, "input %s of %s is not connected", x.s, sub.name.s)
		}
	}
	if len(f.errs) > 0 {
		return
	}
	// The child drives its outputs: mark them as driven by the instance,
	// unless the child's own covers do it (then drive() would complain);
	// so outputs are marked by the child's statements themselves.
	f.model(sub, child, depth+1, append(path, sub.name.s))
}

// cell instantiates a library cell.
func (f *flattener) cell(in *inst, sc *scope, idx int) {
	name := in.model.s
	if name == "_const0_" || name == "_const1_" {
		// ABC's constant gates after mapping: one output pin.
		if len(in.conns) != 1 {
			f.errorf(in.model, "%s takes one output connection", name)
			return
		}
		id := f.net(sc, in.conns[0][1].s)
		if f.drive(id, in.conns[0][1]) {
			k := circuits.Const0
			if name == "_const1_" {
				k = circuits.Const1
			}
			f.gate(k, f.pos(in.at), -1, id)
		}
		return
	}
	cf, ok := f.cells[name]
	if !ok && f.opts.Cells != nil {
		cf, ok = f.opts.Cells.CellFunction(name)
		if ok {
			f.cells[name] = cf
		}
	}
	if !ok && yosyscells.Known(name) {
		f.yosysCell(in, sc, name)
		return
	}
	if !ok {
		if f.opts.Cells == nil {
			f.errorf(in.model, "unknown model or cell %s (not defined in the file; give a Liberty file with --liberty)", name)
		} else {
			f.errorf(in.model, "unknown model or cell %s (neither in the file nor in the cell library)", name)
		}
		return
	}
	isIn := map[string]bool{}
	for _, p := range cf.Inputs {
		isIn[p] = true
	}
	isOut := map[string]bool{}
	for _, o := range cf.Outputs {
		isOut[o.Pin] = true
	}
	pins := map[string]circuits.Net{}
	for _, c := range in.conns {
		formal, actual := c[0], c[1]
		if !isIn[formal.s] && !isOut[formal.s] {
			f.errorf(formal, "cell %s has no pin %s", name, formal.s)
			return
		}
		if _, dup := pins[formal.s]; dup {
			f.errorf(formal, "pin %s of %s connected twice", formal.s, name)
			return
		}
		id := f.net(sc, actual.s)
		if isIn[formal.s] {
			f.use(id, actual)
		} else if !f.drive(id, actual) {
			return
		}
		pins[formal.s] = id
	}
	for _, p := range cf.Inputs {
		if _, ok := pins[p]; !ok {
			f.errorf(in.at, "input pin %s of %s is not connected", p, name)
			return
		}
	}
	pos := f.pos(in.at)
	ci := circuits.CellInstance{Type: cf.Name, Name: fmt.Sprintf("%s%s#%d", sc.prefix, name, idx), Pins: pins}
	cellIdx := int32(len(f.n.Cells))
	for _, o := range cf.Outputs {
		out, ok := pins[o.Pin]
		if !ok {
			continue // unconnected output
		}
		ci.Outputs = append(ci.Outputs, o.Pin)
		if err := f.expr(o.Function, pins, out, pos, cellIdx, 0); err != nil {
			f.errorf(in.at, "cell %s pin %s: %v", name, o.Pin, err)
			return
		}
	}
	f.n.Cells = append(f.n.Cells, ci)
}

// expr builds the gates of a Liberty function whose root drives out.
func (f *flattener) expr(x *liberty.Expr, pins map[string]circuits.Net, out circuits.Net, pos string, cell int32, depth int) error {
	_, err := f.exprNet(x, pins, out, pos, cell, depth)
	return err
}

// exprNet builds the gates of x; its root drives out, or when out is NoNet
// a fresh net (or an existing one, for a bare pin), which it returns.
func (f *flattener) exprNet(x *liberty.Expr, pins map[string]circuits.Net, out circuits.Net, pos string, cell int32, depth int) (circuits.Net, error) {
	if x == nil {
		return 0, fmt.Errorf("missing function")
	}
	if depth > 1000 {
		return 0, fmt.Errorf("function nested too deeply")
	}
	dst := func() circuits.Net {
		if out != circuits.NoNet {
			return out
		}
		return f.tmp()
	}
	switch x.Op {
	case liberty.OpVar:
		v, ok := pins[x.Name]
		if !ok {
			return 0, fmt.Errorf("function reads %s, which is not a connected input pin", x.Name)
		}
		if out == circuits.NoNet {
			return v, nil
		}
		f.gate(circuits.Buf, pos, cell, out, v)
		return out, nil
	case liberty.OpConst0, liberty.OpConst1:
		d := dst()
		k := circuits.Const0
		if x.Op == liberty.OpConst1 {
			k = circuits.Const1
		}
		f.gate(k, pos, cell, d)
		return d, nil
	}
	args := make([]circuits.Net, len(x.Args))
	for i, a := range x.Args {
		v, err := f.exprNet(a, pins, circuits.NoNet, pos, cell, depth+1)
		if err != nil {
			return 0, err
		}
		args[i] = v
	}
	switch x.Op {
	case liberty.OpNot:
		if len(args) != 1 {
			return 0, fmt.Errorf("NOT with %d arguments", len(args))
		}
		d := dst()
		f.gate(circuits.Not, pos, cell, d, args[0])
		return d, nil
	case liberty.OpAnd, liberty.OpOr, liberty.OpXor:
		if len(args) == 0 {
			return 0, fmt.Errorf("operator without arguments")
		}
		k := map[liberty.ExprOp]circuits.Kind{liberty.OpAnd: circuits.And, liberty.OpOr: circuits.Or, liberty.OpXor: circuits.Xor}[x.Op]
		return f.tree(k, k, args, out, pos, cell), nil
	}
	return 0, fmt.Errorf("unsupported operator %d", x.Op)
}

// tree combines vals with kind inner in a balanced tree whose root gate has
// kind root and drives out (a fresh net when out is NoNet). A single value
// goes through a BUF (root of kind And, Or, Xor) or NOT (Nand, Nor, Xnor).
func (f *flattener) tree(inner, root circuits.Kind, vals []circuits.Net, out circuits.Net, pos string, cell int32) circuits.Net {
	for len(vals) > 2 {
		next := vals[:0:0]
		for i := 0; i+1 < len(vals); i += 2 {
			d := f.tmp()
			f.gate(inner, pos, cell, d, vals[i], vals[i+1])
			next = append(next, d)
		}
		if len(vals)%2 == 1 {
			next = append(next, vals[len(vals)-1])
		}
		vals = next
	}
	if out == circuits.NoNet {
		if len(vals) == 1 && root == inner {
			return vals[0]
		}
		out = f.tmp()
	}
	if len(vals) == 1 {
		k := circuits.Buf
		if root != inner {
			k = circuits.Not
		}
		f.gate(k, pos, cell, out, vals[0])
		return out
	}
	f.gate(root, pos, cell, out, vals[0], vals[1])
	return out
}

// liveGates marks the gates in the fan-in cone of the output ports.
func (f *flattener) liveGates() []bool {
	drv := make([]int32, f.n.NumNets)
	for i := range drv {
		drv[i] = -1
	}
	for gi, g := range f.n.Gates {
		drv[g.Out] = int32(gi)
	}
	live := make([]bool, len(f.n.Gates))
	var stack []circuits.Net
	for _, p := range f.n.Ports {
		if p.Dir == circuits.Output {
			stack = append(stack, p.Bits...)
		}
	}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		gi := drv[id]
		if gi < 0 || live[gi] {
			continue
		}
		live[gi] = true
		g := f.n.Gates[gi]
		stack = append(stack, g.In[:g.Kind.Arity()]...)
	}
	return live
}

// yosysCell builds one of Yosys's internal gate cells ($_AND_, $_MUX_, ...,
// as write_blif -icells writes them) from package yosyscells. Its gates
// carry no cell index: they are logic, not library cells.
func (f *flattener) yosysCell(in *inst, sc *scope, name string) {
	ports, err := yosyscells.Ports(name, nil)
	if err != nil {
		f.errorf(in.model, "%v (BLIF has no parameters: only the gate cells $_AND_ ... $_MUX16_ can be read)", err)
		return
	}
	isOut := map[string]bool{}
	width := map[string]int{}
	for _, p := range ports {
		isOut[p.Name], width[p.Name] = p.Output, p.Width
	}
	ins := map[string][]circuits.Net{}
	outNet := circuits.NoNet
	var outAt field
	for _, c := range in.conns {
		formal, actual := c[0], c[1]
		w, ok := width[formal.s]
		if !ok || w != 1 {
			f.errorf(formal, "cell %s has no pin %s", name, formal.s)
			return
		}
		if _, dup := ins[formal.s]; dup || (isOut[formal.s] && outNet != circuits.NoNet) {
			f.errorf(formal, "pin %s of %s connected twice", formal.s, name)
			return
		}
		id := f.net(sc, actual.s)
		if isOut[formal.s] {
			outNet, outAt = id, actual
			continue
		}
		f.use(id, actual)
		ins[formal.s] = []circuits.Net{id}
	}
	for _, p := range ports {
		if _, ok := ins[p.Name]; !ok && !p.Output {
			f.errorf(in.at, "input pin %s of %s is not connected", p.Name, name)
			return
		}
	}
	if outNet == circuits.NoNet {
		return // output unconnected: nothing reads the cell
	}
	if !f.drive(outNet, outAt) {
		return
	}
	pos := f.pos(in.at)
	g0 := len(f.n.Gates)
	y, err := yosyscells.Build(yosyscells.BuilderFunc(func(k circuits.Kind, x ...circuits.Net) circuits.Net {
		out := f.tmp()
		f.gate(k, pos, -1, out, x...)
		return out
	}), name, nil, ins)
	if err != nil || len(y) != 1 {
		f.errorf(in.at, "cell %s: %v", name, err)
		return
	}
	switch last := len(f.n.Gates) - 1; {
	case last >= g0 && f.n.Gates[last].Out == y[0]:
		// The cell's last gate computes its output: let it drive the net
		// (its temporary net stays unused).
		f.n.Gates[last].Out = outNet
	case y[0] == yosyscells.Zero:
		f.gate(circuits.Const0, pos, -1, outNet)
	case y[0] == yosyscells.One:
		f.gate(circuits.Const1, pos, -1, outNet)
	default:
		f.gate(circuits.Buf, pos, -1, outNet, y[0])
	}
}

package verilog

import (
	"fmt"
	"go/token"
	"slices"
	"sort"
	"strings"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/yosyscells"
)

// Limits of elaboration against hostile input.
const (
	// MaxNets bounds the nets (declared bits and gate outputs) of one netlist.
	MaxNets = 1 << 20
	// MaxWidth bounds the width of one vector or expression.
	MaxWidth = 1 << 16
	// MaxDepth bounds the depth of the module hierarchy.
	MaxDepth = 64
)

const (
	netSlot  uint8 = iota // a declared bit: an alias of its single driver
	netGate               // a gate output
	netInput              // a top-level input-port bit
)

type elab struct {
	s    *scratch // buffers kept between files (Reader)
	fset *token.FileSet
	opts Options
	mods map[string]*Module
	// builtin holds the built-in standard cells, parsed on first use.
	builtin map[string]*Module

	nl   *circuits.Netlist
	errs ErrorList

	// Buffers of yosysCell, reused from cell to cell.
	cellParams yosyscells.Params
	cellInputs map[string][]val
	cellConns  []*Conn

	kind   []uint8
	drv    []val // slot driver; circuits.NoNet when undriven
	drvPos []token.Pos
	gateOf []int32
	names  []nameRef // per net

	// Name sources and instance paths (names.go), gate positions (index
	// = gate), spelled out by spellOut.
	srcs    []nameSrc
	paths   []instPath
	gatePos []token.Pos

	// Allocation helpers: finished scopes for reuse, chunks of variables
	// and of bit slices, the ports of the instance being connected, and
	// the pins of all cells (cellRec holds ranges of these).
	freeScopes  []*scope
	templates   map[*Module]*cellTemplate // nil: not recordable
	noTemplates bool                      // elaborate every instance (tests)
	vars        slab[netVar]
	bitChunk    []val
	portBuf     []port
	cellPins    []string
	cellNets    []val
	cellOuts    []string

	resolved  map[string]target
	cellCache map[string]*CellFunc
	cells     []cellRec
	compat    map[string]*compatNote
	stack     []string
	fatal     bool
	xGates    []int // gates standing for x/z literal bits (yosys.go)
	// strash, for behavioural designs, maps gates to their outputs for
	// structural hashing (opt.go); nil otherwise.
	strash map[gateKey]val
	// trials counts the open marks (table.go); while it is positive,
	// strashLog lists the strash keys added, in order, for rollback.
	trials    int
	strashLog []gateKey
	// assume holds the values that nets take on the path of a process
	// being elaborated (opt.go); nil outside branches.
	assume map[val]val
}

// cellRec locates a cell instance's pins in elab.cellPins and cellNets
// (pin slot nets), [pin0, pin1), and its output pins in cellOuts.
type cellRec struct {
	pin0, pin1 int32
	out0, out1 int32
}

// bits returns a slice of n values from a shared chunk.
func (e *elab) bits(n int) []val {
	if n > 256 {
		return make([]val, n)
	}
	if len(e.bitChunk) < n {
		e.bitChunk = make([]val, 1024)
	}
	b := e.bitChunk[:n:n]
	e.bitChunk = e.bitChunk[n:]
	return b
}

// newScope returns a scope with empty maps, reusing a finished one.
func (e *elab) newScope() *scope {
	if n := len(e.freeScopes); n > 0 {
		sc := e.freeScopes[n-1]
		e.freeScopes = e.freeScopes[:n-1]
		return sc
	}
	return &scope{e: e, nets: map[string]*netVar{}, params: map[string]*paramVal{}, types: map[Expr]typ{}}
}

// releaseScope makes sc available to newScope; nothing may use it after.
func (e *elab) releaseScope(sc *scope) {
	clear(sc.nets)
	clear(sc.params)
	clear(sc.types)
	sc.behavScope = behavScope{}
	sc.mod = nil
	e.freeScopes = append(e.freeScopes, sc)
}

type compatNote struct {
	pos      token.Pos
	from, to string
	count    int
}

func (e *elab) errorf(pos token.Pos, format string, args ...any) {
	e.errs.Add(e.fset.Position(pos), fmt.Sprintf(format, args...))
	if len(e.errs) > 10*MaxErrors {
		e.fatal = true
	}
}

func (e *elab) newNet(name nameRef, kind uint8) val {
	if e.nl.NumNets >= MaxNets {
		if !e.fatal {
			e.errs.Add(token.Position{Filename: e.nl.File}, fmt.Sprintf("netlist too large (more than %d nets)", MaxNets))
		}
		e.fatal = true
		return c0
	}
	n := val(e.nl.NumNets)
	e.nl.NumNets++
	e.names = append(e.names, name)
	e.kind = append(e.kind, kind)
	e.drv = append(e.drv, circuits.NoNet)
	e.drvPos = append(e.drvPos, token.NoPos)
	e.gateOf = append(e.gateOf, -1)
	return n
}

// addGate adds a gate; its position is spelled out by spellOut.
func (e *elab) addGate(k circuits.Kind, pos token.Pos, cell int32, in ...val) val {
	out := e.newNet(nameRef{}, netGate)
	if out < 0 {
		return c0
	}
	gi := e.nl.AddGate(k, out, in...)
	e.gatePos = append(e.gatePos, pos)
	e.nl.Gates[gi].Cell = cell
	e.gateOf[out] = int32(gi)
	return out
}

// drive sets the driver of slot net n.
func (e *elab) drive(n, v val, pos token.Pos) {
	if n < 0 {
		return
	}
	switch e.kind[n] {
	case netInput:
		e.errorf(pos, "cannot drive input port %s", e.netName(n))
		return
	case netGate:
		e.errorf(pos, "internal: cannot drive gate output %s", e.netName(n))
		return
	}
	if e.drv[n] != circuits.NoNet {
		if p := e.drvPos[n]; p.IsValid() {
			e.errorf(pos, "%s has multiple drivers (also driven at %s)", e.netName(n), e.fset.Position(p))
		} else {
			e.errorf(pos, "%s has multiple drivers", e.netName(n))
		}
		return
	}
	e.drv[n] = v
	e.drvPos[n] = pos
}

// netVar is a declared net or port of one module instance.
type netVar struct {
	name     string
	pos      token.Pos
	dir      DeclKind
	port     bool
	signed   bool
	hasRange bool
	msb, lsb int
	bits     []val // slot nets, bits[i] has weight 2^i

	// Behavioural variables and arrays (proc.go, array.go).
	isVar   bool  // reg, logic, bit, integer
	integer bool  // integer or int
	local   bool  // a block or function local: never driven
	arr     uint8 // arrNone, arrPacked or arrUnpacked
	// Elements of an array: index range [amsb:alsb], elemW bits each with
	// the range [emsb:elsb] (ehas false for one-bit elements).
	amsb, alsb, elemW int
	ehas              bool
	emsb, elsb        int
}

// weight returns the bit position of index idx.
func (v *netVar) weight(idx int64) (int, bool) {
	if !v.hasRange {
		return 0, idx == 0
	}
	if v.msb >= v.lsb {
		if idx < int64(v.lsb) || idx > int64(v.msb) {
			return 0, false
		}
		return int(idx - int64(v.lsb)), true
	}
	if idx < int64(v.msb) || idx > int64(v.lsb) {
		return 0, false
	}
	return int(int64(v.lsb) - idx), true
}

func (v *netVar) descending() bool { return !v.hasRange || v.msb >= v.lsb }

// paramVal is the constant value of a parameter.
type paramVal struct {
	bits   []val
	signed bool
	// range for bit-selects, when declared with one
	hasRange bool
	msb, lsb int
}

type typ struct {
	w int
	s bool
}

// scope is one module instance being elaborated.
type scope struct {
	e      *elab
	mod    *Module
	path   int32 // instance path (names.go), -1 for the top
	nets   map[string]*netVar
	params map[string]*paramVal
	types  map[Expr]typ
	behavScope
	cell int32
	// at, when valid, is the position given to all gates (built-in cells
	// take the position of their instance).
	at token.Pos
	// arrayElem is the element of an instance array being connected.
	arrayElem *arrayElem
}

func (sc *scope) bld(pos token.Pos) bld {
	if sc.at.IsValid() {
		return bld{e: sc.e, pos: sc.at, cell: sc.cell}
	}
	return bld{e: sc.e, pos: pos, cell: sc.cell}
}

// target is what an instance refers to.
type target struct {
	mod      *Module   // Verilog definition to flatten (user module or cell body)
	lib      *CellFunc // Liberty cell, when mod is nil
	cellType string    // standard-cell name, "" for user modules
	source   string    // name as written when a compatibility rule applied
}

func (e *elab) known(name string) bool {
	if isBuiltinCell(name) {
		return true
	}
	_, ok := e.libCell(name)
	return ok
}

// libCell looks a cell up in Options.Cells, caching the answers.
func (e *elab) libCell(name string) (*CellFunc, bool) {
	if e.opts.Cells == nil {
		return nil, false
	}
	if cf, ok := e.cellCache[name]; ok {
		return cf, cf != nil
	}
	cf, ok := e.opts.Cells.CellFunction(name)
	if !ok {
		cf = nil
	}
	e.cellCache[name] = cf
	return cf, ok
}

// isBuiltinCell reports whether builtinCellsSource defines a module name,
// without parsing it (TestBuiltinCellNames checks the two agree).
func isBuiltinCell(name string) bool {
	switch name {
	case "AND2X1", "AOI21X1", "BUFX2", "FAX1", "HAX1", "INVX1", "MUX2X1", "NAND2X1",
		"NAND3X1", "NOR2X1", "NOR3X1", "OAI21X1", "OR2X1", "XNOR2X1", "XOR2X1":
		return true
	}
	return false
}

func (e *elab) builtinModules() map[string]*Module {
	if e.builtin == nil {
		f, err := ParseSource(e.fset, "<builtin-cells>", []byte(builtinCellsSource))
		e.builtin = map[string]*Module{}
		if err != nil {
			e.errs.Add(token.Position{Filename: "<builtin-cells>"}, "internal: "+err.Error())
		}
		for _, m := range f.Modules {
			e.builtin[m.Name] = m
		}
	}
	return e.builtin
}

// cellTypeOf tells whether a module defined in the file is a standard cell:
// a built-in or library cell name, PDKGEN<cell>, or a name the
// compatibility rule maps to a cell.
func (e *elab) cellTypeOf(name string) (cell string, compat bool, err error) {
	if e.known(name) {
		return name, false, nil
	}
	if rest, ok := strings.CutPrefix(name, pdkgen); ok && e.known(rest) {
		return rest, false, nil
	}
	c, err := compatResolve(name, e.known)
	if err != nil || c == "" {
		return "", false, err
	}
	return c, true, nil
}

func (e *elab) noteCompat(pos token.Pos, from, to string) {
	if n, ok := e.compat[from]; ok {
		n.count++
		return
	}
	e.compat[from] = &compatNote{pos: pos, from: from, to: to, count: 1}
}

func (e *elab) resolve(name string, pos token.Pos) (target, bool) {
	if t, ok := e.resolved[name]; ok {
		if t.source != "" {
			e.noteCompat(pos, name, t.cellType)
		}
		return t, true
	}
	t, ok := e.resolve1(name, pos)
	if ok {
		e.resolved[name] = t
	}
	return t, ok
}

func (e *elab) resolve1(name string, pos token.Pos) (target, bool) {
	if m, ok := e.mods[name]; ok {
		c, compat, err := e.cellTypeOf(name)
		if err != nil {
			e.errorf(pos, "%v", err)
			return target{}, false
		}
		t := target{mod: m, cellType: c}
		if compat {
			t.source = name
			e.noteCompat(pos, name, c)
		}
		return t, true
	}
	if cf, ok := e.libCell(name); ok {
		return target{lib: cf, cellType: name}, true
	}
	c, err := compatResolve(name, e.known)
	if err != nil {
		e.errorf(pos, "%v", err)
		return target{}, false
	}
	if c != "" {
		e.noteCompat(pos, name, c)
		if m, ok := e.mods[pdkgen+c]; ok {
			return target{mod: m, cellType: c, source: name}, true
		}
		if m, ok := e.builtinModules()[c]; ok {
			return target{mod: m, cellType: c, source: name}, true
		}
		if cf, ok := e.libCell(c); ok {
			return target{lib: cf, cellType: c, source: name}, true
		}
	}
	if strings.HasPrefix(name, "$") {
		e.errorf(pos, "%s", yosyscells.Unsupported(name))
		return target{}, false
	}
	if e.opts.Cells == nil {
		e.errorf(pos, "unknown module %s (not defined in the file; pass a cell library for standard cells)", name)
	} else {
		e.errorf(pos, "unknown module %s (not defined in the file nor in the cell library)", name)
	}
	return target{}, false
}

// port is a port of an instantiated module or cell, seen from the parent.
type port struct {
	name string
	dir  DeclKind
	pos  token.Pos
	bits []val
}

// instantiate elaborates module m as the instance at path (-1 for the
// top) and returns its scope. overrides are parameter values by name.
func (e *elab) instantiate(m *Module, path int32, overrides map[string]*paramVal, cell int32, top bool, at token.Pos) *scope {
	sc := e.newScope()
	sc.mod, sc.path, sc.cell, sc.at = m, path, cell, at
	e.stack = append(e.stack, m.Name)
	defer func() { e.stack = e.stack[:len(e.stack)-1] }()

	// Functions, usable in parameter values.
	sc.collectFuncs(m.Items)
	// Parameters, in order.
	for _, it := range m.Items {
		prm, ok := it.(*Param)
		if !ok {
			continue
		}
		if _, dup := sc.params[prm.Name.Name]; dup {
			e.errorf(prm.Name.Pos, "parameter %s redeclared", prm.Name.Name)
			continue
		}
		var pv *paramVal
		if ov, ok := overrides[prm.Name.Name]; ok && !prm.Local {
			pv = ov
		} else {
			pv = sc.constValue(prm.Value)
		}
		if prm.Range != nil {
			msb, lsb, ok := sc.rangeBounds(prm.Range)
			if ok {
				w := absDiff(msb, lsb) + 1
				pv = &paramVal{bits: extend(pv.bits, w, pv.signed), signed: prm.Signed, hasRange: true, msb: msb, lsb: lsb}
			}
		} else if prm.Signed {
			pv = &paramVal{bits: pv.bits, signed: true}
		}
		sc.params[prm.Name.Name] = pv
	}
	// Generate constructs, expanded into plain items.
	items := m.Items
	if hasGenerate(items) {
		items = sc.resolveHier(sc.expandGenerate(items))
	}
	// Declarations.
	for _, it := range items {
		d, ok := it.(*Decl)
		if !ok {
			continue
		}
		sc.declare(d, top)
		if e.fatal {
			return sc
		}
	}
	// Small port lists are searched, large ones indexed.
	var portSet map[string]bool
	if len(m.Ports) > 16 {
		portSet = make(map[string]bool, len(m.Ports))
	}
	inPorts := func(name string, below int) bool {
		if portSet != nil {
			return portSet[name]
		}
		for _, q := range m.Ports[:below] {
			if q.Name == name {
				return true
			}
		}
		return false
	}
	for i, p := range m.Ports {
		if inPorts(p.Name, i) {
			e.errorf(p.Pos, "port %s listed twice", p.Name)
		}
		if portSet != nil {
			portSet[p.Name] = true
		}
		v, ok := sc.nets[p.Name]
		if !ok || !v.port {
			e.errorf(p.Pos, "port %s has no input or output declaration", p.Name)
			if !ok {
				sc.newVar(p.Name, p.Pos, DeclInput, false, nil, top)
			}
		}
	}
	for _, v := range sc.nets {
		if v.port && !inPorts(v.name, len(m.Ports)) {
			e.errorf(v.pos, "%s is declared as a port but is not in the port list of module %s", v.name, m.Name)
		}
	}

	// Implicit nets.
	sc.implicitNets(items)

	// Statements.
	for _, it := range items {
		if e.fatal {
			return sc
		}
		switch it := it.(type) {
		case *Always:
			sc.always(it)
		case *Decl:
			for i, init := range it.Inits {
				if init != nil && it.Var {
					e.errorf(init.Pos(), "variable initialisers are not supported: %s", seqError)
				} else if init != nil {
					if v := sc.nets[it.Names[i].Name]; v != nil {
						sc.assign(v.bits, init, it.Names[i].Pos)
					}
				}
			}
		case *Assign:
			lhs := sc.lvalue(it.LHS)
			sc.assign(lhs, it.RHS, it.Pos)
		case *Instance:
			sc.instance(it)
		}
	}
	return sc
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// rangeBounds evaluates [msb:lsb].
func (sc *scope) rangeBounds(r *Range) (int, int, bool) {
	msb, ok1 := sc.constInt(r.MSB)
	lsb, ok2 := sc.constInt(r.LSB)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	if absDiff(int(msb), int(lsb)) >= MaxWidth {
		sc.e.errorf(r.Pos, "range [%d:%d] too wide (limit %d bits)", msb, lsb, MaxWidth)
		return 0, 0, false
	}
	return int(msb), int(lsb), true
}

func (sc *scope) newVar(name string, pos token.Pos, dir DeclKind, signed bool, r *Range, top bool) *netVar {
	v := sc.e.vars.new()
	*v = netVar{name: name, pos: pos, dir: dir, signed: signed, port: dir == DeclInput || dir == DeclOutput || dir == DeclInout}
	w := 1
	if r != nil {
		msb, lsb, ok := sc.rangeBounds(r)
		if ok {
			v.hasRange, v.msb, v.lsb = true, msb, lsb
			w = absDiff(msb, lsb) + 1
		}
	}
	kind := netSlot
	if top && dir == DeclInput {
		kind = netInput
	}
	v.bits = sc.e.bits(w)
	ref := sc.e.addSrc(nameSrc{path: sc.path, name: name, ranged: v.hasRange, desc: v.msb < v.lsb, lsb: v.lsb})
	for i := range v.bits {
		ref.bit = int32(i)
		v.bits[i] = sc.e.newNet(ref, kind)
	}
	sc.nets[name] = v
	return v
}

func (sc *scope) declare(d *Decl, top bool) {
	e := sc.e
	if d.Kind == DeclInout {
		e.errorf(d.Pos, "inout ports are not supported")
	}
	for i, id := range d.Names {
		if _, isParam := sc.params[id.Name]; isParam {
			e.errorf(id.Pos, "%s redeclared (it is a parameter)", id.Name)
			continue
		}
		if old, ok := sc.nets[id.Name]; ok {
			// A port may be declared again as a net of the same width.
			if old.port && d.Kind == DeclWire && (d.Net || d.Var && !d.Integer) && !(i < len(d.Dims) && d.Dims[i] != nil) && len(d.Packed) == 0 {
				if d.Var {
					old.isVar = true
				}
				w := 1
				if d.Range != nil {
					msb, lsb, ok := sc.rangeBounds(d.Range)
					if ok {
						w = absDiff(msb, lsb) + 1
						if old.hasRange && (msb != old.msb || lsb != old.lsb) || !old.hasRange && w != 1 {
							e.errorf(id.Pos, "net %s redeclared with a range different from its port declaration", id.Name)
						}
					}
				} else if old.hasRange {
					e.errorf(id.Pos, "net %s redeclared with a range different from its port declaration", id.Name)
				}
				if d.Signed {
					old.signed = true
				}
				continue
			}
			e.errorf(id.Pos, "%s redeclared (first declared at %s)", id.Name, e.fset.Position(old.pos))
			continue
		}
		var v *netVar
		if behavDecl(d, i) {
			v = sc.declareVar(d, i, top)
		} else {
			v = sc.newVar(id.Name, id.Pos, d.Kind, d.Signed, d.Range, top)
		}
		switch d.Kind {
		case DeclSupply0, DeclSupply1:
			c := constBit(d.Kind == DeclSupply1)
			for _, b := range v.bits {
				e.drive(b, c, id.Pos)
			}
		}
	}
}

// implicitNets declares 1-bit nets for undeclared identifiers used as
// assignment targets or in port connections.
func (sc *scope) implicitNets(items []Item) {
	var visit func(x Expr, whole bool)
	visit = func(x Expr, whole bool) {
		switch x := x.(type) {
		case *Name:
			if _, ok := sc.nets[x.Name]; ok {
				return
			}
			if _, ok := sc.params[x.Name]; ok {
				return
			}
			if sc.mod.NoImplicitNets {
				return // reported as undeclared on use
			}
			sc.newVar(x.Name, x.At, DeclWire, false, nil, false)
		case *Concat:
			for _, p := range x.Parts {
				visit(p, true)
			}
		}
	}
	for _, it := range items {
		switch it := it.(type) {
		case *Assign:
			visit(it.LHS, true)
		case *Instance:
			for _, c := range it.Conns {
				if c.Expr != nil {
					visit(c.Expr, true)
				}
			}
		}
	}
}

// assign drives the slots lhs from expression rhs (Verilog assignment
// width rules: context width max(rhs, lhs), truncation to lhs).
func (sc *scope) assign(lhs []val, rhs Expr, pos token.Pos) {
	t := sc.typeOf(rhs)
	w := max(t.w, len(lhs))
	v := sc.eval(rhs, w, t.s)
	for i, n := range lhs {
		sc.e.drive(n, v[i], pos)
	}
}

// lvalue returns the slot nets of an assignment target, LSB first.
func (sc *scope) lvalue(x Expr) []val {
	e := sc.e
	switch x := x.(type) {
	case *Name:
		v, ok := sc.nets[x.Name]
		if !ok {
			if _, isParam := sc.params[x.Name]; isParam {
				e.errorf(x.At, "cannot assign to parameter %s", x.Name)
			} else {
				e.errorf(x.At, "undeclared identifier %s", x.Name)
			}
			return nil
		}
		return v.bits
	case *Index, *Slice:
		if s, ok := sc.arrayLvalue(x); ok {
			return s
		}
		v, lo, hi, ok := sc.selectBits(x)
		if !ok {
			return nil
		}
		if v == nil {
			e.errorf(x.Pos(), "cannot assign to a parameter")
			return nil
		}
		return v.bits[lo : hi+1]
	case *Concat:
		var bits []val
		for i := len(x.Parts) - 1; i >= 0; i-- {
			bits = append(bits, sc.lvalue(x.Parts[i])...)
		}
		return bits
	case *BadExpr:
		return nil
	}
	e.errorf(x.Pos(), "invalid assignment target")
	return nil
}

// selectBits resolves a constant bit- or part-select of a net (or, with
// v == nil, of a parameter) to the weight range [lo, hi].
func (sc *scope) selectBits(x Expr) (v *netVar, lo, hi int, ok bool) {
	e := sc.e
	var base Expr
	switch x := x.(type) {
	case *Index:
		base = x.X
	case *Slice:
		base = x.X
	}
	name, isName := base.(*Name)
	if !isName {
		e.errorf(x.Pos(), "only names can be indexed")
		return nil, 0, 0, false
	}
	var pv *paramVal
	v, found := sc.nets[name.Name]
	if !found {
		pv, found = sc.params[name.Name]
		if !found {
			e.errorf(name.At, "undeclared identifier %s", name.Name)
			return nil, 0, 0, false
		}
		// Parameters: treat as a net with the parameter's range.
		v = &netVar{name: name.Name, bits: pv.bits, hasRange: true, msb: len(pv.bits) - 1, lsb: 0}
		if pv.hasRange {
			v.msb, v.lsb = pv.msb, pv.lsb
		}
	}
	weight := func(idx int64, at token.Pos) (int, bool) {
		w, ok := v.weight(idx)
		if !ok {
			if v.hasRange {
				e.errorf(at, "index %d out of range [%d:%d] of %s", idx, v.msb, v.lsb, v.name)
			} else {
				e.errorf(at, "index %d out of range of scalar %s", idx, v.name)
			}
		}
		return w, ok
	}
	var wl, wr int
	switch x := x.(type) {
	case *Index:
		idx, ok := sc.constInt(x.Index)
		if !ok {
			return nil, 0, 0, false
		}
		w, ok := weight(idx, x.LBrack)
		if !ok {
			return nil, 0, 0, false
		}
		wl, wr = w, w
	case *Slice:
		a, ok1 := sc.constInt(x.A)
		b, ok2 := sc.constInt(x.B)
		if !ok1 || !ok2 {
			return nil, 0, 0, false
		}
		left, right := a, b
		if x.Mode != COLON {
			if b <= 0 || b > MaxWidth {
				e.errorf(x.LBrack, "part-select width %d must be positive", b)
				return nil, 0, 0, false
			}
			switch {
			case x.Mode == PLUSCOL && v.descending():
				left, right = a+b-1, a
			case x.Mode == PLUSCOL:
				left, right = a, a+b-1
			case v.descending():
				left, right = a, a-b+1
			default:
				left, right = a-b+1, a
			}
		}
		var ok bool
		if wl, ok = weight(left, x.LBrack); !ok {
			return nil, 0, 0, false
		}
		if wr, ok = weight(right, x.LBrack); !ok {
			return nil, 0, 0, false
		}
		if wl < wr {
			e.errorf(x.LBrack, "part-select [%d:%d] of %s is reversed with respect to its declaration [%d:%d]", left, right, v.name, v.msb, v.lsb)
			return nil, 0, 0, false
		}
	}
	if pv != nil {
		return nil, wr, wl, true
	}
	return v, wr, wl, true
}

// constValue evaluates a constant expression.
func (sc *scope) constValue(x Expr) *paramVal {
	t := sc.typeOf(x)
	bits := sc.eval(x, t.w, t.s)
	for _, b := range bits {
		if !isConst(b) {
			sc.e.errorf(x.Pos(), "expression is not constant")
			return &paramVal{bits: make([]val, t.w), signed: t.s}
		}
	}
	return &paramVal{bits: bits, signed: t.s}
}

// constInt evaluates a constant expression to an integer.
func (sc *scope) constInt(x Expr) (int64, bool) {
	if n, ok := x.(*Number); ok && n.XMask == nil && n.Value.IsInt64() && n.Value.Int64() <= MaxNets && (n.Width == 0 || n.Width >= 32) {
		return n.Value.Int64(), true
	}
	t := sc.typeOf(x)
	bits := sc.eval(x, t.w, t.s)
	for _, b := range bits {
		if !isConst(b) {
			sc.e.errorf(x.Pos(), "expression is not constant")
			return 0, false
		}
	}
	v := bitsToBig(bits, t.s)
	if !v.IsInt64() || v.Int64() > MaxNets || v.Int64() < -MaxNets {
		sc.e.errorf(x.Pos(), "constant %v out of the supported range", v)
		return 0, false
	}
	return v.Int64(), true
}

// instance elaborates a module, cell or primitive instance.
func (sc *scope) instance(in *Instance) {
	e := sc.e
	if in.Array != nil {
		sc.instanceArray(in)
		return
	}
	if in.Primitive != ILLEGAL {
		sc.primitive(in)
		return
	}
	if e.isYosysCell(in.Module) {
		sc.yosysCell(in)
		return
	}
	t, ok := e.resolve(in.Module, in.Pos)
	if !ok {
		return
	}
	name := in.Name.Name
	if len(e.stack) >= MaxDepth {
		e.errorf(in.Pos, "module hierarchy deeper than %d", MaxDepth)
		return
	}
	for _, s := range e.stack {
		// A module may instantiate itself with other parameter values
		// (recursion under generate if; MaxDepth bounds it).
		if t.mod != nil && s == t.mod.Name && t.cellType == "" && len(in.Params) == 0 {
			e.errorf(in.Pos, "recursive instantiation of module %s", s)
			return
		}
	}
	cell := sc.cell
	newCell := t.cellType != "" && cell < 0
	if newCell {
		cell = int32(len(e.nl.Cells))
		e.nl.Cells = append(e.nl.Cells, circuits.CellInstance{Type: t.cellType, Source: t.source, Name: e.prefix(sc.path) + name})
		e.cells = append(e.cells, cellRec{})
	}
	var ports []port
	var child *scope
	if t.mod != nil {
		var overrides map[string]*paramVal
		if len(in.Params) > 0 {
			if t.cellType != "" {
				e.errorf(in.Pos, "standard cell %s takes no parameters", in.Module)
			} else {
				overrides = sc.paramOverrides(in, t.mod)
			}
		}
		at := sc.at
		if e.builtin != nil && e.builtin[t.mod.Name] == t.mod {
			at = in.Pos
		}
		path := e.addPath(sc.path, name)
		// New cells without parameters replay their module's template
		// (template.go), recorded at the first such instance.
		tm, seen := e.templates[t.mod]
		plain := newCell && len(in.Params) == 0 && !e.noTemplates
		replayed := false
		if plain && tm != nil {
			ports, replayed = e.replay(tm, path, cell, at, e.portBuf[:0])
		}
		if !replayed {
			base, g0, s0, errs0, x0 := val(e.nl.NumNets), len(e.nl.Gates), len(e.srcs), len(e.errs), len(e.xGates)
			child = e.instantiate(t.mod, path, overrides, cell, false, at)
			// The instances below child are done: the port buffer is free.
			ports = e.portBuf[:0]
			for _, p := range t.mod.Ports {
				if v, ok := child.nets[p.Name]; ok {
					ports = append(ports, port{name: p.Name, dir: v.dir, pos: p.Pos, bits: v.bits})
				}
			}
			if plain && !seen {
				var rec *cellTemplate
				// A body with x/z literals is not recorded: replayed copies
				// would escape the reachability check of each x bit.
				if !e.fatal && len(e.errs) == errs0 && len(e.xGates) == x0 && e.templatable(t.mod) {
					rec = e.record(child, base, g0, s0, path, at)
				}
				if e.templates == nil {
					e.templates = map[*Module]*cellTemplate{}
				}
				e.templates[t.mod] = rec
			}
		}
	} else {
		if len(in.Params) > 0 {
			e.errorf(in.Pos, "standard cell %s takes no parameters", in.Module)
		}
		ports = sc.libCell(t.lib, e.addPath(sc.path, name), cell, in.Pos)
	}
	if newCell {
		sc.finishCell(cell, ports, in.Pos)
	}
	sc.connect(in, ports)
	e.portBuf = ports[:0]
	if child != nil {
		e.releaseScope(child)
	}
}

// paramOverrides evaluates #(...) parameter values for module m.
func (sc *scope) paramOverrides(in *Instance, m *Module) map[string]*paramVal {
	var names []string
	for _, it := range m.Items {
		if prm, ok := it.(*Param); ok && !prm.Local {
			names = append(names, prm.Name.Name)
		}
	}
	ov := map[string]*paramVal{}
	for i, c := range in.Params {
		name := c.Name
		if name == "" {
			if i >= len(names) {
				sc.e.errorf(c.Pos, "too many parameter values for module %s", m.Name)
				break
			}
			name = names[i]
		}
		if !slices.Contains(names, name) {
			sc.e.errorf(c.Pos, "module %s has no parameter %s", m.Name, name)
			continue
		}
		if c.Expr == nil {
			continue
		}
		ov[name] = sc.constValue(c.Expr)
	}
	return ov
}

// libCell builds a Liberty cell's gates from its functions.
func (sc *scope) libCell(cf *CellFunc, path int32, cell int32, pos token.Pos) []port {
	e := sc.e
	var ports []port
	pins := map[string]val{}
	for _, in := range cf.Inputs {
		n := e.newNet(e.addSrc(nameSrc{path: path, name: in}), netSlot)
		pins[in] = n
		ports = append(ports, port{name: in, dir: DeclInput, pos: pos, bits: []val{n}})
	}
	b := bld{e: e, pos: pos, cell: cell}
	for _, o := range cf.Outputs {
		n := e.newNet(e.addSrc(nameSrc{path: path, name: o.Pin}), netSlot)
		v, err := libExpr(b, o.Function, pins, 0)
		if err != nil {
			e.errorf(pos, "cell %s pin %s: %v", cf.Name, o.Pin, err)
			v = c0
		}
		e.drive(n, v, pos)
		ports = append(ports, port{name: o.Pin, dir: DeclOutput, pos: pos, bits: []val{n}})
	}
	return ports
}

func libExpr(b bld, x *liberty.Expr, pins map[string]val, depth int) (val, error) {
	if x == nil {
		return c0, fmt.Errorf("missing function")
	}
	if depth > 1000 {
		return c0, fmt.Errorf("function nested too deeply")
	}
	switch x.Op {
	case liberty.OpVar:
		v, ok := pins[x.Name]
		if !ok {
			return c0, fmt.Errorf("function uses %s, which is not an input pin", x.Name)
		}
		return v, nil
	case liberty.OpConst0:
		return c0, nil
	case liberty.OpConst1:
		return c1, nil
	}
	args := make([]val, len(x.Args))
	for i, a := range x.Args {
		v, err := libExpr(b, a, pins, depth+1)
		if err != nil {
			return c0, err
		}
		args[i] = v
	}
	switch x.Op {
	case liberty.OpNot:
		if len(args) != 1 {
			return c0, fmt.Errorf("NOT with %d arguments", len(args))
		}
		return b.not(args[0]), nil
	case liberty.OpAnd, liberty.OpOr, liberty.OpXor:
		if len(args) == 0 {
			return c0, fmt.Errorf("%v without arguments", x.Op)
		}
		k := map[liberty.ExprOp]circuits.Kind{liberty.OpAnd: circuits.And, liberty.OpOr: circuits.Or, liberty.OpXor: circuits.Xor}[x.Op]
		v := args[0]
		for _, a := range args[1:] {
			v = b.op2(k, v, a)
		}
		return v, nil
	}
	return c0, fmt.Errorf("unknown operator %v", x.Op)
}

// finishCell makes sure that every output pin of a cell instance is driven
// by a gate of the cell and records its pins.
func (sc *scope) finishCell(cell int32, ports []port, pos token.Pos) {
	e := sc.e
	rec := &e.cells[cell]
	rec.pin0, rec.out0 = int32(len(e.cellPins)), int32(len(e.cellOuts))
	defer func() { rec.pin1, rec.out1 = int32(len(e.cellPins)), int32(len(e.cellOuts)) }()
	for _, p := range ports {
		if len(p.bits) != 1 {
			e.errorf(pos, "cell pin %s is not one bit wide", p.name)
			continue
		}
		n := p.bits[0]
		e.cellPins = append(e.cellPins, p.name)
		e.cellNets = append(e.cellNets, n)
		if p.dir != DeclOutput || n < 0 {
			continue
		}
		e.cellOuts = append(e.cellOuts, p.name)
		// Follow the aliases set so far inside the cell.
		v := e.drv[n]
		for i := 0; v >= 0 && e.kind[v] == netSlot && e.drv[v] != circuits.NoNet && i < 1000; i++ {
			v = e.drv[v]
		}
		if v >= 0 && e.kind[v] == netGate && e.nl.Gates[e.gateOf[v]].Cell == cell {
			continue
		}
		src := e.drv[n]
		if src == circuits.NoNet {
			e.errorf(pos, "output pin %s of cell %s is not driven by the cell", p.name, e.nl.Cells[cell].Type)
			continue
		}
		var g val
		b := bld{e: e, pos: pos, cell: cell}
		switch src {
		case c0:
			g = b.gate(circuits.Const0)
		case c1:
			g = b.gate(circuits.Const1)
		default:
			g = b.gate(circuits.Buf, src)
		}
		e.drv[n] = g
	}
}

// connect wires an instance's connections to the ports of its body.
func (sc *scope) connect(in *Instance, ports []port) {
	e := sc.e
	var byName map[string]int // for many ports; few are searched
	if len(ports) > 16 {
		byName = make(map[string]int, len(ports))
		for i, p := range ports {
			byName[p.name] = i
		}
	}
	find := func(name string) (int, bool) {
		if byName != nil {
			j, ok := byName[name]
			return j, ok
		}
		// The last port of a name wins, as with the map.
		for j := len(ports) - 1; j >= 0; j-- {
			if ports[j].name == name {
				return j, true
			}
		}
		return 0, false
	}
	var connBuf [8]*Conn
	conn := connBuf[:0]
	if len(ports) <= len(connBuf) {
		conn = connBuf[:len(ports)]
	} else {
		conn = make([]*Conn, len(ports))
	}
	named := false
	for i, c := range in.Conns {
		if c.Name != "" {
			named = true
			j, ok := find(c.Name)
			if !ok {
				e.errorf(c.Pos, "%s has no port %s", in.Module, c.Name)
				continue
			}
			if conn[j] != nil {
				e.errorf(c.Pos, "port %s connected twice", c.Name)
				continue
			}
			conn[j] = c
			continue
		}
		if named {
			e.errorf(c.Pos, "positional and named port connections mixed")
			continue
		}
		if i >= len(ports) {
			if c.Expr != nil || len(in.Conns) > 1 {
				e.errorf(c.Pos, "too many port connections for %s (%d ports)", in.Module, len(ports))
			}
			break
		}
		conn[i] = c
	}
	for i, p := range ports {
		c := conn[i]
		if c == nil || c.Expr == nil {
			if p.dir == DeclInput {
				e.errorf(in.Pos, "input port %s of instance %s is not connected", p.name, in.Name.Name)
			}
			continue
		}
		if ae := sc.arrayElem; ae != nil {
			if sc.connectElement(ae, in, p, c) {
				continue
			}
		}
		switch p.dir {
		case DeclInput:
			t := sc.typeOf(c.Expr)
			if num, ok := c.Expr.(*Number); !(ok && num.Width == 0) && t.w != len(p.bits) {
				e.errorf(c.Expr.Pos(), "width mismatch on port %s of %s: port has %d bits, connection has %d", p.name, in.Module, len(p.bits), t.w)
				continue
			}
			w := max(t.w, len(p.bits))
			v := sc.eval(c.Expr, w, t.s)
			for k, n := range p.bits {
				e.drive(n, v[k], c.Expr.Pos())
			}
		case DeclOutput:
			lhs := sc.lvalue(c.Expr)
			if lhs == nil {
				continue
			}
			if len(lhs) != len(p.bits) {
				e.errorf(c.Expr.Pos(), "width mismatch on port %s of %s: port has %d bits, connection has %d", p.name, in.Module, len(p.bits), len(lhs))
				continue
			}
			for k, n := range lhs {
				e.drive(n, p.bits[k], c.Expr.Pos())
			}
		}
	}
}

// primitive elaborates a gate primitive (and, or, ..., not, buf).
func (sc *scope) primitive(in *Instance) {
	e := sc.e
	var terms []Expr
	for _, c := range in.Conns {
		if c.Name != "" {
			e.errorf(c.Pos, "gate primitive %s takes positional terminals", in.Module)
			return
		}
		if c.Expr == nil {
			e.errorf(c.Pos, "empty terminal in gate primitive %s", in.Module)
			return
		}
		terms = append(terms, c.Expr)
	}
	if len(terms) < 2 {
		e.errorf(in.Pos, "gate primitive %s needs an output and at least one input", in.Module)
		return
	}
	b := sc.bld(in.Pos)
	bit := func(x Expr) val {
		t := sc.typeOf(x)
		if t.w != 1 {
			e.errorf(x.Pos(), "terminal of gate primitive %s must be 1 bit wide, not %d", in.Module, t.w)
			return c0
		}
		return sc.eval(x, 1, false)[0]
	}
	out := func(x Expr, v val) {
		lhs := sc.lvalue(x)
		if lhs == nil {
			return
		}
		if len(lhs) != 1 {
			e.errorf(x.Pos(), "output terminal of gate primitive %s must be 1 bit wide, not %d", in.Module, len(lhs))
			return
		}
		e.drive(lhs[0], v, x.Pos())
	}
	switch in.Primitive {
	case PNOT, PBUF:
		v := bit(terms[len(terms)-1])
		if in.Primitive == PNOT {
			v = b.not(v)
		} else if !isConst(v) {
			v = b.gate(circuits.Buf, v)
		}
		for _, o := range terms[:len(terms)-1] {
			out(o, v)
		}
		return
	}
	ins := make([]val, len(terms)-1)
	for i, x := range terms[1:] {
		ins[i] = bit(x)
	}
	var k circuits.Kind
	neg := false
	switch in.Primitive {
	case PAND:
		k = circuits.And
	case POR:
		k = circuits.Or
	case PXOR:
		k = circuits.Xor
	case PNAND:
		k, neg = circuits.And, true
	case PNOR:
		k, neg = circuits.Or, true
	case PXNOR:
		k, neg = circuits.Xor, true
	}
	var v val
	switch len(ins) {
	case 1:
		v = ins[0]
		if neg {
			v = b.not(v)
		} else if !isConst(v) {
			v = b.gate(circuits.Buf, v)
		}
	default:
		v = ins[0]
		for i := 1; i < len(ins)-1; i++ {
			v = b.op2(k, v, ins[i])
		}
		last := ins[len(ins)-1]
		if neg {
			v = b.op2(map[circuits.Kind]circuits.Kind{circuits.And: circuits.Nand, circuits.Or: circuits.Nor, circuits.Xor: circuits.Xnor}[k], v, last)
		} else {
			v = b.op2(k, v, last)
		}
	}
	out(terms[0], v)
}

// compatNotes reports the compatibility rewrites through Verbose.
func (e *elab) compatNotes() {
	if e.opts.Verbose == nil || len(e.compat) == 0 {
		return
	}
	notes := make([]*compatNote, 0, len(e.compat))
	for _, n := range e.compat {
		notes = append(notes, n)
	}
	sort.Slice(notes, func(i, j int) bool { return notes[i].pos < notes[j].pos })
	for _, n := range notes {
		s := ""
		if n.count > 1 {
			s = fmt.Sprintf(" (%d instances)", n.count)
		}
		e.opts.Verbose(fmt.Sprintf("%s: evoapprox compat: %s -> %s%s", e.fset.Position(n.pos), n.from, n.to, s))
	}
}

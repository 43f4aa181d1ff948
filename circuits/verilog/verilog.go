package verilog

import (
	"errors"
	"fmt"
	"go/token"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/internal/regfile"
)

// Options control elaboration.
type Options struct {
	// Top names the top module; when empty, the top is the unique module
	// that no other module instantiates (standard-cell modules aside).
	Top string
	// Cells resolves standard cells the source instantiates but does not
	// define, e.g. LibertyCells(lib) for the *_pdk45.v netlists. May be nil.
	Cells CellResolver
	// Verbose, when set, receives notes such as the EvoApprox
	// compatibility rewrites ("file:line:col: evoapprox compat: A -> B").
	Verbose func(msg string)
	// Defines are macros defined before the source, as `define NAME VALUE
	// (the command line's --define NAME=VALUE).
	Defines map[string]string
	// IncludeDirs are searched for `include files after the including
	// file's folder.
	IncludeDirs []string
}

// ParseFile reads and elaborates a Verilog file; see Parse.
func ParseFile(path string, opts Options) (*circuits.Netlist, error) {
	src, err := regfile.ReadFile(path) // a FIFO is refused, not waited on
	if err != nil {
		return nil, fmt.Errorf("verilog: %w", err)
	}
	return Parse(path, src, opts)
}

// Reader parses and elaborates Verilog files as ParseFile does, keeping
// its working memory (per-net tables, name and position buffers) from one
// file to the next, so that a loop over many netlists allocates less. The
// netlists it returns share no memory with the Reader. A Reader is not
// safe for concurrent use (use one per goroutine); the zero value is
// ready to use.
type Reader struct {
	s   scratch
	p   *parser // the last file's parser, whose node chunks are reused
	src []byte
}

// ParseFile reads and elaborates a Verilog file; see Parse.
func (r *Reader) ParseFile(path string, opts Options) (*circuits.Netlist, error) {
	src, err := r.read(path)
	if err != nil {
		return nil, fmt.Errorf("verilog: %w", err)
	}
	if r.p == nil {
		r.p = &parser{}
	} else {
		r.p = r.p.recycle()
	}
	r.p.pre = preState{defines: opts.Defines, incDirs: opts.IncludeDirs}
	fset := token.NewFileSet()
	// The scanner copies src into the string that token texts share,
	// so the buffer is free again once parsing is done.
	f, err := parseSource(fset, path, src, r.p)
	if err != nil {
		return nil, err
	}
	return elaborate(fset, f, opts, true, &r.s)
}

// read returns the contents of the file at path in r's buffer, with the
// errors os.ReadFile would give.
func (r *Reader) read(path string) ([]byte, error) {
	fh, _, err := regfile.Open(path) // a FIFO is refused, not waited on
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > MaxSourceSize {
		return os.ReadFile(path) // whatever ReadFile says about it
	}
	buf := reuse(r.src, int(st.Size())+512)
	for {
		n, err := fh.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err // a *fs.PathError, as from os.ReadFile
		}
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, len(buf))
		}
	}
	r.src = buf
	return buf, nil
}

// scratch holds the elaboration buffers a Reader keeps between files:
// nothing in them is referenced by a returned netlist.
type scratch struct {
	kind       []uint8
	drv        []val
	drvPos     []token.Pos
	gateOf     []int32
	names      []nameRef
	srcs       []nameSrc
	paths      []instPath
	gatePos    []token.Pos
	state      []uint8
	res, newID []val
	ids        []val
	text       []byte
	ends       []int
	cellPins   []string
	cellNets   []val
	cells      []cellRec
}

// hintSize is the source size the capacity hints of elaborate are scaled
// from: the file's, bounded by a count of the module items for netlists
// that spend many more bytes per net than EvoApprox's (Yosys's cell
// instances with their parameters, one wire declaration per line), which
// would otherwise get slices for a hundred times their nets (a 316 KB
// -noexpr netlist of 458 gates: 105,000). The bound leaves EvoApprox's
// files (about 8 bytes per declared name, 35 per assignment, 80 per
// instance) at their size. Files with behavioural items (behav, as
// usesBehav reports) keep their size.
func hintSize(f *SourceFile, size int, behav bool) int {
	if behav {
		return size
	}
	units := 64
	for _, m := range f.Modules {
		for _, it := range m.Items {
			switch it := it.(type) {
			case *Decl:
				units += len(it.Names)
			case *Instance:
				units += 4
			default:
				units += 8
			}
		}
	}
	return min(size, units*12)
}

// reuse returns s emptied when it can hold n elements, else a new slice
// with capacity n.
func reuse[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n)
	}
	return s[:0]
}

// zeroed returns n zero elements, in s when it is large enough.
func zeroed[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// keep stores e's reusable buffers back into its scratch, zeroing what
// lies beyond their length: entries left from an earlier, larger file
// would otherwise keep that file's source text alive (names and pins are
// substrings of it).
func (e *elab) keep() {
	clear(e.srcs[len(e.srcs):cap(e.srcs)])
	clear(e.paths[len(e.paths):cap(e.paths)])
	clear(e.cellPins[len(e.cellPins):cap(e.cellPins)])
	s := e.s
	s.kind, s.drv, s.drvPos, s.gateOf, s.names = e.kind, e.drv, e.drvPos, e.gateOf, e.names
	s.srcs, s.paths, s.gatePos = e.srcs, e.paths, e.gatePos
	s.cellPins, s.cellNets, s.cells = e.cellPins, e.cellNets, e.cells
}

// Parse parses src and elaborates its top module into a flattened netlist.
//
// On failure the error is an ErrorList ("file:line:col: message" per line,
// sorted) holding syntax errors, elaboration errors and the problems
// circuits.Netlist.Validate found; the netlist built so far is returned
// with it whenever elaboration got that far (nil after syntax errors).
func Parse(filename string, src []byte, opts Options) (*circuits.Netlist, error) {
	fset := token.NewFileSet()
	f, err := parseSource(fset, filename, src, &parser{pre: preState{defines: opts.Defines, incDirs: opts.IncludeDirs}})
	if err != nil {
		return nil, err
	}
	return Elaborate(fset, f, opts)
}

// ModuleInfo describes one module of a source file.
type ModuleInfo struct {
	Name string
	Pos  token.Position
	// Instantiates lists the module names it instantiates (sorted, unique).
	Instantiates []string
	// InstantiatedBy lists the modules of the file that instantiate it.
	InstantiatedBy []string
}

// Modules lists the modules of a source file with their instantiation
// relations, in source order, without elaborating them.
func Modules(filename string, src []byte) ([]ModuleInfo, error) {
	fset := token.NewFileSet()
	f, err := ParseSource(fset, filename, src)
	infos := make([]ModuleInfo, len(f.Modules))
	index := map[string]int{}
	for i, m := range f.Modules {
		infos[i] = ModuleInfo{Name: m.Name, Pos: fset.Position(m.Pos)}
		index[m.Name] = i
	}
	for i, m := range f.Modules {
		seen := map[string]bool{}
		forEachInstance(m.Items, func(in *Instance) {
			if in.Primitive == ILLEGAL && !seen[in.Module] {
				seen[in.Module] = true
				infos[i].Instantiates = append(infos[i].Instantiates, in.Module)
				if j, ok := index[in.Module]; ok {
					infos[j].InstantiatedBy = append(infos[j].InstantiatedBy, m.Name)
				}
			}
		})
		sort.Strings(infos[i].Instantiates)
	}
	for i := range infos {
		sort.Strings(infos[i].InstantiatedBy)
	}
	return infos, err
}

// Elaborate flattens the top module of a parsed file into a netlist; see
// Parse. fset must be the FileSet the file was parsed with.
func Elaborate(fset *token.FileSet, f *SourceFile, opts Options) (*circuits.Netlist, error) {
	return elaborate(fset, f, opts, true, nil)
}

// elaborate is Elaborate, with cell templates (template.go) or without,
// working in the buffers of s (nil: new ones).
func elaborate(fset *token.FileSet, f *SourceFile, opts Options, templates bool, s *scratch) (*circuits.Netlist, error) {
	if s == nil {
		s = &scratch{}
	}
	e := &elab{
		s:           s,
		noTemplates: !templates,
		fset:        fset,
		opts:        opts,
		mods:        map[string]*Module{},
		nl:          &circuits.Netlist{File: f.Name},
		cellCache:   map[string]*CellFunc{},
		resolved:    map[string]target{},
		compat:      map[string]*compatNote{},
	}
	for _, m := range f.Modules {
		if old, ok := e.mods[m.Name]; ok {
			e.errorf(m.Pos, "module %s redefined (first defined at %s)", m.Name, fset.Position(old.Pos))
			continue
		}
		e.mods[m.Name] = m
	}
	if usesBehav(f) { // also read by hintSize below, through e.strash
		e.strash = map[gateKey]val{}
	}
	top := e.chooseTop(f)
	if top == nil {
		e.errs.RemoveMultiples()
		return nil, e.errs
	}
	e.nl.Name = top.Name
	var hint, gates, srcs, paths int
	if tf := fset.File(top.Pos); tf != nil {
		// Capacity hints: EvoApprox netlists have up to one net per 3.1
		// bytes of source (EvoApprox8b: 3.1 to 5.9), one gate per 26 to
		// 35, one declaration or instance per 25 and one instance path
		// per 95.
		size := hintSize(f, tf.Size(), e.strash != nil)
		hint = min(size/3, MaxNets)
		gates = min(size/32, MaxNets)
		srcs = min(size/24, MaxNets)
		paths = min(size/80, MaxNets)
		e.nl.Gates = make([]circuits.Gate, 0, gates)
	}
	e.kind = reuse(s.kind, hint)
	e.drv = reuse(s.drv, hint)
	e.drvPos = reuse(s.drvPos, hint)
	e.gateOf = reuse(s.gateOf, hint)
	e.names = reuse(s.names, hint)
	e.gatePos = reuse(s.gatePos, gates)
	e.srcs = reuse(s.srcs, srcs)
	e.paths = reuse(s.paths, paths)
	e.cellPins, e.cellNets, e.cells = s.cellPins[:0], s.cellNets[:0], s.cells[:0]
	defer e.keep()
	sc := e.instantiate(top, -1, nil, -1, true, token.NoPos)
	e.compatNotes()
	if e.fatal {
		e.errs.RemoveMultiples()
		return nil, e.errs
	}
	e.finish(sc)
	if len(e.errs) == 0 {
		for _, p := range e.nl.UnknownReach(e.xGates) {
			e.errs.Add(parsePosition(p.Pos), p.Msg)
		}
	}
	if len(e.errs) == 0 {
		if err := e.nl.Validate(); err != nil {
			var ps circuits.Problems
			if errors.As(err, &ps) {
				for _, p := range ps {
					e.errs.Add(parsePosition(p.Pos), p.Msg)
				}
			} else {
				e.errs.Add(token.Position{Filename: f.Name}, err.Error())
			}
		}
	}
	if len(e.errs) > 0 {
		e.errs.RemoveMultiples()
		return e.nl, e.errs
	}
	return e.nl, nil
}

// chooseTop picks the top module.
func (e *elab) chooseTop(f *SourceFile) *Module {
	if e.opts.Top != "" {
		m, ok := e.mods[e.opts.Top]
		if !ok {
			e.errs.Add(token.Position{Filename: f.Name}, fmt.Sprintf("top module %s not found", e.opts.Top))
			return nil
		}
		return m
	}
	used := map[string]bool{}
	for _, m := range f.Modules {
		forEachInstance(m.Items, func(in *Instance) { used[in.Module] = true })
	}
	var cands, cellCands []*Module
	for _, m := range f.Modules {
		if used[m.Name] || e.mods[m.Name] != m {
			continue
		}
		if c, _, _ := e.cellTypeOf(m.Name); c != "" {
			cellCands = append(cellCands, m)
			continue
		}
		cands = append(cands, m)
	}
	if len(cands) == 0 && len(cellCands) == 1 {
		// A file holding just one cell module.
		cands = cellCands
	}
	switch len(cands) {
	case 0:
		if len(f.Modules) == 0 {
			e.errs.Add(token.Position{Filename: f.Name}, "no module in file")
		} else {
			e.errs.Add(token.Position{Filename: f.Name}, noTopMessage(f, e.mods, cellCands))
		}
		return nil
	case 1:
		return cands[0]
	}
	names := make([]string, len(cands))
	for i, m := range cands {
		names[i] = m.Name
	}
	e.errorf(cands[1].Pos, "ambiguous top module: %s are instantiated by no other module (use --top NAME)", strings.Join(names, ", "))
	return nil
}

// finish resolves the aliases, builds the ports and cell pins, and
// renumbers the nets densely.
func (e *elab) finish(top *scope) {
	nl := e.nl
	n := nl.NumNets
	const (
		unvisited = iota
		visiting
		done
	)
	state := zeroed(e.s.state, n)
	res := zeroed(e.s.res, n)
	e.s.state, e.s.res = state, res
	var path []val
	for i := 0; i < n; i++ {
		if state[i] == done {
			continue
		}
		path = path[:0]
		cur := val(i)
		var r val
		for {
			if cur < 0 {
				r = cur
				break
			}
			if state[cur] == done {
				r = res[cur]
				break
			}
			if state[cur] == visiting {
				// Loop of assignments.
				var names []string
				start := 0
				for k, p := range path {
					if p == cur {
						start = k
					}
				}
				for _, p := range path[start:] {
					names = append(names, e.netName(p))
				}
				names = append(names, e.netName(cur))
				e.errorf(e.drvPos[cur], "combinational loop: %s", strings.Join(names, " -> "))
				r = cur
				break
			}
			if e.kind[cur] != netSlot || e.drv[cur] == circuits.NoNet {
				r = cur
				break
			}
			state[cur] = visiting
			path = append(path, cur)
			cur = e.drv[cur]
		}
		for _, p := range path {
			state[p] = done
			res[p] = r
		}
		if cur >= 0 && state[cur] != done {
			state[cur] = done
			res[cur] = r
		}
	}
	// Name gate nets after the first wire that aliases them.
	for i := 0; i < n; i++ {
		if r := res[i]; r >= 0 && r != val(i) && e.kind[r] == netGate && e.names[r].src == 0 {
			e.names[r] = e.names[i]
		}
	}
	var k0, k1 val = circuits.NoNet, circuits.NoNet
	constNet := func(v val) val {
		if v == c0 {
			if k0 < 0 {
				k0 = e.addGate(circuits.Const0, token.NoPos, -1)
				e.names[k0] = e.literalName("1'b0")
			}
			return k0
		}
		if k1 < 0 {
			k1 = e.addGate(circuits.Const1, token.NoPos, -1)
			e.names[k1] = e.literalName("1'b1")
		}
		return k1
	}
	mapv := func(v val) val {
		if v >= 0 {
			v = res[v]
		}
		if isConst(v) {
			return constNet(v)
		}
		return v
	}
	ng := len(nl.Gates)
	for gi := 0; gi < ng; gi++ {
		for j := 0; j < nl.Gates[gi].Kind.Arity(); j++ {
			// mapv may add a constant gate: index again after it.
			v := mapv(nl.Gates[gi].In[j])
			nl.Gates[gi].In[j] = v
		}
	}
	// Ports.
	used := map[val]bool{}
	undrivenOK := false
	for _, p := range top.mod.Ports {
		v, ok := top.nets[p.Name]
		if !ok || !v.port {
			continue
		}
		port := circuits.Port{Name: p.Name, Bits: make([]val, len(v.bits)), Signed: v.signed}
		if v.hasRange && v.msb >= v.lsb {
			port.Lsb = v.lsb
		}
		if v.dir == DeclOutput {
			port.Dir = circuits.Output
		}
		for i, b := range v.bits {
			if v.dir != DeclOutput {
				port.Bits[i] = b
				continue
			}
			r := res[b]
			name := e.names[b]
			if name.src == 0 {
				name = e.literalName(e.netName(b)) // n<b>, not n<r>
			}
			pos := e.drvPos[b]
			switch {
			case r >= 0 && e.kind[r] == netGate && !used[r]:
				used[r] = true
				e.names[r] = name
				port.Bits[i] = r
			case r >= 0 && e.kind[r] == netSlot:
				// Reported only when nothing else went wrong, to avoid
				// follow-on errors (unknown modules, loops).
				if len(e.errs) == 0 || undrivenOK {
					undrivenOK = true
					e.errorf(v.pos, "output %s is never driven", e.netName(b))
				}
				port.Bits[i] = b
			default:
				var g val
				switch {
				case r == c0:
					g = e.addGate(circuits.Const0, pos, -1)
				case r == c1:
					g = e.addGate(circuits.Const1, pos, -1)
				default:
					g = e.addGate(circuits.Buf, pos, -1, r)
				}
				e.names[g] = name
				port.Bits[i] = g
			}
		}
		nl.Ports = append(nl.Ports, port)
	}
	if e.strash != nil {
		e.sweep()
	}
	// Cell pins.
	for ci, rec := range e.cells {
		c := &nl.Cells[ci]
		pins, nets := e.cellPins[rec.pin0:rec.pin1], e.cellNets[rec.pin0:rec.pin1]
		c.Pins = make(map[string]circuits.Net, len(pins))
		for k, pin := range pins {
			c.Pins[pin] = mapv(nets[k])
		}
		if rec.out1 > rec.out0 {
			c.Outputs = e.cellOuts[rec.out0:rec.out1:rec.out1]
		}
	}
	e.compact()
}

// compact renumbers the nets referenced by ports, gates and cells densely
// in order of first reference.
func (e *elab) compact() {
	nl := e.nl
	newID := zeroed(e.s.newID, nl.NumNets)
	e.s.newID = newID
	for i := range newID {
		newID[i] = circuits.NoNet
	}
	ids := e.s.ids[:0] // old ids in new order
	next := val(0)
	ref := func(v val) val {
		if v < 0 {
			return v
		}
		if newID[v] < 0 {
			newID[v] = next
			next++
			ids = append(ids, v)
		}
		return newID[v]
	}
	for pi := range nl.Ports {
		if nl.Ports[pi].Dir == circuits.Input {
			for i, b := range nl.Ports[pi].Bits {
				nl.Ports[pi].Bits[i] = ref(b)
			}
		}
	}
	for gi := range nl.Gates {
		g := &nl.Gates[gi]
		g.Out = ref(g.Out)
	}
	for gi := range nl.Gates {
		g := &nl.Gates[gi]
		for j := 0; j < g.Kind.Arity(); j++ {
			g.In[j] = ref(g.In[j])
		}
	}
	for pi := range nl.Ports {
		if nl.Ports[pi].Dir == circuits.Output {
			for i, b := range nl.Ports[pi].Bits {
				nl.Ports[pi].Bits[i] = ref(b)
			}
		}
	}
	for ci := range nl.Cells {
		for pin, v := range nl.Cells[ci].Pins {
			nl.Cells[ci].Pins[pin] = ref(v)
		}
	}
	nl.NumNets = int(next)
	e.s.ids = ids
	e.spellOut(ids)
}

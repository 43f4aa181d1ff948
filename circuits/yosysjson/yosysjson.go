package yosysjson

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/circuits/yosyscells"
	"github.com/axmul/axmul/internal/regfile"
)

// Limits against hostile input.
const (
	// MaxSourceSize is the largest file accepted, in bytes.
	MaxSourceSize = 256 << 20
	// MaxNets bounds the nets of one netlist.
	MaxNets = verilog.MaxNets
	// MaxDepth bounds the depth of the module hierarchy.
	MaxDepth = verilog.MaxDepth
	// MaxErrors is the number of errors reported before giving up.
	MaxErrors = 10
)

// Options control elaboration, as verilog.Options do.
type Options struct {
	// Top names the top module; when empty, the top is the module with
	// Yosys's "top" attribute, else the unique module no other module
	// instantiates.
	Top string
	// Cells resolves cell types that are neither modules of the file nor
	// Yosys internal cells (library cells of a mapped netlist); may be nil.
	Cells verilog.CellResolver
	// Verbose, when set, receives notes.
	Verbose func(msg string)
}

// ErrNotNetlist is wrapped by the error Parse returns for valid JSON that
// is not a Yosys netlist (no "modules" object), so that a caller
// scanning a directory can skip such files.
var ErrNotNetlist = errors.New("not a Yosys JSON netlist (no \"modules\" object)")

// ParseFile reads and elaborates a Yosys JSON file; see Parse.
func ParseFile(path string, opts Options) (*circuits.Netlist, error) {
	src, err := regfile.ReadFile(path) // a FIFO is refused, not waited on
	if err != nil {
		return nil, fmt.Errorf("yosysjson: %w", err)
	}
	return Parse(path, src, opts)
}

// Probe reports whether the file at path looks like a Yosys JSON netlist
// (IsNetlist on its first 4 KiB), so that a folder scan can skip other
// .json files (manifests, bundle indexes).
func Probe(path string) (bool, error) {
	f, _, err := regfile.Open(path)
	if err != nil {
		return false, fmt.Errorf("yosysjson: %w", err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return false, fmt.Errorf("yosysjson: %w", err)
	}
	return IsNetlist(buf[:n]), nil
}

// IsNetlist reports whether src looks like a Yosys JSON netlist: a JSON
// object with a "modules" key near its start. It does not validate.
func IsNetlist(src []byte) bool {
	s := bytes.TrimLeft(src, " \t\r\n")
	if len(s) == 0 || s[0] != '{' {
		return false
	}
	return bytes.Contains(s[:min(len(s), 4096)], []byte(`"modules"`))
}

// Parse parses the output of Yosys's write_json and flattens its top
// module into a netlist. Errors are circuits.Problems with positions
// "file:line:col" in the JSON text.
func Parse(name string, src []byte, opts Options) (*circuits.Netlist, error) {
	return parse(name, src, opts, true)
}

// parse is Parse, with module templates (template.go) or without.
func parse(name string, src []byte, opts Options, templates bool) (*circuits.Netlist, error) {
	e := &elab{name: name, src: src, opts: opts, nl: &circuits.Netlist{File: name}, curCell: -1, noTemplates: !templates}
	if len(src) > MaxSourceSize {
		return nil, fmt.Errorf("%s: file larger than %d bytes", name, MaxSourceSize)
	}
	root, jp, err := parseJSON(src)
	e.jp = jp
	if err != nil {
		var se *syntaxError
		if errors.As(err, &se) {
			return nil, circuits.Problems{{Pos: e.pos(int32(se.off)), Msg: se.msg}}
		}
		return nil, err
	}
	mods := root.get("modules")
	if root.k != jObj || mods == nil {
		return nil, fmt.Errorf("%s: %w", name, ErrNotNetlist)
	}
	if mods.k != jObj {
		return nil, e.fail(mods.off, "\"modules\" is a %v, want an object", mods.k)
	}
	e.mods = map[string]*node{}
	for i, k := range mods.o.keys {
		e.mods[k] = mods.arr[i]
		e.order = append(e.order, k)
	}
	top := e.chooseTop()
	if top == "" {
		return nil, e.errs
	}
	e.nl.Name = top
	e.build(top)
	if len(e.errs) > 0 {
		return e.nl, e.errs
	}
	return e.nl, nil
}

// elab holds the state of one Parse.
type elab struct {
	name     string
	src      []byte
	lines    []int32 // offsets of line starts, computed on first use
	lastLine int
	opts     Options
	mods     map[string]*node
	order    []string
	nl       *circuits.Netlist
	errs     circuits.Problems
	fatal    bool

	// Per net: the driver of a slot net (an alias: a net, a constant or
	// circuits.NoNet while undriven), whether it is a slot, and the offset
	// of its first reference (for messages).
	drv    []circuits.Net
	slot   []bool
	ref    []int32
	xGates []int
	stack  []string
	gateAt int32  // JSON offset given to the gates being built
	atPos  string // gateAt spelled out, "" until needed
	// params and inputs are reused by every Yosys cell (Build keeps
	// neither).
	params yosyscells.Params
	inputs map[string][]circuits.Net
	// names caches per module the names of its bit numbers.
	names  map[string]*nameTable
	slotOf []slotRef // per net (may be shorter): the bit a slot stands for
	jp     *jparser  // builds the lazy values
	// curCell is the index in Netlist.Cells of the standard cell whose
	// gates are being built, or -1; gateOf maps gate outputs to gates.
	curCell int32
	gateOf  []int32
	// templates of module instances by module name (nil: not usable);
	// noTemplates turns them off (tests).
	templates   map[string]*template
	noTemplates bool
}

// pos spells a byte offset as file:line:col.
func (e *elab) pos(off int32) string {
	if e.lines == nil {
		e.lines = make([]int32, 1, len(e.src)/32+1)
		for i := 0; ; {
			j := bytes.IndexByte(e.src[i:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
			e.lines = append(e.lines, int32(i))
		}
	}
	// Cells come in file order: look a few lines on from the last lookup
	// before searching.
	l := e.lastLine
	if l >= len(e.lines) || e.lines[l] > off {
		l = 0
	}
	for k := 0; k < 64 && l+1 < len(e.lines) && e.lines[l+1] <= off; k++ {
		l++
	}
	if l+1 < len(e.lines) && e.lines[l+1] <= off {
		l = sort.Search(len(e.lines), func(i int) bool { return e.lines[i] > off }) - 1
		if l < 0 {
			l = 0
		}
	}
	e.lastLine = l
	b := make([]byte, 0, len(e.name)+16)
	b = append(b, e.name...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(l+1), 10)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(off-e.lines[l])+1, 10)
	return string(b)
}

func (e *elab) errorf(off int32, format string, args ...any) {
	if len(e.errs) >= MaxErrors {
		e.fatal = true
		return
	}
	e.errs = append(e.errs, circuits.Problem{Pos: e.pos(off), Msg: fmt.Sprintf(format, args...)})
}

func (e *elab) fail(off int32, format string, args ...any) error {
	e.errorf(off, format, args...)
	return e.errs
}

// cellTypes returns the instantiated types of a module's cells.
func (e *elab) cellTypes(m *node) []string {
	var ts []string
	if cells := m.get("cells"); cells != nil && cells.k == jObj {
		for _, c := range cells.arr {
			if t := c.get("type"); t != nil && t.k == jStr {
				ts = append(ts, t.str)
			}
		}
	}
	return ts
}

// chooseTop picks the top module: Options.Top, the module with the "top"
// attribute, or the unique module no other module instantiates.
func (e *elab) chooseTop() string {
	if e.opts.Top != "" {
		if _, ok := e.mods[e.opts.Top]; !ok {
			e.errorf(0, "top module %s not found (modules: %s)", e.opts.Top, strings.Join(e.order, ", "))
			return ""
		}
		return e.opts.Top
	}
	if len(e.order) == 0 {
		e.errorf(0, "no module in file")
		return ""
	}
	var marked []string
	for _, name := range e.order {
		if a := e.jp.force(e.mods[name].get("attributes")).get("top"); a != nil && paramTrue(a) {
			marked = append(marked, name)
		}
	}
	if len(marked) == 1 {
		return marked[0]
	}
	parent := map[string]string{}
	for _, name := range e.order {
		for _, t := range e.cellTypes(e.mods[name]) {
			if m, ok := e.mods[t]; ok && !e.blackbox(m) {
				if _, seen := parent[t]; !seen {
					parent[t] = name
				}
			}
		}
	}
	var cands []string
	for _, name := range e.order {
		if _, used := parent[name]; !used && !e.blackbox(e.mods[name]) {
			cands = append(cands, name)
		}
	}
	switch len(cands) {
	case 1:
		return cands[0]
	case 0:
		// Every module has a parent: walk up until a module repeats.
		at := map[string]int{}
		var walk []string
		cur := e.order[0]
		for {
			if i, ok := at[cur]; ok {
				out := []string{cur}
				for j := len(walk) - 1; j >= i; j-- {
					out = append(out, walk[j])
				}
				e.errorf(e.mods[e.order[0]].off, "no top module: every module is instantiated by another (cycle %s; use --top NAME)", strings.Join(out, " instantiates "))
				return ""
			}
			at[cur] = len(walk)
			walk = append(walk, cur)
			cur = parent[cur]
		}
	}
	e.errorf(e.mods[cands[1]].off, "ambiguous top module: %s are instantiated by no other module (use --top NAME)", strings.Join(cands, ", "))
	return ""
}

// blackbox reports whether module m carries Yosys's blackbox attribute
// (a cell declared by read_liberty -lib or read_verilog -lib): its
// instances are cells, resolved like cells the file does not define.
func (e *elab) blackbox(m *node) bool {
	if m == nil {
		return false
	}
	a := e.jp.force(m.get("attributes")).get("blackbox")
	return a != nil && paramTrue(a)
}

// paramTrue reports whether an attribute or parameter value is non-zero.
func paramTrue(n *node) bool {
	v, ok := paramInt(n)
	return ok && v != 0
}

// paramInt decodes a parameter value: a JSON number or a string of binary
// digits (Yosys's form for constants); ok is false for other strings and
// for values beyond int64.
func paramInt(n *node) (int64, bool) {
	if n == nil {
		return 0, false
	}
	switch n.k {
	case jNum:
		return n.num, n.isInt()
	case jStr:
		s := n.str
		if s == "" {
			return 0, false
		}
		var v int64
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c != '0' && c != '1' {
				return 0, false
			}
			if v>>62 != 0 {
				return 0, false
			}
			v = v<<1 | int64(c-'0')
		}
		return v, true
	}
	return 0, false
}

// newNet allocates a net; slot nets are aliases resolved at the end.
func (e *elab) newNet(name string, slot bool, off int32) circuits.Net {
	if e.nl.NumNets >= MaxNets {
		if !e.fatal {
			e.errorf(off, "netlist too large (more than %d nets)", MaxNets)
		}
		e.fatal = true
		return yosyscells.Zero
	}
	n := e.nl.NewNet(name)
	e.drv = append(e.drv, circuits.NoNet)
	e.slot = append(e.slot, slot)
	e.ref = append(e.ref, off)
	return n
}

// gate adds a gate at the current cell's position.
func (e *elab) gate(k circuits.Kind, in ...circuits.Net) circuits.Net {
	out := e.newNet("", false, e.gateAt)
	if out < 0 {
		return out
	}
	gi := e.nl.AddGate(k, out, in...)
	if e.atPos == "" {
		e.atPos = e.pos(e.gateAt)
	}
	e.nl.Gates[gi].Pos = e.atPos
	e.nl.Gates[gi].Cell = e.curCell
	for len(e.gateOf) < int(out) {
		e.gateOf = append(e.gateOf, -1)
	}
	e.gateOf = append(e.gateOf, int32(gi))
	return out
}

// stdCell returns the standard-cell type a module or cell type name
// stands for, as the Verilog reader decides it: a cell of Options.Cells,
// a built-in EvoApprox cell, or PDKGEN<cell>; "" for none.
func (e *elab) stdCell(name string) string {
	known := func(n string) bool {
		if slices.Contains(builtinCells, n) {
			return true
		}
		if e.opts.Cells != nil {
			_, ok := e.opts.Cells.CellFunction(n)
			return ok
		}
		return false
	}
	if known(name) {
		return name
	}
	if rest, ok := strings.CutPrefix(name, "PDKGEN"); ok && known(rest) {
		return rest
	}
	return ""
}

var builtinCells = verilog.BuiltinCells()

// beginCell records a standard-cell instance whose gates follow, and
// returns its index (-1 inside another cell, whose gates they stay).
func (e *elab) beginCell(typ, path string) int32 {
	if e.curCell >= 0 || typ == "" {
		return -1
	}
	e.nl.Cells = append(e.nl.Cells, circuits.CellInstance{Type: typ, Name: path, Pins: map[string]circuits.Net{}})
	e.curCell = int32(len(e.nl.Cells) - 1)
	return e.curCell
}

// cellOutput makes sure that output pin v of cell ci is driven by a gate
// of the cell, adding a BUF or constant gate when it is not, and returns
// the pin's net.
func (e *elab) cellOutput(ci int32, v circuits.Net, off int32) circuits.Net {
	r := v
	for i := 0; r >= 0 && e.slot[r] && e.drv[r] != circuits.NoNet && i < 1000; i++ {
		r = e.drv[r]
	}
	if r >= 0 && !e.slot[r] && int(r) < len(e.gateOf) && e.gateOf[r] >= 0 && e.nl.Gates[e.gateOf[r]].Cell == ci {
		return v
	}
	e.gateAt, e.atPos = off, ""
	switch r {
	case yosyscells.Zero:
		return e.gate(circuits.Const0)
	case yosyscells.One:
		return e.gate(circuits.Const1)
	}
	return e.gate(circuits.Buf, v)
}

// drive makes slot net n an alias of v.
func (e *elab) drive(n, v circuits.Net, off int32) {
	if n < 0 || !e.slot[n] {
		e.errorf(off, "cannot drive %s: it is an input or a constant", e.netName(n))
		return
	}
	if e.drv[n] != circuits.NoNet {
		e.errorf(off, "%s has multiple drivers (also driven from %s)", e.netName(n), e.pos(e.ref[n]))
		return
	}
	e.drv[n] = v
	e.ref[n] = off
}

// slotRef says which instance and bit number a slot net stands for; its
// name is spelled out only when needed (netName).
type slotRef struct {
	inst *instance
	id   int64
}

// netName names net n for messages and the netlist: a slot by its
// instance path and netname (or bit number), others by Netlist.NetName.
func (e *elab) netName(n circuits.Net) string {
	if n >= 0 && int(n) < len(e.slotOf) && e.slotOf[n].inst != nil {
		r := e.slotOf[n]
		name, ok := r.inst.names.lookup(r.id)
		switch {
		case !ok && r.inst.path == "":
			return r.inst.name + ".$" + strconv.FormatInt(r.id, 10)
		case !ok:
			return r.inst.path + ".$" + strconv.FormatInt(r.id, 10)
		case r.inst.path != "":
			return r.inst.path + "." + name
		}
		return name
	}
	return e.nl.NetName(n)
}

// instance is one module instance being flattened: its bit numbers'
// values.
type instance struct {
	path string
	name string // module name
	mod  *node
	bits bitTable
	// names of bits, from the netnames, for slots created later.
	names *nameTable
}

// bit returns the value of bit b (a JSON number or "0"/"1"/"x"/"z") in
// inst, creating its slot on first use.
func (e *elab) bit(inst *instance, b elem) circuits.Net {
	switch b.k {
	case jNum:
		id := b.num
		if !b.isInt() || id < 0 {
			e.errorf(b.off, "bad bit number %s", b.text())
			return yosyscells.Zero
		}
		if v, ok := inst.bits.get(id); ok {
			return v
		}
		v := e.newNet("", true, b.off)
		if v >= 0 {
			for len(e.slotOf) < int(v) {
				e.slotOf = append(e.slotOf, slotRef{})
			}
			e.slotOf = append(e.slotOf, slotRef{inst, id})
		}
		inst.bits.set(id, v)
		return v
	case jStr:
		switch b.str {
		case "0":
			return yosyscells.Zero
		case "1":
			return yosyscells.One
		case "x", "z":
			out := e.newNet("", false, b.off)
			if out < 0 {
				return out
			}
			gi := e.nl.AddGate(circuits.Const0, out)
			e.nl.Gates[gi].Pos = e.pos(b.off)
			e.xGates = append(e.xGates, gi)
			return out
		}
		e.errorf(b.off, "bad bit %q (want a bit number, \"0\", \"1\", \"x\" or \"z\")", b.str)
		return yosyscells.Zero
	}
	e.errorf(b.off, "bad bit: a %v (want a bit number or a constant string)", b.k)
	return yosyscells.Zero
}

// bitsOf decodes an array of bits; what and name say whose bits they
// are in a message.
func (e *elab) bitsOf(inst *instance, arr *node, what, name string) []circuits.Net {
	if arr == nil || arr.k != jArr {
		off := int32(0)
		if arr != nil {
			off = arr.off
		}
		e.errorf(off, "%s %s: bits must be an array", what, name)
		return nil
	}
	out := make([]circuits.Net, arr.size())
	for i := range out {
		out[i] = e.bit(inst, arr.at(i))
	}
	return out
}

// modPort is a port of a module: name, direction and bits.
type modPort struct {
	name   string
	output bool
	bits   *node
	off    int32
}

func (e *elab) ports(m *node, mname string) []modPort {
	ps := m.get("ports")
	if ps == nil {
		return nil
	}
	if ps.k != jObj {
		e.errorf(ps.off, "module %s: \"ports\" must be an object", mname)
		return nil
	}
	var out []modPort
	for i, k := range ps.o.keys {
		p := ps.arr[i]
		d := p.get("direction")
		if d == nil || d.k != jStr || (d.str != "input" && d.str != "output") {
			e.errorf(ps.o.koff[i], "module %s: port %s: direction must be \"input\" or \"output\" (inout is not supported)", mname, k)
			continue
		}
		out = append(out, modPort{name: k, output: d.str == "output", bits: p.get("bits"), off: ps.o.koff[i]})
	}
	return out
}

func (e *elab) newInstance(path, name string, m *node) *instance {
	inst := &instance{path: path, name: name, mod: m}
	names, ok := e.names[name]
	if !ok {
		names = moduleNames(e.jp, m)
		if e.names == nil {
			e.names = map[string]*nameTable{}
		}
		e.names[name] = names
	}
	inst.names = names
	return inst
}

// denseIDs bounds the bit numbers kept in slices; larger ones (never
// written by Yosys, which numbers from 2 up) go to maps.
const denseIDs = 1 << 20

// unsetBit marks a bit number without a value in bitTable.dense.
const unsetBit circuits.Net = -50

// bitTable maps a module instance's bit numbers to values.
type bitTable struct {
	dense  []circuits.Net
	sparse map[int64]circuits.Net
}

func (t *bitTable) get(id int64) (circuits.Net, bool) {
	if id >= 0 && id < denseIDs {
		if id < int64(len(t.dense)) && t.dense[id] != unsetBit {
			return t.dense[id], true
		}
		return 0, false
	}
	v, ok := t.sparse[id]
	return v, ok
}

func (t *bitTable) set(id int64, v circuits.Net) {
	if id >= 0 && id < denseIDs {
		for int64(len(t.dense)) <= id {
			t.dense = append(t.dense, unsetBit)
		}
		t.dense[id] = v
		return
	}
	if t.sparse == nil {
		t.sparse = map[int64]circuits.Net{}
	}
	t.sparse[id] = v
}

// nameTable names the bit numbers of a module: netname key k and bit j
// of that netname, spelled out only on lookup.
type nameTable struct {
	keys   []string
	multi  []bool // key has more than one bit
	dense  []nameAt
	sparse map[int64]nameAt
}

type nameAt struct{ key, bit int32 } // key+1; 0: no name

func (t *nameTable) add(id int64, n nameAt) {
	if id >= 0 && id < denseIDs {
		for int64(len(t.dense)) <= id {
			t.dense = append(t.dense, nameAt{})
		}
		if t.dense[id].key == 0 {
			t.dense[id] = n
		}
		return
	}
	if t.sparse == nil {
		t.sparse = map[int64]nameAt{}
	}
	if _, ok := t.sparse[id]; !ok {
		t.sparse[id] = n
	}
}

// lookup spells the name of bit id.
func (t *nameTable) lookup(id int64) (string, bool) {
	var n nameAt
	if id >= 0 && id < int64(len(t.dense)) {
		n = t.dense[id]
	} else {
		n = t.sparse[id]
	}
	if n.key == 0 {
		return "", false
	}
	k := t.keys[n.key-1]
	if !t.multi[n.key-1] {
		return k, true
	}
	return k + "[" + strconv.Itoa(int(n.bit)) + "]", true
}

// moduleNames names the bit numbers of a module from its netnames;
// visible names win over hidden ones.
func moduleNames(jp *jparser, m *node) *nameTable {
	t := &nameTable{}
	type entry struct {
		name       string
		hidden     bool
		start, end int // of the entry's bits in ids and pos
		multi      bool
	}
	var entries []entry
	var ids, pos []int32 // every entry's, one after the other
	if jp.netnames(m.get("netnames"), func(name string, hidden bool, eids, epos []int32, count int32) {
		entries = append(entries, entry{name, hidden || strings.HasPrefix(name, "$"), len(ids), len(ids) + len(eids), count > 1})
		ids, pos = append(ids, eids...), append(pos, epos...)
	}) {
		t.keys = make([]string, 0, len(entries))
		t.multi = make([]bool, 0, len(entries))
		for pass := 0; pass < 2; pass++ {
			for _, en := range entries {
				if en.hidden != (pass == 1) {
					continue
				}
				t.keys = append(t.keys, en.name)
				t.multi = append(t.multi, en.multi)
				key := int32(len(t.keys))
				for j := en.start; j < en.end; j++ {
					t.add(int64(ids[j]), nameAt{key: key, bit: pos[j]})
				}
			}
		}
	}
	return t
}

// build flattens the top module and finishes the netlist.
func (e *elab) build(top string) {
	m := e.mods[top]
	inst := e.newInstance("", top, m)
	ports := e.ports(m, top)
	for _, p := range ports {
		if p.bits == nil || p.bits.k != jArr || p.bits.size() == 0 {
			e.errorf(p.off, "port %s has no bits", p.name)
			continue
		}
		port := circuits.Port{Name: p.name, Dir: circuits.Output}
		if !p.output {
			port = circuits.Port{Name: p.name, Dir: circuits.Input, Bits: make([]circuits.Net, p.bits.size())}
			for i := range port.Bits {
				b := p.bits.at(i)
				id := b.num
				if !b.isInt() {
					e.errorf(b.off, "input port %s: bit %d is not a bit number", p.name, i)
					continue
				}
				if _, dup := inst.bits.get(id); dup {
					e.errorf(b.off, "input port %s: bit %d shares its net with another input bit", p.name, i)
					continue
				}
				name := p.name
				if p.bits.size() > 1 {
					name = fmt.Sprintf("%s[%d]", p.name, i)
				}
				v := e.newNet(name, false, b.off)
				inst.bits.set(id, v)
				port.Bits[i] = v
			}
		}
		e.nl.Ports = append(e.nl.Ports, port)
	}
	e.body(inst)
	// Output bits are looked up after the body, whose cells created their
	// slots (with the cells' positions).
	outBits := map[string][]circuits.Net{}
	for _, p := range ports {
		if p.output && p.bits != nil && p.bits.k == jArr {
			outBits[p.name] = e.bitsOf(inst, p.bits, "output port", p.name)
		}
	}
	if e.fatal || len(e.errs) > 0 {
		return
	}
	e.finish(outBits)
}

// body flattens the cells of module instance inst.
func (e *elab) body(inst *instance) {
	mname := inst.name
	if e.fatal {
		return
	}
	if len(e.stack) >= MaxDepth {
		e.errorf(inst.mod.off, "module hierarchy deeper than %d", MaxDepth)
		return
	}
	for _, s := range e.stack {
		if s == mname {
			e.errorf(inst.mod.off, "recursive instantiation of module %s", mname)
			return
		}
	}
	e.stack = append(e.stack, mname)
	defer func() { e.stack = e.stack[:len(e.stack)-1] }()
	cells := inst.mod.get("cells")
	if cells == nil {
		return
	}
	if cells.k != jObj {
		e.errorf(cells.off, "module %s: \"cells\" must be an object", mname)
		return
	}
	for i, cname := range cells.o.keys {
		if e.fatal {
			return
		}
		e.cell(inst, cname, cells.o.koff[i], cells.arr[i])
	}
}

// cell flattens one cell: a module of the file, a Yosys internal cell or
// a library cell.
func (e *elab) cell(inst *instance, cname string, off int32, c *node) {
	t := c.get("type")
	if t == nil || t.k != jStr {
		e.errorf(off, "cell %s has no type", cname)
		return
	}
	if t.str == "$scopeinfo" {
		return // newer Yosys keeps the flattened hierarchy's names in these; no logic
	}
	conns := c.get("connections")
	if conns == nil || conns.k != jObj {
		e.errorf(off, "cell %s has no connections object", cname)
		return
	}
	conn := func(pin string) (*node, int32, bool) {
		for i, k := range conns.o.keys {
			if k == pin {
				return conns.arr[i], conns.o.koff[i], true
			}
		}
		return nil, 0, false
	}
	path := cname
	if inst.path != "" {
		path = inst.path + "." + cname
	}
	e.gateAt, e.atPos = off, ""
	sub, isMod := e.mods[t.str]
	if isMod && e.blackbox(sub) {
		isMod = false // a cell declaration (read_liberty -lib): resolved below
	}
	switch {
	case isMod:
		e.instantiate(inst, cname, path, off, t.str, sub, conns)
	case yosyscells.Known(t.str):
		if e.params == nil {
			e.params, e.inputs = yosyscells.Params{}, map[string][]circuits.Net{}
		}
		params, in := e.params, e.inputs
		clear(params)
		clear(in)
		if ps := c.get("parameters"); ps != nil && ps.k == jObj {
			for i, k := range ps.o.keys {
				if v, ok := paramInt(ps.arr[i]); ok {
					params[k] = v
				}
			}
		}
		ports, err := yosyscells.Ports(t.str, params)
		if err != nil {
			e.errorf(off, "cell %s: %v", cname, err)
			return
		}
		var yConn *node
		for _, p := range ports {
			cv, coff, ok := conn(p.Name)
			if p.Output {
				yConn = cv
				if ok && (cv.k != jArr || cv.size() != p.Width) {
					e.errorf(coff, "cell %s: port %s has %d bits, connection %s", cname, p.Name, p.Width, describe(cv))
					return
				}
				continue
			}
			if !ok {
				e.errorf(off, "cell %s: input %s is not connected", cname, p.Name)
				return
			}
			if cv.k != jArr || cv.size() != p.Width {
				e.errorf(coff, "cell %s: port %s has %d bits, connection %s", cname, p.Name, p.Width, describe(cv))
				return
			}
			in[p.Name] = e.bitsOf(inst, cv, "cell", cname)
		}
		for i, k := range conns.o.keys {
			found := false
			for _, p := range ports {
				found = found || p.Name == k
			}
			if !found {
				e.errorf(conns.o.koff[i], "cell %s: %s has no port %s", cname, t.str, k)
			}
		}
		y, err := yosyscells.Build(yosyscells.BuilderFunc(e.gate), t.str, params, in)
		if err != nil {
			e.errorf(off, "cell %s: %v", cname, err)
			return
		}
		if yConn != nil {
			for j := 0; j < yConn.size(); j++ {
				b := yConn.at(j)
				if b.k == jNum {
					e.drive(e.bit(inst, b), y[j], b.off)
				}
			}
		}
	default:
		var cf *verilog.CellFunc
		ok := false
		if e.opts.Cells != nil {
			cf, ok = e.opts.Cells.CellFunction(t.str)
		}
		if !ok {
			if strings.HasPrefix(t.str, "$") {
				e.errorf(t.off, "cell %s: %s", cname, yosyscells.Unsupported(t.str))
				return
			}
			if e.opts.Cells == nil {
				e.errorf(t.off, "cell %s: unknown cell type %s (not a module of the file nor a Yosys internal cell; pass a cell library for standard cells)", cname, t.str)
			} else {
				e.errorf(t.off, "cell %s: unknown cell type %s (not a module of the file, a Yosys internal cell nor a cell of the library)", cname, t.str)
			}
			return
		}
		ci := e.beginCell(t.str, path)
		if ci >= 0 {
			defer func() { e.curCell = -1 }()
		}
		pins := map[string]circuits.Net{}
		for _, pin := range cf.Inputs {
			cv, coff, ok := conn(pin)
			if !ok {
				e.errorf(off, "cell %s: input pin %s of %s is not connected", cname, pin, t.str)
				return
			}
			if cv.k != jArr || cv.size() != 1 {
				e.errorf(coff, "cell %s: pin %s has 1 bit, connection %s", cname, pin, describe(cv))
				return
			}
			pins[pin] = e.bit(inst, cv.at(0))
			if ci >= 0 {
				e.nl.Cells[ci].Pins[pin] = pins[pin]
			}
		}
		for _, o := range cf.Outputs {
			v, err := e.libExpr(o.Function, pins, 0)
			if err != nil {
				e.errorf(off, "cell %s: %s pin %s: %v", cname, t.str, o.Pin, err)
				return
			}
			if ci >= 0 {
				v = e.cellOutput(ci, v, off)
				e.nl.Cells[ci].Pins[o.Pin] = v
				e.nl.Cells[ci].Outputs = append(e.nl.Cells[ci].Outputs, o.Pin)
			}
			if cv, coff, ok := conn(o.Pin); ok {
				if cv.k != jArr || cv.size() != 1 {
					e.errorf(coff, "cell %s: pin %s has 1 bit, connection %s", cname, o.Pin, describe(cv))
					return
				}
				if b := cv.at(0); b.k == jNum {
					e.drive(e.bit(inst, b), v, b.off)
				}
			}
		}
	}
}

func describe(n *node) string {
	if n.k != jArr {
		return "is a " + n.k.String()
	}
	return fmt.Sprintf("has %d", n.size())
}

// libExpr builds a Liberty function through the Yosys gate cells (which
// fold constants).
func (e *elab) libExpr(x *liberty.Expr, pins map[string]circuits.Net, depth int) (circuits.Net, error) {
	if x == nil {
		return yosyscells.Zero, fmt.Errorf("missing function")
	}
	if depth > 1000 {
		return yosyscells.Zero, fmt.Errorf("function nested too deeply")
	}
	switch x.Op {
	case liberty.OpVar:
		v, ok := pins[x.Name]
		if !ok {
			return yosyscells.Zero, fmt.Errorf("function uses %s, which is not an input pin", x.Name)
		}
		return v, nil
	case liberty.OpConst0:
		return yosyscells.Zero, nil
	case liberty.OpConst1:
		return yosyscells.One, nil
	}
	args := make([]circuits.Net, len(x.Args))
	for i, a := range x.Args {
		v, err := e.libExpr(a, pins, depth+1)
		if err != nil {
			return yosyscells.Zero, err
		}
		args[i] = v
	}
	b := yosyscells.BuilderFunc(e.gate)
	one := func(typ string, in map[string][]circuits.Net) circuits.Net {
		y, err := yosyscells.Build(b, typ, nil, in)
		if err != nil {
			return yosyscells.Zero
		}
		return y[0]
	}
	switch x.Op {
	case liberty.OpNot:
		if len(args) != 1 {
			return yosyscells.Zero, fmt.Errorf("NOT with %d arguments", len(args))
		}
		return one("$_NOT_", map[string][]circuits.Net{"A": args[:1]}), nil
	case liberty.OpAnd, liberty.OpOr, liberty.OpXor:
		if len(args) == 0 {
			return yosyscells.Zero, fmt.Errorf("%v without arguments", x.Op)
		}
		typ := map[liberty.ExprOp]string{liberty.OpAnd: "$_AND_", liberty.OpOr: "$_OR_", liberty.OpXor: "$_XOR_"}[x.Op]
		v := args[0]
		for _, a := range args[1:] {
			v = one(typ, map[string][]circuits.Net{"A": {v}, "B": {a}})
		}
		return v, nil
	}
	return yosyscells.Zero, fmt.Errorf("unknown operator %v", x.Op)
}

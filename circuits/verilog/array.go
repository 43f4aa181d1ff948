package verilog

import (
	"fmt"
	"go/token"
	"strconv"

	"github.com/axmul/axmul/circuits"
)

// Array kinds of a netVar.
const (
	arrNone     uint8 = iota
	arrPacked         // logic [7:0][15:0] x: x is 128 bits, x[i] 16
	arrUnpacked       // wire [15:0] pp [0:7]: pp[i] is 16 bits, pp alone is no value
)

// newVarBits declares a variable with an explicit bit range (hasRange
// false: one bit, or w bits [w-1:0] when w > 1).
func (sc *scope) newVarBits(name string, pos token.Pos, dir DeclKind, signed bool, hasRange bool, msb, lsb int, top bool) *netVar {
	v := sc.e.vars.new()
	*v = netVar{name: name, pos: pos, dir: dir, signed: signed, port: dir == DeclInput || dir == DeclOutput || dir == DeclInout}
	w := 1
	if hasRange {
		v.hasRange, v.msb, v.lsb = true, msb, lsb
		w = absDiff(msb, lsb) + 1
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
	if sc.slotOf != nil {
		sc.registerSlots(v)
	}
	return v
}

// behavDecl reports whether d needs declareVar: variables, packed or
// unpacked arrays.
func behavDecl(d *Decl, i int) bool {
	return d.Var || d.Integer || len(d.Packed) > 0 || i < len(d.Dims) && d.Dims[i] != nil
}

// declareVar declares name i of d, a variable or an array.
func (sc *scope) declareVar(d *Decl, i int, top bool) *netVar {
	e := sc.e
	id := d.Names[i]
	var dims []*Range
	if i < len(d.Dims) {
		dims = d.Dims[i]
	}
	// Element range.
	ehas, emsb, elsb := false, 0, 0
	if d.Integer {
		ehas, emsb, elsb = true, 31, 0
	}
	r := d.Range
	var outer *Range
	if len(d.Packed) > 0 {
		if len(d.Packed) > 1 {
			e.errorf(d.Packed[1].Pos, "more than two packed dimensions are not supported")
		}
		outer, r = d.Range, d.Packed[0]
	}
	if r != nil {
		if msb, lsb, ok := sc.rangeBounds(r); ok {
			ehas, emsb, elsb = true, msb, lsb
		}
	}
	elemW := 1
	if ehas {
		elemW = absDiff(emsb, elsb) + 1
	}
	if len(dims) > 1 {
		e.errorf(dims[1].Pos, "more than one unpacked dimension is not supported")
	}
	if len(dims) > 0 && outer != nil {
		e.errorf(dims[0].Pos, "arrays with both packed and unpacked dimensions are not supported")
		dims = nil
	}
	arr, amsb, alsb := arrNone, 0, 0
	switch {
	case outer != nil:
		if msb, lsb, ok := sc.rangeBounds(outer); ok {
			arr, amsb, alsb = arrPacked, msb, lsb
		}
	case len(dims) > 0:
		if msb, lsb, ok := sc.rangeBounds(dims[0]); ok {
			arr, amsb, alsb = arrUnpacked, msb, lsb
		}
	}
	if arr == arrNone {
		v := sc.newVarBits(id.Name, id.Pos, d.Kind, d.Signed, ehas, emsb, elsb, top)
		v.isVar, v.integer = d.Var, d.Integer
		return v
	}
	n := absDiff(amsb, alsb) + 1
	if int64(n)*int64(elemW) > MaxWidth {
		e.errorf(id.Pos, "array %s too large (%d x %d bits, limit %d bits)", id.Name, n, elemW, MaxWidth)
		n = 1
		amsb, alsb = 0, 0
	}
	v := sc.newVarBits(id.Name, id.Pos, d.Kind, d.Signed, n*elemW > 1, n*elemW-1, 0, top)
	sc.arrays++
	v.isVar, v.integer = d.Var, d.Integer
	v.arr, v.amsb, v.alsb, v.elemW = arr, amsb, alsb, elemW
	v.ehas, v.emsb, v.elsb = ehas, emsb, elsb
	return v
}

// elemPos returns the position of element k of array v (element p holds
// bits [p*elemW, (p+1)*elemW)).
func (v *netVar) elemPos(k int64) (int, bool) {
	lo, hi := min(v.amsb, v.alsb), max(v.amsb, v.alsb)
	if k < int64(lo) || k > int64(hi) {
		return 0, false
	}
	if v.amsb >= v.alsb {
		return int(k - int64(v.alsb)), true
	}
	return int(int64(v.alsb) - k), true
}

// arrayVar returns the array that x names, or nil.
func (sc *scope) arrayVar(x Expr) *netVar {
	if sc.arrays == 0 {
		return nil // most modules have none: no lookup
	}
	n, ok := x.(*Name)
	if !ok {
		return nil
	}
	v := sc.nets[n.Name]
	if v == nil || v.arr == arrNone {
		return nil
	}
	return v
}

// arrayType is the type of an element select a[i].
func (sc *scope) arrayType(x *Index) (typ, bool) {
	if v := sc.arrayVar(x.X); v != nil {
		return typ{v.elemW, v.signed && v.arr == arrUnpacked}, true
	}
	return typ{}, false
}

// element returns the bits of element idx of array v (from bits, the
// array's current value): a slice for a constant index, a multiplexer
// tree for a variable one (out of range reads 0).
func (sc *scope) element(v *netVar, bits []val, idx Expr, at token.Pos) []val {
	w := v.elemW
	if sc.isConstExpr(idx) {
		k, ok := sc.constInt(idx)
		if !ok {
			return zeros(w)
		}
		p, ok := v.elemPos(k)
		if !ok {
			sc.e.errorf(at, "index %d out of range [%d:%d] of array %s", k, v.amsb, v.alsb, v.name)
			return zeros(w)
		}
		return bits[p*w : (p+1)*w : (p+1)*w]
	}
	it := sc.typeOf(idx)
	ib := sc.eval(idx, it.w, false)
	hi := max(v.amsb, v.alsb)
	return sc.muxTree(sc.bld(at), ib, hi, w, func(k int) []val {
		p, ok := v.elemPos(int64(k))
		if !ok {
			return nil
		}
		return bits[p*w : (p+1)*w]
	})
}

// muxTree selects get(k) (nil: zeros) for the unsigned value k of the
// index bits idx, k in [0, hi]; larger values read 0.
func (sc *scope) muxTree(b bld, idx []val, hi int, w int, get func(k int) []val) []val {
	nb := 0
	for nb < 30 && (1<<uint(nb)) <= hi {
		nb++
	}
	var build func(bit, base int) []val
	build = func(bit, base int) []val {
		if bit < 0 {
			if r := get(base); r != nil {
				return r
			}
			return zeros(w)
		}
		if base > hi {
			return zeros(w)
		}
		var sel val = c0
		if bit < len(idx) {
			sel = idx[bit]
		}
		d0 := build(bit-1, base)
		if sel == c0 {
			return d0
		}
		d1 := zeros(w)
		if base+1<<uint(bit) <= hi {
			d1 = build(bit-1, base+1<<uint(bit))
		}
		r := make([]val, w)
		for i := range r {
			r[i] = b.mux(sel, d0[i], d1[i])
		}
		return r
	}
	r := build(nb-1, 0)
	if len(idx) > nb {
		over := b.reduce(circuits.Or, idx[nb:])
		if over != c0 {
			out := make([]val, w)
			for i := range out {
				out[i] = b.mux(over, r[i], c0)
			}
			r = out
		}
	}
	return r
}

// elemName is the reserved name under which an element is looked up for
// a select inside it (a[i][j]); the NUL byte keeps it from any source name.
func (sc *scope) elemName() string {
	sc.elemSeq++
	return "\x00elem" + strconv.Itoa(sc.elemSeq)
}

// withElement evaluates f with the element a[i] (bits) declared under a
// reserved name.
func (sc *scope) withElement(v *netVar, bits []val, label string, f func(name string) []val) []val {
	key := sc.elemName()
	ev := &netVar{name: label, bits: bits, hasRange: v.ehas, msb: v.emsb, lsb: v.elsb, signed: v.signed}
	sc.nets[key] = ev
	defer delete(sc.nets, key)
	return f(key)
}

// arrayRead evaluates a[i], a[i][j], a[i][hi:lo] for an array a.
func (sc *scope) arrayRead(x Expr) ([]val, bool) {
	switch x := x.(type) {
	case *Index:
		if v := sc.arrayVar(x.X); v != nil {
			return sc.element(v, sc.read(v), x.Index, x.LBrack), true
		}
		in, ok := x.X.(*Index)
		if !ok {
			return nil, false
		}
		v := sc.arrayVar(in.X)
		if v == nil {
			return nil, false
		}
		el := sc.element(v, sc.read(v), in.Index, in.LBrack)
		return sc.withElement(v, el, v.name+"[...]", func(key string) []val {
			y := &Index{X: &Name{At: in.Pos(), Name: key}, Index: x.Index, LBrack: x.LBrack}
			return sc.evalSelf(y, typ{1, false})
		}), true
	case *Slice:
		in, ok := x.X.(*Index)
		if !ok {
			return nil, false
		}
		v := sc.arrayVar(in.X)
		if v == nil {
			return nil, false
		}
		el := sc.element(v, sc.read(v), in.Index, in.LBrack)
		return sc.withElement(v, el, v.name+"[...]", func(key string) []val {
			y := &Slice{X: &Name{At: in.Pos(), Name: key}, Mode: x.Mode, A: x.A, B: x.B, LBrack: x.LBrack}
			return sc.evalSelf(y, sc.typeOf(y))
		}), true
	}
	return nil, false
}

// arrayLvalue returns the slot nets of a[i], a[i][j] or a[i][hi:lo] for a
// constant i; ok is false when x is not an array select.
func (sc *scope) arrayLvalue(x Expr) ([]val, bool) {
	var in *Index
	switch x := x.(type) {
	case *Index:
		if v := sc.arrayVar(x.X); v != nil {
			if !sc.isConstExpr(x.Index) {
				sc.e.errorf(x.LBrack, "variable index on the left of a continuous assignment to array %s is not supported", v.name)
				return nil, true
			}
			return sc.element(v, v.bits, x.Index, x.LBrack), true
		}
		in, _ = x.X.(*Index)
	case *Slice:
		in, _ = x.X.(*Index)
	}
	if in == nil {
		return nil, false
	}
	v := sc.arrayVar(in.X)
	if v == nil {
		return nil, false
	}
	if !sc.isConstExpr(in.Index) {
		sc.e.errorf(in.LBrack, "variable index on the left of a continuous assignment to array %s is not supported", v.name)
		return nil, true
	}
	el := sc.element(v, v.bits, in.Index, in.LBrack)
	return sc.withElement(v, el, fmt.Sprintf("%s[...]", v.name), func(key string) []val {
		var y Expr
		switch x := x.(type) {
		case *Index:
			y = &Index{X: &Name{At: in.Pos(), Name: key}, Index: x.Index, LBrack: x.LBrack}
		case *Slice:
			y = &Slice{X: &Name{At: in.Pos(), Name: key}, Mode: x.Mode, A: x.A, B: x.B, LBrack: x.LBrack}
		}
		return sc.lvalue(y)
	}), true
}

package verilog

import (
	"math/big"
	"slices"

	"github.com/axmul/axmul/circuits"
)

// maxMulWidth bounds the width of a bit-blasted multiplication (its gate
// count grows with the square of the width).
const maxMulWidth = 256

// extend zero- or sign-extends (or truncates) bits to width w.
func extend(bits []val, w int, signed bool) []val {
	if len(bits) == w {
		return bits
	}
	r := make([]val, w)
	n := copy(r, bits)
	fill := c0
	if signed && len(bits) > 0 {
		fill = bits[len(bits)-1]
	}
	for i := n; i < w; i++ {
		r[i] = fill
	}
	return r
}

func zeros(w int) []val {
	r := make([]val, w)
	for i := range r {
		r[i] = c0
	}
	return r
}

// bitsToBig converts constant bits to an integer (two's complement when
// signed).
func bitsToBig(bits []val, signed bool) *big.Int {
	v := new(big.Int)
	for i := len(bits) - 1; i >= 0; i-- {
		v.Lsh(v, 1)
		if bits[i] == c1 {
			v.SetBit(v, 0, 1)
		}
	}
	if signed && len(bits) > 0 && bits[len(bits)-1] == c1 {
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(len(bits))))
	}
	return v
}

// bigToBits returns the low w bits of v in two's complement.
func bigToBits(v *big.Int, w int) []val {
	if v.Sign() >= 0 && v.IsUint64() {
		u := v.Uint64()
		r := make([]val, w)
		for i := range r {
			r[i] = constBit(i < 64 && u>>uint(i)&1 == 1)
		}
		return r
	}
	m := new(big.Int).Lsh(big.NewInt(1), uint(w))
	u := new(big.Int).Mod(v, m)
	r := make([]val, w)
	for i := range r {
		r[i] = constBit(u.Bit(i) == 1)
	}
	return r
}

func allConst(bits []val) bool {
	for _, b := range bits {
		if !isConst(b) {
			return false
		}
	}
	return true
}

func (sc *scope) numberType(x *Number) typ {
	if x.Width > 0 {
		return typ{x.Width, x.Signed}
	}
	w := x.Value.BitLen()
	if x.Signed {
		w++
	}
	return typ{max(32, w), x.Signed}
}

// typeOf returns the self-determined width and signedness of x.
func (sc *scope) typeOf(x Expr) typ {
	switch x := x.(type) {
	case *Number:
		// Leaves are cheap to type; only composite nodes are memoised.
		return sc.numberType(x)
	case *Index:
		if t, ok := sc.arrayType(x); ok {
			return t
		}
		return typ{1, false}
	case *Name:
		if v, ok := sc.nets[x.Name]; ok {
			return typ{len(v.bits), v.signed}
		}
	}
	if t, ok := sc.types[x]; ok {
		return t
	}
	t := sc.typeOf1(x)
	if t.w <= 0 {
		t.w = 1
	}
	if t.w > MaxWidth {
		sc.e.errorf(x.Pos(), "expression too wide (%d bits, limit %d)", t.w, MaxWidth)
		t.w = 1
	}
	sc.types[x] = t
	return t
}

func (sc *scope) typeOf1(x Expr) typ {
	e := sc.e
	switch x := x.(type) {
	case *Number:
		return sc.numberType(x)
	case *Name:
		if v, ok := sc.nets[x.Name]; ok {
			return typ{len(v.bits), v.signed}
		}
		if p, ok := sc.params[x.Name]; ok {
			return typ{len(p.bits), p.signed}
		}
		e.errorf(x.At, "undeclared identifier %s", x.Name)
		// Declare it to report it once.
		sc.params[x.Name] = &paramVal{bits: []val{c0}}
		return typ{1, false}
	case *Index:
		return typ{1, false}
	case *Slice:
		if x.Mode != COLON {
			w, ok := sc.constInt(x.B)
			if !ok || w <= 0 {
				return typ{1, false}
			}
			return typ{int(w), false}
		}
		a, ok1 := sc.constInt(x.A)
		b, ok2 := sc.constInt(x.B)
		if !ok1 || !ok2 {
			return typ{1, false}
		}
		d := a - b
		if d < 0 {
			d = -d
		}
		return typ{int(d) + 1, false}
	case *Concat:
		w := 0
		for _, p := range x.Parts {
			if n, ok := p.(*Number); ok && n.Width == 0 {
				e.errorf(n.At, "unsized constant %s in concatenation", n.Text)
			}
			w += sc.typeOf(p).w
			if w > MaxWidth {
				return typ{MaxWidth + 1, false}
			}
		}
		return typ{w, false}
	case *Repl:
		n, ok := sc.constInt(x.Count)
		if !ok {
			return typ{1, false}
		}
		if n <= 0 {
			e.errorf(x.LBrace, "replication count %d must be positive", n)
			return typ{1, false}
		}
		w := int64(sc.typeOf(x.X).w) * n
		if w > MaxWidth {
			return typ{MaxWidth + 1, false}
		}
		return typ{int(w), false}
	case *Unary:
		switch x.Op {
		case ADD, SUB, TILDE:
			return sc.typeOf(x.X)
		}
		sc.typeOf(x.X)
		return typ{1, false}
	case *Binary:
		a, b := sc.typeOf(x.X), sc.typeOf(x.Y)
		switch x.Op {
		case ADD, SUB, MUL, DIV, MOD, AND, OR, XOR, XNOR:
			return typ{max(a.w, b.w), a.s && b.s}
		case POW:
			return typ{a.w, a.s && b.s}
		case SHL, SHR, ASHL, ASHR:
			return a
		}
		return typ{1, false}
	case *Cond:
		sc.typeOf(x.C)
		a, b := sc.typeOf(x.T), sc.typeOf(x.F)
		return typ{max(a.w, b.w), a.s && b.s}
	case *FuncCall:
		return sc.funcType(x)
	case *HierRef:
		e.errorf(x.Dot, "hierarchical reference .%s: only names inside the generate blocks of the same module can be referred to", x.Field)
		return typ{1, false}
	case *Wildcard:
		return sc.numberType(x.Num)
	case *Call:
		if t, ok := sc.sysCallType(x); ok {
			return t
		}
		switch x.Name {
		case "$signed", "$unsigned":
			if len(x.Args) != 1 {
				e.errorf(x.At, "%s takes one argument", x.Name)
				return typ{1, false}
			}
			return typ{sc.typeOf(x.Args[0]).w, x.Name == "$signed"}
		}
		e.errorf(x.At, "unsupported system function %s", x.Name)
		return typ{1, false}
	}
	return typ{1, false}
}

// eval evaluates x in a context of width w and signedness s (Verilog
// expression rules: context-determined operands take the context type).
func (sc *scope) eval(x Expr, w int, s bool) []val {
	if sc.e.fatal {
		return zeros(w)
	}
	switch x := x.(type) {
	case *Fill:
		r := make([]val, w)
		for i := range r {
			r[i] = constBit(x.One)
		}
		return r
	case *Unary:
		switch x.Op {
		case ADD, SUB, TILDE:
			a := sc.eval(x.X, w, s)
			b := sc.bld(x.OpPos)
			switch x.Op {
			case TILDE:
				return b.notv(a)
			case SUB:
				r, _ := b.sub(zeros(w), a)
				return r
			}
			return a
		}
	case *Binary:
		switch x.Op {
		case ADD, SUB, MUL, DIV, MOD, AND, OR, XOR, XNOR:
			a := sc.eval(x.X, w, s)
			c := sc.eval(x.Y, w, s)
			b := sc.bld(x.OpPos)
			switch x.Op {
			case ADD:
				r, _ := b.add(a, c, c0)
				return r
			case SUB:
				r, _ := b.sub(a, c)
				return r
			case MUL:
				if w > maxMulWidth && !(allConst(a) && allConst(c)) {
					sc.e.errorf(x.OpPos, "multiplication %d bits wide (limit %d)", w, maxMulWidth)
					return zeros(w)
				}
				if allConst(a) && allConst(c) {
					return bigToBits(new(big.Int).Mul(bitsToBig(a, false), bitsToBig(c, false)), w)
				}
				return b.mul(a, c)
			case AND:
				return b.bitwise(circuits.And, a, c)
			case OR:
				return b.bitwise(circuits.Or, a, c)
			case XOR:
				return b.bitwise(circuits.Xor, a, c)
			case XNOR:
				return b.bitwise(circuits.Xnor, a, c)
			}
			return sc.constArith(x, a, c, w, s)
		case POW:
			a := sc.eval(x.X, w, s)
			ty := sc.typeOf(x.Y)
			c := sc.eval(x.Y, ty.w, ty.s)
			return sc.constArith(x, a, c, w, s)
		case SHL, SHR, ASHL, ASHR:
			a := sc.eval(x.X, w, s)
			ty := sc.typeOf(x.Y)
			amt := sc.eval(x.Y, ty.w, false)
			b := sc.bld(x.OpPos)
			left := x.Op == SHL || x.Op == ASHL
			fill := c0
			if x.Op == ASHR && s && len(a) > 0 {
				fill = a[len(a)-1]
			}
			if allConst(amt) {
				n := bitsToBig(amt, false)
				sh := uint64(w)
				if n.IsUint64() && n.Uint64() < sh {
					sh = n.Uint64()
				}
				return shiftConst(a, sh, left, fill)
			}
			return b.shiftVar(a, amt, left, fill)
		}
	case *Cond:
		tc := sc.typeOf(x.C)
		cv := sc.eval(x.C, tc.w, tc.s)
		b := sc.bld(x.Quest)
		c := b.reduce(circuits.Or, cv)
		if c == c1 {
			return sc.eval(x.T, w, s)
		}
		if c == c0 {
			return sc.eval(x.F, w, s)
		}
		// c ? -v : v and c ? v : -v negate conditionally: an arm that is
		// a negation is evaluated as its operand first, and negated only
		// when the other arm is not that operand.
		arm := func(x Expr) (v []val, neg *Unary) {
			if u, ok := x.(*Unary); ok && u.Op == SUB && sc.e.strash != nil {
				return sc.eval(u.X, w, s), u
			}
			return sc.eval(x, w, s), nil
		}
		t, tNeg := arm(x.T)
		f, fNeg := arm(x.F)
		switch {
		case tNeg != nil && fNeg == nil && slices.Equal(t, f):
			return b.negIf(c, t)
		case fNeg != nil && tNeg == nil && slices.Equal(f, t):
			return b.negIf(b.not(c), f)
		}
		if tNeg != nil {
			t, _ = sc.bld(tNeg.OpPos).sub(zeros(w), t)
		}
		if fNeg != nil {
			f, _ = sc.bld(fNeg.OpPos).sub(zeros(w), f)
		}
		r := make([]val, w)
		for i := range r {
			r[i] = b.mux(c, f[i], t[i])
		}
		return r
	}
	t := sc.typeOf(x)
	return extend(sc.evalSelf(x, t), w, s)
}

// constArith computes /, % and ** on constant operands.
func (sc *scope) constArith(x *Binary, a, c []val, w int, s bool) []val {
	if !allConst(a) || !allConst(c) {
		if x.Op == POW {
			return sc.varPow(x, a, c, w, s)
		}
		return sc.varDivMod(x, a, c, w, s)
	}
	av := bitsToBig(a, s)
	cv := bitsToBig(c, s && x.Op != POW)
	if x.Op == POW {
		cv = bitsToBig(c, sc.typeOf(x.Y).s)
	}
	r := new(big.Int)
	switch x.Op {
	case DIV, MOD:
		if cv.Sign() == 0 {
			sc.e.errorf(x.OpPos, "division by zero")
			return zeros(w)
		}
		if x.Op == DIV {
			r.Quo(av, cv)
		} else {
			r.Rem(av, cv)
		}
	case POW:
		switch {
		case cv.Sign() < 0:
			// Integer power with a negative exponent.
			switch {
			case av.CmpAbs(big.NewInt(1)) == 0:
				if av.Sign() < 0 && cv.Bit(0) == 1 {
					r.SetInt64(-1)
				} else {
					r.SetInt64(1)
				}
			case av.Sign() == 0:
				sc.e.errorf(x.OpPos, "zero to a negative power")
				return zeros(w)
			}
		case cv.BitLen() > 20 && av.CmpAbs(big.NewInt(1)) > 0:
			sc.e.errorf(x.OpPos, "power too large")
			return zeros(w)
		default:
			m := new(big.Int).Lsh(big.NewInt(1), uint(w))
			r.Exp(av, cv, m)
		}
	}
	return bigToBits(r, w)
}

// evalSelf evaluates a self-determined node at its own type t.
func (sc *scope) evalSelf(x Expr, t typ) []val {
	switch x := x.(type) {
	case *Number:
		if x.XMask != nil {
			return sc.unknownBits(x, t.w)
		}
		return bigToBits(x.Value, t.w)
	case *Name:
		if v, ok := sc.nets[x.Name]; ok {
			if v.arr == arrUnpacked {
				sc.e.errorf(x.At, "array %s cannot be used as a whole", x.Name)
			}
			return sc.read(v)
		}
		if p, ok := sc.params[x.Name]; ok {
			return p.bits
		}
		return zeros(t.w)
	case *Index:
		if r, ok := sc.arrayRead(x); ok {
			return r
		}
		if _, ok := x.X.(*Name); ok {
			if !sc.isConstExpr(x.Index) {
				return []val{sc.varIndex(x)}
			}
		}
		v, lo, _, ok := sc.selectBitsAny(x)
		if !ok {
			return zeros(1)
		}
		return v[lo : lo+1 : lo+1] // read-only, like a Name's bits
	case *Slice:
		if r, ok := sc.arrayRead(x); ok {
			return extend(r, t.w, false)
		}
		if _, ok := x.X.(*Name); ok && x.Mode != COLON && !sc.isConstExpr(x.A) {
			return extend(sc.varPart(x, t.w), t.w, false)
		}
		v, lo, hi, ok := sc.selectBitsAny(x)
		if !ok {
			return zeros(t.w)
		}
		return extend(v[lo:hi+1], t.w, false)
	case *Concat:
		total := 0
		for _, p := range x.Parts {
			total += sc.typeOf(p).w
		}
		if total > MaxWidth {
			return zeros(t.w) // reported by typeOf
		}
		var bits []val
		for i := len(x.Parts) - 1; i >= 0; i-- {
			p := x.Parts[i]
			pt := sc.typeOf(p)
			bits = append(bits, sc.eval(p, pt.w, pt.s)...)
		}
		return extend(bits, t.w, false)
	case *Repl:
		xt := sc.typeOf(x.X)
		one := sc.eval(x.X, xt.w, false)
		bits := make([]val, 0, t.w)
		for len(bits)+len(one) <= t.w && len(one) > 0 {
			bits = append(bits, one...)
		}
		return extend(bits, t.w, false)
	case *Unary:
		xt := sc.typeOf(x.X)
		a := sc.eval(x.X, xt.w, xt.s)
		b := sc.bld(x.OpPos)
		var r val
		switch x.Op {
		case NOT:
			r = b.not(b.reduce(circuits.Or, a))
		case AND:
			r = b.reduce(circuits.And, a)
		case OR:
			r = b.reduce(circuits.Or, a)
		case XOR:
			r = b.reduce(circuits.Xor, a)
		case NAND:
			r = b.not(b.reduce(circuits.And, a))
		case NOR:
			r = b.not(b.reduce(circuits.Or, a))
		case XNOR:
			r = b.not(b.reduce(circuits.Xor, a))
		default:
			r = c0
		}
		return []val{r}
	case *Binary:
		b := sc.bld(x.OpPos)
		switch x.Op {
		case LAND, LOR:
			ta, tb := sc.typeOf(x.X), sc.typeOf(x.Y)
			a := b.reduce(circuits.Or, sc.eval(x.X, ta.w, ta.s))
			c := b.reduce(circuits.Or, sc.eval(x.Y, tb.w, tb.s))
			if x.Op == LAND {
				return []val{b.and(a, c)}
			}
			return []val{b.or(a, c)}
		case EQL, NEQ, CEQ, CNE, LSS, LEQ, GTR, GEQ:
			ta, tb := sc.typeOf(x.X), sc.typeOf(x.Y)
			w, s := max(ta.w, tb.w), ta.s && tb.s
			a := sc.eval(x.X, w, s)
			c := sc.eval(x.Y, w, s)
			var r val
			switch x.Op {
			case EQL, CEQ:
				r = b.equal(a, c)
			case NEQ, CNE:
				r = b.not(b.equal(a, c))
			case LSS:
				r = b.less(a, c, s)
			case GTR:
				r = b.less(c, a, s)
			case LEQ:
				r = b.not(b.less(c, a, s))
			case GEQ:
				r = b.not(b.less(a, c, s))
			}
			return []val{r}
		}
		// Context-determined operators evaluated at their own type.
		return sc.eval(x, t.w, t.s)
	case *FuncCall:
		return extend(sc.callFunc(x), t.w, false)
	case *Fill:
		return []val{constBit(x.One)}
	case *Wildcard:
		sc.e.errorf(x.Pos(), "literal %s: x, z and ? digits are only supported in casez and casex items", x.Num.Text)
		return zeros(t.w)
	case *Call:
		if b, ok := sc.sysCall(x, t); ok {
			return b
		}
		if len(x.Args) != 1 {
			return zeros(t.w)
		}
		at := sc.typeOf(x.Args[0])
		return extend(sc.eval(x.Args[0], at.w, at.s), t.w, false)
	case *Cond:
		return sc.eval(x, t.w, t.s)
	}
	return zeros(t.w)
}

// isConstExpr reports whether x refers to no nets.
func (sc *scope) isConstExpr(x Expr) bool {
	switch x := x.(type) {
	case *Number:
		return true
	case *Name:
		v, isNet := sc.nets[x.Name]
		return !isNet || sc.constVar(v)
	case *Index:
		return sc.isConstExpr(x.X) && sc.isConstExpr(x.Index)
	case *Slice:
		return sc.isConstExpr(x.X)
	case *Concat:
		for _, p := range x.Parts {
			if !sc.isConstExpr(p) {
				return false
			}
		}
		return true
	case *Repl:
		return sc.isConstExpr(x.X)
	case *Unary:
		return sc.isConstExpr(x.X)
	case *Binary:
		return sc.isConstExpr(x.X) && sc.isConstExpr(x.Y)
	case *Cond:
		return sc.isConstExpr(x.C) && sc.isConstExpr(x.T) && sc.isConstExpr(x.F)
	case *Call:
		if x.Name == "$bits" {
			return true
		}
		for _, a := range x.Args {
			if !sc.isConstExpr(a) {
				return false
			}
		}
		return true
	case *FuncCall:
		for _, a := range x.Args {
			if !sc.isConstExpr(a) {
				return false
			}
		}
		return true
	}
	return true
}

// selectBitsAny is selectBits for reading: nets and parameters alike.
func (sc *scope) selectBitsAny(x Expr) ([]val, int, int, bool) {
	v, lo, hi, ok := sc.selectBits(x)
	if !ok {
		return nil, 0, 0, false
	}
	if v != nil {
		return sc.read(v), lo, hi, true
	}
	var name *Name
	switch x := x.(type) {
	case *Index:
		name = x.X.(*Name)
	case *Slice:
		name = x.X.(*Name)
	}
	return sc.params[name.Name].bits, lo, hi, true
}

// readable returns the net, variable or parameter (as a constant
// variable with its range) that name reads, or reports it undeclared and
// returns nil.
func (sc *scope) readable(name *Name) *netVar {
	if nv, ok := sc.nets[name.Name]; ok {
		return nv
	}
	if p, ok := sc.params[name.Name]; ok {
		v := &netVar{name: name.Name, bits: p.bits, hasRange: true, msb: len(p.bits) - 1}
		if p.hasRange {
			v.msb, v.lsb = p.msb, p.lsb
		}
		return v
	}
	sc.e.errorf(name.At, "undeclared identifier %s", name.Name)
	return nil
}

// varIndex reads X[i] for a non-constant index i with a MUX tree; an index
// out of range reads 0.
func (sc *scope) varIndex(x *Index) val {
	v := sc.readable(x.X.(*Name))
	if v == nil {
		return c0
	}
	it := sc.typeOf(x.Index)
	idx := sc.eval(x.Index, it.w, false)
	hiIdx := max(v.msb, v.lsb)
	if !v.hasRange {
		hiIdx = 0
	}
	return sc.bld(x.LBrack).muxByIndex(idx, 0, hiIdx, func(k int) val {
		wgt, ok := v.weight(int64(k))
		if !ok {
			return c0
		}
		return sc.read(v)[wgt]
	})
}

// varPart reads X[base +: w] or X[base -: w] for a non-constant base with
// one multiplexer tree per bit over the base's values; bits whose index
// is out of range read 0 (Verilog: x).
func (sc *scope) varPart(x *Slice, w int) []val {
	v := sc.readable(x.X.(*Name))
	if v == nil {
		return zeros(w)
	}
	if v.arr != arrNone {
		sc.e.errorf(x.LBrack, "indexed part-select of array %s with a variable base is not supported", v.name)
		return zeros(w)
	}
	if bw, ok := sc.constInt(x.B); !ok || bw <= 0 || bw > MaxWidth {
		if ok {
			sc.e.errorf(x.LBrack, "part-select width %d must be positive", bw)
		}
		return zeros(w)
	}
	it := sc.typeOf(x.A)
	idx := sc.eval(x.A, it.w, false)
	bits := sc.read(v)
	b := sc.bld(x.LBrack)
	loIdx, hiIdx := 0, 0 // the index range of v
	if v.hasRange {
		loIdx, hiIdx = min(v.msb, v.lsb), max(v.msb, v.lsb)
	}
	r := make([]val, w)
	for j := range r {
		// Part bit j (least significant first) has index base + off.
		var off int
		switch {
		case x.Mode == PLUSCOL && v.descending():
			off = j
		case x.Mode == PLUSCOL:
			off = w - 1 - j
		case v.descending():
			off = j - w + 1
		default:
			off = -j
		}
		r[j] = b.muxByIndex(idx, loIdx-off, hiIdx-off, func(k int) val {
			if wgt, ok := v.weight(int64(k + off)); ok {
				return bits[wgt]
			}
			return c0
		})
	}
	return r
}

// muxByIndex returns leaf(k) for the unsigned value k of idx, 0 for k
// outside [minK, maxK]: a multiplexer tree over idx's bits, without the
// subtrees that hold no k in range.
func (b bld) muxByIndex(idx []val, minK, maxK int, leaf func(k int) val) val {
	if maxK < 0 || maxK < minK {
		return c0
	}
	nb := 0
	for nb < len(idx) && 1<<uint(nb) <= maxK {
		nb++
	}
	var build func(bit, base int) val
	build = func(bit, base int) val {
		if base > maxK || base+(1<<uint(bit+1))-1 < minK {
			return c0
		}
		if bit < 0 {
			return leaf(base)
		}
		return b.mux(idx[bit], build(bit-1, base), build(bit-1, base+1<<uint(bit)))
	}
	r := build(nb-1, 0)
	if len(idx) > nb {
		r = b.mux(b.reduce(circuits.Or, idx[nb:]), r, c0)
	}
	return r
}

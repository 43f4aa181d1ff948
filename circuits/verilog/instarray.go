package verilog

import "fmt"

// arrayElem is one element of an array of instances (name[msb:lsb]):
// element j (0 for the rightmost index) gets bits j*w .. j*w+w-1 of a
// connection n times as wide as its port; a connection as wide as the
// port goes to every element.
type arrayElem struct {
	j, n int
	// in and out hold the evaluated connections, shared by the elements.
	in  map[*Conn][]val
	out map[*Conn][]val
}

// instanceArray elaborates name[msb:lsb] (...) as one instance per index,
// named name[k].
func (sc *scope) instanceArray(in *Instance) {
	e := sc.e
	if in.Primitive != ILLEGAL {
		e.errorf(in.Array.Pos, "arrays of gate primitives are not supported")
		return
	}
	msb, lsb, ok := sc.rangeBounds(in.Array)
	if !ok {
		return
	}
	n := absDiff(msb, lsb) + 1
	if n > MaxWidth {
		e.errorf(in.Array.Pos, "instance array of %d elements (limit %d)", n, MaxWidth)
		return
	}
	ae := &arrayElem{n: n, in: map[*Conn][]val{}, out: map[*Conn][]val{}}
	outer := sc.arrayElem
	defer func() { sc.arrayElem = outer }()
	step := 1
	if msb < lsb {
		step = -1
	}
	for j, k := 0, lsb; j < n; j, k = j+1, k+step {
		el := *in
		el.Array = nil
		el.Name = &Ident{Pos: in.Name.Pos, Name: fmt.Sprintf("%s[%d]", in.Name.Name, k)}
		ae.j = j
		sc.arrayElem = ae
		sc.instance(&el)
		if e.fatal {
			return
		}
	}
}

// connectElement connects port p of an instance array element to its
// part of connection c; it reports false when c is as wide as the port
// (connect then wires it as for a single instance).
func (sc *scope) connectElement(ae *arrayElem, in *Instance, p port, c *Conn) bool {
	e := sc.e
	pw := len(p.bits)
	switch p.dir {
	case DeclInput:
		v, ok := ae.in[c]
		if !ok {
			t := sc.typeOf(c.Expr)
			if t.w != ae.n*pw || ae.n == 1 {
				return false
			}
			v = sc.eval(c.Expr, t.w, t.s)
			ae.in[c] = v
		}
		for k, net := range p.bits {
			e.drive(net, v[ae.j*pw+k], c.Expr.Pos())
		}
		return true
	case DeclOutput:
		lhs, ok := ae.out[c]
		if !ok {
			if sc.typeOf(c.Expr).w != ae.n*pw || ae.n == 1 {
				return false
			}
			lhs = sc.lvalue(c.Expr)
			if lhs == nil {
				return true
			}
			ae.out[c] = lhs
		}
		if len(lhs) != ae.n*pw {
			e.errorf(c.Expr.Pos(), "width mismatch on port %s of %s: %d instances of %d bits, connection has %d", p.name, in.Module, ae.n, pw, len(lhs))
			return true
		}
		for k, net := range lhs[ae.j*pw : ae.j*pw+pw] {
			e.drive(net, p.bits[k], c.Expr.Pos())
		}
		return true
	}
	return false
}
